using System.Globalization;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Data.Import.Onet;

/// <summary>Tuning of <see cref="OnetCatalog.Load"/>.</summary>
public sealed record OnetCatalogOptions
{
    /// <summary>O*NET skill ratings with raw importance IM below this are left out of a profile (IM runs 1-5).</summary>
    public double MinImportance { get; init; } = 3.0;

    /// <summary>
    /// <see cref="OnetCatalog.MatchTitle"/> returns null under this confidence. 0.5 was chosen on the kandij
    /// job-view log: above it nearly all matches read right, below it they mostly latch on one generic word.
    /// </summary>
    public double MinTitleConfidence { get; init; } = 0.5;

    /// <summary>
    /// When none of an occupation's ratings reaches <see cref="MinImportance"/> (Dishwashers: all under 3),
    /// its this-many most important ones are kept anyway: an empty profile would make every vacancy for it invalid.
    /// </summary>
    public int MinRatedSkills { get; init; } = 3;

    /// <summary>Importance of a technology skill O*NET flags as a hot technology, and of any other one.</summary>
    public int HotTechnologyImportance { get; init; } = 4;
    public int TechnologyImportance { get; init; } = 3;

    /// <summary>O*NET rates technologies by use, not by proficiency, so every technology skill gets this level.</summary>
    public int TechnologyLevel { get; init; } = 3;
}

/// <summary>
/// The O*NET database (29.2 layout) as skill profiles in the platform's taxonomy, plus job-title matching
/// onto O*NET occupations. Built once from the CSV files; immutable and thread-safe afterwards.
/// </summary>
public sealed class OnetCatalog
{
    public static readonly IReadOnlyList<string> RequiredFiles =
        ["Occupation_Data.csv", "Skills.csv", "Alternate_Titles.csv", "Technology_Skills.csv"];

    private const string SocColumn = "O*NET-SOC Code";

    private readonly Dictionary<string, OnetOccupation> _bySoc;
    private readonly OnetTitleIndex _titles;
    private readonly double _minTitleConfidence;

    private OnetCatalog(IReadOnlyList<OnetOccupation> occupations, double minTitleConfidence)
    {
        Occupations = occupations;
        _bySoc = occupations.ToDictionary(o => o.SocCode, StringComparer.Ordinal);
        _titles = new OnetTitleIndex(occupations.Select(o => (o.Title, o.ShortTitles, o.AlternateTitles)).ToList());
        _minTitleConfidence = minTitleConfidence;
    }

    /// <summary>Every occupation of Occupation_Data.csv, in file order.</summary>
    public IReadOnlyList<OnetOccupation> Occupations { get; }

    public OnetOccupation? Find(string socCode) => _bySoc.GetValueOrDefault(socCode);

    /// <summary>
    /// The O*NET occupation a job title names, with a confidence in [0, 1]: 1 for an exact title match,
    /// 0.9 for an exact match several occupations share, otherwise the TF-IDF cosine of the closest title.
    /// Null when nothing reaches <see cref="OnetCatalogOptions.MinTitleConfidence"/>.
    /// </summary>
    public (OnetOccupation Occupation, double Confidence)? MatchTitle(string jobTitle)
    {
        ArgumentNullException.ThrowIfNull(jobTitle);
        return _titles.Match(jobTitle, _minTitleConfidence) is { } m ? (Occupations[m.Occupation], m.Confidence) : null;
    }

