using System.Diagnostics;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Shortages;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Takes one shortage snapshot per period inside the server. Every few minutes it checks whether the current
/// period has its snapshot and takes it when not; on an empty database it first replays past periods so the
/// alert rules have history. Snapshots, with the alerts they raise, are one transaction each (see
/// <see cref="ShortageSnapshotter"/>); a snapshot of a period that already has one writes nothing, so replicas
/// and <c>matchctl snapshot</c> can race for a period safely. Runs beside serving, never in front of it.
/// </summary>
internal sealed partial class ShortageSnapshotJob(
    ShortageSnapshotter snapshotter,
    ShortageRepository shortages,
    DatabaseInitializer database,
    AlertSignal signal,
    IOptions<ShortageOptions> options,
    IOptions<AlertRuleSet> rules,
    TimeProvider clock,
    ILogger<ShortageSnapshotJob> logger) : BackgroundService
{
    // One snapshot at a time from this process: the database settles races between processes.
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckIntervalSeconds;
        if (interval == 0) return;
        await database.Ready.WaitAsync(stoppingToken);
        try
        {
            await BackfillIfEmptyAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval), clock);
        do
        {
            try
            {
                await TakeCurrentAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed snapshot wrote nothing (one transaction); the next tick tries again.
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The current period's snapshot, taken now unless it exists (then nothing is written).</summary>
    public async Task<SnapshotOutcome> TakeCurrentAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await TakeAsync(SnapshotPeriod.Containing(now, options.Value.PeriodDays), now, ct);
    }

    private async Task BackfillIfEmptyAsync(CancellationToken ct)
    {
        var periods = options.Value.BackfillPeriodsWhenEmpty;
        if (periods == 0 || await shortages.LatestSnapshotAsync(ct) is not null) return;
        var current = SnapshotPeriod.Containing(clock.GetUtcNow(), options.Value.PeriodDays);
        var period = current;
        for (var i = 0; i < periods; i++) period = period.Previous;
        LogBackfilling(periods, period.ToString());
        for (; period != current; period = period.Next)
            await TakeAsync(period, period.EndInstant, ct);
    }

    private async Task<SnapshotOutcome> TakeAsync(SnapshotPeriod period, DateTimeOffset asOf, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = await snapshotter.TakeAsync(period, asOf, rules.Value, options.Value.NearQualifiedListLimit,
                new Progress<string>(LogProgress), ct: ct);
            if (!outcome.AlreadyExisted)
            {
                LogTaken(period.ToString(), outcome.StatRows, outcome.Opened, outcome.Escalated, outcome.Closed,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (outcome.Opened + outcome.Escalated + outcome.Closed > 0) signal.Notify();
            }
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No shortage snapshot stored: replaying {Periods} past periods from {First}")]
    private partial void LogBackfilling(int periods, string first);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snapshot: {Progress}")]
    private partial void LogProgress(string progress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shortage snapshot {Period}: {Rows} rows, alerts {Opened} opened, {Escalated} escalated, {Closed} closed ({ElapsedMs:F0} ms)")]
    private partial void LogTaken(string period, int rows, int opened, int escalated, int closed, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shortage snapshot failed; nothing was written and the next check retries")]
    private partial void LogFailed(Exception ex);
}
