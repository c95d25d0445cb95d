using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;
using static MatchingPlatform.Data.Providers.Dialects.ColumnType;

namespace MatchingPlatform.Data.Resilience;

/// <summary>
/// Stores a quarter's resilience scores and the warnings they raise, in one transaction with their events in the
/// shared alert outbox (alert_events), exactly as <see cref="Shortages.ShortageSnapshotter"/> does for shortages: the
/// same append lock is taken first (so event ids of both subjects become visible in increasing order), one snapshot
/// per quarter (a repeat is a no-op), quarters in order, all or nothing.
/// </summary>
public sealed class ResilienceSnapshotter
{
    private const string OutboxTable = "alert_events";

    private static readonly Table<(Quarter Quarter, long TakenAt, int Cities, ResilienceDecisions D)> Snapshots = new("resilience_snapshots", ["quarter"],
        ("quarter", Text, s => s.Quarter.ToString()), ("taken_at", Long, s => s.TakenAt), ("cities", Int, s => s.Cities),
        ("warnings_opened", Int, s => s.D.Opened.Count), ("warnings_escalated", Int, s => s.D.Escalated.Count),
        ("warnings_closed", Int, s => s.D.Closed.Count));

    private static readonly Table<(long SnapshotId, string City, string Subject, double Score)> Scores = new("resilience_scores",
        ["snapshot_id", "city_code", "subject"],
        ("snapshot_id", Long, s => s.SnapshotId), ("city_code", Text, s => s.City), ("subject", Text, s => s.Subject), ("score", Real, s => s.Score));

    private static readonly Table<(string City, string Subject, ResilienceWarningRule Rule, AlertSeverity Severity, Quarter Since, long SnapshotId, long At, double Score)> Warnings =
        new("resilience_alerts", ["city_code", "subject"],
            ("city_code", Text, w => w.City), ("subject", Text, w => w.Subject), ("rule", Int, w => (int)w.Rule), ("severity", Int, w => (int)w.Severity),
            ("status", Int, _ => (int)Shortages.AlertStatus.Open), ("since_quarter", Text, w => w.Since.ToString()),
            ("opened_snapshot_id", Long, w => w.SnapshotId), ("opened_at", Long, w => w.At), ("score", Real, w => w.Score));

    internal static readonly Table<(long WarningId, string City, AlertEventKind Kind, long SnapshotId, AlertSeverity Severity, double Score, long At)> Events =
        new("alert_events", ["resilience_alert_id", "resilience_snapshot_id"],
            ("resilience_alert_id", Long, e => e.WarningId), ("kind", Int, e => (int)e.Kind), ("resilience_snapshot_id", Long, e => e.SnapshotId),
            ("severity", Int, e => (int)e.Severity), ("ratio", Real, _ => 0.0), ("demand_headcount", Int, _ => 0), ("supply", Int, _ => null),
            ("city_code", Text, e => e.City), ("occurred_at", Long, e => e.At), ("score", Real, e => e.Score));

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;

    public ResilienceSnapshotter(IDbConnectionFactory db, TimeProvider? clock = null)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Takes the snapshot of every quarter from <paramref name="from"/> to <paramref name="to"/> that is not stored yet,
    /// in order, each with the scores <paramref name="scoresThrough"/> computes for it (over the quarters up to it: what
    /// was known then). Stored quarters are skipped; a quarter older than the newest stored one is reported, not
    /// taken. The server's background job and <c>matchctl report resilience --snapshot</c> both catch up this way; the
    /// caller supplies the index computation (Analytics), which this storage layer does not reference.
    /// </summary>
    public async Task<IReadOnlyList<ResilienceCatchUp>> CatchUpAsync(Quarter from, Quarter to,
        Func<Quarter, CancellationToken, Task<IReadOnlyList<CityResilienceScores>>> scoresThrough, ResilienceWarningRules rules,
        CancellationToken ct = default)
    {
        await using (var c = await _db.OpenAsync(ct))
        {
            var stored = (await c.QueryAsync<string>(new CommandDefinition("SELECT quarter FROM resilience_snapshots", cancellationToken: ct)))
                .ToHashSet(StringComparer.Ordinal);
            var outcomes = new List<ResilienceCatchUp>();
            foreach (var quarter in Quarter.Range(from, to))
            {
                if (stored.Contains(quarter.ToString()))
                {
                    outcomes.Add(new ResilienceCatchUp(quarter, null, "already stored"));
                    continue;
                }
                try
                {
                    outcomes.Add(new ResilienceCatchUp(quarter, await TakeAsync(quarter, await scoresThrough(quarter, ct), rules, ct), null));
                }
                catch (StateConflictException ex)
                {
                    outcomes.Add(new ResilienceCatchUp(quarter, null, ex.Message));
                }
            }
            return outcomes;
        }
    }

