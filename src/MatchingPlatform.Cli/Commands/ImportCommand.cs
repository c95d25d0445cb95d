using System.CommandLine;
using System.Diagnostics;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Import.Job51;
using MatchingPlatform.Data.Import.Kandij;
using MatchingPlatform.Data.Import.Onet;
using MatchingPlatform.Data.Import.ProjectFormat;
using MatchingPlatform.Data.Import.Skills;
using MatchingPlatform.Data.Repositories;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl import {project|job51|kandij} PATH: parse, report every rejected row with its line, then
/// write the accepted entities in one transaction (or nothing). Importing the same content twice
/// writes nothing the second time.
/// </summary>
internal static class ImportCommand
{
    private static readonly Option<bool> Strict = new("--strict") { Description = "Refuse the whole file when any row is rejected" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Parse and report; write nothing" };
    private static readonly Option<string?> Rejects = new("--rejects") { Description = "Write every rejected row (file:line: reason) to this file" };

    public static Command Create()
    {
        var command = new Command("import", "Import data: the platform's CSV/JSON formats or a real dataset");
        command.Subcommands.Add(Kind("project", "The platform's own CSV or JSON files (a file or a folder; see docs/import-formats.md)",
            "path", async (path, context, _, ct) =>
                ProjectFormatParser.Parse(path, context.Reference, await StoredIds.LoadAsync(context.Connections, ct))));
        command.Subcommands.Add(Kind("job51", "51job postings CSV (job51_bigdata_2019): enterprises and open vacancies",
            "file", (path, context, _, _) => Task.FromResult(Job51Parser.Parse(path, context.Reference,
                SkillExtractor.Load(context.Reference.Taxonomy, context.DataDirectory)))));
        var onet = new Option<string>("--onet")
        {
            Description = "O*NET 29.2 folder, for mapping job titles to skill profiles",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "onet_29_2"),
        };
        command.Subcommands.Add(Kind("kandij", "The kandij job-recommendation log (folder with Job_Views.csv, Experience.csv, Positions_Of_Interest.csv)",
            "folder", (path, context, parse, ct) =>
            {
                var reference = context.Reference;
                var catalog = OnetCatalog.Load(parse.GetValue(onet)!, reference.Taxonomy);
                var importer = new KandijImporter(catalog, reference.Taxonomy, reference.Cities, UsStates.Load(context.DataDirectory));
                var result = importer.Parse(path, ct);
                AnsiConsole.MarkupLineInterpolated($"job titles matched to O*NET occupations: {result.JobsMatched}/{result.JobsSeen} ({result.JobTitleMatchShare:P1})");
                return Task.FromResult(result.Parsed);
            }, onet));
        return command;
    }

    private delegate Task<ParsedImport> Parser(string path, CliDatabaseContext context, ParseResult parse, CancellationToken ct);

    private static Command Kind(string name, string description, string argumentName, Parser parser, params Option[] extra)
    {
        var path = new Argument<string>(argumentName) { Description = "What to import" };
        var command = new Command(name, description) { path, Strict, DryRun, Rejects };
        foreach (var o in extra) command.Options.Add(o);
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(path)!;
            if (!File.Exists(source) && !Directory.Exists(source))
                throw new CliException($"{source}: no such file or folder");
            var context = await CliDatabase.OpenAsync(parse, ct);
            var clock = Stopwatch.StartNew();
            ParsedImport parsed = null!;
            ImportReport report = null!;
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var parseTask = progress.AddTask($"parse {Path.GetFileName(source)}", maxValue: 1);
                parsed = await parser(source, context, parse, ct);
                parseTask.Increment(1);
                var write = progress.AddTask("write (one transaction)", maxValue: 1);
                report = await new ImportRunner(new DatasetWriter(context.Connections)).ApplyAsync(parsed, parse.GetValue(Strict), parse.GetValue(DryRun),
                    CliProgress.Describe(write, "write"), ct);
                CliProgress.Finish(write);
            });
            Print(report);
            if (parse.GetValue(Rejects) is { } rejectsFile)
            {
                await File.WriteAllLinesAsync(rejectsFile, parsed.Rejected.Select(r => r.ToString()), ct);
                AnsiConsole.MarkupLineInterpolated($"rejected rows written to {rejectsFile}");
            }
            AnsiConsole.MarkupLineInterpolated($"done in {clock.Elapsed.TotalSeconds:F1} s");
            // A refused strict import is a failure for scripts; rejected rows alone are not.
            return parse.GetValue(Strict) && parsed.Rejected.Count > 0 ? 1 : 0;
        });
        return command;
    }

    private static void Print(ImportReport report)
    {
        var p = report.Parsed;
        var b = p.Batch;
        var table = new Table().Title($"{p.Source}: {Markup.Escape(p.FileName)}").AddColumns("", "count");
        table.AddRow("rows read", p.RowsRead.ToString());
        table.AddRow("accepted: enterprises", b.Enterprises.Count.ToString());
        table.AddRow("accepted: vacancies", b.Vacancies.Count.ToString());
        table.AddRow("accepted: workers", b.Workers.Count.ToString());
        table.AddRow("accepted: programmes", b.Programmes.Count.ToString());
        table.AddRow("accepted: interactions", b.Interactions.Count.ToString());
        if (b.Cities.Count > 0) table.AddRow("accepted: cities", b.Cities.Count.ToString());
        table.AddRow("rejected rows", p.Rejected.Count.ToString());
        AnsiConsole.Write(table);

        if (p.Rejected.Count > 0)
        {
            var reasons = new Table().Title("rejections by reason").AddColumns("reason", "rows", "first at");
            foreach (var g in p.Rejected.GroupBy(r => ReasonKind(r.Reason)).OrderByDescending(g => g.Count()).Take(15))
                reasons.AddRow(Markup.Escape(g.Key), g.Count().ToString(), Markup.Escape($"{g.First().File}:{g.First().Line}"));
            AnsiConsole.Write(reasons);
        }
        AnsiConsole.MarkupLine((report.Applied ? "[green]" : "[yellow]") + Markup.Escape(report.Summary) + "[/]");
    }

    // Group "city 武汉 not in the city table" and "city 长沙 not in ..." together: drop quoted/bracketed specifics.
    private static string ReasonKind(string reason)
    {
        var kind = System.Text.RegularExpressions.Regex.Replace(reason, @"'[^']*'|""[^""]*""|line \d+|\d+", "…");
        return kind.Length > 80 ? kind[..80] + "…" : kind;
    }
}
