using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Shortages;

/// <summary>The alert decision step of a snapshot: <see cref="AlertRuleEngine.Evaluate"/> in production.</summary>
internal delegate AlertDecisions AlertEvaluator(AlertRuleSet rules, SnapshotPeriod period, IReadOnlyList<ShortageStat> current,
    IReadOnlyList<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)> history, IReadOnlyList<OpenAlert> open);

/// <summary>The near-qualified search of a snapshot: <see cref="NearQualifiedFinder.Find"/> in production.</summary>
internal delegate IReadOnlyList<NearQualifiedSeeker> NearQualifiedSearch(string skillCode, IReadOnlyList<VacancyRequirements> vacancies,
    IEnumerable<SeekerSkills> seekers);

/// <summary>
/// Takes a shortage snapshot: computes the statistics, decides the alerts, and writes both in one transaction
/// (the outbox pattern: an alert event exists exactly when its snapshot does). Used by the server's background
/// job, the snapshot RPC and <c>matchctl snapshot</c>, on any number of replicas at once.
/// </summary>
/// <remarks>
/// Guarantees, on every provider:
/// <list type="bullet">
/// <item>One snapshot per period. A period already stored is reported (<see cref="SnapshotOutcome.AlreadyExisted"/>)
/// and nothing is written, so a retried or duplicated run never duplicates alerts or events; of two replicas
/// snapshotting the same period at once, exactly one writes it.</item>
/// <item>Event ids become visible in increasing order: snapshot writers are serialised by the dialect's
/// <see cref="Providers.Dialects.ISqlDialect.LockForAppend"/> taken first in the write transaction, so a bureau that
/// resumes "after the last id seen" never misses an event committed later with a lower id.</item>
/// <item>Periods are taken in order. A period older than the newest stored one is refused
/// (<see cref="StateConflictException"/>): its alert decisions would ignore the newer snapshots, and alerts opened
/// or closed after it would no longer follow from the history before them.</item>
/// <item>All or nothing: a process killed before the commit leaves no snapshot, statistics, alert or event.</item>
/// </list>
/// </remarks>
public sealed class ShortageSnapshotter
{
    private const string OutboxTable = "alert_events";

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;
    private readonly AlertEvaluator _evaluate;
    private readonly NearQualifiedSearch _findNearQualified;

    public ShortageSnapshotter(IDbConnectionFactory db, TimeProvider? clock = null)
        : this(db, clock, AlertRuleEngine.Evaluate, NearQualifiedFinder.Find)
    {
    }

