using System.Globalization;
using System.Text;
using Dapper;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Policy;

/// <summary>
/// One city in one period of the platform's log: seekers active (any interaction), how many of them were hired, and
/// the interview and hire events. <see cref="ReemploymentRate"/> is hired seekers over active seekers.
/// </summary>
public sealed record CityPeriodOutcome(string CityCode, int Period, long ActiveSeekers, long HiredSeekers, long Interviews, long Hires)
{
    public double ReemploymentRate => ActiveSeekers == 0 ? 0 : HiredSeekers / (double)ActiveSeekers;
}

/// <summary>
/// City-period outcomes for policy evaluation, aggregated in the database: one GROUP BY over the interaction log
/// joined to the workers' cities. A worker counts in the city of their profile (the platform keeps no history of it).
/// </summary>
public sealed class PolicyPanelRepository
{
    private const int HireType = 5;      // InteractionType.Hire
    private const int InterviewType = 4; // InteractionType.Interview

    private readonly IDbConnectionFactory _db;

    public PolicyPanelRepository(IDbConnectionFactory db)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
    }

    /// <summary>
    /// Outcomes per (city, period) for the periods [boundaries[k−1], boundaries[k]), numbered k = 1..n; only cities
    /// with at least one active seeker in a period have a row for it. With <paramref name="liaoningOnly"/>, only
    /// Liaoning cities (cities.in_liaoning).
    /// </summary>
    /// <remarks>
    /// The period is a CASE over the boundary parameters, so the bucketing is portable SQL and the whole panel is one
    /// query whatever the number of periods; the outer GROUP BY works on the derived table because SQL Server cannot
    /// group by a select-list alias.
    /// </remarks>
    public async Task<IReadOnlyList<CityPeriodOutcome>> CityPeriodOutcomesAsync(
        IReadOnlyList<DateTimeOffset> boundaries, bool liaoningOnly = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count < 2) throw new ArgumentException("at least two boundaries (one period) are needed", nameof(boundaries));
        for (var k = 1; k < boundaries.Count; k++)
            if (boundaries[k] <= boundaries[k - 1]) throw new ArgumentException("boundaries must increase", nameof(boundaries));

        var parameters = new DynamicParameters();
        var bucket = new StringBuilder("CASE");
        for (var k = 1; k < boundaries.Count; k++)
        {
            bucket.Append(CultureInfo.InvariantCulture, $" WHEN i.occurred_at < @b{k} THEN {k}");
            parameters.Add($"b{k}", DbTime.ToMs(boundaries[k]));
        }
        bucket.Append(" END");
        parameters.Add("from", DbTime.ToMs(boundaries[0]));
        parameters.Add("to", DbTime.ToMs(boundaries[^1]));
        parameters.Add("home", true);
        parameters.Add("hire", HireType);
        parameters.Add("interview", InterviewType);

        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<CityPeriodRow>(new CommandDefinition($"""
            SELECT x.city_code, x.period,
                   COUNT(DISTINCT x.worker_id) AS active_seekers,
                   COUNT(DISTINCT CASE WHEN x.type = @hire THEN x.worker_id END) AS hired_seekers,
                   SUM(CASE WHEN x.type = @interview THEN 1 ELSE 0 END) AS interviews,
                   SUM(CASE WHEN x.type = @hire THEN 1 ELSE 0 END) AS hires
            FROM (
                SELECT w.city_code, i.worker_id, i.type, {bucket} AS period
                FROM interactions i
                JOIN workers w ON w.id = i.worker_id
                JOIN cities ci ON ci.code = w.city_code
                WHERE i.occurred_at >= @from AND i.occurred_at < @to {(liaoningOnly ? "AND ci.in_liaoning = @home" : "")}
            ) x
            GROUP BY x.city_code, x.period
            ORDER BY x.city_code, x.period
            """, parameters, cancellationToken: ct));
        return rows.Select(r => new CityPeriodOutcome(r.CityCode, (int)r.Period, r.ActiveSeekers, r.HiredSeekers, r.Interviews, r.Hires)).ToArray();
    }

    private sealed class CityPeriodRow
    {
        public string CityCode { get; set; } = "";
        public long Period { get; set; }
        public long ActiveSeekers { get; set; }
        public long HiredSeekers { get; set; }
        public long Interviews { get; set; }
        public long Hires { get; set; }
    }
}
