using System.Globalization;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;

// Usage: MatchingPlatform.FaultInjection PROVIDER CONNECTION_STRING WORKERS
//        MatchingPlatform.FaultInjection snapshot PROVIDER CONNECTION_STRING PERIOD_START AS_OF_UNIX_MS [--pause-before-commit]
// A child process for the crash tests, which kill it part-way and then inspect the database (already migrated, with
// the reference data synced). Every progress report is printed on its own line as it happens.
// Import mode writes one import of WORKERS generated workers (with skills, history and one view each), then prints
// "committed ..." or "already imported"; the tests kill it after a progress line from the middle of the bulk copy.
// Snapshot mode takes the weekly shortage snapshot of PERIOD_START (yyyy-MM-dd) as of AS_OF_UNIX_MS with alert rules
// that open an alert on the first snapshot in shortage, then prints "committed snapshot ..." or "already exists".
// With --pause-before-commit it stops after "shortage_stats written, committing" (everything written, the transaction
// still open), prints "paused before commit" and waits to be killed.
const string Usage = """
    usage: MatchingPlatform.FaultInjection PROVIDER CONNECTION_STRING WORKERS
           MatchingPlatform.FaultInjection snapshot PROVIDER CONNECTION_STRING PERIOD_START AS_OF_UNIX_MS [--pause-before-commit]
    """;
if (args is ["snapshot", var snapshotProvider, var snapshotConnection, var periodStart, var asOfMs, .. var flags]
    && flags is [] or ["--pause-before-commit"])
    return await SnapshotMode.RunAsync(Options(snapshotProvider, snapshotConnection),
        DateOnly.ParseExact(periodStart, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(asOfMs, CultureInfo.InvariantCulture)), pause: flags.Length == 1);
if (args.Length != 3 || args[0] == "snapshot")
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var options = Options(args[0], args[1]);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);

var connections = ConnectionFactories.Create(options);
var batch = CrashBatch.Create(count);
var record = new ImportRecord(CrashBatch.Source, $"crash-{count}", "crash.json",
    batch.Workers.Count + batch.Interactions.Count + batch.Vacancies.Count + batch.Enterprises.Count, 0);
var result = await new DatasetWriter(connections).WriteAsync(batch, record, new ConsoleProgress());
Console.WriteLine(result.AlreadyImported ? "already imported" : $"committed {result.WorkersInserted} workers, {result.InteractionsInserted} interactions");
(connections as IDisposable)?.Dispose();
return 0;

static DatabaseOptions Options(string provider, string connectionString) => new()
{
    Provider = Enum.Parse<DatabaseProvider>(provider, ignoreCase: true),
    ConnectionString = connectionString,
};

/// <summary>The snapshot the crash tests kill before its commit.</summary>
internal static class SnapshotMode
{
    /// <summary>Rules under which a key in shortage opens an alert at once (no history needed).</summary>
    private static readonly AlertRuleSet Rules = new()
    {
        ConsecutiveSnapshots = 1, ClearAfterSnapshots = 1, MinDemand = 2, RatioThreshold = 3.0, Trend = new TrendRule { Enabled = false },
    };

    public static async Task<int> RunAsync(DatabaseOptions options, DateOnly periodStart, DateTimeOffset asOf, bool pause)
    {
        var connections = ConnectionFactories.Create(options);
        try
        {
            var outcome = await new ShortageSnapshotter(connections).TakeAsync(new SnapshotPeriod(periodStart, 7), asOf, Rules,
                nearQualifiedListLimit: 50, new ConsoleProgress(), pause ? PauseAsync : null);
            Console.WriteLine(outcome.AlreadyExisted
                ? $"already exists: snapshot {outcome.SnapshotId}"
                : $"committed snapshot {outcome.SnapshotId}: {outcome.StatRows} stats, {outcome.Opened} opened, {outcome.Escalated} escalated, {outcome.Closed} closed");
            return 0;
        }
        finally
        {
            (connections as IDisposable)?.Dispose();
        }
    }

    private static async Task PauseAsync(CancellationToken ct)
    {
        Console.Out.WriteLine("paused before commit");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite, ct);
    }
}

/// <summary>The batch the crash tests import: deterministic, so a rerun writes the same rows.</summary>
internal static class CrashBatch
{
    public const string Source = "fault-injection";
    private static readonly DateTimeOffset At = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static DatasetBatch Create(int workers)
    {
        var vacancies = Enumerable.Range(0, 10).Select(i => new Vacancy
        {
            Id = $"crash-v-{i}", EnterpriseId = "crash-e-0", Title = "Welder", CityCode = "anshan", IndustryCode = "metallurgy-steel",
            Requirements = [new SkillRequirement("python", 2, 3)], SalaryMinMonthly = 4000, SalaryMaxMonthly = 6000, PostedAt = At,
        }).ToList();
        return new DatasetBatch
        {
            Enterprises = [new Enterprise { Id = "crash-e-0", Name = "Anshan Steel", CityCode = "anshan", IndustryCode = "metallurgy-steel", CreatedAt = At, UpdatedAt = At }],
            Vacancies = vacancies,
            Workers = Enumerable.Range(0, workers).Select(i => new Worker
            {
                Id = $"crash-w-{i:D6}", DisplayName = $"Worker {i}", CityCode = i % 2 == 0 ? "anshan" : "shenyang",
                Education = Education.SeniorSecondary, ExperienceYears = i % 30, Gender = (Gender)(i % 3), ActivelySeeking = i % 4 != 0,
                Skills = [new SkillLevel("python", 1 + i % 5), new SkillLevel("sql", 2)],
                History = [new WorkHistoryEntry("anshan", null, "Anshan Steel", "metallurgy-steel", new DateOnly(2010, 1, 1), new DateOnly(2020, 1, 1))],
                CreatedAt = At, UpdatedAt = At,
            }).ToList(),
            Interactions = Enumerable.Range(0, workers)
                .Select(i => new Interaction(0, $"crash-w-{i:D6}", $"crash-v-{i % 10}", InteractionType.View, At.AddSeconds(i))).ToList(),
        };
    }
}

/// <summary>Each report is written and flushed at once: the parent decides when to kill from these lines.</summary>
internal sealed class ConsoleProgress : IProgress<string>
{
    public void Report(string value)
    {
        Console.Out.WriteLine(value);
        Console.Out.Flush();
    }
}
