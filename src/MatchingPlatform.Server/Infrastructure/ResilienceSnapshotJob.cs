using MatchingPlatform.Analytics.Resilience;
using MatchingPlatform.Data.Resilience;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Keeps the resilience snapshots up to date inside the server: on the shortage job's schedule
/// (<see cref="ShortageOptions.CheckIntervalSeconds"/>, 0 turns both off) it stores every ended quarter not stored
/// yet, each scored over the quarters up to it, and the warnings they raise reach alert subscribers through the
/// shared outbox. A repeated quarter writes nothing, so replicas and <c>matchctl report resilience --snapshot</c> can
/// race safely.
/// </summary>
internal sealed partial class ResilienceSnapshotJob(
    ResilienceRepository indicators,
    ResilienceSnapshotter snapshotter,
    DatabaseInitializer database,
    AlertSignal signal,
    IOptions<ShortageOptions> schedule,
    IOptions<ResilienceWarningRules> rules,
    TimeProvider clock,
    ILogger<ResilienceSnapshotJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = schedule.Value.CheckIntervalSeconds;
        if (interval == 0) return;
        await database.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval), clock);
        do
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Each quarter is one transaction: a failure wrote nothing for it, and the next tick retries.
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        if (await indicators.DataQuartersAsync(ct) is not { } range) return;
        var outcomes = await snapshotter.CatchUpAsync(range.From, range.To,
            (quarter, token) => ResilienceScoring.SnapshotScoresAsync(indicators, range.From, quarter, token), rules.Value, ct);
        foreach (var o in outcomes.Where(o => o.Taken is { AlreadyExisted: false }))
            LogTaken(o.Quarter.ToString(), o.Taken!.Cities, o.Taken.Opened, o.Taken.Escalated, o.Taken.Closed);
        if (outcomes.Any(o => o.Taken is { AlreadyExisted: false } t && t.Opened + t.Escalated + t.Closed > 0)) signal.Notify();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resilience snapshot {Quarter}: {Cities} cities, warnings {Opened} opened, {Escalated} escalated, {Closed} closed")]
    private partial void LogTaken(string quarter, int cities, int opened, int escalated, int closed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resilience snapshot failed; the next check retries")]
    private partial void LogFailed(Exception ex);
}
