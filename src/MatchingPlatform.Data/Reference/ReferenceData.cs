using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Data.Reference;

/// <summary>The shipped reference data: skill taxonomy and city table.</summary>
public sealed record ReferenceData(SkillTaxonomy Taxonomy, CityDirectory Cities)
{
    /// <summary>
    /// Finds the shipped data folder: <paramref name="configured"/> when given, else <c>data/</c> under the
    /// working directory (a repository checkout), else the copy next to the binaries.
    /// </summary>
    public static string ResolveDataDirectory(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var local = Path.GetFullPath("data");
        if (File.Exists(Path.Combine(local, "taxonomy", "skills.csv"))) return local;
        return Path.Combine(AppContext.BaseDirectory, "data");
    }

    /// <summary>Loads data/taxonomy/*.csv and data/cities.csv; throws naming the file and line of any bad row.</summary>
    public static ReferenceData Load(string dataDirectory)
    {
        var tax = Path.Combine(dataDirectory, "taxonomy");
        var skills = Read(Path.Combine(tax, "skills.csv"), r => new Skill(
            r.GetField("code")!, r.GetField("name_en")!, r.GetField("name_zh")!, r.GetField("group")!, Bool(r, "digital")));
        var industries = Read(Path.Combine(tax, "industries.csv"), r => new Industry(
            r.GetField("code")!, r.GetField("name_en")!, r.GetField("name_zh")!,
            Bool(r, "traditional_manufacturing"), Bool(r, "digital")));
        var profile = Read(Path.Combine(tax, "occupation_skills.csv"), r => (
            Occupation: r.GetField("occupation_code")!,
            Requirement: new SkillRequirement(r.GetField("skill_code")!, Int(r, "level"), Int(r, "importance"))))
            .ToLookup(x => x.Occupation, x => x.Requirement, StringComparer.Ordinal);
        var occupations = Read(Path.Combine(tax, "occupations.csv"), r =>
        {
            var code = r.GetField("code")!;
            var soc = r.GetField("onet_soc");
            return new Occupation(code, r.GetField("name_en")!, r.GetField("name_zh")!, r.GetField("industry")!,
                string.IsNullOrWhiteSpace(soc) ? null : soc, profile[code].ToArray());
        });
        var cities = Read(Path.Combine(dataDirectory, "cities.csv"), r => new City(
            r.GetField("code")!, r.GetField("name_en")!, r.GetField("name_zh")!, r.GetField("province")!,
            r.GetField("admin_code")!, Double(r, "latitude"), Double(r, "longitude"),
            long.Parse(r.GetField("population")!, CultureInfo.InvariantCulture), Bool(r, "in_liaoning")));
        return new ReferenceData(new SkillTaxonomy(skills, industries, occupations), new CityDirectory(cities));
    }

    private static List<T> Read<T>(string path, Func<CsvReader, T> map)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"reference data file missing: {path}", path);
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var rows = new List<T>();
        while (csv.Read())
        {
            try { rows.Add(map(csv)); }
            catch (Exception ex) when (ex is FormatException or CsvHelperException or ArgumentException)
            {
                throw new InvalidDataException($"{path}:{csv.Parser.RawRow}: {ex.Message}", ex);
            }
        }
        return rows;
    }

    private static bool Bool(CsvReader r, string name) => bool.Parse(r.GetField(name)!);
    private static int Int(CsvReader r, string name) => int.Parse(r.GetField(name)!, CultureInfo.InvariantCulture);
    private static double Double(CsvReader r, string name) => double.Parse(r.GetField(name)!, CultureInfo.InvariantCulture);
}
