using System.Globalization;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;

// Usage: MatchingPlatform.FaultInjection PROVIDER CONNECTION_STRING WORKERS
// Writes one import of WORKERS generated workers (with skills, history and one view each) into an already
// migrated database with the reference data synced, printing every progress report on its own line as it
// happens, then "committed ..." or "already imported". The crash tests kill it after a progress line from
// the middle of the bulk copy and then inspect the database.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: MatchingPlatform.FaultInjection PROVIDER CONNECTION_STRING WORKERS");
    return 2;
}
var options = new DatabaseOptions
{
    Provider = Enum.Parse<DatabaseProvider>(args[0], ignoreCase: true),
    ConnectionString = args[1],
};
var count = int.Parse(args[2], CultureInfo.InvariantCulture);

var connections = ConnectionFactories.Create(options);
var batch = CrashBatch.Create(count);
var record = new ImportRecord(CrashBatch.Source, $"crash-{count}", "crash.json",
    batch.Workers.Count + batch.Interactions.Count + batch.Vacancies.Count + batch.Enterprises.Count, 0);
var result = await new DatasetWriter(connections).WriteAsync(batch, record, new ConsoleProgress());
Console.WriteLine(result.AlreadyImported ? "already imported" : $"committed {result.WorkersInserted} workers, {result.InteractionsInserted} interactions");
(connections as IDisposable)?.Dispose();
return 0;

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
