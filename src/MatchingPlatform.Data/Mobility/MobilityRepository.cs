using System.Text;
using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Mobility;

/// <summary>
/// Talent flows between cities, aggregated by GROUP BY queries in the database: moves between consecutive
/// work-history entries, recorded relocations, and cross-city applications and hires (<see cref="FlowSource"/>);
/// per-city inflow, outflow, talent density and graduate retention; and the inputs of redeployment suggestions.
/// The SQL is portable (window functions, SUBSTRING, CAST AS INTEGER); the date of an interaction comes from the
/// dialect's <c>UtcDate</c> and list parameters from its <c>In</c>.
/// </summary>
public sealed class MobilityRepository
{
    /// <summary>A worker is digital talent from this level of any digital skill (as digital supply in shortages).</summary>
    public const int DigitalTalentLevel = Shortages.ShortageRepository.DigitalSupplyLevel;

    /// <summary>History, relocations and hires: moves that happened. Applications are intentions.</summary>
    public static readonly IReadOnlyCollection<FlowSource> RealisedSources = [FlowSource.History, FlowSource.Relocation, FlowSource.Hire];

    public static readonly IReadOnlyCollection<FlowSource> AllSources = [FlowSource.History, FlowSource.Relocation, FlowSource.Application, FlowSource.Hire];

    private readonly IDbConnectionFactory _db;