    /// <summary>
    /// Stores <paramref name="scores"/> (index and dimensions per city, 0..100) as the snapshot of
    /// <paramref name="quarter"/>, decides the warnings with <paramref name="rules"/> against the stored snapshots before
    /// it and the open warnings, and writes the warning changes and their outbox events in the same transaction.
    /// </summary>
    /// <exception cref="StateConflictException">A later quarter is already stored.</exception>
    public async Task<ResilienceSnapshotInfo> TakeAsync(Quarter quarter, IReadOnlyList<CityResilienceScores> scores, ResilienceWarningRules rules,
        CancellationToken ct = default)
    {
        if (rules.Validate() is { Count: > 0 } problems) throw new ArgumentException(string.Join(" ", problems), nameof(rules));
        foreach (var s in scores)
            foreach (var (subject, score) in s.Scores)
            {
                if (!ResilienceSubjects.IsKnown(subject)) throw new ArgumentException($"unknown subject '{subject}'", nameof(scores));
                if (!(score >= 0 && score <= 100)) throw new ArgumentException($"{s.CityCode} {subject}: score {score} is not in 0..100", nameof(scores));
            }
        var dialect = _db.Dialect;
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (dialect.LockForAppend(OutboxTable) is { } lockSql)
            await c.ExecuteAsync(new CommandDefinition(lockSql, transaction: tx, cancellationToken: ct));

        var snapshots = (await c.QueryAsync<SnapshotRow>(new CommandDefinition(
            $"SELECT {SnapshotRow.Columns} FROM resilience_snapshots ORDER BY quarter", transaction: tx, cancellationToken: ct))).ToList();
        if (snapshots.FirstOrDefault(s => s.Quarter == quarter.ToString()) is { } stored) return stored.ToDomain() with { AlreadyExisted = true };
        if (snapshots.Count > 0 && string.CompareOrdinal(snapshots[^1].Quarter, quarter.ToString()) > 0)
            throw new StateConflictException(
                $"cannot snapshot quarter {quarter}: quarter {snapshots[^1].Quarter} is stored, and warnings are decided from the quarters before theirs (take quarters in order)");

        var needed = rules.ToAlertRuleSet().HistoryNeeded;
        var history = new List<(Quarter, IReadOnlyList<CityResilienceScores>)>();
        foreach (var s in snapshots.Skip(Math.Max(0, snapshots.Count - needed)))
        {
            var rows = await c.QueryAsync<ScoreRow>(new CommandDefinition(
                "SELECT city_code, subject, score FROM resilience_scores WHERE snapshot_id = @id", new { id = s.Id }, tx, cancellationToken: ct));
            history.Add((Quarter.Parse(s.Quarter), Group(rows)));
        }
        var open = (await c.QueryAsync<WarningRow>(new CommandDefinition(
            $"SELECT {WarningRow.Columns} FROM resilience_alerts a WHERE a.status = 1", transaction: tx, cancellationToken: ct))).ToList();
        var decisions = ResilienceWarningEngine.Evaluate(rules, quarter, scores, history,
            open.Select(o => new OpenResilienceWarning(o.Id, o.CityCode, o.Subject, (ResilienceWarningRule)o.Rule, (AlertSeverity)o.Severity,
                Quarter.Parse(o.SinceQuarter))).ToArray());

        var now = DbTime.ToMs(DbTime.Now(_clock));
        long snapshotId;
        try
        {
            snapshotId = await c.ExecuteScalarAsync<long>(new CommandDefinition(dialect.InsertReturning(Snapshots, "id"),
                Snapshots.Parameters((quarter, now, scores.Count, decisions)), tx, cancellationToken: ct));
        }
        catch (DbException ex) when (dialect.IsUniqueViolation(ex))
        {
            throw new StateConflictException($"the snapshot of quarter {quarter} was written concurrently");
        }
        var scoreRows = scores.SelectMany(s => s.Scores.Select(x => (snapshotId, s.CityCode, x.Key, x.Value))).ToArray();
        await dialect.BulkInsertAsync(c, tx, Scores, scoreRows, skipExisting: false, progress: null, ct);

        var openById = open.ToDictionary(o => o.Id);
        var events = new List<(long, string, AlertEventKind, long, AlertSeverity, double, long)>();
        var closed = new List<(long, string, AlertEventKind, long, AlertSeverity, double, long)>();
        var escalated = new List<(long, string, AlertEventKind, long, AlertSeverity, double, long)>();
        // Closings first: one open warning per key at any moment, even inside the transaction.
        foreach (var (id, score) in decisions.Closed)
        {
            var w = openById[id];
            await One(c, tx, """
                UPDATE resilience_alerts SET status = 2, closed_snapshot_id = @snapshotId,
                    closed_at = CASE WHEN opened_at > @now THEN opened_at ELSE @now END, score = COALESCE(@score, score)
                WHERE id = @id AND status = 1
                """, new { id, snapshotId, now, score }, ct);
            closed.Add((id, w.CityCode, AlertEventKind.Closed, snapshotId, (AlertSeverity)w.Severity, score ?? w.Score, now));
        }
        foreach (var (id, severity, score) in decisions.Escalated)
        {
            await One(c, tx, "UPDATE resilience_alerts SET severity = @severity, score = @score WHERE id = @id AND status = 1",
                new { id, severity = (int)severity, score }, ct);
            escalated.Add((id, openById[id].CityCode, AlertEventKind.Escalated, snapshotId, severity, score, now));
        }
        foreach (var o in decisions.Opened)
        {
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(dialect.InsertReturning(Warnings, "id"),
                Warnings.Parameters((o.City, o.Subject, o.Rule, o.Severity, o.Since, snapshotId, now, o.Score)), tx, cancellationToken: ct));
            events.Add((id, o.City, AlertEventKind.Opened, snapshotId, o.Severity, o.Score, now));
        }
        // Event order as for shortages: opened, escalated, closed, each in the decisions' (city, subject) order.
        events.AddRange(escalated);
        events.AddRange(closed);
        if (events.Count > 0)
            await c.ExecuteAsync(new CommandDefinition(Events.InsertSql, events.Select(Events.Parameters).ToList(), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new ResilienceSnapshotInfo(snapshotId, quarter, DbTime.FromMs(now), scores.Count, decisions.Opened.Count, decisions.Escalated.Count,
            decisions.Closed.Count);
    }

    internal static IReadOnlyList<CityResilienceScores> Group(IEnumerable<ScoreRow> rows) =>
        rows.GroupBy(r => r.CityCode, StringComparer.Ordinal)
            .Select(g => new CityResilienceScores(g.Key, g.ToDictionary(r => r.Subject, r => r.Score, StringComparer.Ordinal)))
            .ToArray();

    private static async Task One(DbConnection c, DbTransaction tx, string sql, object args, CancellationToken ct)
    {
        if (await c.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct)) != 1)
            throw new InvalidOperationException("a warning the decisions change is no longer open");
    }
}

