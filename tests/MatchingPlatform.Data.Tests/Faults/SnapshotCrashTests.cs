using System.Diagnostics;
using System.Globalization;
using Dapper;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Tests.Shortages;
using Xunit.Abstractions;

namespace MatchingPlatform.Data.Tests.Faults;

[TestedOn(DatabaseProvider.Sqlite)]
public sealed class SqliteSnapshotCrashTests(SqliteFixture fixture, ITestOutputHelper output)
    : SnapshotCrashContract(fixture, output), IClassFixture<SqliteFixture>;

[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresSnapshotCrashTests(PostgresFixture fixture, ITestOutputHelper output)
    : SnapshotCrashContract(fixture, output), IClassFixture<PostgresFixture>;

[TestedOn(DatabaseProvider.SqlServer)]
public sealed class SqlServerSnapshotCrashTests(SqlServerFixture fixture, ITestOutputHelper output)
    : SnapshotCrashContract(fixture, output), IClassFixture<SqlServerFixture>;

/// <summary>
/// Kills a process that has written a whole shortage snapshot (statistics, alerts, events, near-qualified lists) but
/// not committed it, then shows the database holds none of it, and that rerunning the snapshot writes it exactly once
/// with its alerts. The snapshot is taken by MatchingPlatform.FaultInjection in snapshot mode, which pauses in the
/// snapshotter's before-commit hook; Process.Kill leaves the rollback to the database.
/// </summary>
public abstract class SnapshotCrashContract(IProviderFixture fixture, ITestOutputHelper output)
{
    /// <summary>Printed by the snapshotter once everything is written and only the commit is left.</summary>
    private const string BeforeCommitLine = "shortage_stats written, committing";

    private ProviderDatabase Db => fixture.Database;

    [ProviderFact]
    public async Task Killed_snapshot_leaves_nothing_and_a_rerun_writes_exactly_one()
    {
        await Db.ResetAsync();
        // The fixture has three keys in shortage as of its instant (see ShortageFixture): three alerts on the first snapshot.
        await new DatasetWriter(Db.Connections).WriteAsync(ShortageFixture.Batch());
        string[] snapshot = ["snapshot", Db.Options.Provider.ToString(), Db.Options.ConnectionString,
            ShortageFixture.P1.ToString(), ShortageFixture.AsOf.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)];

        var killed = await RunAsync([.. snapshot, "--pause-before-commit"], killAfter: BeforeCommitLine);
        Assert.True(killed.Killed, "the snapshot finished before it could be killed:\n" + killed.Output);
        Assert.Contains("alerts: 3 opened", killed.Output);
        Assert.DoesNotContain("committed", killed.Output);
        Assert.Equal(new Counts(0, 0, 0, 0, 0), await CountsAsync());

        var completed = await RunAsync(snapshot, killAfter: null);
        Assert.Equal(0, completed.ExitCode);
        Assert.Contains("committed snapshot", completed.Output);
        Assert.Contains("5 stats, 3 opened, 0 escalated, 0 closed", completed.Output);
        var counts = await CountsAsync();
        Assert.Equal(new Counts(1, 5, 3, 3, counts.NearQualified), counts);
        Assert.True(counts.NearQualified > 0, "the fixture's shenyang sql alert has near-qualified seekers");

        var again = await RunAsync(snapshot, killAfter: null);
        Assert.Contains("already exists", again.Output);
        Assert.Equal(counts, await CountsAsync());
    }

    private sealed record Counts(long Snapshots, long Stats, long Alerts, long Events, long NearQualified);

    private async Task<Counts> CountsAsync()
    {
        await using var c = await Db.Connections.OpenAsync();
        async Task<long> Count(string table) => await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        return new Counts(await Count("shortage_snapshots"), await Count("shortage_stats"), await Count("alerts"),
            await Count("alert_events"), await Count("alert_near_qualified"));
    }

    private sealed record Run(bool Killed, int ExitCode, string Output);

    private async Task<Run> RunAsync(IEnumerable<string> arguments, string? killAfter)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ImportCrashContract.ImporterPath());
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var lines = new List<string>();
        var killed = false;
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (killAfter is null || !line.StartsWith(killAfter, StringComparison.Ordinal)) continue;
            process.Kill(entireProcessTree: true);
            killed = true;
            break;
        }
        await process.WaitForExitAsync(timeout.Token);
        var text = string.Join('\n', lines) + "\n" + await stderr;
        output.WriteLine($"snapshot {(killed ? "killed" : $"exited {process.ExitCode}")}:\n{text}");
        return new Run(killed, killed ? -1 : process.ExitCode, text);
    }
}
