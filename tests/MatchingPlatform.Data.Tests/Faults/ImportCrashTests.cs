using System.Diagnostics;
using Dapper;
using MatchingPlatform.Data.Providers;
using Xunit.Abstractions;

namespace MatchingPlatform.Data.Tests.Faults;

[TestedOn(DatabaseProvider.Sqlite)]
public sealed class SqliteImportCrashTests(SqliteFixture fixture, ITestOutputHelper output)
    : ImportCrashContract(fixture, output), IClassFixture<SqliteFixture>;

[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresImportCrashTests(PostgresFixture fixture, ITestOutputHelper output)
    : ImportCrashContract(fixture, output), IClassFixture<PostgresFixture>;

[TestedOn(DatabaseProvider.SqlServer)]
public sealed class SqlServerImportCrashTests(SqlServerFixture fixture, ITestOutputHelper output)
    : ImportCrashContract(fixture, output), IClassFixture<SqlServerFixture>;

/// <summary>
/// Kills a process in the middle of a large import (after it reported rows copied, before it committed),
/// then shows the database holds none of the import, and that rerunning it writes exactly one copy.
/// The importer is MatchingPlatform.FaultInjection, run as a child process so it can be killed outright
/// (Process.Kill: no finally blocks, no rollback from the client; the database must cope on its own).
/// </summary>
public abstract class ImportCrashContract(IProviderFixture fixture, ITestOutputHelper output)
{
    private const int Workers = 60_000;

    /// <summary>A bulk-copy progress line: rows of the import are on their way into the database.</summary>
    private const string MidImportLine = "worker_skills: 20000 of";

    private ProviderDatabase Db => fixture.Database;

    [ProviderFact]
    public async Task Killed_import_leaves_nothing_and_a_rerun_writes_exactly_one_copy()
    {
        await Db.ResetAsync();

        var killed = await RunImporterAsync(killAfter: MidImportLine);
        Assert.True(killed.Killed, "the importer finished before it could be killed:\n" + killed.Output);
        Assert.DoesNotContain("committed", killed.Output);
        Assert.Equal(new Counts(0, 0, 0, 0, 0), await CountsAsync());

        var completed = await RunImporterAsync(killAfter: null);
        Assert.Equal(0, completed.ExitCode);
        Assert.Contains($"committed {Workers} workers, {Workers} interactions", completed.Output);
        Assert.Equal(new Counts(Workers, 2 * Workers, Workers, Workers, 1), await CountsAsync());

        var again = await RunImporterAsync(killAfter: null);
        Assert.Contains("already imported", again.Output);
        Assert.Equal(new Counts(Workers, 2 * Workers, Workers, Workers, 1), await CountsAsync());
    }

    private sealed record Counts(long Workers, long WorkerSkills, long History, long Interactions, long ImportBatches);

    private async Task<Counts> CountsAsync()
    {
        await using var c = await Db.Connections.OpenAsync();
        async Task<long> Count(string sql) => await c.ExecuteScalarAsync<long>(sql);
        return new Counts(
            await Count("SELECT COUNT(*) FROM workers WHERE id LIKE 'crash-w-%'"),
            await Count("SELECT COUNT(*) FROM worker_skills WHERE worker_id LIKE 'crash-w-%'"),
            await Count("SELECT COUNT(*) FROM work_history WHERE worker_id LIKE 'crash-w-%'"),
            await Count("SELECT COUNT(*) FROM interactions WHERE worker_id LIKE 'crash-w-%'"),
            await Count("SELECT COUNT(*) FROM import_batches WHERE source = 'fault-injection'"));
    }

    private sealed record Run(bool Killed, int ExitCode, string Output);

    private async Task<Run> RunImporterAsync(string? killAfter)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { ImporterPath(), Db.Options.Provider.ToString(), Db.Options.ConnectionString, Workers.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
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
        output.WriteLine($"importer {(killed ? "killed" : $"exited {process.ExitCode}")}:\n{text}");
        return new Run(killed, killed ? -1 : process.ExitCode, text);
    }

    /// <summary>The FaultInjection build output beside this assembly's: tests/MatchingPlatform.FaultInjection/bin/{configuration}/{framework}/ (also used by SnapshotCrashContract).</summary>
    internal static string ImporterPath()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!;
        var tests = configuration.Parent!.Parent!.Parent!;
        var path = Path.Combine(tests.FullName, "MatchingPlatform.FaultInjection", "bin", configuration.Name, bin.Name, "MatchingPlatform.FaultInjection.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build tests/MatchingPlatform.FaultInjection first: {path} not found", path);
    }
}
