using System.Globalization;
using System.Text;
using Dapper;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Resilience;

/// <summary>Which warnings to list; every filter optional (null cities: all; empty: none).</summary>
public sealed record ResilienceWarningFilter
{
    public IReadOnlyCollection<string>? CityCodes { get; init; }
    public Shortages.AlertStatus? Status { get; init; }
    public string? Subject { get; init; }
}

/// <summary>
/// Resilience warnings, their outbox events and the stored quarterly scores, as readers see them, and their
/// acknowledgements. Warnings themselves are written only by <see cref="ResilienceSnapshotter"/>.
/// </summary>
public sealed class ResilienceWarningRepository
{
    /// <summary>One row per warning and acknowledger (resilience_warning_acks), keeping the first acknowledgement's time.</summary>
    private static readonly Acknowledgements Acks = new("resilience_warning_acks", "warning_id", "acknowledger_id", "resilience_alerts",
        "warning_id", "resilience warning");

    /// <summary>A warning's columns with its acknowledgement count (the primary key's leading column makes it a key lookup).</summary>
    private static readonly string CountedColumns = $"{WarningRow.Columns}, {Acks.CountOf("a.id")} AS acknowledgements";

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;

    public ResilienceWarningRepository(IDbConnectionFactory db, TimeProvider? clock = null)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> resilience events of the shared outbox with an id above
    /// <paramref name="afterEventId"/>, in id order, for <paramref name="cityCodes"/> (null: all; empty: none).
    /// </summary>
    public async Task<IReadOnlyList<ResilienceWarningEvent>> EventsAfterAsync(long afterEventId, IReadOnlyCollection<string>? cityCodes, int limit,
        CancellationToken ct = default)
    {
        if (limit <= 0 || cityCodes is { Count: 0 }) return [];
        await using var c = await _db.OpenAsync(ct);
        var cities = cityCodes is null ? "" : " AND " + _db.Dialect.In("e.city_code", "@cities");
        var rows = await c.QueryAsync<WarningEventRow>(new CommandDefinition($"""
            SELECT {WarningEventRow.Columns}
            FROM alert_events e
            JOIN resilience_alerts a ON a.id = e.resilience_alert_id
            JOIN resilience_snapshots s ON s.id = e.resilience_snapshot_id
            WHERE e.id > @after{cities}
            ORDER BY e.id {_db.Dialect.FirstRows("@take")}
            """, new { after = afterEventId, cities = cityCodes?.Distinct(StringComparer.Ordinal).ToArray() ?? [], take = limit },
            cancellationToken: ct));
        return rows.Select(r => r.ToEvent()).ToArray();
    }

    /// <summary>Warnings newest first (by id), keyset-paged: the page token is the id of the previous page's last warning.</summary>
    public async Task<Page<ResilienceWarning>> ListAsync(ResilienceWarningFilter filter, int pageSize, string? pageToken, CancellationToken ct = default)
    {
        long? before = null;
        if (pageToken is not null)
            before = long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new ArgumentException("not a page token of this listing", nameof(pageToken));
        if (filter.CityCodes is { Count: 0 }) return new Page<ResilienceWarning>([], null);
        var sql = new StringBuilder($"SELECT {CountedColumns} FROM resilience_alerts a WHERE 1 = 1");
        if (before is not null) sql.Append(" AND a.id < @before");
        if (filter.CityCodes is not null) sql.Append(" AND ").Append(_db.Dialect.In("a.city_code", "@cities"));
        if (filter.Status is not null) sql.Append(" AND a.status = @status");
        if (filter.Subject is not null) sql.Append(" AND a.subject = @subject");
        sql.Append(" ORDER BY a.id DESC ").Append(_db.Dialect.FirstRows("@take"));
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<WarningRow>(new CommandDefinition(sql.ToString(), new
        {
            before, cities = filter.CityCodes?.Distinct(StringComparer.Ordinal).ToArray() ?? [], status = (int?)filter.Status,
            subject = filter.Subject, take = pageSize + 1,
        }, cancellationToken: ct))).ToList();
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new Page<ResilienceWarning>(rows.Select(r => r.ToDomain()).ToArray(), more ? rows[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The warning, with its acknowledgement count and its acknowledgements (earliest first); null when there is no such warning.</summary>
    public async Task<ResilienceWarningDetail?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<WarningRow>(new CommandDefinition(
            $"SELECT {CountedColumns} FROM resilience_alerts a WHERE a.id = @id", new { id }, cancellationToken: ct));
        if (row is null) return null;
        return new ResilienceWarningDetail(row.ToDomain(), (await Acks.ListAsync(c, id, ct)).Select(ToDomain).ToArray());
    }

    /// <summary>
    /// Records that <paramref name="acknowledgerId"/> (a training bureau or an analyst) has seen the warning. Idempotent,
    /// exactly as <see cref="Shortages.AlertRepository.AcknowledgeAsync"/>: the first acknowledgement stores the time,
    /// every later one (also a concurrent retry) returns that original time without failing, and <c>First</c> says
    /// whether this call stored it (exactly one of racing first acknowledgements does). Throws
    /// <see cref="MissingReferenceException"/> naming warning_id when the warning does not exist.
    /// </summary>
    public async Task<(ResilienceWarningAck Ack, bool First)> AcknowledgeAsync(long warningId, string acknowledgerId, CancellationToken ct = default)
    {
        var (ack, first) = await Acks.AcknowledgeAsync(_db, warningId, acknowledgerId, DbTime.Now(_clock), ct);
        return (ToDomain(ack), first);
    }

    /// <summary>Every acknowledgement of the warning, earliest first (then acknowledger id); empty for an unknown warning.</summary>
    public async Task<IReadOnlyList<ResilienceWarningAck>> ListAcksAsync(long warningId, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await Acks.ListAsync(c, warningId, ct)).Select(ToDomain).ToArray();
    }

    private static ResilienceWarningAck ToDomain(StoredAck a) => new(a.ItemId, a.AcknowledgerId, a.AckedAt);

    /// <summary>Every stored snapshot, oldest quarter first.</summary>
    public async Task<IReadOnlyList<ResilienceSnapshotInfo>> SnapshotsAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await c.QueryAsync<SnapshotRow>(new CommandDefinition(
                $"SELECT {SnapshotRow.Columns} FROM resilience_snapshots ORDER BY quarter", cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToArray();
    }

    /// <summary>The stored scores of one quarter's snapshot (empty when it has none).</summary>
    public async Task<IReadOnlyList<CityResilienceScores>> ScoresAsync(Quarter quarter, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<ScoreRow>(new CommandDefinition("""
            SELECT r.snapshot_id, r.city_code, r.subject, r.score FROM resilience_scores r
            JOIN resilience_snapshots s ON s.id = r.snapshot_id WHERE s.quarter = @quarter
            ORDER BY r.city_code, r.subject
            """, new { quarter = quarter.ToString() }, cancellationToken: ct));
        return ResilienceSnapshotter.Group(rows);
    }
}