    /// <summary>With other decision logic: lets the storage tests script exact decisions.</summary>
    internal ShortageSnapshotter(IDbConnectionFactory db, TimeProvider? clock, AlertEvaluator evaluate, NearQualifiedSearch findNearQualified)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
        _evaluate = evaluate;
        _findNearQualified = findNearQualified;
    }

    /// <summary>
    /// Snapshots <paramref name="period"/> with statistics as of <paramref name="asOf"/> (the current time for the
    /// running job, <see cref="SnapshotPeriod.EndInstant"/> for a backfill), evaluates <paramref name="rules"/>, and
    /// stores the statistics, the alert changes, their events and, for each opened alert, at most
    /// <paramref name="nearQualifiedListLimit"/> near-qualified seekers (the alert keeps the full count).
    /// </summary>
    /// <param name="progress">One line per step; "shortage_stats written, committing" when everything is written and the commit is next.</param>
    /// <param name="beforeCommit">Runs after that line, inside the open transaction, before the commit (the crash tests pause here).</param>
    /// <exception cref="StateConflictException">A later period is already stored.</exception>
    public async Task<SnapshotOutcome> TakeAsync(SnapshotPeriod period, DateTimeOffset asOf, AlertRuleSet rules, int nearQualifiedListLimit,
        IProgress<string>? progress = null, Func<CancellationToken, Task>? beforeCommit = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period.LengthDays, 1, nameof(period));
        ArgumentOutOfRangeException.ThrowIfNegative(nearQualifiedListLimit);
        if (rules.Validate() is { Count: > 0 } problems) throw new ArgumentException(string.Join(" ", problems), nameof(rules));
        var watch = Stopwatch.StartNew();
        var dialect = _db.Dialect;

        // Cheap checks first, so that a replica arriving second does not compute anything. They are repeated under
        // the lock below, which is what makes them hold.
        await using (var c = await _db.OpenAsync(ct))
        {
            if (await ShortageQueries.SnapshotOfPeriodAsync(c, null, period.Start, ct) is { } stored) return Existing(stored, watch);
            ThrowIfOutOfOrder(period, await ShortageQueries.NewestSnapshotAsync(c, null, dialect, ct));
        }

        // The aggregation runs outside the write transaction (on its own connection), so the lock below is held only
        // for the decisions and the writes. It depends on nothing a concurrent snapshot writes.
        IReadOnlyList<ShortageStat> stats;
        await using (var c = await _db.OpenAsync(ct)) stats = await ShortageQueries.ComputeAsync(c, null, asOf, asOf, ct);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"shortage_stats: {stats.Count} rows as of {asOf:O} for period {period}"));

        await using var connection = await _db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (dialect.LockForAppend(OutboxTable) is { } lockSql)
            await connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: tx, cancellationToken: ct));

        // Under the lock: whatever another writer did is committed and visible now, and nobody else writes until we end.
        if (await ShortageQueries.SnapshotOfPeriodAsync(connection, tx, period.Start, ct) is { } raced) return Existing(raced, watch);
        ThrowIfOutOfOrder(period, await ShortageQueries.NewestSnapshotAsync(connection, tx, dialect, ct));
        var history = await ShortageQueries.HistoryAsync(connection, tx, dialect, period.Start, rules.HistoryNeeded, ct);
        var open = await ShortageQueries.OpenAlertsAsync(connection, tx, ct);
        var decisions = _evaluate(rules, period, stats, history, open.Select(a => a.ToOpenAlert()).ToArray());
        progress?.Report($"alerts: {decisions.Opened.Count} opened, {decisions.Escalated.Count} escalated, {decisions.Closed.Count} closed");
        var nearQualified = await FindNearQualifiedAsync(connection, tx, decisions.Opened, asOf, ct);

        var now = DbTime.Now(_clock);
        long snapshotId;
        try
        {
            var inserted = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                dialect.InsertIfAbsent(ShortageTables.Snapshots, returning: "id"),
                ShortageTables.Snapshots.Parameters(new NewSnapshot(period, asOf, now, stats.Count,
                    decisions.Opened.Count, decisions.Escalated.Count, decisions.Closed.Count)),
                tx, cancellationToken: ct));
            // Skipped only if a writer that did not take the lock stored the period in between: still exactly one.
            if (inserted is null) return await ExistingAfterRollbackAsync(tx, period, watch, ct);
            snapshotId = inserted.Value;
        }
        catch (DbException ex) when (dialect.IsUniqueViolation(ex))
        {
            return await ExistingAfterRollbackAsync(tx, period, watch, ct);
        }

        await dialect.BulkInsertAsync(connection, tx, ShortageTables.Stats, stats.Select(s => (snapshotId, s)).ToArray(),
            skipExisting: false, progress, ct);
        await WriteAlertsAsync(connection, tx, snapshotId, now, decisions, open, nearQualified, nearQualifiedListLimit, ct);

        progress?.Report("shortage_stats written, committing");
        if (beforeCommit is not null) await beforeCommit(ct);
        await tx.CommitAsync(ct);
        return new SnapshotOutcome(snapshotId, period, false, stats.Count, decisions.Opened.Count, decisions.Escalated.Count,
            decisions.Closed.Count, watch.Elapsed);
    }

    /// <summary>
    /// The near-qualified seekers of each opened alert, from two queries whatever the number of alerts: the open
    /// vacancies (with requirements) and the active seekers (with skills) of every affected city.
    /// </summary>
    private async Task<Dictionary<ShortageKey, IReadOnlyList<NearQualifiedSeeker>>> FindNearQualifiedAsync(
        DbConnection c, DbTransaction tx, IReadOnlyList<AlertOpening> opened, DateTimeOffset asOf, CancellationToken ct)
    {
        var found = new Dictionary<ShortageKey, IReadOnlyList<NearQualifiedSeeker>>();
        if (opened.Count == 0) return found;
        var cities = opened.Select(o => o.Stat.Key.CityCode).Distinct(StringComparer.Ordinal).ToArray();
        var vacancies = await ShortageQueries.OpenVacanciesAsync(c, tx, _db.Dialect, cities, asOf, ct);
        var seekers = (await ShortageQueries.SeekersAsync(c, tx, _db.Dialect, cities, asOf, ct)).ToLookup(s => s.CityCode, s => s.Seeker, StringComparer.Ordinal);
        // Grouped once by (city, industry): each alert then reads only its own group, not every open vacancy.
        var byArea = vacancies.ToLookup(v => (v.CityCode, v.IndustryCode));
        foreach (var opening in opened)
        {
            var key = opening.Stat.Key;
            // The shortage's own vacancies: open then, in its city and industry, requiring its skill.
            var shortage = byArea[(key.CityCode, key.IndustryCode)]
                .Where(v => v.Vacancy.Requirements.Any(r => r.SkillCode == key.SkillCode))
                .Select(v => new VacancyRequirements(v.Vacancy.VacancyId, v.Vacancy.Requirements))
                .ToArray();
            found[key] = _findNearQualified(key.SkillCode, shortage, seekers[key.CityCode]);
        }
        return found;
    }

    private async Task WriteAlertsAsync(DbConnection c, DbTransaction tx, long snapshotId, DateTimeOffset now, AlertDecisions decisions,
        IReadOnlyList<AlertRow> open, Dictionary<ShortageKey, IReadOnlyList<NearQualifiedSeeker>> nearQualified, int listLimit, CancellationToken ct)
    {
        var openById = open.ToDictionary(a => a.Id);
        var closedEvents = new List<NewAlertEvent>();
        var escalatedEvents = new List<NewAlertEvent>();
        AlertRow OpenAlert(long id) => openById.TryGetValue(id, out var a)
            ? a
            : throw new InvalidOperationException($"the alert decisions name alert {id}, which is not open");

        // Closings first: the partial unique index allows one open alert per key at any moment, even inside the transaction.
        foreach (var closing in decisions.Closed)
        {
            var alert = OpenAlert(closing.AlertId);
            var s = closing.Stat;
            // Figures are kept when the key has no demand left (there are none to take); closed_at never precedes opened_at.
            await UpdateOneAsync(c, tx, """
                UPDATE alerts SET status = 2, closed_snapshot_id = @snapshotId,
                    closed_at = CASE WHEN opened_at > @now THEN opened_at ELSE @now END,
                    required_level = COALESCE(@level, required_level), ratio = COALESCE(@ratio, ratio),
                    demand_headcount = COALESCE(@demand, demand_headcount), supply = COALESCE(@supply, supply)
                WHERE id = @id AND status = 1
                """, new
            {
                id = alert.Id, snapshotId, now = DbTime.ToMs(now), level = s?.RequiredLevel, ratio = s?.Ratio,
                demand = s?.DemandHeadcount, supply = s?.Supply,
            }, ct);
            closedEvents.Add(new NewAlertEvent(alert.Id, alert.Key, AlertEventKind.Closed, snapshotId, (AlertSeverity)alert.Severity, s, now));
        }
        foreach (var escalation in decisions.Escalated)
        {
            var alert = OpenAlert(escalation.AlertId);
            var s = escalation.Stat;
            await UpdateOneAsync(c, tx, """
                UPDATE alerts SET severity = @severity, required_level = @level, ratio = @ratio, demand_headcount = @demand, supply = @supply
                WHERE id = @id AND status = 1
                """, new { id = alert.Id, severity = (int)escalation.Severity, level = s.RequiredLevel, ratio = s.Ratio, demand = s.DemandHeadcount, supply = s.Supply }, ct);
            escalatedEvents.Add(new NewAlertEvent(alert.Id, alert.Key, AlertEventKind.Escalated, snapshotId, escalation.Severity, s, now));
        }
        var listed = new List<(long AlertId, NearQualifiedSeeker Seeker)>();
        var openedEvents = new List<NewAlertEvent>();
        foreach (var opening in decisions.Opened)
        {
            var seekers = nearQualified.GetValueOrDefault(opening.Stat.Key) ?? [];
            var alertId = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                _db.Dialect.InsertReturning(ShortageTables.Alerts, "id"),
                ShortageTables.Alerts.Parameters(new NewAlert(opening, snapshotId, now, seekers.Count)), tx, cancellationToken: ct));
            listed.AddRange(seekers.Take(listLimit).Select(s => (alertId, s)));
            openedEvents.Add(new NewAlertEvent(alertId, opening.Stat.Key, AlertEventKind.Opened, snapshotId, opening.Severity, opening.Stat, now));
        }
        await _db.Dialect.BulkInsertAsync(c, tx, ShortageTables.NearQualified, listed, skipExisting: false, progress: null, ct);

        // Events in the order of the outcome's counts (opened, escalated, closed), each in the decisions' key order.
        var events = openedEvents.Concat(escalatedEvents).Concat(closedEvents).ToList();
        if (events.Count > 0)
            await c.ExecuteAsync(new CommandDefinition(ShortageTables.Events.InsertSql, events.Select(ShortageTables.Events.Parameters).ToList(),
                tx, cancellationToken: ct));
    }

    private static async Task UpdateOneAsync(DbConnection c, DbTransaction tx, string sql, object parameters, CancellationToken ct)
    {
        if (await c.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct)) != 1)
            throw new InvalidOperationException("an alert the decisions change is no longer open");
    }

    private static void ThrowIfOutOfOrder(SnapshotPeriod period, SnapshotRow? newest)
    {
        if (newest is not null && newest.Period.Start > period.Start)
            throw new StateConflictException(
                $"cannot snapshot period {period}: snapshot {newest.PeriodStart} is newer, and alerts are decided from the snapshots before theirs (take periods in order)");
    }

    private static SnapshotOutcome Existing(SnapshotRow row, Stopwatch watch) => new(row.Id, row.Period, true, (int)row.StatRows,
        (int)row.AlertsOpened, (int)row.AlertsEscalated, (int)row.AlertsClosed, watch.Elapsed);

    private async Task<SnapshotOutcome> ExistingAfterRollbackAsync(DbTransaction tx, SnapshotPeriod period, Stopwatch watch, CancellationToken ct)
    {
        await tx.RollbackAsync(ct);
        await using var c = await _db.OpenAsync(ct);
        return await ShortageQueries.SnapshotOfPeriodAsync(c, null, period.Start, ct) is { } stored
            ? Existing(stored, watch)
            : throw new InvalidOperationException($"the snapshot of period {period} collided with another write but is not stored");
    }
}
