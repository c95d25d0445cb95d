using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Import.Job51;
using MatchingPlatform.Data.Import.Skills;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl backtest-alerts: replays history through the alert rules so thresholds are chosen from data. It
/// builds a scratch SQLite database, (1) writes the demo dataset and takes a snapshot per period over its whole
/// window with the production SQL, (2) adds the real 51job postings as demand, one snapshot per day of their
/// posting window against the demo's seekers as supply, and runs each rule variant over both series with the
/// production rule engine (<see cref="AlertBacktest"/>). Nothing is written to the platform's database.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var periodDays = new Option<int>("--period-days") { Description = "Snapshot period of the demo replay in days", DefaultValueFactory = _ => 7 };
        var rules = new Option<string?>("--rules") { Description = "JSON file with an \"AlertRules\" object to use as the configured variant" };
        var job51 = new Option<string>("--job51")
        {
            Description = "The 51job postings CSV (job51_bigdata_2019)",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "job51_bigdata_2019", "51job_bigdata_2019_utf8.csv"),
        };
        var noJob51 = new Option<bool>("--no-job51") { Description = "Replay the demo history only" };
        var workers = new Option<int>("--workers") { Description = "Demo workers", DefaultValueFactory = _ => new DemoDataOptions().Workers };
        var vacancies = new Option<int>("--vacancies") { Description = "Demo vacancies", DefaultValueFactory = _ => new DemoDataOptions().Vacancies };
        var json = new Option<string?>("--json") { Description = "Also write both reports as JSON to this file" };
        var command = new Command("backtest-alerts", "Replay the demo history (and the 51job postings as demand) through the alert rules: how early each rule fires, how often on noise")
        {
            periodDays, rules, job51, noJob51, workers, vacancies, json, CliDatabase.DataDirectory,
        };
        command.SetAction(async (parse, ct) =>
        {
            var days = parse.GetValue(periodDays);
            if (days is < 1 or > 92) throw new CliException("--period-days must be between 1 and 92");
            var configured = ShortageCommands.LoadRules(parse.GetValue(rules));
            var job51File = parse.GetValue(noJob51) ? null : parse.GetValue(job51)!;
            if (job51File is not null && !File.Exists(job51File))
                throw new CliException($"--job51: '{job51File}' not found (the real data lives in ../shared/data; pass --no-job51 to replay the demo only)");
            var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory(parse.GetValue(CliDatabase.DataDirectory)));
            var demoOptions = new DemoDataOptions { Workers = parse.GetValue(workers), Vacancies = parse.GetValue(vacancies) };

            var scratch = Path.Combine(Path.GetTempPath(), "matchctl-backtest-" + Guid.NewGuid().ToString("N") + ".db");
            try
            {
                var connections = await ScratchDatabaseAsync(scratch, reference, ct);
                var repository = new ShortageRepository(connections);
                var variants = AlertBacktest.StandardVariants(configured);
                var reports = new Dictionary<string, BacktestReport>();

                var demo = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, demoOptions);
                await new DatasetWriter(connections).WriteAsync(DemoDataCommand.ToBatch(demo), ct: ct);
                var demoSeries = await ReplayAsync(repository, SnapshotPeriod.Containing(demoOptions.Start, days),
                    SnapshotPeriod.Containing(demoOptions.End, days), supplyAsOf: null, ct);
                reports["demo"] = AlertBacktest.Run(demoSeries, variants);
                Print($"Demo history: {demoSeries.Count} snapshots of {days} days ({demoOptions.Start:yyyy-MM-dd} to {demoOptions.End:yyyy-MM-dd}), {demoOptions.Workers} workers, {demoOptions.Vacancies} vacancies",
                    reports["demo"], "snapshots");

                if (job51File is not null)
                {
                    var parsed = Job51Parser.Parse(job51File, reference, SkillExtractor.Load(reference.Taxonomy, ReferenceData.ResolveDataDirectory(parse.GetValue(CliDatabase.DataDirectory))));
                    await new DatasetWriter(connections).WriteAsync(parsed.Batch, ct: ct);
                    var posted = parsed.Batch.Vacancies.Select(v => v.PostedAt).ToArray();
                    // 51job's window is two weeks: daily snapshots, plus a week after the last posting so
                    // late-opening alerts are seen. The postings never close, so demand only accumulates.
                    var first = SnapshotPeriod.Containing(posted.Min(), 1);
                    var last = SnapshotPeriod.Containing(posted.Max(), 1);
                    for (var i = 0; i < 7; i++) last = last.Next;
                    var jobSeries = await ReplayAsync(repository, first, last, supplyAsOf: demoOptions.End, ct);
                    reports["job51"] = AlertBacktest.Run(jobSeries, variants);
                    Print($"51job postings as demand ({parsed.Batch.Vacancies.Count} postings, {parsed.Rejected.Count} rows rejected), the demo's seekers as of {demoOptions.End:yyyy-MM-dd} as supply: {jobSeries.Count} daily snapshots",
                        reports["job51"], "days");
                }

                if (parse.GetValue(json) is { } file)
                {
                    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(reports, new JsonSerializerOptions { WriteIndented = true }), ct);
                    AnsiConsole.MarkupLineInterpolated($"wrote {file}");
                }
                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(scratch);
            }
        });
        return command;
    }

    private static async Task<IDbConnectionFactory> ScratchDatabaseAsync(string path, ReferenceData reference, CancellationToken ct)
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path}" };
        DatabaseMigrator.Migrate(options);
        var connections = ConnectionFactories.Create(options);
        await new ReferenceDataRepository(connections).SyncAsync(reference, ct);
        return connections;
    }

    /// <summary>One statistics set per period from <paramref name="first"/> to <paramref name="last"/>, each as of its period's end.</summary>
    private static async Task<IReadOnlyList<BacktestSnapshot>> ReplayAsync(
        ShortageRepository repository, SnapshotPeriod first, SnapshotPeriod last, DateTimeOffset? supplyAsOf, CancellationToken ct)
    {
        var series = new List<BacktestSnapshot>();
        await AnsiConsole.Status().StartAsync("replaying", async status =>
        {
            for (var p = first; p.Start <= last.Start; p = p.Next)
            {
                status.Status($"snapshot {p}");
                series.Add(new BacktestSnapshot(p, await repository.ComputeAsync(p.EndInstant, supplyAsOf, ct)));
            }
        });
        return series;
    }

    private static void Print(string heading, BacktestReport report, string unit)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated($"[bold]{heading}[/]");
        var truth = new BacktestOptions();
        AnsiConsole.MarkupLineInterpolated(
            $"{report.Keys} keys; ground truth: {report.Episodes.Count} shortage episodes (ratio >= {truth.ReferenceRatioThreshold} with demand >= {truth.ReferenceMinDemand} for {truth.EpisodeMinSnapshots}+ consecutive {unit}); an alert up to {truth.EarlyWindow} {unit} before an episode counts as true");
        var table = new Table().AddColumns("variant", "opened", "sustained", "trend", "true", "noise", "precision",
            "episodes caught", "recall", $"median lead ({unit})", $"mean lead ({unit})", "closed");
        foreach (var v in report.Variants)
            table.AddRow(Markup.Escape(v.Name), I(v.Opened), I(v.OpenedSustained), I(v.OpenedRisingTrend), I(v.TrueAlerts), I(v.NoiseAlerts),
                P(v.Precision), $"{v.EpisodesCaught}/{v.EpisodesTotal}", P(v.Recall), D(v.MedianLeadSnapshots), D(v.MeanLeadSnapshots), I(v.Closed));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]lead: alert open minus episode onset; negative means the alert came before the shortage had lasted long enough to count[/]");
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string P(double? v) => v is { } x ? x.ToString("P0", CultureInfo.InvariantCulture) : "-";
    private static string D(double? v) => v is { } x ? x.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "-";
}