    /// <summary>
    /// Reads Occupation_Data.csv, Skills.csv, Alternate_Titles.csv and Technology_Skills.csv from
    /// <paramref name="onetDirectory"/>. Skill ratings map onto taxonomy skills by exact element name
    /// (the taxonomy's 35 <c>onet-*</c> skills carry O*NET's names); technology rows map through
    /// <see cref="TechnologySkillMatcher"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory is missing.</exception>
    /// <exception cref="FileNotFoundException">One of <see cref="RequiredFiles"/> is missing.</exception>
    /// <exception cref="InvalidDataException">A file lacks a column or holds an unreadable number.</exception>
    public static OnetCatalog Load(string onetDirectory, SkillTaxonomy taxonomy, OnetCatalogOptions? options = null)
    {
        options ??= new OnetCatalogOptions();
        var dir = Path.GetFullPath(onetDirectory);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException(
                $"O*NET directory not found: {dir} (expected the O*NET 29.2 CSV files {string.Join(", ", RequiredFiles)})");
        foreach (var f in RequiredFiles)
            if (!File.Exists(Path.Combine(dir, f)))
                throw new FileNotFoundException($"O*NET file missing: {Path.Combine(dir, f)}", Path.Combine(dir, f));
        foreach (var industry in SocIndustryMap.Industries)
            if (!taxonomy.HasIndustry(industry))
                throw new ArgumentException($"the taxonomy lacks industry '{industry}', which O*NET occupations map to", nameof(taxonomy));

        var occupations = CsvTable.Read(Path.Combine(dir, "Occupation_Data.csv"), null, SocColumn, "Title", "Description")
            .Select(r => (Soc: Required(r, SocColumn), Title: Required(r, "Title"), Description: r["Description"] ?? ""))
            .ToList();
        var ratings = ReadRatings(Path.Combine(dir, "Skills.csv"), taxonomy, options);
        var technology = ReadTechnology(Path.Combine(dir, "Technology_Skills.csv"), taxonomy, options);
        var (shortTitles, alternateTitles) = ReadAlternateTitles(Path.Combine(dir, "Alternate_Titles.csv"));

        var rated = ratings.Keys.Order(StringComparer.Ordinal).ToList();
        var result = occupations.Select(o =>
        {
            string? borrowedFrom = null;
            if (!ratings.TryGetValue(o.Soc, out var own))
            {
                borrowedFrom = ClosestRated(o.Soc, rated);
                own = borrowedFrom is null ? [] : ratings[borrowedFrom];
            }
            // At equal rounded importance, O*NET's own ratings come first (by raw importance), then the
            // technologies: in demand first, then those more of the occupation's products stand for.
            var skills = own.Select(r => (r.Requirement, Rated: true, r.RawImportance, InDemand: false, Products: 0))
                .Concat(technology.GetValueOrDefault(o.Soc, [])
                    .Select(t => (t.Requirement, Rated: false, RawImportance: 0.0, t.InDemand, t.Products)))
                .GroupBy(x => x.Requirement.SkillCode)
                .Select(g => g.MaxBy(x => x.Requirement.Importance))
                .OrderByDescending(x => x.Requirement.Importance).ThenByDescending(x => x.Rated)
                .ThenByDescending(x => x.RawImportance).ThenByDescending(x => x.InDemand).ThenByDescending(x => x.Products)
                .ThenBy(x => x.Requirement.SkillCode, StringComparer.Ordinal)
                .Select(x => x.Requirement)
                .ToList();
            return new OnetOccupation(o.Soc, o.Title, o.Description, SocIndustryMap.Guess(o.Soc),
                shortTitles.GetValueOrDefault(o.Soc, []), alternateTitles.GetValueOrDefault(o.Soc, []), skills, borrowedFrom);
        }).ToList();
        return new OnetCatalog(result, options.MinTitleConfidence);
    }

    private sealed record Rating(SkillRequirement Requirement, double RawImportance);

