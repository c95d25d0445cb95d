using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Core.Tests;

/// <summary>
/// The shipped reference data (data/taxonomy, data/cities.csv), loaded once per test run. Use it as a class fixture
/// (<c>IClassFixture&lt;ReferenceFixture&gt;</c>) or through <see cref="Shared"/>; the data is immutable, so sharing it
/// between test classes that run in parallel is safe.
/// </summary>
public sealed class ReferenceFixture
{
    private static readonly Lazy<ReferenceData> Loaded =
        new(() => ReferenceData.Load(ReferenceData.ResolveDataDirectory()), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ReferenceData Shared => Loaded.Value;

    public ReferenceData Reference => Loaded.Value;
    public SkillTaxonomy Taxonomy => Loaded.Value.Taxonomy;
    public CityDirectory Cities => Loaded.Value.Cities;
}
