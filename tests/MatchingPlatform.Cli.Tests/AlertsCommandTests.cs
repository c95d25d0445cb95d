using MatchingPlatform.Cli.Bench;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Resilience;
using Spectre.Console;

namespace MatchingPlatform.Cli.Tests;

/// <summary>
/// matchctl alerts watch, show and ack for resilience warnings, as a training bureau runs them against the real server (a
/// child process) over a database in which two warnings are open, one in the bureau's city and one outside it.
/// </summary>
[Collection("console")] // the output is captured from Spectre.Console's process-wide console
public sealed class AlertsCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "matchctl-alerts-" + Guid.NewGuid().ToString("N"));

    private string DatabaseFile => Path.Combine(_folder, "matching.db");

    [Fact]
    public async Task A_bureau_shows_and_acknowledges_a_resilience_warning_of_its_city_once_and_no_other()
    {
        Directory.CreateDirectory(_folder);
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={DatabaseFile}" };
        DatabaseMigrator.Migrate(options);
        var connections = ConnectionFactories.Create(options);
        await new ReferenceDataRepository(connections).SyncAsync(ReferenceData.Load(ReferenceData.ResolveDataDirectory()));
        var snapshotter = new ResilienceSnapshotter(connections);
        CityResilienceScores[] scores = [new("anshan", new Dictionary<string, double> { ["index"] = 20 }), new("dalian", new Dictionary<string, double> { ["index"] = 20 })];
        foreach (var quarter in new[] { new Quarter(2020, 1), new Quarter(2020, 2) }) await snapshotter.TakeAsync(quarter, scores, new ResilienceWarningRules());
        var warnings = new ResilienceWarningRepository(connections);
        var ids = (await warnings.ListAsync(new ResilienceWarningFilter(), 10, null)).Items.ToDictionary(w => w.CityCode, w => w.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await using var server = await ServerUnderTest.StartAsync(ServerBuild.Dll(), DatabaseFile, _folder, ReferenceData.ResolveDataDirectory(),
            TimeSpan.FromSeconds(120), CancellationToken.None, ["--Shortages:CheckIntervalSeconds=0"]);
        string[] bureau = ["--server", server.Address, "--token", server.Token(PlatformRoles.TrainingBureau, "bureau-anshan", "anshan")];

        // The bureau learns of its city's warning from the stream.
        var (code, output) = await RunAsync(["alerts", "watch", "--city", "anshan", "--resilience", "--count", "1", .. bureau]);
        Assert.Equal(0, code);
        Assert.Contains($" opened resilience warning {ids["anshan"]} warning: index of anshan, score 20.00 in 2020-Q2", output);

        (code, output) = await RunAsync(["alerts", "ack", "--resilience", ids["anshan"], "--bureau", "bureau-anshan", .. bureau]);
        Assert.Equal(0, code);
        Assert.Contains($"resilience warning {ids["anshan"]} acknowledged by bureau-anshan at ", output);
        var stored = Assert.Single(await warnings.ListAcksAsync(long.Parse(ids["anshan"], System.Globalization.CultureInfo.InvariantCulture)));
        (code, output) = await RunAsync(["alerts", "ack", "--resilience", ids["anshan"], "--bureau", "bureau-anshan", .. bureau]);
        Assert.Equal(0, code);
        Assert.Contains($"resilience warning {ids["anshan"]} already acknowledged by bureau-anshan at {stored.AckedAt:u}", output);

        (code, output) = await RunAsync(["alerts", "show", "--resilience", ids["anshan"], .. bureau]);
        Assert.Equal(0, code);
        Assert.Contains($"resilience warning {ids["anshan"]}: warning open", output);
        Assert.Contains("index of anshan, score 20.00, since 2020-Q1", output);
        Assert.Contains("acknowledged by 1", output);
        Assert.Contains($"bureau-anshan at {stored.AckedAt:u}", output);

        // Another city's warning: refused by the server (exit 3), and nothing is stored.
        (code, output) = await RunAsync(["alerts", "ack", "--resilience", ids["dalian"], "--bureau", "bureau-anshan", .. bureau]);
        Assert.Equal(3, code);
        Assert.Contains("PermissionDenied", output);
        Assert.Empty(await warnings.ListAcksAsync(long.Parse(ids["dalian"], System.Globalization.CultureInfo.InvariantCulture)));
        // An alert or a warning, exactly one: refused before any call (exit 2).
        Assert.Equal(2, (await RunAsync(["alerts", "show", .. bureau])).Code);
        Assert.Equal(2, (await RunAsync(["alerts", "ack", "--id", "1", "--resilience", ids["anshan"], "--bureau", "bureau-anshan", .. bureau])).Code);
    }

    /// <summary>Runs matchctl in-process and returns its exit code and what it printed.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string[] args)
    {
        var previous = AnsiConsole.Console;
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400; // no wrapping: one printed line is one line here
        AnsiConsole.Console = console;
        try
        {
            return (await Matchctl.RunAsync(args), writer.ToString());
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* temp folder: best effort */ }
    }
}
