using System.CommandLine;
using MatchingPlatform.Data.Migrations;
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
            var options = CliDatabase.Options(parse);
            var problems = options.Validate().ToList();
            if (problems.Count > 0) throw new CliException(string.Join("; ", problems));
            var applied = DatabaseMigrator.Migrate(options);
            AnsiConsole.MarkupLineInterpolated($"[green]{applied.Count}[/] migration script(s) applied");
            foreach (var s in applied) AnsiConsole.WriteLine("  " + s);
            return 0;
        });
        return command;
    }
}
