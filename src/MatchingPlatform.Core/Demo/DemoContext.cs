using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Reference data prepared once for the factories: cities split into Liaoning and destinations, sampling tables,
/// occupation traits. Every list is in ordinal code order so that output never depends on input or hash order.
/// </summary>
internal sealed class DemoContext
{
    private readonly Dictionary<string, OccupationTraits> _traits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OccupationTraits[]> _homeOccupations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Skill[]> _skillsByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _gdp = new(StringComparer.Ordinal);

    public DemoContext(SkillTaxonomy taxonomy, CityDirectory cities, DemoDataOptions options)
    {
        Taxonomy = taxonomy;
        Cities = cities;
        Options = options;

        var all = cities.All.OrderBy(c => c.Code, StringComparer.Ordinal).ToArray();
        LiaoningCities = all.Where(c => c.InLiaoning).ToArray();
        OutsideCities = all.Where(c => !c.InLiaoning).ToArray();
        if (LiaoningCities.Count == 0) throw new ArgumentException("the city table has no Liaoning city", nameof(cities));
        if (OutsideCities.Count == 0) throw new ArgumentException("the city table has no city outside Liaoning", nameof(cities));

        HubCities = CalibrationProfile.DigitalHubCities.Where(cities.Contains).ToArray();
        // Fall back to the two largest Liaoning cities if the table names them differently.
        if (HubCities.Count == 0)
            HubCities = LiaoningCities.OrderByDescending(c => c.Population).ThenBy(c => c.Code, StringComparer.Ordinal)
                .Take(2).Select(c => c.Code).ToArray();

        // A Liaoning city missing from the GDP table gets the hubs-excluded average GDP per head times its population.
        var known = LiaoningCities.Where(c => CalibrationProfile.Cities.TryGetValue(c.Code, out var e) && e.Gdp > 0).ToArray();
        var gdpPerHead = known.Length == 0 ? 1e-4
            : known.Sum(c => CalibrationProfile.Cities[c.Code].Gdp) / known.Sum(c => (double)c.Population);
        foreach (var c in LiaoningCities)
            _gdp[c.Code] = CalibrationProfile.Cities.TryGetValue(c.Code, out var e) && e.Gdp > 0 ? e.Gdp : gdpPerHead * c.Population;

        var pilots = CalibrationProfile.PilotCities.Where(code => cities.Find(code) is { InLiaoning: true }).ToList();
        // A table without the named pilots still gets a pilot: the first non-hub Liaoning cities by code.
        foreach (var c in LiaoningCities)
            if (pilots.Count < CalibrationProfile.PilotCities.Count && !IsHub(c.Code) && !pilots.Contains(c.Code))
                pilots.Add(c.Code);
        PilotCities = pilots.ToArray();

        Industries = taxonomy.Industries.OrderBy(i => i.Code, StringComparer.Ordinal).ToArray();
        Occupations = taxonomy.Occupations.Where(o => o.Skills.Count > 0)
            .OrderBy(o => o.Code, StringComparer.Ordinal)
            .Select(o => OccupationTraits.Create(o, taxonomy)).ToArray();
        if (Occupations.Count == 0) throw new ArgumentException("the taxonomy has no occupation with a skill profile", nameof(taxonomy));
        foreach (var t in Occupations) _traits[t.Code] = t;
        foreach (var g in Occupations.GroupBy(t => t.IndustryCode, StringComparer.Ordinal))
            _homeOccupations[g.Key] = g.ToArray();
        CrossIndustry = CalibrationProfile.CrossIndustryOccupations.Where(_traits.ContainsKey).Select(c => _traits[c]).ToArray();
        AiData = CalibrationProfile.AiDataOccupations.Where(_traits.ContainsKey).Select(c => _traits[c]).ToArray();

        Skills = taxonomy.Skills.OrderBy(s => s.Code, StringComparer.Ordinal).ToArray();
        foreach (var g in Skills.GroupBy(s => s.Group, StringComparer.Ordinal)) _skillsByGroup[g.Key] = g.ToArray();

        EnterpriseCities = new WeightedTable<string>(LiaoningCities.Select(c => (c.Code, Gdp(c.Code))));
        var totalPop = LiaoningCities.Sum(c => (double)c.Population);
        var totalGdp = LiaoningCities.Sum(c => Gdp(c.Code));
        var g2 = CalibrationProfile.WorkerWeightFromGdp;
        LiaoningWorkerCities = new WeightedTable<string>(LiaoningCities.Select(c =>
            (c.Code, g2 * Gdp(c.Code) / totalGdp + (1 - g2) * c.Population / totalPop)));
        var smaller = LiaoningCities.Where(c => !IsHub(c.Code)).ToArray();
        SmallerLiaoningCities = smaller.Length == 0 ? null : new WeightedTable<string>(smaller.Select(c => (c.Code, (double)c.Population)));
        Destinations = new WeightedTable<string>(OutsideCities.Select(c =>
            (c.Code, CalibrationProfile.OutflowDestinations.GetValueOrDefault(c.Code, CalibrationProfile.OtherDestinationWeight))));
    }

