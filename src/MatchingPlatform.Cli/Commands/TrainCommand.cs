using System.CommandLine;
using System.Globalization;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Evaluation;
using MatchingPlatform.Ml.Models;
using MatchingPlatform.Ml.Training;
using MatchingPlatform.Protos.V1;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl train: trains a new model version from the database into models/ (a running server picks it up
/// within its reload interval); matchctl model: what the running server is serving.
/// </summary>
internal static class TrainCommand
{
    public static Command Train()
    {
        var models = new Option<string>("--models") { Description = "Model store folder", DefaultValueFactory = _ => "models" };
        var evaluate = new Option<bool>("--evaluate") { Description = "Evaluate on a temporal hold-out first and store the metrics with the version" };
        var command = new Command("train", "Train the factor model and LambdaRank ranker on the stored interactions; write a new model version")
        {
            models, evaluate,
        };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var context = await CliDatabase.OpenAsync(parse, ct);
            var batch = await new DatasetReader(context.Connections).ReadAllAsync(ct);
            if (batch.Interactions.Count == 0) throw new CliException("the database holds no interactions: nothing to learn from (try matchctl demo-data)");
            var engine = EvaluateCommand.Engine(context.Reference, batch.Workers, batch.Vacancies, batch.Enterprises, batch.Programmes);
            var data = new TrainingData(batch.Workers, batch.Vacancies, batch.Interactions, engine);
            SavedModel saved = null!;
            AnsiConsole.Status().Start("training", status =>
            {
                var progress = new Progress<TrainingProgress>(p => status.Status(Markup.Escape(p.Message)));
                var metrics = parse.GetValue(evaluate) ? Evaluator.Run(data, new EvaluationOptions(), progress, ct).Metrics() : null;
                saved = new ModelStore(parse.GetValue(models)!).Save(RankerTrainer.Train(data, new TrainingOptions(), progress, ct), metrics);
            });
            var m = saved.Metadata;
            AnsiConsole.MarkupLineInterpolated($"[green]model {saved.Version}[/] written to {saved.Directory} in {m.TrainingSeconds:F0} s");
            AnsiConsole.MarkupLineInterpolated($"training data {m.TrainingDataHash[..12]}: {m.Rows}");
            foreach (var (name, value) in m.Metrics) AnsiConsole.WriteLine($"  {name} = {value.ToString("F4", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return command;
    }

    public static Command Model()
    {
        var command = new Command("model", "Show the model the running server is serving") { CliServer.Address, CliServer.Token };
        command.SetAction(async (parse, ct) =>
        {
            using var channel = CliServer.Open(parse);
            var info = await new ModelService.ModelServiceClient(channel).GetModelAsync(new GetModelRequest(), cancellationToken: ct);
            var training = info.TrainingInProgress ? "; training in progress" : "";
            if (info.Version.Length == 0)
                AnsiConsole.MarkupLineInterpolated($"no learned model loaded: recommendations use the retrieval score{training}");
            else
                AnsiConsole.MarkupLineInterpolated($"serving {info.Ranker} {info.Version}, created {info.CreateTime.ToDateTimeOffset():u}{training}");
            foreach (var (name, value) in info.Metrics.OrderBy(kv => kv.Key)) AnsiConsole.WriteLine($"  {name} = {value.ToString("F4", CultureInfo.InvariantCulture)}");
            foreach (var s in info.SkippedVersions) AnsiConsole.MarkupLineInterpolated($"[yellow]refused:[/] {s}");
            return 0;
        });
        return command;
    }
}
