using System.CommandLine;
using Grpc.Core;
using MatchingPlatform.Cli.Commands;
using Spectre.Console;

namespace MatchingPlatform.Cli;

/// <summary>
/// The matchctl command tree. Commands that change data work on the database directly (like an admin
/// tool); commands that ask questions call the running server over gRPC.
/// </summary>
public static class Matchctl
{
    public static RootCommand Build() => new("matchctl - MatchingPlatform command line")
    {
        MigrateCommand.Create(),
        DemoDataCommand.Create(),
        ImportCommand.Create(),
        RecommendCommands.Vacancies(),
        RecommendCommands.Candidates(),
        RecommendCommands.Gap(),
        TrainCommand.Train(),
        TrainCommand.Model(),
        EvaluateCommand.Create(),
        AuditCommand.Create(),
        BenchCommand.Create(),
        ShortageCommands.Snapshot(),
        ShortageCommands.Report(),
        AlertsCommand.Create(),
        BacktestCommand.Create(),
        PolicyCommand.Create(),
        TokenCommand.Create(),
    };

    /// <summary>Runs one command line; user errors print one line and return a non-zero code, never a stack trace.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // Redirected to a file or a CI log, Spectre assumes 80 columns and folds every wide table into unreadable
        // slivers; a log has no width limit, so give tables room.
        if (Console.IsOutputRedirected && AnsiConsole.Profile.Width < 200) AnsiConsole.Profile.Width = 200;
        try
        {
            return await Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            // Missing or malformed input files (e.g. ../shared/data absent): say which, no stack trace.
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{ex.StatusCode}:[/] the server wants a valid bearer token: pass --token or set MATCHCTL_TOKEN (matchctl token --role admin --subject ops)");
            return 3;
        }
        catch (RpcException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{ex.StatusCode}:[/] {ex.Status.Detail}");
            return 3;
        }
    }
}
