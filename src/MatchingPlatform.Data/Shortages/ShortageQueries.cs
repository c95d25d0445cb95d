using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Shortages;

/// <summary>
/// The shortage queries, on a connection (and transaction) the caller owns: <see cref="ShortageRepository"/> runs them
/// on a connection of its own, <see cref="ShortageSnapshotter"/> inside its write transaction. All of it is portable
/// SQL apart from the dialect's paging and list fragments.
/// </summary>
internal static class ShortageQueries
{
    /// <summary>A vacancy counts as demand at <c>@asOf</c> when it was posted by then and not closed by then.</summary>
    public static string OpenAsOf(string v) => $"{v}.posted_at <= @asOf AND ({v}.closed_at IS NULL OR {v}.closed_at > @asOf)";

    /// <summary>A worker counts as supply at <c>@asOf</c> when actively seeking (<c>@seeking</c> = true) and registered by then.</summary>
    public static string SeekerAsOf(string w) => $"{w}.actively_seeking = @seeking AND {w}.created_at <= @asOf";

    /// <summary>Demand per seeker as a double, computed as <see cref="ShortageStat.Ratio"/> is (the same IEEE division, so filters agree exactly).</summary>
    public static string Ratio(string s) => $"CAST({s}.demand_headcount AS FLOAT) / (CASE WHEN {s}.supply > 0 THEN {s}.supply ELSE 1 END)";

    public const string SnapshotColumns =
        "id, period_start, period_days, as_of, taken_at, stat_rows, alerts_opened, alerts_escalated, alerts_closed";

    /// <summary>
    /// One aggregation in the database. <c>demand</c> groups the open requirements by key in one pass over the open
    /// vacancies; <c>held</c> counts the active seekers per (city, skill, level) in one pass over worker_skills; the
    /// final join adds up the levels at or above each key's required level (at most five rows per key). No per-key
    /// subquery, so the cost is linear in vacancies plus seekers' skills, whatever the number of keys.
    /// The required level is the headcount-weighted mean level rounded half up in integer arithmetic:
    /// floor((2 * sum(level * headcount) + sum(headcount)) / (2 * sum(headcount))). Sums of INTEGER columns are
    /// BIGINT on PostgreSQL, so the division stays an integer division there too; the sum of the BIGINT counts is
    /// NUMERIC there, hence the CAST of supply.
    /// The joins are written "a CROSS JOIN b WHERE b.fk = a.id": the same inner join in standard SQL, which PostgreSQL
    /// and SQL Server plan freely, but SQLite keeps the left table outermost for a CROSS JOIN. That makes it filter the
    /// vacancies and workers first and seek their children by primary-key prefix, instead of scanning every child
    /// row and looking its parent up (about a fifth faster at the demo scale).
    /// </summary>
    public const string ComputeSql = """
        WITH demand AS (
            SELECT v.city_code, v.industry_code, s.skill_code,
                   SUM(v.headcount) AS demand_headcount, COUNT(*) AS open_vacancies,
                   (2 * SUM(s.level * v.headcount) + SUM(v.headcount)) / (2 * SUM(v.headcount)) AS required_level
            FROM vacancies v CROSS JOIN vacancy_skills s
            WHERE s.vacancy_id = v.id AND v.posted_at <= @asOf AND (v.closed_at IS NULL OR v.closed_at > @asOf)
            GROUP BY v.city_code, v.industry_code, s.skill_code),
        held AS (
            SELECT w.city_code, ws.skill_code, ws.level, COUNT(*) AS seekers
            FROM workers w CROSS JOIN worker_skills ws
            WHERE ws.worker_id = w.id AND w.actively_seeking = @seeking AND w.created_at <= @supplyAsOf
            GROUP BY w.city_code, ws.skill_code, ws.level)
        SELECT d.city_code, d.industry_code, d.skill_code, d.required_level, d.demand_headcount, d.open_vacancies,
               CAST(COALESCE(SUM(h.seekers), 0) AS INTEGER) AS supply
        FROM demand d
        LEFT JOIN held h ON h.city_code = d.city_code AND h.skill_code = d.skill_code AND h.level >= d.required_level
        GROUP BY d.city_code, d.industry_code, d.skill_code, d.required_level, d.demand_headcount, d.open_vacancies
        ORDER BY d.city_code, d.industry_code, d.skill_code
        """;

    /// <summary>Demand as of <paramref name="asOf"/> against supply as of <paramref name="supplyAsOf"/> (the same instant for a snapshot).</summary>
    public static async Task<IReadOnlyList<ShortageStat>> ComputeAsync(DbConnection c, DbTransaction? tx, DateTimeOffset asOf,
        DateTimeOffset supplyAsOf, CancellationToken ct) =>
        (await c.QueryAsync<StatRow>(new CommandDefinition(ComputeSql,
            new { asOf = DbTime.ToMs(asOf), supplyAsOf = DbTime.ToMs(supplyAsOf), seeking = true }, tx, cancellationToken: ct)))
        .Select(r => r.ToDomain()).ToArray();