internal sealed class SnapshotRow
{
    public const string Columns = "id, quarter, taken_at, cities, warnings_opened, warnings_escalated, warnings_closed";
    public long Id { get; set; }
    public string Quarter { get; set; } = "";
    public long TakenAt { get; set; }
    public long Cities { get; set; }
    public long WarningsOpened { get; set; }
    public long WarningsEscalated { get; set; }
    public long WarningsClosed { get; set; }

    public ResilienceSnapshotInfo ToDomain() => new(Id, Resilience.Quarter.Parse(Quarter), DbTime.FromMs(TakenAt), (int)Cities, (int)WarningsOpened,
        (int)WarningsEscalated, (int)WarningsClosed);
}

internal sealed class ScoreRow
{
    public long SnapshotId { get; set; }
    public string CityCode { get; set; } = "";
    public string Subject { get; set; } = "";
    public double Score { get; set; }
}

internal class WarningRow
{
    public const string Columns = """
        a.id, a.city_code, a.subject, a.rule, a.severity, a.status, a.since_quarter, a.opened_snapshot_id, a.opened_at,
        a.closed_snapshot_id, a.closed_at, a.score
        """;
    public long Id { get; set; }
    public string CityCode { get; set; } = "";
    public string Subject { get; set; } = "";
    public long Rule { get; set; }
    public long Severity { get; set; }
    public long Status { get; set; }
    public string SinceQuarter { get; set; } = "";
    public long OpenedSnapshotId { get; set; }
    public long OpenedAt { get; set; }
    public long? ClosedSnapshotId { get; set; }
    public long? ClosedAt { get; set; }
    public double Score { get; set; }
    /// <summary>Read only where the query counts them (<see cref="ResilienceWarningRepository"/>'s listing and GetAsync).</summary>
    public long? Acknowledgements { get; set; }

    public ResilienceWarning ToDomain() => new(Id, CityCode, Subject, (ResilienceWarningRule)Rule, (AlertSeverity)Severity,
        (Shortages.AlertStatus)Status, Quarter.Parse(SinceQuarter), OpenedSnapshotId, DbTime.FromMs(OpenedAt), ClosedSnapshotId,
        DbTime.FromMs(ClosedAt), Score, (int?)Acknowledgements);
}

internal sealed class WarningEventRow : WarningRow
{
    public new const string Columns = """
        e.id AS event_id, e.kind AS event_kind, e.resilience_snapshot_id AS event_snapshot_id, s.quarter AS event_quarter,
        e.severity AS event_severity, e.score AS event_score, e.occurred_at AS event_occurred_at,
        """ + WarningRow.Columns;
    public long EventId { get; set; }
    public long EventKind { get; set; }
    public long EventSnapshotId { get; set; }
    public string EventQuarter { get; set; } = "";
    public long EventSeverity { get; set; }
    public double EventScore { get; set; }
    public long EventOccurredAt { get; set; }

    public ResilienceWarningEvent ToEvent() => new(EventId, (AlertEventKind)EventKind, EventSnapshotId, Quarter.Parse(EventQuarter),
        (AlertSeverity)EventSeverity, EventScore, DbTime.FromMs(EventOccurredAt), ToDomain());
}

/// <summary>One quarter of a catch-up: the snapshot taken, or why none was (already stored, out of order).</summary>
public sealed record ResilienceCatchUp(Quarter Quarter, ResilienceSnapshotInfo? Taken, string? Note);
