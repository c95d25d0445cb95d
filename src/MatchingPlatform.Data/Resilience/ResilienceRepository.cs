using System.Globalization;
using System.Text;
using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Mobility;
using MatchingPlatform.Data.Policy;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Resilience;

/// <summary>
/// The inputs of the resilience index per (city, quarter): the platform indicators, each one GROUP BY in the database
/// over every quarter of the range at once (a CASE over the quarter boundaries buckets the rows, as in
/// <see cref="PolicyPanelRepository"/>), the ones the mobility and policy modules already compute (re-employment rate,
/// graduate retention, net digital inflow: their queries are reused, not duplicated), and the imported external
/// indicators. Only Liaoning cities (cities.in_liaoning). Definitions: docs/resilience.md.
/// </summary>
public sealed class ResilienceRepository
{
    // Indicator codes (the same strings as Analytics' ResilienceIndicators, which Data cannot reference; a test checks them).
    public const string CertifiedSkillShare = "certified_skill_share";
    public const string IndustryDiversity = "industry_diversity";
    public const string ReemploymentRate = "reemployment_rate";
    public const string DaysToReemployment = "days_to_reemployment";
    public const string VacancyFillRate = "vacancy_fill_rate";
    public const string DigitalSkillShare = "digital_skill_share";
    public const string OccupationChangeShare = "occupation_change_share";
    public const string DigitalVacancyShare = "digital_vacancy_share";
    public const string GraduateRetention = "graduate_retention";
    public const string NetDigitalInflow = "net_digital_inflow";

    /// <summary>A skill at this level or above counts as certified (levels 4-5: advanced, certifiable).</summary>
    public const int CertifiedLevel = 4;

    /// <summary>
    /// The smallest denominator a share is computed from (spells, posted headcount); below it the city-quarter has no
    /// value (the index imputes the indicator's mean): a share of 3 spells is noise, and the entropy method would
    /// reward that noise with weight.
    /// </summary>
    public const int MinSample = 10;

    /// <summary>The fewest hires a mean of days to re-employment is computed from.</summary>
    public const int MinHires = 5;

    /// <summary>Occupation changes are counted over the four quarters ending with each one (a rolling year): spells are few.</summary>
    public const int OccupationWindowQuarters = 4;

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;
    private readonly int _minSample;
    private readonly int _minHires;

    /// <param name="minSample">Smallest denominator of a share (<see cref="MinSample"/>); tests on tiny fixtures lower it.</param>
    /// <param name="minHires">Fewest hires behind a mean of days to re-employment (<see cref="MinHires"/>).</param>
    public ResilienceRepository(IDbConnectionFactory db, TimeProvider? clock = null, int minSample = MinSample, int minHires = MinHires)
    {
        DapperSetup.EnsureConfigured();
        ArgumentOutOfRangeException.ThrowIfLessThan(minSample, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minHires, 1);
        _db = db;
        _clock = clock ?? TimeProvider.System;
        _minSample = minSample;
        _minHires = minHires;
    }