    public static async Task<SnapshotRow?> SnapshotOfPeriodAsync(DbConnection c, DbTransaction? tx, DateOnly start, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<SnapshotRow>(new CommandDefinition(
            $"SELECT {SnapshotColumns} FROM shortage_snapshots WHERE period_start = @start",
            new { start = DbTime.ToDate(start) }, tx, cancellationToken: ct));

    public static async Task<SnapshotRow?> NewestSnapshotAsync(DbConnection c, DbTransaction? tx, ISqlDialect dialect, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<SnapshotRow>(new CommandDefinition(
            $"SELECT {SnapshotColumns} FROM shortage_snapshots ORDER BY period_start DESC {dialect.FirstRows("@take")}",
            new { take = 1 }, tx, cancellationToken: ct));

    /// <summary>The <paramref name="count"/> snapshots before <paramref name="before"/>, oldest first, each with all its rows.</summary>
    public static async Task<IReadOnlyList<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)>> HistoryAsync(
        DbConnection c, DbTransaction? tx, ISqlDialect dialect, DateOnly before, int count, CancellationToken ct)
    {
        if (count <= 0) return [];
        // LEFT JOIN: a snapshot without any demand is still a snapshot in which nothing was short.
        var rows = await c.QueryAsync<SnapshotStatRow>(new CommandDefinition($"""
            SELECT s.id AS snapshot_id, s.period_start, s.period_days, st.city_code, st.industry_code, st.skill_code,
                   st.required_level, st.demand_headcount, st.open_vacancies, st.supply
            FROM (SELECT id, period_start, period_days FROM shortage_snapshots WHERE period_start < @before
                  ORDER BY period_start DESC {dialect.FirstRows("@take")}) s
            LEFT JOIN shortage_stats st ON st.snapshot_id = s.id
            ORDER BY s.period_start
            """, new { before = DbTime.ToDate(before), take = count }, tx, cancellationToken: ct));
        return rows.GroupBy(r => r.SnapshotId)
            .Select(g => (g.First().Period, (IReadOnlyDictionary<ShortageKey, ShortageStat>)g
                .Select(r => r.ToStat()).OfType<ShortageStat>().ToDictionary(s => s.Key)))
            .ToArray();
    }

    public static async Task<IReadOnlyList<AlertRow>> OpenAlertsAsync(DbConnection c, DbTransaction? tx, CancellationToken ct) =>
        (await c.QueryAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertRow.Columns} FROM alerts a WHERE a.status = 1 ORDER BY a.city_code, a.industry_code, a.skill_code",
            transaction: tx, cancellationToken: ct))).ToArray();

    /// <summary>
    /// Open vacancies of the cities with their requirements, in id order. <paramref name="asOf"/> null means open now
    /// (status); otherwise open at that instant (posted by then, not closed by then).
    /// </summary>
    public static async Task<IReadOnlyList<(string CityCode, string IndustryCode, NearbyVacancy Vacancy)>> OpenVacanciesAsync(
        DbConnection c, DbTransaction? tx, ISqlDialect dialect, IReadOnlyCollection<string> cityCodes, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (cityCodes.Count == 0) return [];
        var open = asOf is null ? "v.status = 1" : OpenAsOf("v");
        // LEFT JOIN: a vacancy without requirements is still open demand for the area (it just teaches nothing).
        var rows = await c.QueryAsync<VacancyRequirementRow>(new CommandDefinition($"""
            SELECT v.id AS vacancy_id, v.city_code, v.industry_code, v.headcount, s.skill_code, s.level, s.importance
            FROM vacancies v LEFT JOIN vacancy_skills s ON s.vacancy_id = v.id
            WHERE {open} AND {dialect.In("v.city_code", "@cities")}
            ORDER BY v.id, s.skill_code
            """, new { cities = cityCodes.Distinct(StringComparer.Ordinal).ToArray(), asOf = asOf is { } t ? DbTime.ToMs(t) : 0L },
            tx, cancellationToken: ct));
        return rows.GroupBy(r => r.VacancyId)
            .Select(g =>
            {
                var first = g.First();
                var requirements = g.Where(r => r.SkillCode is not null)
                    .Select(r => new SkillRequirement(r.SkillCode!, (int)r.Level!.Value, (int)r.Importance!.Value)).ToArray();
                return (first.CityCode, first.IndustryCode, new NearbyVacancy(first.VacancyId, (int)first.Headcount, requirements));
            })
            .ToArray();
    }

    /// <summary>Active seekers of the cities as of <paramref name="asOf"/> with their skills, in worker id order; one query.</summary>
    public static async Task<IReadOnlyList<(string CityCode, SeekerSkills Seeker)>> SeekersAsync(
        DbConnection c, DbTransaction? tx, ISqlDialect dialect, IReadOnlyCollection<string> cityCodes, DateTimeOffset asOf, CancellationToken ct)
    {
        if (cityCodes.Count == 0) return [];
        // LEFT JOIN: a seeker without any skill still "misses only the alert's skill" for a vacancy that asks for just that.
        var rows = await c.QueryAsync<SeekerSkillRow>(new CommandDefinition($"""
            SELECT w.id AS worker_id, w.city_code, ws.skill_code, ws.level
            FROM workers w LEFT JOIN worker_skills ws ON ws.worker_id = w.id
            WHERE {SeekerAsOf("w")} AND {dialect.In("w.city_code", "@cities")}
            ORDER BY w.id, ws.skill_code
            """, new { cities = cityCodes.Distinct(StringComparer.Ordinal).ToArray(), asOf = DbTime.ToMs(asOf), seeking = true },
            tx, cancellationToken: ct));
        return rows.GroupBy(r => r.WorkerId)
            .Select(g => (g.First().CityCode, new SeekerSkills(g.Key,
                g.Where(r => r.SkillCode is not null).Select(r => new SkillLevel(r.SkillCode!, (int)r.Level!.Value)).ToArray())))
            .ToArray();
    }
}
