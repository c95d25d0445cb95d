using System.Globalization;
using System.Text;
using Dapper;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Shortages;

/// <summary>
/// Training alerts as the bureaus see them: the outbox of alert events (resumable by id), listings, one alert with
/// its near-qualified seekers, and acknowledgements. Alerts themselves are written only by <see cref="ShortageSnapshotter"/>.
/// </summary>
public sealed class AlertRepository
{
    /// <summary>One row per alert and bureau (alert_acks), keeping the first acknowledgement's time.</summary>
    private static readonly Acknowledgements Acks = new("alert_acks", "alert_id", "bureau_id", "alerts", "alert_id", "alert");

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;

    public AlertRepository(IDbConnectionFactory db, TimeProvider? clock = null)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events with an id above <paramref name="afterEventId"/>, in id order, each with
    /// its alert; only those of <paramref name="cityCodes"/> when given (empty: none). A subscriber passes the last
    /// id it has seen: snapshot writers are serialised (<see cref="Providers.Dialects.ISqlDialect.LockForAppend"/>),
    /// so an event committed later always has a higher id than every event visible now and is never skipped.
    /// </summary>
    public async Task<IReadOnlyList<AlertEventRecord>> EventsAfterAsync(long afterEventId, IReadOnlyCollection<string>? cityCodes, int limit,
        CancellationToken ct = default)
    {
        if (limit <= 0 || cityCodes is { Count: 0 }) return [];
        await using var c = await _db.OpenAsync(ct);
        var cities = cityCodes is null ? "" : " AND " + _db.Dialect.In("e.city_code", "@cities");
        var rows = await c.QueryAsync<AlertEventRow>(new CommandDefinition($"""
            SELECT {AlertEventRow.Columns}
            FROM alert_events e JOIN alerts a ON a.id = e.alert_id
            WHERE e.id > @after{cities}
            ORDER BY e.id {_db.Dialect.FirstRows("@take")}
            """, new { after = afterEventId, cities = cityCodes?.Distinct(StringComparer.Ordinal).ToArray() ?? [], take = limit },
            cancellationToken: ct));
        return rows.Select(r => r.ToEvent()).ToArray();
    }

    /// <summary>The id of the newest event, 0 when there is none: where a subscriber that wants only new events starts.</summary>
    public async Task<long> LastEventIdAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM alert_events", cancellationToken: ct)) ?? 0;
    }

    /// <summary>Alerts newest first (by id), keyset-paged: the page token is the id of the previous page's last alert.</summary>
    public async Task<Page<StoredAlert>> ListAlertsAsync(AlertFilter filter, int pageSize, string? pageToken, CancellationToken ct = default)
    {
        long? before = null;
        if (pageToken is not null)
            before = long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new ArgumentException("not a page token of this listing", nameof(pageToken));
        if (filter.CityCodes is { Count: 0 }) return new Page<StoredAlert>([], null);
        var sql = new StringBuilder($"SELECT {AlertRow.Columns} FROM alerts a WHERE 1 = 1");
        if (before is not null) sql.Append(" AND a.id < @before");
        if (filter.CityCodes is not null) sql.Append(" AND ").Append(_db.Dialect.In("a.city_code", "@cities"));
        if (filter.Status is not null) sql.Append(" AND a.status = @status");
        if (filter.MinSeverity is not null) sql.Append(" AND a.severity >= @severity");
        if (filter.SkillCode is not null) sql.Append(" AND a.skill_code = @skill");
        sql.Append(" ORDER BY a.id DESC ").Append(_db.Dialect.FirstRows("@take"));
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<AlertRow>(new CommandDefinition(sql.ToString(), new
        {
            before, cities = filter.CityCodes?.Distinct(StringComparer.Ordinal).ToArray() ?? [], status = (int?)filter.Status,
            severity = (int?)filter.MinSeverity, skill = filter.SkillCode, take = pageSize + 1,
        }, cancellationToken: ct))).ToList();
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new Page<StoredAlert>(rows.Select(r => r.ToDomain()).ToArray(),
            more ? rows[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The alert with its stored near-qualified seekers; null when there is no such alert.</summary>
    public async Task<AlertDetail?> GetAlertAsync(long id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertRow.Columns} FROM alerts a WHERE a.id = @id", new { id }, cancellationToken: ct));
        if (row is null) return null;
        // NearQualifiedFinder's order: one level short before missing, then worker id.
        var seekers = await c.QueryAsync<NearQualifiedRow>(new CommandDefinition("""
            SELECT worker_id, held_level, required_level, vacancy_id FROM alert_near_qualified
            WHERE alert_id = @id
            ORDER BY CASE WHEN held_level = 0 THEN 1 ELSE 0 END, worker_id
            """, new { id }, cancellationToken: ct));
        return new AlertDetail(row.ToDomain(), seekers.Select(s => s.ToDomain()).ToArray());
    }

    /// <summary>
    /// Records that <paramref name="bureauId"/> has seen the alert. Idempotent: the first acknowledgement stores the
    /// time, and every later one (also a concurrent retry) returns that original time without failing;
    /// <c>First</c> says whether this call stored it (exactly one of racing first acknowledgements does). Throws
    /// <see cref="MissingReferenceException"/> naming alert_id when the alert does not exist.
    /// </summary>
    public async Task<(AlertAck Ack, bool First)> AcknowledgeAsync(long alertId, string bureauId, CancellationToken ct = default)
    {
        var (ack, first) = await Acks.AcknowledgeAsync(_db, alertId, bureauId, DbTime.Now(_clock), ct);
        return (ToDomain(ack), first);
    }

    /// <summary>Every acknowledgement of the alert, earliest first (then bureau id); empty for an unknown alert.</summary>
    public async Task<IReadOnlyList<AlertAck>> ListAcksAsync(long alertId, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await Acks.ListAsync(c, alertId, ct)).Select(ToDomain).ToArray();
    }

    private static AlertAck ToDomain(StoredAck a) => new(a.ItemId, a.AcknowledgerId, a.AckedAt);
}
