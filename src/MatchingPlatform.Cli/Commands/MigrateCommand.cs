using System.CommandLine;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending schema migrations (recorded in the SchemaVersions table)");
        CliDatabase.AddTo(command);
        command.SetAction(parse =>
        {
            var options = new DatabaseOptions { ConnectionString = parse.GetValue(CliDatabase.Connection)! };
            var applied = DatabaseMigrator.Migrate(options);
            AnsiConsole.MarkupLineInterpolated($"[green]{applied.Count}[/] migration script(s) applied");
            foreach (var s in applied) AnsiConsole.WriteLine("  " + s);
            return 0;
        });
        return command;
    }
}
