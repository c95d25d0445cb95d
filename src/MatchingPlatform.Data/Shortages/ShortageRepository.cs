using System.Globalization;
using System.Text;
using Dapper;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Shortages;

/// <summary>
/// Shortage statistics: computed by aggregation in the database (<see cref="ComputeAsync"/>, <see cref="DigitalRatioAsync"/>),
/// and read back from the stored snapshots (<see cref="ListStatsAsync"/>, <see cref="KeyHistoryAsync"/>). Snapshots are
/// written by <see cref="ShortageSnapshotter"/>.
/// </summary>
public sealed class ShortageRepository
{
    /// <summary>A seeker counts towards a city's digital supply from this level of a digital skill.</summary>
    public const int DigitalSupplyLevel = 3;

    private readonly IDbConnectionFactory _db;

    public ShortageRepository(IDbConnectionFactory db)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
    }

    /// <summary>
    /// Demand and supply per (city, industry, skill) as of <paramref name="asOf"/>, in key order: one GROUP BY query.
    /// Demand is the vacancies open at that instant (posted by then, not closed by then); supply the seekers who were
    /// actively seeking and registered by then, in the same city, holding the skill at the key's required level or above.
    /// (Whether a seeker is active is their current flag: the platform keeps no history of it.)
    /// </summary>
    public Task<IReadOnlyList<ShortageStat>> ComputeAsync(DateTimeOffset asOf, CancellationToken ct = default) =>
        ComputeAsync(asOf, supplyAsOf: null, ct);

    /// <summary>
    /// As <see cref="ComputeAsync(DateTimeOffset, CancellationToken)"/>, with supply counted as of
    /// <paramref name="supplyAsOf"/> (null: <paramref name="asOf"/>): for replaying demand from another source or
    /// time (a backtest over imported postings) against the seekers of one instant.
    /// </summary>
    public async Task<IReadOnlyList<ShortageStat>> ComputeAsync(DateTimeOffset asOf, DateTimeOffset? supplyAsOf, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return await ShortageQueries.ComputeAsync(c, null, asOf, supplyAsOf ?? asOf, ct);
    }

    /// <summary>
    /// Per city, as of <paramref name="asOf"/>: the open headcount of vacancies requiring at least one digital skill and
    /// the active seekers holding at least one digital skill at level <see cref="DigitalSupplyLevel"/> or above. Every
    /// city with either, in code order. One query: both sides are unioned and grouped by city in the database.
    /// </summary>
    public async Task<IReadOnlyList<DigitalRatio>> DigitalRatioAsync(DateTimeOffset asOf, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<DigitalRow>(new CommandDefinition($"""
            SELECT x.city_code, CAST(SUM(x.demand) AS INTEGER) AS digital_demand, CAST(SUM(x.supply) AS INTEGER) AS digital_supply
            FROM (
                SELECT v.city_code, v.headcount AS demand, 0 AS supply
                FROM vacancies v
                WHERE {ShortageQueries.OpenAsOf("v")}
                  AND EXISTS (SELECT 1 FROM vacancy_skills s JOIN skills k ON k.code = s.skill_code
                              WHERE s.vacancy_id = v.id AND k.digital = @digital)
                UNION ALL
                SELECT w.city_code, 0 AS demand, 1 AS supply
                FROM workers w
                WHERE {ShortageQueries.SeekerAsOf("w")}
                  AND EXISTS (SELECT 1 FROM worker_skills ws JOIN skills k ON k.code = ws.skill_code
                              WHERE ws.worker_id = w.id AND ws.level >= @level AND k.digital = @digital)
            ) x
            GROUP BY x.city_code
            ORDER BY x.city_code
            """, new { asOf = DbTime.ToMs(asOf), seeking = true, digital = true, level = DigitalSupplyLevel }, cancellationToken: ct));
        return rows.Select(r => new DigitalRatio(r.CityCode, (int)r.DigitalDemand, (int)r.DigitalSupply,
            r.DigitalDemand / (double)Math.Max(r.DigitalSupply, 1))).ToArray();
    }

    public async Task<ShortageSnapshotInfo?> LatestSnapshotAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await ShortageQueries.NewestSnapshotAsync(c, null, _db.Dialect, ct))?.ToDomain();
    }

    public async Task<ShortageSnapshotInfo?> GetSnapshotAsync(long id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<SnapshotRow>(new CommandDefinition(
            $"SELECT {ShortageQueries.SnapshotColumns} FROM shortage_snapshots WHERE id = @id", new { id }, cancellationToken: ct)))?.ToDomain();
    }

    /// <summary>Snapshots newest first, keyset-paged: the page token is the period start (yyyy-MM-dd) of the previous page's last snapshot.</summary>
    public async Task<Page<ShortageSnapshotInfo>> ListSnapshotsAsync(int pageSize, string? pageToken, CancellationToken ct = default)
    {
        if (pageToken is not null && !DateOnly.TryParseExact(pageToken, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new ArgumentException("not a page token of this listing", nameof(pageToken));
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<SnapshotRow>(new CommandDefinition($"""
            SELECT {ShortageQueries.SnapshotColumns} FROM shortage_snapshots
            WHERE (@before IS NULL OR period_start < @before)
            ORDER BY period_start DESC {_db.Dialect.FirstRows("@take")}
            """, new { before = pageToken, take = pageSize + 1 }, cancellationToken: ct))).ToList();
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new Page<ShortageSnapshotInfo>(rows.Select(r => r.ToDomain()).ToArray(), more ? rows[^1].PeriodStart : null);
    }

    /// <summary>
    /// One page of a stored snapshot's statistics, highest ratio first, then city, industry and skill code.
    /// </summary>
    /// <remarks>
    /// The page token is "{snapshot id}.{rows already returned}". Offset paging is exact here because a stored
    /// snapshot never changes (keyset paging on mutable tables exists to survive concurrent inserts), and pinning the
    /// snapshot id means a listing of "the latest" that spans a new snapshot keeps paging through the one it started on.
    /// Throws <see cref="ArgumentException"/> for a token that is not one of these, or that names another snapshot
    /// than <see cref="ShortageStatFilter.SnapshotId"/>.
    /// </remarks>
    public async Task<ShortageStatsPage> ListStatsAsync(ShortageStatFilter filter, int pageSize, string? pageToken, CancellationToken ct = default)
    {
        var (tokenSnapshot, skip) = ParseStatsToken(pageToken);
        if (tokenSnapshot is { } pinned && filter.SnapshotId is { } asked && pinned != asked)
            throw new ArgumentException("the page token belongs to another snapshot", nameof(pageToken));
        await using var c = await _db.OpenAsync(ct);
        var snapshotId = tokenSnapshot ?? filter.SnapshotId;
        var snapshot = snapshotId is { } id
            ? await c.QuerySingleOrDefaultAsync<SnapshotRow>(new CommandDefinition(
                $"SELECT {ShortageQueries.SnapshotColumns} FROM shortage_snapshots WHERE id = @id", new { id }, cancellationToken: ct))
            : await ShortageQueries.NewestSnapshotAsync(c, null, _db.Dialect, ct);
        if (snapshot is null || filter.CityCodes is { Count: 0 }) return new ShortageStatsPage(snapshot?.ToDomain(), [], null);

        var sql = new StringBuilder("""
            SELECT st.city_code, st.industry_code, st.skill_code, st.required_level, st.demand_headcount, st.open_vacancies, st.supply
            FROM shortage_stats st
            """);
        if (filter.SkillGroup is not null) sql.Append(" JOIN skills k ON k.code = st.skill_code");
        sql.Append(" WHERE st.snapshot_id = @snapshotId");
        if (filter.CityCodes is not null) sql.Append(" AND ").Append(_db.Dialect.In("st.city_code", "@cities"));
        if (filter.IndustryCode is not null) sql.Append(" AND st.industry_code = @industry");
        if (filter.SkillGroup is not null) sql.Append(" AND k.skill_group = @group");
        if (filter.SkillCode is not null) sql.Append(" AND st.skill_code = @skill");
        if (filter.MinRatio is not null) sql.Append(" AND ").Append(ShortageQueries.Ratio("st")).Append(" >= @minRatio");
        sql.Append(" ORDER BY ").Append(ShortageQueries.Ratio("st")).Append(" DESC, st.city_code, st.industry_code, st.skill_code ")
            .Append(_db.Dialect.SkipThenFirstRows("@skip", "@take"));
        var rows = (await c.QueryAsync<StatRow>(new CommandDefinition(sql.ToString(), new
        {
            snapshotId = snapshot.Id, cities = filter.CityCodes?.Distinct(StringComparer.Ordinal).ToArray() ?? [],
            industry = filter.IndustryCode, group = filter.SkillGroup, skill = filter.SkillCode, minRatio = filter.MinRatio ?? 0,
            skip, take = pageSize + 1,
        }, cancellationToken: ct))).ToList();
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new ShortageStatsPage(snapshot.ToDomain(), rows.Select(r => r.ToDomain()).ToArray(),
            more ? string.Create(CultureInfo.InvariantCulture, $"{snapshot.Id}.{skip + rows.Count}") : null);
    }

    /// <summary>
    /// The key in each of the last <paramref name="last"/> snapshots up to <paramref name="through"/> (its period
    /// included; null: the newest), oldest first: a point per snapshot, with a null statistic where the key had no open
    /// demand. One query over the key's index.
    /// </summary>
    public async Task<IReadOnlyList<KeyHistoryPoint>> KeyHistoryAsync(ShortageKey key, int last, SnapshotPeriod? through = null,
        CancellationToken ct = default)
    {
        if (last <= 0) return [];
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<SnapshotStatRow>(new CommandDefinition($"""
            SELECT s.id AS snapshot_id, s.period_start, s.period_days, st.city_code, st.industry_code, st.skill_code,
                   st.required_level, st.demand_headcount, st.open_vacancies, st.supply
            FROM (SELECT id, period_start, period_days FROM shortage_snapshots WHERE (@through IS NULL OR period_start <= @through)
                  ORDER BY period_start DESC {_db.Dialect.FirstRows("@take")}) s
            LEFT JOIN shortage_stats st ON st.snapshot_id = s.id
                AND st.city_code = @city AND st.industry_code = @industry AND st.skill_code = @skill
            ORDER BY s.period_start
            """, new
        {
            take = last, through = through is { } t ? DbTime.ToDate(t.Start) : null, city = key.CityCode, industry = key.IndustryCode,
            skill = key.SkillCode,
        }, cancellationToken: ct));
        return rows.Select(r => new KeyHistoryPoint(r.SnapshotId, r.Period, r.ToStat())).ToArray();
    }

    /// <summary>
    /// The vacancies open now in <paramref name="cityCodes"/>, with headcount and requirements, in id order: the input
    /// of <see cref="AreaGapAnalyzer.Analyze"/> for a worker in (or near) those cities.
    /// </summary>
    public async Task<IReadOnlyList<NearbyVacancy>> NearbyOpenVacanciesAsync(IReadOnlyCollection<string> cityCodes, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await ShortageQueries.OpenVacanciesAsync(c, null, _db.Dialect, cityCodes, asOf: null, ct)).Select(v => v.Vacancy).ToArray();
    }

    private static (long? SnapshotId, int Skip) ParseStatsToken(string? token)
    {
        if (token is null) return (null, 0);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0
            && long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var snapshot)
            && int.TryParse(token.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
            && skip > 0)
            return (snapshot, skip);
        throw new ArgumentException("not a page token of this listing", nameof(token));
    }
}
