using System.Globalization;

namespace MatchingPlatform.Data.Mobility;

/// <summary>Where a move between two cities was observed. The numeric values are stored nowhere; they are the wire enum's.</summary>
public enum FlowSource
{
    /// <summary>Two consecutive work-history entries (ordered by start date) in different cities, dated by the later start.</summary>
    History = 1,

    /// <summary>A recorded relocation: an update of the worker's profile changed their city (table relocations).</summary>
    Relocation = 2,

    /// <summary>An application (first one per worker and vacancy) to a vacancy in another city than the worker's current one.</summary>
    Application = 3,

    /// <summary>A hire (first one per worker and vacancy) into a vacancy in another city than the worker's current one.</summary>
    Hire = 4,
}

/// <summary>How moves are bucketed in time.</summary>
public enum PeriodGranularity
{
    /// <summary>One bucket for the whole date range (period 0).</summary>
    Total = 0,
    Year = 1,
    Quarter = 2,
}

/// <summary>Which workers' moves count.</summary>
public enum TalentGroup
{
    All = 0,

    /// <summary>Digital talent: holds at least one digital skill (skills.digital) at level <see cref="MobilityRepository.DigitalTalentLevel"/> or above.</summary>
    Digital = 1,

    /// <summary>Everyone else: no digital skill at that level.</summary>
    Traditional = 2,
}

/// <summary>A time bucket: a year (<see cref="Quarter"/> 0), a quarter of a year (1-4), or the whole range (both 0).</summary>
public readonly record struct FlowPeriod(int Year, int Quarter)
{
    public static readonly FlowPeriod Total = new(0, 0);

    public bool IsTotal => Year == 0;

    /// <summary>"all", "2024" or "2024-Q3".</summary>
    public override string ToString() =>
        IsTotal ? "all" : Quarter == 0 ? Year.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Year}-Q{Quarter}");
}

/// <summary>
/// Which moves to aggregate. <see cref="From"/> and <see cref="To"/> bound the date of the move (inclusive; null: open).
/// <see cref="Sources"/> defaults to the realised moves (<see cref="MobilityRepository.RealisedSources"/>): applications
/// are an intention to move and are left out unless asked for.
/// </summary>
public sealed record FlowQuery
{
    public PeriodGranularity Granularity { get; init; } = PeriodGranularity.Year;
    public TalentGroup Group { get; init; } = TalentGroup.All;
    public IReadOnlyCollection<FlowSource> Sources { get; init; } = MobilityRepository.RealisedSources;
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
}

/// <summary>Moves from one city to another in a period, from one source: one row of the GROUP BY.</summary>
public sealed record FlowCell(FlowPeriod Period, string FromCity, string ToCity, FlowSource Source, long Moves);

/// <summary>
/// The moves of one origin-destination pair in a period, all sources of the query combined, with the count per
/// source (every source of the query present, zeros included).
/// </summary>
public sealed record OdFlowRow(FlowPeriod Period, string FromCity, string ToCity, long Moves, IReadOnlyDictionary<FlowSource, long> BySource);

/// <summary>
/// A city's registered talent: workers whose current city it is, those of them that are digital talent, and the
/// density of each per 10,000 residents (cities.population).
/// </summary>
public sealed record CityTalent(string CityCode, long Population, bool InHomeProvince, long Workers, long DigitalWorkers)
{
    public double WorkersPer10k => Population <= 0 ? 0 : Workers * 10_000.0 / Population;
    public double DigitalPer10k => Population <= 0 ? 0 : DigitalWorkers * 10_000.0 / Population;
}

/// <summary>
/// Graduates whose first job after graduation was in <see cref="CityCode"/>: how many, how many of them are still in
/// the city (their latest work-history entry is there), and how many it counts for the home province (all or none,
/// by the city's cities.in_liaoning).
/// </summary>
public sealed record GraduateRetentionRow(string CityCode, long Graduates, long StillInCity, long InHomeProvince)
{
    public double CityRetention => Graduates == 0 ? 0 : StillInCity / (double)Graduates;
}

/// <summary>Which workers and dates the per-city statistics cover. Graduation years are those of the date range.</summary>
public sealed record CityStatsQuery
{
    public TalentGroup Group { get; init; } = TalentGroup.All;
    public IReadOnlyCollection<FlowSource> Sources { get; init; } = MobilityRepository.RealisedSources;
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
}

/// <summary>One city's mobility figures over the query's range. Net flow = inflow - outflow.</summary>
public sealed record CityMobility(
    string CityCode, long Inflow, long Outflow, IReadOnlyDictionary<FlowSource, long> InflowBySource,
    IReadOnlyDictionary<FlowSource, long> OutflowBySource, CityTalent Talent, GraduateRetentionRow? Graduates)
{
    public long NetFlow => Inflow - Outflow;
}

/// <summary>
/// Per-city mobility statistics plus the province-wide figures: graduate retention (share of graduates whose first
/// job after graduation is in the home province; null without graduates) and concentration (share of digital talent
/// in the two cities with the most, over every city and over the home province's cities; null without digital talent).
/// </summary>
public sealed record MobilityStats(
    IReadOnlyList<CityMobility> Cities, long Graduates, long GraduatesInHomeProvince, double? HomeProvinceRetention,
    IReadOnlyList<string> TopDigitalCities, double? DigitalTop2Share, IReadOnlyList<string> TopDigitalHomeCities, double? DigitalTop2ShareHome);

/// <summary>An active seeker holding a skill, with every skill they hold and their salary wish.</summary>
public sealed record SkilledSeeker(string WorkerId, string CityCode, int? SalaryWishMonthly, IReadOnlyList<Core.Skills.SkillLevel> Skills);

/// <summary>Active seekers per city holding a skill at exactly <see cref="Level"/>.</summary>
public sealed record SeekersAtLevel(string CityCode, int Level, long Seekers);

/// <summary>An open vacancy with its salary range and requirements.</summary>
public sealed record OpenVacancyOffer(
    string VacancyId, string CityCode, int Headcount, int SalaryMinMonthly, int SalaryMaxMonthly, IReadOnlyList<Core.Skills.SkillRequirement> Requirements);