    public SkillTaxonomy Taxonomy { get; }
    public CityDirectory Cities { get; }
    public DemoDataOptions Options { get; }
    public IReadOnlyList<City> LiaoningCities { get; }
    public IReadOnlyList<City> OutsideCities { get; }
    public IReadOnlyList<string> HubCities { get; }
    public IReadOnlyList<string> PilotCities { get; }
    public IReadOnlyList<Industry> Industries { get; }
    public IReadOnlyList<OccupationTraits> Occupations { get; }
    /// <summary>Occupations hired across industries (accountants, HR, security...).</summary>
    public IReadOnlyList<OccupationTraits> CrossIndustry { get; }
    /// <summary>The AI/data occupations whose supply-demand ratio is calibrated.</summary>
    public IReadOnlyList<OccupationTraits> AiData { get; }
    public IReadOnlyList<Skill> Skills { get; }

    /// <summary>Liaoning cities weighted by economic size: where employers are.</summary>
    public WeightedTable<string> EnterpriseCities { get; }
    /// <summary>Liaoning cities weighted by a blend of population and economic size: where platform users are.</summary>
    public WeightedTable<string> LiaoningWorkerCities { get; }
    /// <summary>Liaoning cities other than the hubs, by population: where movers to the hubs come from. Null if none.</summary>
    public WeightedTable<string>? SmallerLiaoningCities { get; }
    /// <summary>Cities outside Liaoning weighted as outflow destinations.</summary>
    public WeightedTable<string> Destinations { get; }

    public DateOnly EndDate => DateOnly.FromDateTime(Options.End.UtcDateTime);

    public bool IsHub(string city) => HubCities.Contains(city);
    public bool InLiaoning(string city) => Cities.Find(city)?.InLiaoning ?? false;
    public bool IsPilot(string city) => PilotCities.Contains(city);

    public double Gdp(string city) => _gdp.GetValueOrDefault(city);

    public double WageIndex(string city) =>
        CalibrationProfile.Cities.TryGetValue(city, out var e) ? e.WageIndex
        : InLiaoning(city) ? CalibrationProfile.DefaultLiaoningWageIndex : CalibrationProfile.DefaultOutsideWageIndex;

    public double Affinity(string city, string industry) =>
        CalibrationProfile.Cities.TryGetValue(city, out var e) ? e.IndustryAffinity.GetValueOrDefault(industry, 1.0) : 1.0;

    public double IndustryBase(string industry) =>
        CalibrationProfile.IndustryBase.GetValueOrDefault(industry, CalibrationProfile.DefaultIndustryBase);

    public OccupationTraits Traits(string occupation) => _traits[occupation];

    public IReadOnlyList<OccupationTraits> HomeOccupations(string industry) =>
        _homeOccupations.TryGetValue(industry, out var list) ? list : [];

    public IReadOnlyList<Skill> SkillsInGroup(string group) => _skillsByGroup.TryGetValue(group, out var list) ? list : [];

    public string CityName(string code) => Cities.Find(code)?.NameEn ?? code;

    /// <summary>
    /// An independent random stream per generation stage, so that changing how one stage draws does not reshuffle
    /// the others (workers stay the same when the interaction model changes).
    /// </summary>
    public Random Stream(int stage) => new(unchecked(Options.Seed * 31 + stage));
}
