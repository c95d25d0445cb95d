using MatchingPlatform.Data.Import.Skills;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Data.Tests.Import;

/// <summary>Shared inputs of the import tests: the shipped reference data, the skill extractor, fixture paths.</summary>
internal static class ImportFixtures
{
    private static readonly Lazy<SkillExtractor> SharedSkills =
        new(() => SkillExtractor.Load(Reference.Taxonomy, ReferenceData.ResolveDataDirectory()));

    public static ReferenceData Reference => TestDatabase.Reference;
    public static SkillExtractor Skills => SharedSkills.Value;

    /// <summary>A hand-written fixture under Fixtures/, copied beside the test binaries.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