    // Skills.csv holds one row per (occupation, element, scale): IM and LV come in separate rows.
    private static Dictionary<string, List<Rating>> ReadRatings(string path, SkillTaxonomy taxonomy, OnetCatalogOptions options)
    {
        var scales = new Dictionary<(string Soc, string Skill), (double? Im, double? Lv)>();
        foreach (var r in CsvTable.Read(path, null, SocColumn, "Element Name", "Scale ID", "Data Value"))
        {
            // Elements outside the taxonomy are not skills the platform tracks.
            if (taxonomy.FindSkillByName(Required(r, "Element Name")) is not { } skill) continue;
            var key = (Required(r, SocColumn), skill.Code);
            var value = Number(r, "Data Value");
            var current = scales.GetValueOrDefault(key);
            scales[key] = r["Scale ID"] switch
            {
                "IM" => current with { Im = value },
                "LV" => current with { Lv = value },
                _ => current,
            };
        }
        return scales
            .Where(kv => kv.Value.Im is not null && kv.Value.Lv is not null)
            .GroupBy(kv => kv.Key.Soc, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var all = g.Select(kv => new Rating(
                        new SkillRequirement(kv.Key.Skill, OnetScales.Level(kv.Value.Lv!.Value), OnetScales.Importance(kv.Value.Im!.Value)),
                        kv.Value.Im!.Value))
                    .OrderByDescending(x => x.RawImportance).ToList();
                var kept = all.Where(x => x.RawImportance >= options.MinImportance).ToList();
                return kept.Count > 0 ? kept : all.Take(options.MinRatedSkills).ToList();
            }, StringComparer.Ordinal);
    }

    private sealed record Technology(SkillRequirement Requirement, bool InDemand, int Products);

    private static Dictionary<string, List<Technology>> ReadTechnology(string path, SkillTaxonomy taxonomy, OnetCatalogOptions options)
    {
        var matcher = new TechnologySkillMatcher(taxonomy);
        var bySoc = new Dictionary<string, Dictionary<string, Technology>>(StringComparer.Ordinal);
        foreach (var r in CsvTable.Read(path, null, SocColumn, "Example", "Commodity Title", "Hot Technology", "In Demand"))
        {
            if (matcher.Match(r["Example"], r["Commodity Title"]) is not { } skill) continue;
            var soc = Required(r, SocColumn);
            var importance = r["Hot Technology"] == "Y" ? options.HotTechnologyImportance : options.TechnologyImportance;
            if (!bySoc.TryGetValue(soc, out var skills)) bySoc[soc] = skills = [];
            // Several products can stand for one skill (Word, Excel -> office-software): the most important
            // counts, and the number of products says how central the skill is to the occupation.
            var seen = skills.GetValueOrDefault(skill.Code);
            skills[skill.Code] = new Technology(
                new SkillRequirement(skill.Code, options.TechnologyLevel, Math.Max(importance, seen?.Requirement.Importance ?? 0)),
                r["In Demand"] == "Y" || seen?.InDemand == true, (seen?.Products ?? 0) + 1);
        }
        return bySoc.ToDictionary(kv => kv.Key, kv => kv.Value.Values.ToList(), StringComparer.Ordinal);
    }

    private static (Dictionary<string, List<string>> Short, Dictionary<string, List<string>> Alternate) ReadAlternateTitles(string path)
    {
        var shortTitles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var alternates = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        static void Add(Dictionary<string, List<string>> d, string soc, string? title)
        {
            if (title is null) return;
            if (!d.TryGetValue(soc, out var list)) d[soc] = list = [];
            if (!list.Contains(title, StringComparer.OrdinalIgnoreCase)) list.Add(title);
        }
        foreach (var r in CsvTable.Read(path, null, SocColumn, "Alternate Title", "Short Title"))
        {
            var soc = Required(r, SocColumn);
            Add(alternates, soc, r["Alternate Title"]);
            Add(shortTitles, soc, r["Short Title"]);
        }
        return (shortTitles, alternates);
    }

    /// <summary>
    /// The rated occupation nearest to <paramref name="soc"/> in the SOC hierarchy: the longest shared code
    /// prefix, then the smallest numeric distance, then the lower code. 15-1252.00 Software Developers
    /// borrows from 15-1251.00 Computer Programmers; 15-2051.00 Data Scientists from 15-2051.01.
    /// </summary>
    internal static string? ClosestRated(string soc, IReadOnlyList<string> rated)
    {
        static int Shared(string a, string b)
        {
            var n = 0;
            while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
            return n;
        }
        static double Numeric(string s) =>
            double.TryParse(s.Replace("-", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
        // Sharing less than the major group ("15-") is no kinship at all.
        return rated.Where(r => Shared(soc, r) >= 3)
            .OrderByDescending(r => Shared(soc, r))
            .ThenBy(r => Math.Abs(Numeric(r) - Numeric(soc)))
            .ThenBy(r => r, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static string Required(CsvRow r, string column) =>
        r[column] ?? throw new InvalidDataException($"{r.File}:{r.Line}: column '{column}' is empty");

    private static double Number(CsvRow r, string column) =>
        double.TryParse(r[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InvalidDataException($"{r.File}:{r.Line}: column '{column}' is not a number: '{r[column]}'");
}