    public MobilityRepository(IDbConnectionFactory db)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
    }

    /// <summary>
    /// The moves of the query, one row per (period, origin, destination, source), in that order: one GROUP BY over the
    /// union of the requested sources. The period of a move is that of its date (the later entry's start, the relocation
    /// date, the UTC date of the first application or hire).
    /// </summary>
    public async Task<IReadOnlyList<FlowCell>> FlowCellsAsync(FlowQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sources = query.Sources.Distinct().Order().ToArray();
        if (sources.Length == 0) return [];
        var sql = $"""
            SELECT p.period_year, p.period_quarter, p.from_city, p.to_city, p.source, COUNT(*) AS moves
            FROM (SELECT CASE WHEN @granularity = 0 THEN 0 ELSE CAST(SUBSTRING(m.moved_on, 1, 4) AS INTEGER) END AS period_year,
                         CASE WHEN @granularity = 2 THEN (CAST(SUBSTRING(m.moved_on, 6, 2) AS INTEGER) + 2) / 3 ELSE 0 END AS period_quarter,
                         m.from_city, m.to_city, m.source
                  FROM ({MovesSql(sources)}) m
                  {(query.Group == TalentGroup.All ? "" : $"LEFT JOIN ({DigitalWorkersSql}) dw ON dw.worker_id = m.worker_id")}
                  WHERE {(query.Group == TalentGroup.All ? "1 = 1" : GroupFilter("dw"))} AND (@from IS NULL OR m.moved_on >= @from) AND (@to IS NULL OR m.moved_on <= @to)) p
            GROUP BY p.period_year, p.period_quarter, p.from_city, p.to_city, p.source
            ORDER BY p.period_year, p.period_quarter, p.from_city, p.to_city, p.source
            """;
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<FlowCellRow>(new CommandDefinition(sql, Parameters(query.Group, query.From, query.To, (int)query.Granularity),
            cancellationToken: ct));
        return rows.Select(r => new FlowCell(new FlowPeriod((int)r.PeriodYear, (int)r.PeriodQuarter), r.FromCity, r.ToCity, (FlowSource)r.Source, r.Moves))
            .ToArray();
    }

    /// <summary>The flows of the query per (period, origin, destination), the requested sources added up and listed.</summary>
    public async Task<IReadOnlyList<OdFlowRow>> FlowsAsync(FlowQuery query, CancellationToken ct = default) =>
        Combine(await FlowCellsAsync(query, ct), query.Sources);

    /// <summary>Adds up the sources of each (period, origin, destination); every source of <paramref name="sources"/> is listed.</summary>
    public static IReadOnlyList<OdFlowRow> Combine(IEnumerable<FlowCell> cells, IReadOnlyCollection<FlowSource> sources) =>
        cells.GroupBy(x => (x.Period, x.FromCity, x.ToCity))
            .Select(g =>
            {
                var bySource = sources.Distinct().Order().ToDictionary(s => s, s => g.Where(x => x.Source == s).Sum(x => x.Moves));
                return new OdFlowRow(g.Key.Period, g.Key.FromCity, g.Key.ToCity, bySource.Values.Sum(), bySource);
            })
            .OrderBy(r => r.Period.Year).ThenBy(r => r.Period.Quarter)
            .ThenBy(r => r.FromCity, StringComparer.Ordinal).ThenBy(r => r.ToCity, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Per city: inflow and outflow of the query's range (per source and combined), registered talent and its density,
    /// and the graduates first employed there; plus province retention and digital concentration (<see cref="MobilityStats"/>).
    /// Cities appear when they have any move, any registered worker or any graduate. Four GROUP BY queries.
    /// </summary>
    public async Task<MobilityStats> CityStatsAsync(CityStatsQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sources = query.Sources.Distinct().Order().ToArray();
        var cells = await FlowCellsAsync(new FlowQuery
        {
            Granularity = PeriodGranularity.Total, Group = query.Group, Sources = sources, From = query.From, To = query.To,
        }, ct);
        var talent = (await TalentAsync(ct)).ToDictionary(t => t.CityCode, StringComparer.Ordinal);
        var graduates = (await GraduateRetentionAsync(query.Group, query.From?.Year, query.To?.Year, ct)).ToDictionary(g => g.CityCode, StringComparer.Ordinal);
        var facts = await CityFactsAsync(ct);

        var codes = cells.SelectMany(x => new[] { x.FromCity, x.ToCity }).Concat(talent.Keys).Concat(graduates.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var cities = new List<CityMobility>();
        foreach (var code in codes)
        {
            var inBy = sources.ToDictionary(s => s, s => cells.Where(x => x.ToCity == code && x.Source == s).Sum(x => x.Moves));
            var outBy = sources.ToDictionary(s => s, s => cells.Where(x => x.FromCity == code && x.Source == s).Sum(x => x.Moves));
            var t = talent.GetValueOrDefault(code)
                ?? new CityTalent(code, facts.GetValueOrDefault(code)?.Population ?? 0, facts.GetValueOrDefault(code)?.InLiaoning ?? false, 0, 0);
            cities.Add(new CityMobility(code, inBy.Values.Sum(), outBy.Values.Sum(), inBy, outBy, t, graduates.GetValueOrDefault(code)));
        }

        var graduateCount = graduates.Values.Sum(g => g.Graduates);
        var graduatesHome = graduates.Values.Sum(g => g.InHomeProvince);
        var (top, share) = TopTwo(talent.Values);
        var (topHome, shareHome) = TopTwo(talent.Values.Where(t => t.InHomeProvince));
        return new MobilityStats(cities, graduateCount, graduatesHome, graduateCount == 0 ? null : graduatesHome / (double)graduateCount,
            top, share, topHome, shareHome);
    }

    /// <summary>The two cities with the most digital talent (ties by code) and their share of the digital talent of <paramref name="cities"/>.</summary>
    public static (IReadOnlyList<string> Top, double? Share) TopTwo(IEnumerable<CityTalent> cities)
    {
        var list = cities.Where(c => c.DigitalWorkers > 0).OrderByDescending(c => c.DigitalWorkers).ThenBy(c => c.CityCode, StringComparer.Ordinal).ToList();
        var total = list.Sum(c => c.DigitalWorkers);
        if (total == 0) return ([], null);
        var top = list.Take(2).ToList();
        return (top.Select(c => c.CityCode).ToArray(), top.Sum(c => c.DigitalWorkers) / (double)total);
    }

    /// <summary>Registered workers and digital talent per city (current city), with population: one GROUP BY.</summary>
    public async Task<IReadOnlyList<CityTalent>> TalentAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<TalentRow>(new CommandDefinition($"""
            SELECT ci.code AS city_code, ci.population, ci.in_liaoning, COUNT(*) AS workers,
                   SUM(CASE WHEN dw.worker_id IS NULL THEN 0 ELSE 1 END) AS digital_workers
            FROM workers w
            JOIN cities ci ON ci.code = w.city_code
            LEFT JOIN ({DigitalWorkersSql}) dw ON dw.worker_id = w.id
            GROUP BY ci.code, ci.population, ci.in_liaoning
            ORDER BY ci.code
            """, new { digital = true, level = DigitalTalentLevel }, cancellationToken: ct));
        return rows.Select(r => new CityTalent(r.CityCode, r.Population, r.InLiaoning, r.Workers, r.DigitalWorkers)).ToArray();
    }

    /// <summary>
    /// Graduates (graduation_year in [<paramref name="fromYear"/>, <paramref name="toYear"/>], each bound optional) per
    /// city of their first job after graduation: the earliest work-history entry (by start date, then order) starting
    /// in the graduation year or later. Graduates without such an entry are not counted: where they went is unknown.
    /// </summary>
    public async Task<IReadOnlyList<GraduateRetentionRow>> GraduateRetentionAsync(TalentGroup group, int? fromYear, int? toYear, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<RetentionRow>(new CommandDefinition($"""
            SELECT f.first_city AS city_code, COUNT(*) AS graduates,
                   SUM(CASE WHEN l.city_code = f.first_city THEN 1 ELSE 0 END) AS still_in_city,
                   SUM(CASE WHEN ci.in_liaoning = @home THEN 1 ELSE 0 END) AS in_home_province
            FROM (SELECT h.worker_id, h.city_code AS first_city,
                         ROW_NUMBER() OVER (PARTITION BY h.worker_id ORDER BY h.start_date, h.seq) AS rn
                  FROM work_history h
                  JOIN workers w ON w.id = h.worker_id
                  LEFT JOIN ({DigitalWorkersSql}) dw ON dw.worker_id = w.id
                  WHERE w.graduation_year IS NOT NULL AND w.graduation_year >= @fromYear AND w.graduation_year <= @toYear
                    AND CAST(SUBSTRING(h.start_date, 1, 4) AS INTEGER) >= w.graduation_year
                    AND {GroupFilter("dw")}) f
            JOIN (SELECT worker_id, city_code,
                         ROW_NUMBER() OVER (PARTITION BY worker_id ORDER BY start_date DESC, seq DESC) AS rn
                  FROM work_history) l ON l.worker_id = f.worker_id AND l.rn = 1
            JOIN cities ci ON ci.code = f.first_city
            WHERE f.rn = 1
            GROUP BY f.first_city
            ORDER BY f.first_city
            """, new
        {
            home = true, fromYear = fromYear ?? 0, toYear = toYear ?? 9999, group = (int)group, digital = true, level = DigitalTalentLevel,
        }, cancellationToken: ct));
        return rows.Select(r => new GraduateRetentionRow(r.CityCode, r.Graduates, r.StillInCity, r.InHomeProvince)).ToArray();
    }

    /// <summary>Population per city code, for every city (the masses of a gravity model).</summary>
    public async Task<IReadOnlyDictionary<string, long>> PopulationsAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await c.QueryAsync<CityFactRow>(new CommandDefinition("SELECT code, population, in_liaoning FROM cities", cancellationToken: ct)))
            .ToDictionary(r => r.Code, r => r.Population, StringComparer.Ordinal);
    }

    // ---- redeployment inputs ----

    /// <summary>Active seekers per (city, level) holding <paramref name="skillCode"/>: one GROUP BY over the skill's index.</summary>
    public async Task<IReadOnlyList<SeekersAtLevel>> SeekersByCityAndLevelAsync(string skillCode, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<SeekerLevelRow>(new CommandDefinition("""
            SELECT w.city_code, ws.level, COUNT(*) AS seekers
            FROM worker_skills ws JOIN workers w ON w.id = ws.worker_id
            WHERE ws.skill_code = @skill AND w.actively_seeking = @seeking
            GROUP BY w.city_code, ws.level
            ORDER BY w.city_code, ws.level
            """, new { skill = skillCode, seeking = true }, cancellationToken: ct));
        return rows.Select(r => new SeekersAtLevel(r.CityCode, (int)r.Level, r.Seekers)).ToArray();
    }

    /// <summary>
    /// Active seekers in <paramref name="cityCodes"/> holding <paramref name="skillCode"/> at <paramref name="minLevel"/> or
    /// above, each with all their skills, in worker id order.
    /// </summary>
    public async Task<IReadOnlyList<SkilledSeeker>> SeekersWithSkillAsync(string skillCode, int minLevel, IReadOnlyCollection<string> cityCodes,
        CancellationToken ct = default)
    {
        if (cityCodes.Count == 0) return [];
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<SeekerSkillRow>(new CommandDefinition($"""
            SELECT w.id AS worker_id, w.city_code, w.salary_wish_monthly, all_skills.skill_code, all_skills.level
            FROM worker_skills ws
            JOIN workers w ON w.id = ws.worker_id
            JOIN worker_skills all_skills ON all_skills.worker_id = w.id
            WHERE ws.skill_code = @skill AND ws.level >= @level AND w.actively_seeking = @seeking AND {_db.Dialect.In("w.city_code", "@cities")}
            ORDER BY w.id, all_skills.skill_code
            """, new { skill = skillCode, level = minLevel, seeking = true, cities = cityCodes.Distinct(StringComparer.Ordinal).ToArray() },
            cancellationToken: ct));
        return rows.GroupBy(r => r.WorkerId)
            .Select(g => new SkilledSeeker(g.Key, g.First().CityCode, (int?)g.First().SalaryWishMonthly,
                g.Select(r => new SkillLevel(r.SkillCode, (int)r.Level)).ToArray()))
            .ToArray();
    }

    /// <summary>Vacancies open now (status) in <paramref name="cityCodes"/> that require <paramref name="skillCode"/>, with salary and all requirements, in id order.</summary>
    public async Task<IReadOnlyList<OpenVacancyOffer>> OpenVacanciesRequiringAsync(string skillCode, IReadOnlyCollection<string> cityCodes,
        CancellationToken ct = default)
    {
        if (cityCodes.Count == 0) return [];
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<OfferRow>(new CommandDefinition($"""
            SELECT v.id AS vacancy_id, v.city_code, v.headcount, v.salary_min_monthly, v.salary_max_monthly, s.skill_code, s.level, s.importance
            FROM vacancies v JOIN vacancy_skills s ON s.vacancy_id = v.id
            WHERE v.status = @open AND {_db.Dialect.In("v.city_code", "@cities")}
              AND EXISTS (SELECT 1 FROM vacancy_skills r WHERE r.vacancy_id = v.id AND r.skill_code = @skill)
            ORDER BY v.id, s.skill_code
            """, new { open = (int)VacancyStatus.Open, skill = skillCode, cities = cityCodes.Distinct(StringComparer.Ordinal).ToArray() },
            cancellationToken: ct));
        return rows.GroupBy(r => r.VacancyId)
            .Select(g =>
            {
                var f = g.First();
                return new OpenVacancyOffer(f.VacancyId, f.CityCode, (int)f.Headcount, (int)f.SalaryMinMonthly, (int)f.SalaryMaxMonthly,
                    g.Select(r => new SkillRequirement(r.SkillCode, (int)r.Level, (int)r.Importance)).ToArray());
            })
            .ToArray();
    }

    // ---- SQL pieces ----

    /// <summary>Workers holding a digital skill at <c>@level</c> or above (parameters @digital = true, @level).</summary>
    private const string DigitalWorkersSql = """
        SELECT DISTINCT dws.worker_id FROM worker_skills dws JOIN skills dk ON dk.code = dws.skill_code
        WHERE dk.digital = @digital AND dws.level >= @level
        """;

    /// <summary>The talent-group condition on a LEFT JOIN of <see cref="DigitalWorkersSql"/> aliased <paramref name="dw"/> (parameter @group).</summary>
    private static string GroupFilter(string dw) =>
        $"(@group = 0 OR (@group = 1 AND {dw}.worker_id IS NOT NULL) OR (@group = 2 AND {dw}.worker_id IS NULL))";

    /// <summary>
    /// One row per move (worker_id, from_city, to_city, moved_on 'YYYY-MM-DD', source) of the requested sources.
    /// History: LAG over the worker's entries by start date (then seq), where the city changes. Applications and hires:
    /// the first event per (worker, vacancy, type), where the vacancy's city is not the worker's current city.
    /// </summary>
    private string MovesSql(IReadOnlyCollection<FlowSource> sources)
    {
        var parts = new List<string>();
        if (sources.Contains(FlowSource.History))
            parts.Add("""
                SELECT h.worker_id, h.prev_city AS from_city, h.city_code AS to_city, h.start_date AS moved_on, 1 AS source
                FROM (SELECT worker_id, city_code, start_date,
                             LAG(city_code) OVER (PARTITION BY worker_id ORDER BY start_date, seq) AS prev_city
                      FROM work_history) h
                WHERE h.prev_city IS NOT NULL AND h.prev_city <> h.city_code
                """);
        if (sources.Contains(FlowSource.Relocation))
            parts.Add("SELECT r.worker_id, r.from_city, r.to_city, r.moved_on, 2 AS source FROM relocations r");
        var types = new List<string>();
        if (sources.Contains(FlowSource.Application)) types.Add("@apply");
        if (sources.Contains(FlowSource.Hire)) types.Add("@hire");
        if (types.Count > 0)
            parts.Add($"""
                SELECT a.worker_id, w.city_code AS from_city, v.city_code AS to_city, {_db.Dialect.UtcDate("a.first_at")} AS moved_on,
                       CASE WHEN a.type = @hire THEN 4 ELSE 3 END AS source
                FROM (SELECT worker_id, vacancy_id, type, MIN(occurred_at) AS first_at FROM interactions
                      WHERE type IN ({string.Join(", ", types)}) GROUP BY worker_id, vacancy_id, type) a
                JOIN workers w ON w.id = a.worker_id
                JOIN vacancies v ON v.id = a.vacancy_id
                WHERE v.city_code <> w.city_code
                """);
        var sql = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0) sql.Append("\nUNION ALL\n");
            sql.Append(parts[i]);
        }
        return sql.ToString();
    }

    private static object Parameters(TalentGroup group, DateOnly? from, DateOnly? to, int granularity) => new
    {
        granularity, group = (int)group, digital = true, level = DigitalTalentLevel,
        from = from is { } f ? DbTime.ToDate(f) : null, to = to is { } t ? DbTime.ToDate(t) : null,
        apply = (int)InteractionType.Apply, hire = (int)InteractionType.Hire,
    };

    private async Task<Dictionary<string, CityFactRow>> CityFactsAsync(CancellationToken ct)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await c.QueryAsync<CityFactRow>(new CommandDefinition("SELECT code, population, in_liaoning FROM cities", cancellationToken: ct)))
            .ToDictionary(r => r.Code, StringComparer.Ordinal);
    }

    // ---- row shapes (integers as long: SQLite returns every integer as Int64) ----

    private sealed class CityFactRow
    {
        public string Code { get; set; } = "";
        public long Population { get; set; }
        public bool InLiaoning { get; set; }
    }

    private sealed class FlowCellRow
    {
        public long PeriodYear { get; set; }
        public long PeriodQuarter { get; set; }
        public string FromCity { get; set; } = "";
        public string ToCity { get; set; } = "";
        public long Source { get; set; }
        public long Moves { get; set; }
    }

    private sealed class TalentRow
    {
        public string CityCode { get; set; } = "";
        public long Population { get; set; }
        public bool InLiaoning { get; set; }
        public long Workers { get; set; }
        public long DigitalWorkers { get; set; }
    }

    private sealed class RetentionRow
    {
        public string CityCode { get; set; } = "";
        public long Graduates { get; set; }
        public long StillInCity { get; set; }
        public long InHomeProvince { get; set; }
    }

    private sealed class SeekerLevelRow
    {
        public string CityCode { get; set; } = "";
        public long Level { get; set; }
        public long Seekers { get; set; }
    }

    private sealed class SeekerSkillRow
    {
        public string WorkerId { get; set; } = "";
        public string CityCode { get; set; } = "";
        public long? SalaryWishMonthly { get; set; }
        public string SkillCode { get; set; } = "";
        public long Level { get; set; }
    }

    private sealed class OfferRow
    {
        public string VacancyId { get; set; } = "";
        public string CityCode { get; set; } = "";
        public long Headcount { get; set; }
        public long SalaryMinMonthly { get; set; }
        public long SalaryMaxMonthly { get; set; }
        public string SkillCode { get; set; } = "";
        public long Level { get; set; }
        public long Importance { get; set; }
    }
}
