using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Data.Import.Skills;

/// <summary>
/// Another way postings name a taxonomy skill (<c>Hadoop生态</c> → <c>big-data-hadoop</c>), from
/// data/taxonomy/skill_aliases.csv. A null <see cref="SkillCode"/> marks a blocking phrase: text that contains a
/// skill name but is not that skill (<c>汽车工</c> contains <c>车工</c>, lathe work).
/// </summary>
public sealed record SkillAlias(string Alias, string? SkillCode)
{
    /// <summary>The file's place under the shipped data folder.</summary>
    public const string RelativePath = "taxonomy/skill_aliases.csv";

    /// <summary>
    /// Reads an alias file (header <c>alias,skill_code</c>). Only the extractor needs it, so
    /// <see cref="Reference.ReferenceData"/> does not load it. Throws naming the file and line of an alias
    /// for an unknown skill, or of an alias listed twice.
    /// </summary>
    public static IReadOnlyList<SkillAlias> Load(string path, SkillTaxonomy taxonomy)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"skill alias file missing: {path}", path);
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var aliases = new List<SkillAlias>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (csv.Read())
        {
            var alias = csv.GetField("alias")?.Trim() ?? "";
            var code = csv.GetField("skill_code")?.Trim() is { Length: > 0 } c ? c : null;
            var where = $"{path}:{csv.Parser.RawRow}";
            if (alias.Length == 0) throw new InvalidDataException($"{where}: empty alias");
            if (code is not null && !taxonomy.HasSkill(code)) throw new InvalidDataException($"{where}: unknown skill '{code}'");
            if (!seen.Add(alias)) throw new InvalidDataException($"{where}: alias '{alias}' listed twice");
            aliases.Add(new SkillAlias(alias, code));
        }
        return aliases;
    }
}
