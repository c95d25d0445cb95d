using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Import.Kandij;
using MatchingPlatform.Data.Import.Onet;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Ml.Evaluation;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Training;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl evaluate: the temporal hold-out comparison of popularity, skill overlap, the factor model and the
/// full ranker on one split with one candidate set, on the demo data or the real kandij log. With --gate it
/// fails when the full ranker's NDCG@10 falls below the best baseline's (CI's quality gate).
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "demo (generated in memory) or kandij (the real log in ../shared/data)",
            DefaultValueFactory = _ => "demo",
        };
        dataset.AcceptOnlyFromAmong("demo", "kandij");
        var kandij = new Option<string>("--kandij") { Description = "Folder of the kandij log", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "jobrec_kandij_interactions") };
        var onet = new Option<string>("--onet") { Description = "O*NET 29.2 folder", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "onet_29_2") };
        var gate = new Option<bool>("--gate") { Description = "Exit 1 when the full ranker's NDCG@10 is below the best baseline's" };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file" };
        var command = new Command("evaluate", "Temporal hold-out evaluation: NDCG@10, Recall@10/50, MAP, coverage, cold start, for every method")
        {
            dataset, kandij, onet, gate, json, CliDatabase.DataDirectory,
        };
        command.SetAction((parse, ct) =>
        {
            var dataDirectory = ReferenceData.ResolveDataDirectory(parse.GetValue(CliDatabase.DataDirectory));
            var reference = ReferenceData.Load(dataDirectory);
            var clock = Stopwatch.StartNew();
            var which = parse.GetValue(dataset)!;
            var (data, options) = which == "kandij"
                ? Kandij(reference, dataDirectory, parse.GetValue(kandij)!, parse.GetValue(onet)!, ct)
                : Demo(reference);
            AnsiConsole.MarkupLineInterpolated($"{which}: {data.Workers.Count} workers, {data.Vacancies.Count} vacancies, {data.Interactions.Count} interactions; positives from {options.PositiveFrom}");

            EvaluationReport report = null!;
            AnsiConsole.Status().Start("training and evaluating", status =>
                report = Evaluator.Run(data, options, new Progress<TrainingProgress>(p => status.Status(Markup.Escape(p.Message))), ct));
            AnsiConsole.WriteLine(report.ToTable());
            AnsiConsole.MarkupLineInterpolated($"done in {clock.Elapsed.TotalSeconds:F0} s");
            if (parse.GetValue(json) is { } file)
                File.WriteAllText(file, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));

            if (!parse.GetValue(gate)) return Task.FromResult(0);
            var ranker = report[Evaluator.Ranker].Ndcg10;
            var best = report.Methods.Where(m => m.Method != Evaluator.Ranker).MaxBy(m => m.Ndcg10)!;
            var pass = ranker >= best.Ndcg10;
            AnsiConsole.MarkupLineInterpolated(
                $"quality gate: ranker NDCG@10 {ranker:F4} vs best baseline {best.Method} {best.Ndcg10:F4} ({(ranker / best.Ndcg10 - 1):+0.0%;-0.0%}): {(pass ? "pass" : "FAIL")}");
            return Task.FromResult(pass ? 0 : 1);
        });
        return command;
    }

    private static (TrainingData, EvaluationOptions) Demo(ReferenceData reference)
    {
        var demo = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, new DemoDataOptions());
        var engine = Engine(reference, demo.Workers, demo.Vacancies, demo.Enterprises, demo.Programmes);
        return (new TrainingData(demo.Workers, demo.Vacancies, demo.Interactions, engine), new EvaluationOptions());
    }

    private static (TrainingData, EvaluationOptions) Kandij(ReferenceData reference, string dataDirectory, string folder, string onetFolder, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
            throw new CliException($"kandij log not found at {Path.GetFullPath(folder)} (expected ../shared/data/jobrec_kandij_interactions; set --kandij)");
        var catalog = OnetCatalog.Load(onetFolder, reference.Taxonomy);
        var parsed = new KandijImporter(catalog, reference.Taxonomy, reference.Cities, UsStates.Load(dataDirectory)).Parse(folder, ct);
        var b = parsed.Parsed.Batch;
        // Workers with no Experience city were placed in the city of their first viewed job. When that view lies
        // before the cut it is training-side knowledge; when it lies after, the city would give the held-out view
        // away. Those workers are left out, with their views, and the cut is fixed first so leaving them out
        // does not move it.
        // The log's catalogue holds only jobs somebody viewed, so popularity ("no views yet" = "viewed later") is
        // a catalogue artefact here, not a signal: the models learn without it.
        var options = new EvaluationOptions
        {
            PositiveFrom = InteractionType.View,
            Training = new TrainingOptions { UsePopularity = false },
        };
        var cut = TemporalSplit.AtQuantile(b.Interactions, options.CutQuantile).Cut;
        var seenBeforeCut = b.Interactions.Where(i => i.OccurredAt < cut).Select(i => i.WorkerId).ToHashSet(StringComparer.Ordinal);
        var excluded = parsed.WorkersPlacedByViews.Where(id => !seenBeforeCut.Contains(id)).ToHashSet(StringComparer.Ordinal);
        var workers = b.Workers.Where(w => !excluded.Contains(w.Id)).ToArray();
        var interactions = b.Interactions.Where(i => !excluded.Contains(i.WorkerId)).ToArray();
        AnsiConsole.MarkupLineInterpolated(
            $"left out {excluded.Count} workers placed by a view after the cut ({b.Interactions.Count - interactions.Length} views): their city would leak the answer");
        var engine = Engine(reference, workers, b.Vacancies, b.Enterprises, b.Programmes);
        // The real log records views only: a view is the positive signal there.
        return (new TrainingData(workers, b.Vacancies, interactions, engine), options with { Cut = cut });
    }

    /// <summary>An engine over the dataset's open vacancies and workers, as the server would hold it.</summary>
    internal static RecommendationEngine Engine(ReferenceData reference, IReadOnlyList<Worker> workers, IReadOnlyList<Vacancy> vacancies,
        IReadOnlyList<Enterprise> enterprises, IReadOnlyList<Core.Training.TrainingProgramme> programmes)
    {
        var engine = new RecommendationEngine(reference.Taxonomy, reference.Cities, new RankerHolder());
        engine.Load(vacancies.Where(v => v.Status == VacancyStatus.Open), workers, enterprises, programmes);
        return engine;
    }
}
