using System.CommandLine;
using System.Diagnostics;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Data.Import.ProjectFormat;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>Generates the deterministic demo dataset and writes it into the database.</summary>
internal static class DemoDataCommand
{
    public static Command Create()
    {
        var defaults = new DemoDataOptions();
        var workers = new Option<int>("--workers") { Description = "Workers to generate", DefaultValueFactory = _ => defaults.Workers };
        var enterprises = new Option<int>("--enterprises") { Description = "Enterprises", DefaultValueFactory = _ => defaults.Enterprises };
        var vacancies = new Option<int>("--vacancies") { Description = "Vacancies (open and closed)", DefaultValueFactory = _ => defaults.Vacancies };
        var programmes = new Option<int>("--programmes") { Description = "Training programmes", DefaultValueFactory = _ => defaults.Programmes };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same dataset", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<string?>("--out") { Description = "Write the dataset to this JSON file (project format) instead of the database" };

        var command = new Command("demo-data", "Generate the calibrated demo dataset (Liaoning figures from DESIGN.md) into the database");
        foreach (var o in new Option[] { workers, enterprises, vacancies, programmes, seed, output }) command.Options.Add(o);
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new DemoDataOptions
            {
                Workers = parse.GetValue(workers), Enterprises = parse.GetValue(enterprises),
                Vacancies = parse.GetValue(vacancies), Programmes = parse.GetValue(programmes), Seed = parse.GetValue(seed),
            };
            var clock = Stopwatch.StartNew();
            if (parse.GetValue(output) is { } file)
            {
                var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory(parse.GetValue(CliDatabase.DataDirectory)));
                var dataset = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, options);
                await using (var stream = File.Create(file)) ProjectJson.Write(ToBatch(dataset), stream);
                AnsiConsole.MarkupLineInterpolated($"{dataset.Workers.Count} workers, {dataset.Vacancies.Count} vacancies, {dataset.Interactions.Count} interactions written to {file} in {clock.Elapsed.TotalSeconds:F1} s");
                return 0;
            }
            var context = await CliDatabase.OpenAsync(parse, ct);
            DatasetWriteResult? result = null;
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var generate = progress.AddTask("generate", maxValue: 1);
                var demo = DemoDataGenerator.Generate(context.Reference.Taxonomy, context.Reference.Cities, options);
                generate.Increment(1);
                var write = progress.AddTask("write (one transaction)", maxValue: 1);
                result = await new DatasetWriter(context.Connections).WriteAsync(ToBatch(demo), progress: CliProgress.Describe(write, "write"), ct: ct);
                CliProgress.Finish(write);
            });
            var table = new Table().AddColumns("entity", "inserted");
            table.AddRow("enterprises", result!.EnterprisesInserted.ToString());
            table.AddRow("vacancies", result.VacanciesInserted.ToString());
            table.AddRow("workers", result.WorkersInserted.ToString());
            table.AddRow("training programmes", result.ProgrammesInserted.ToString());
            table.AddRow("interactions", result.InteractionsInserted.ToString());
            table.AddRow("already present (skipped)", result.Skipped.ToString());
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"done in {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    public static DatasetBatch ToBatch(DemoDataset d) => new()
    {
        Enterprises = d.Enterprises, Vacancies = d.Vacancies, Workers = d.Workers, Programmes = d.Programmes, Interactions = d.Interactions,
    };
}