    /// <summary>
    /// The complete quarters the platform has data for: from the quarter of the first interaction (the next one when
    /// the data starts more than 14 days into it) to the last quarter that has ended (the current one is incomplete);
    /// null when there is none.
    /// </summary>
    public async Task<(Quarter From, Quarter To)?> DataQuartersAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleAsync<(long? First, long? Last)>(new CommandDefinition(
            "SELECT MIN(occurred_at), MAX(occurred_at) FROM interactions", cancellationToken: ct));
        if (row.First is null || row.Last is null) return null;
        var first = DbTime.FromMs(row.First.Value);
        var from = Quarter.Containing(first);
        // A quarter whose data starts weeks late is a partial one: its counts would look like a slump.
        if (first > from.Start.AddDays(14)) from = from.Next;
        var last = Quarter.Containing(DbTime.FromMs(row.Last.Value));
        var current = Quarter.Containing(_clock.GetUtcNow());
        var to = last.CompareTo(current) >= 0 ? current.Previous : last;
        return to.CompareTo(from) < 0 ? null : (from, to);
    }

    /// <summary>Every platform and imported indicator value of the Liaoning cities in the quarters from..to (inclusive).</summary>
    public async Task<IReadOnlyList<ResilienceValue>> ValuesAsync(Quarter from, Quarter to, CancellationToken ct = default)
    {
        var quarters = Quarter.Range(from, to);
        if (quarters.Count == 0) return [];
        var values = new List<ResilienceValue>();
        values.AddRange(await WorkforceAsync(quarters, ct));
        values.AddRange(await IndustryDiversityAsync(quarters, ct));
        values.AddRange(await OccupationChangeAsync(quarters, ct));
        values.AddRange(await ReemploymentAsync(quarters, ct));
        values.AddRange(await DaysToReemploymentAsync(quarters, ct));
        values.AddRange(await VacanciesAsync(quarters, ct));
        values.AddRange(await GraduateRetentionAsync(quarters, ct));
        values.AddRange(await NetDigitalInflowAsync(quarters, ct));
        values.AddRange(await ExternalValuesAsync(from, to, ct));
        return values.OrderBy(v => v.Quarter).ThenBy(v => v.CityCode, StringComparer.Ordinal).ThenBy(v => v.Indicator, StringComparer.Ordinal).ToArray();
    }

    // ---- platform indicators ----

    /// <summary>
    /// Certified-skill and digital-skill shares of the workforce registered by each quarter's end: one GROUP BY of the
    /// workers by city and registration quarter (earlier registrations fall into the first), summed cumulatively here.
    /// </summary>
    private async Task<IEnumerable<ResilienceValue>> WorkforceAsync(IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var p = Boundaries(quarters, out var bucket, "w.created_at");
        p.Add("certified", CertifiedLevel);
        p.Add("digital", true);
        p.Add("dlevel", MobilityRepository.DigitalTalentLevel);
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<BucketRow>(new CommandDefinition($"""
            SELECT x.city_code, x.k, COUNT(*) AS n, SUM(x.certified) AS a, SUM(x.digital) AS b
            FROM (SELECT w.city_code, {bucket} AS k,
                         CASE WHEN EXISTS (SELECT 1 FROM worker_skills s WHERE s.worker_id = w.id AND s.level >= @certified) THEN 1 ELSE 0 END AS certified,
                         CASE WHEN EXISTS (SELECT 1 FROM worker_skills s JOIN skills sk ON sk.code = s.skill_code
                                           WHERE s.worker_id = w.id AND sk.digital = @digital AND s.level >= @dlevel) THEN 1 ELSE 0 END AS digital
                  FROM workers w JOIN cities ci ON ci.code = w.city_code
                  WHERE ci.in_liaoning = @home AND w.created_at < @to) x
            GROUP BY x.city_code, x.k
            """, p, cancellationToken: ct))).ToList();
        var result = new List<ResilienceValue>();
        foreach (var city in rows.GroupBy(r => r.CityCode))
        {
            long n = 0, certified = 0, digital = 0;
            for (var k = 1; k <= quarters.Count; k++)
            {
                foreach (var r in city.Where(r => r.K == k)) { n += r.N; certified += r.A; digital += r.B; }
                if (n == 0) continue;
                result.Add(new ResilienceValue(city.Key, quarters[k - 1], CertifiedSkillShare, certified / (double)n));
                result.Add(new ResilienceValue(city.Key, quarters[k - 1], DigitalSkillShare, digital / (double)n));
            }
        }
        return result;
    }

    /// <summary>
    /// Shannon entropy of the industries of the work-history spells in the city that overlap each quarter, over
    /// ln(K) with K the industries present anywhere in the range (so 0..1 and comparable between cities). The counts
    /// are one GROUP BY over the spells joined to a derived table of the quarters' first and last days.
    /// </summary>
    private async Task<IEnumerable<ResilienceValue>> IndustryDiversityAsync(IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var p = new DynamicParameters();
        p.Add("home", true);
        var table = new StringBuilder();
        for (var k = 1; k <= quarters.Count; k++)
        {
            if (k > 1) table.Append(" UNION ALL ");
            table.Append(CultureInfo.InvariantCulture, $"SELECT {k} AS k, @f{k} AS first_day, @l{k} AS last_day");
            p.Add($"f{k}", DbTime.ToDate(quarters[k - 1].FirstDay));
            p.Add($"l{k}", DbTime.ToDate(quarters[k - 1].LastDay));
        }
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<IndustryRow>(new CommandDefinition($"""
            SELECT h.city_code, q.k, h.industry_code, COUNT(*) AS n
            FROM work_history h
            JOIN cities ci ON ci.code = h.city_code
            JOIN ({table}) q ON h.start_date <= q.last_day AND (h.end_date IS NULL OR h.end_date >= q.first_day)
            WHERE h.industry_code IS NOT NULL AND ci.in_liaoning = @home
            GROUP BY h.city_code, q.k, h.industry_code
            """, p, cancellationToken: ct))).ToList();
        var industries = rows.Select(r => r.IndustryCode).Distinct(StringComparer.Ordinal).Count();
        if (industries < 2) return [];
        var max = Math.Log(industries);
        return rows.GroupBy(r => (r.CityCode, r.K)).Select(g =>
        {
            var total = (double)g.Sum(r => r.N);
            var h = -g.Sum(r => r.N / total * Math.Log(r.N / total));
            return new ResilienceValue(g.Key.CityCode, quarters[(int)g.Key.K - 1], IndustryDiversity, h / max);
        }).ToArray();
    }

    /// <summary>
    /// Spells starting in the four quarters ending with each one (a rolling year) whose occupation group (the
    /// occupation's industry) differs from the worker's previous spell's, over the spells starting then whose own and
    /// previous occupation are known (LAG over the worker's spells by start date, then sequence); at least
    /// <see cref="MinSample"/> spells.
    /// </summary>
    private async Task<IEnumerable<ResilienceValue>> OccupationChangeAsync(IReadOnlyList<Quarter> range, CancellationToken ct)
    {
        // Bucket from three quarters before the range, so its first quarters also see a full rolling year.
        var quarters = Quarter.Range(Quarter.FromOrdinal(range[0].Ordinal - (OccupationWindowQuarters - 1)), range[^1]);
        var p = DateBoundaries(quarters, out var bucket, "x.start_date");
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<BucketRow>(new CommandDefinition($"""
            SELECT y.city_code, y.k, COUNT(*) AS n, SUM(y.changed) AS a, 0 AS b
            FROM (SELECT x.city_code, {bucket} AS k, CASE WHEN x.grp <> x.prev_grp THEN 1 ELSE 0 END AS changed
                  FROM (SELECT h.city_code, h.start_date, o.industry_code AS grp,
                               LAG(o.industry_code) OVER (PARTITION BY h.worker_id ORDER BY h.start_date, h.seq) AS prev_grp
                        FROM work_history h LEFT JOIN occupations o ON o.code = h.occupation_code) x
                  JOIN cities ci ON ci.code = x.city_code
                  WHERE ci.in_liaoning = @home AND x.grp IS NOT NULL AND x.prev_grp IS NOT NULL) y
            WHERE y.k IS NOT NULL
            GROUP BY y.city_code, y.k
            """, p, cancellationToken: ct));
        var result = new List<ResilienceValue>();
        foreach (var city in rows.GroupBy(r => r.CityCode))
            for (var k = OccupationWindowQuarters; k <= quarters.Count; k++)
            {
                var window = city.Where(r => r.K > k - OccupationWindowQuarters && r.K <= k).ToArray();
                var n = window.Sum(r => r.N);
                if (n >= _minSample) result.Add(new ResilienceValue(city.Key, quarters[k - 1], OccupationChangeShare, window.Sum(r => r.A) / (double)n));
            }
        return result;
    }

    /// <summary>Hired over active seekers per city and quarter: the policy panel's own query.</summary>
    private async Task<IEnumerable<ResilienceValue>> ReemploymentAsync(IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var boundaries = quarters.Select(q => q.Start).Append(quarters[^1].EndExclusive).ToArray();
        var rows = await new PolicyPanelRepository(_db).CityPeriodOutcomesAsync(boundaries, liaoningOnly: true, ct);
        return rows.Where(r => r.ActiveSeekers > 0)
            .Select(r => new ResilienceValue(r.CityCode, quarters[r.Period - 1], ReemploymentRate, r.ReemploymentRate));
    }

    /// <summary>
    /// Mean days from a seeker's first application (to any vacancy, at or before the hire) to the hire, over the hires
    /// (first hire event per worker and vacancy) of each quarter, by the seeker's city. Hires without an earlier
    /// application are not counted; at least <see cref="MinHires"/> hires.
    /// </summary>
    private async Task<IEnumerable<ResilienceValue>> DaysToReemploymentAsync(IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var p = Boundaries(quarters, out var bucket, "h.hired_at");
        p.Add("hire", (int)InteractionType.Hire);
        p.Add("apply", (int)InteractionType.Apply);
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<BucketRow>(new CommandDefinition($"""
            SELECT y.city_code, y.k, COUNT(*) AS n, CAST(SUM(y.waited) AS BIGINT) AS a, 0 AS b
            FROM (SELECT w.city_code, {bucket} AS k,
                         h.hired_at - (SELECT MIN(i.occurred_at) FROM interactions i
                                       WHERE i.worker_id = h.worker_id AND i.type = @apply AND i.occurred_at <= h.hired_at) AS waited
                  FROM (SELECT worker_id, vacancy_id, MIN(occurred_at) AS hired_at FROM interactions WHERE type = @hire
                        GROUP BY worker_id, vacancy_id) h
                  JOIN workers w ON w.id = h.worker_id
                  JOIN cities ci ON ci.code = w.city_code
                  WHERE ci.in_liaoning = @home AND h.hired_at >= @from AND h.hired_at < @to) y
            WHERE y.waited IS NOT NULL
            GROUP BY y.city_code, y.k
            """, p, cancellationToken: ct));
        return rows.Where(r => r.N >= _minHires)
            .Select(r => new ResilienceValue(r.CityCode, quarters[(int)r.K - 1], DaysToReemployment, r.A / (double)r.N / 86_400_000.0));
    }

    /// <summary>
    /// Per city and quarter of posting: the posted headcount, the part of it in vacancies requiring a digital skill
    /// (digital vacancy share), and the hires of the quarter into the city's vacancies (fill rate = hires over posted
    /// headcount, capped at 1); only with at least <see cref="MinSample"/> posted positions. Two GROUP BYs.
    /// </summary>
    private async Task<IEnumerable<ResilienceValue>> VacanciesAsync(IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var p = Boundaries(quarters, out var posted, "v.posted_at");
        p.Add("digital", true);
        await using var c = await _db.OpenAsync(ct);
        var postings = (await c.QueryAsync<BucketRow>(new CommandDefinition($"""
            SELECT x.city_code, x.k, SUM(x.headcount) AS n, SUM(x.digital_headcount) AS a, 0 AS b
            FROM (SELECT v.city_code, {posted} AS k, v.headcount,
                         CASE WHEN EXISTS (SELECT 1 FROM vacancy_skills s JOIN skills sk ON sk.code = s.skill_code
                                           WHERE s.vacancy_id = v.id AND sk.digital = @digital) THEN v.headcount ELSE 0 END AS digital_headcount
                  FROM vacancies v JOIN cities ci ON ci.code = v.city_code
                  WHERE ci.in_liaoning = @home AND v.posted_at >= @from AND v.posted_at < @to) x
            GROUP BY x.city_code, x.k
            """, p, cancellationToken: ct))).ToList();
        var q = Boundaries(quarters, out var hired, "h.hired_at");
        q.Add("hire", (int)InteractionType.Hire);
        var hires = (await c.QueryAsync<BucketRow>(new CommandDefinition($"""
            SELECT x.city_code, x.k, COUNT(*) AS n, 0 AS a, 0 AS b
            FROM (SELECT v.city_code, {hired} AS k
                  FROM (SELECT worker_id, vacancy_id, MIN(occurred_at) AS hired_at FROM interactions WHERE type = @hire
                        GROUP BY worker_id, vacancy_id) h
                  JOIN vacancies v ON v.id = h.vacancy_id
                  JOIN cities ci ON ci.code = v.city_code
                  WHERE ci.in_liaoning = @home AND h.hired_at >= @from AND h.hired_at < @to) x
            GROUP BY x.city_code, x.k
            """, q, cancellationToken: ct))).ToDictionary(r => (r.CityCode, r.K));
        var result = new List<ResilienceValue>();
        foreach (var r in postings.Where(r => r.N >= _minSample))
        {
            var quarter = quarters[(int)r.K - 1];
            result.Add(new ResilienceValue(r.CityCode, quarter, DigitalVacancyShare, r.A / (double)r.N));
            var filled = hires.TryGetValue((r.CityCode, r.K), out var h) ? h.N : 0;
            result.Add(new ResilienceValue(r.CityCode, quarter, VacancyFillRate, Math.Min(1.0, filled / (double)r.N)));
        }
        return result;
    }

    /// <summary>
    /// Graduates of the years up to each quarter's year, by the city of their first job, whose latest job is still in
    /// that city: <see cref="MobilityRepository.GraduateRetentionAsync"/>, once per year of the range.
    /// </summary>
    private async Task<IEnumerable<ResilienceValue>> GraduateRetentionAsync(IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var mobility = new MobilityRepository(_db);
        var liaoning = await LiaoningCitiesAsync(ct);
        var result = new List<ResilienceValue>();
        foreach (var year in quarters.GroupBy(q => q.Year))
        {
            var rows = await mobility.GraduateRetentionAsync(TalentGroup.All, null, year.Key, ct);
            foreach (var r in rows.Where(r => r.Graduates > 0 && liaoning.Contains(r.CityCode)))
                foreach (var quarter in year)
                    result.Add(new ResilienceValue(r.CityCode, quarter, GraduateRetention, r.CityRetention));
        }
        return result;
    }

    /// <summary>
    /// Realised moves of digital talent into minus out of each city per quarter, per 10,000 residents:
    /// <see cref="MobilityRepository.FlowCellsAsync"/> with quarterly periods. Every Liaoning city gets a value (0 without moves).
    /// </summary>
    private async Task<IEnumerable<ResilienceValue>> NetDigitalInflowAsync(IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var mobility = new MobilityRepository(_db);
        var cells = await mobility.FlowCellsAsync(new FlowQuery
        {
            Granularity = PeriodGranularity.Quarter, Group = TalentGroup.Digital, Sources = MobilityRepository.RealisedSources,
            From = quarters[0].FirstDay, To = quarters[^1].LastDay,
        }, ct);
        var populations = await mobility.PopulationsAsync(ct);
        var liaoning = await LiaoningCitiesAsync(ct);
        var result = new List<ResilienceValue>();
        foreach (var quarter in quarters)
        {
            var inQuarter = cells.Where(x => x.Period.Year == quarter.Year && x.Period.Quarter == quarter.Number).ToArray();
            foreach (var city in liaoning.Order(StringComparer.Ordinal))
            {
                var net = inQuarter.Where(x => x.ToCity == city).Sum(x => x.Moves) - inQuarter.Where(x => x.FromCity == city).Sum(x => x.Moves);
                var population = populations.GetValueOrDefault(city);
                if (population > 0) result.Add(new ResilienceValue(city, quarter, NetDigitalInflow, net * 10_000.0 / population));
            }
        }
        return result;
    }

    // ---- external indicators ----

    /// <summary>The imported values of the quarters from..to, Liaoning cities only.</summary>
    public async Task<IReadOnlyList<ResilienceValue>> ExternalValuesAsync(Quarter from, Quarter to, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<ExternalRow>(new CommandDefinition("""
            SELECT e.city_code, e.quarter, e.indicator, e.value
            FROM resilience_external_values e JOIN cities ci ON ci.code = e.city_code
            WHERE ci.in_liaoning = @home AND e.quarter >= @from AND e.quarter <= @to
            ORDER BY e.quarter, e.city_code, e.indicator
            """, new { home = true, from = from.ToString(), to = to.ToString() }, cancellationToken: ct));
        return rows.Select(r => new ResilienceValue(r.CityCode, Quarter.Parse(r.Quarter), r.Indicator, r.Value)).ToArray();
    }

    /// <summary>
    /// Stores imported values in one transaction, replacing a value already stored for the same city, quarter and
    /// indicator; returns how many rows were written. Validation (known city and indicator) is the reader's job; a city
    /// unknown to the database fails the whole import with <see cref="MissingReferenceException"/>.
    /// </summary>
    public async Task<int> UpsertExternalAsync(IReadOnlyList<ResilienceValue> values, CancellationToken ct = default)
    {
        if (values.Count == 0) return 0;
        var now = DbTime.ToMs(_clock.GetUtcNow());
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var cities = (await c.QueryAsync<string>(new CommandDefinition("SELECT code FROM cities", transaction: tx, cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (!cities.Contains(v.CityCode)) throw new MissingReferenceException("city", "city", v.CityCode);
            var args = new { city = v.CityCode, quarter = v.Quarter.ToString(), indicator = v.Indicator, value = v.Value, now };
            var updated = await c.ExecuteAsync(new CommandDefinition("""
                UPDATE resilience_external_values SET value = @value, imported_at = @now
                WHERE city_code = @city AND quarter = @quarter AND indicator = @indicator
                """, args, tx, cancellationToken: ct));
            if (updated == 0)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO resilience_external_values (city_code, quarter, indicator, value, imported_at)
                    VALUES (@city, @quarter, @indicator, @value, @now)
                    """, args, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return values.Count;
    }

    /// <summary>Liaoning city codes, in code order.</summary>
    public async Task<IReadOnlyList<string>> LiaoningCityListAsync(CancellationToken ct = default) =>
        (await LiaoningCitiesAsync(ct)).Order(StringComparer.Ordinal).ToArray();

    private async Task<HashSet<string>> LiaoningCitiesAsync(CancellationToken ct)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition("SELECT code FROM cities WHERE in_liaoning = @home", new { home = true },
            cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
    }

    // ---- SQL pieces ----

    /// <summary>
    /// Parameters @from/@to (Unix ms of the range) and @b1..@bn (each quarter's end), @home, and a CASE giving the
    /// 1-based quarter of <paramref name="column"/> (values before the range fall into quarter 1: callers filter the
    /// range themselves where that matters).
    /// </summary>
    private static DynamicParameters Boundaries(IReadOnlyList<Quarter> quarters, out string bucket, string column)
    {
        var p = new DynamicParameters();
        var sql = new StringBuilder("CASE");
        for (var k = 1; k <= quarters.Count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {column} < @b{k} THEN {k}");
            p.Add($"b{k}", DbTime.ToMs(quarters[k - 1].EndExclusive));
        }
        sql.Append(" END");
        bucket = sql.ToString();
        p.Add("from", DbTime.ToMs(quarters[0].Start));
        p.Add("to", DbTime.ToMs(quarters[^1].EndExclusive));
        p.Add("home", true);
        return p;
    }

    /// <summary>As <see cref="Boundaries"/> for a 'YYYY-MM-DD' text column: NULL outside the range.</summary>
    private static DynamicParameters DateBoundaries(IReadOnlyList<Quarter> quarters, out string bucket, string column)
    {
        var p = new DynamicParameters();
        var sql = new StringBuilder($"CASE WHEN {column} < @d0 THEN NULL");
        p.Add("d0", DbTime.ToDate(quarters[0].FirstDay));
        for (var k = 1; k <= quarters.Count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {column} < @d{k} THEN {k}");
            p.Add($"d{k}", DbTime.ToDate(quarters[k - 1].LastDay.AddDays(1)));
        }
        sql.Append(" END");
        bucket = sql.ToString();
        p.Add("home", true);
        return p;
    }

    private sealed class BucketRow
    {
        public string CityCode { get; set; } = "";
        public long K { get; set; }
        public long N { get; set; }
        public long A { get; set; }
        public long B { get; set; }
    }

    private sealed class IndustryRow
    {
        public string CityCode { get; set; } = "";
        public long K { get; set; }
        public string IndustryCode { get; set; } = "";
        public long N { get; set; }
    }

    private sealed class ExternalRow
    {
        public string CityCode { get; set; } = "";
        public string Quarter { get; set; } = "";
        public string Indicator { get; set; } = "";
        public double Value { get; set; }
    }
}
