using System.CommandLine;
using System.Globalization;
using MatchingPlatform.Analytics.Resilience;
using MatchingPlatform.Cli.Reports;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Data.Resilience;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl report resilience: the workforce-resilience index per Liaoning city and quarter (indicators aggregated in
/// the database, imported statistics, entropy weights), optionally importing the external indicators from a CSV,
/// storing quarterly snapshots that raise warnings through the alert outbox, and drawing a PNG line chart.
/// Definitions: docs/resilience.md.
/// </summary>
internal static class ResilienceCommands
{
    public static Command Resilience()
    {
        var quarter = new Option<string?>("--quarter") { Description = "Print this quarter's table (YYYY-Qn); default: the last quarter of the range" };
        var cities = new Option<string[]>("--city") { Description = "Only these cities in the tables and chart (repeatable)", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = "First quarter of the range (default: the first complete quarter of the data)" };
        var to = new Option<string?>("--to") { Description = "Last quarter of the range (default: the last complete quarter)" };
        var png = new Option<string?>("--png") { Description = "Draw the index per city over the quarters (PNG line chart)" };
        var external = new Option<string?>("--external") { Description = "First import external indicators from this CSV (city,quarter,indicator,value)" };
        var writeDemo = new Option<string?>("--write-demo-external")
        {
            Description = "Write SYNTHETIC external indicators for the demo dataset (generated, not real statistics) to this CSV and stop",
        };
        var snapshot = new Option<bool>("--snapshot") { Description = "Store a snapshot of every quarter of the range not stored yet (in order), raising warnings" };
        var command = new Command("resilience", "Workforce-resilience index per city and quarter: 12 indicators, entropy weights, dimensions, warnings")
        {
            quarter, cities, from, to, png, external, writeDemo, snapshot,
        };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var context = await CliDatabase.OpenAsync(parse, ct);
            var repository = new ResilienceRepository(context.Connections);
            var cityFilter = parse.GetValue(cities) ?? [];
            foreach (var c in cityFilter.Where(c => !context.Reference.Cities.Contains(c))) throw new CliException($"--city: unknown city '{c}'");

            var range = await RangeAsync(repository, parse.GetValue(from), parse.GetValue(to), ct);
            if (parse.GetValue(writeDemo) is { } demoFile)
            {
                var generated = await DemoExternalAsync(repository, range.From, range.To, ct);
                await using (var writer = new StreamWriter(demoFile))
                    ResilienceCsv.Write(writer, generated);
                AnsiConsole.MarkupLineInterpolated($"{generated.Count} synthetic external values ({range.From}..{range.To}, pilot from {DemoPilotQuarter}) written to {demoFile}");
                return 0;
            }
            if (parse.GetValue(external) is { } file)
                await ImportExternalAsync(repository, context.Reference.Cities.All.Select(c => c.Code), file, ct);

            var result = await ResilienceScoring.ComputeAsync(repository, range.From, range.To, ct);
            if (result.Scores.Count == 0) throw new CliException($"no indicator values in {range.From}..{range.To}");
            var show = parse.GetValue(quarter) is { } qText
                ? Quarter.TryParse(qText, out var q) && q.CompareTo(range.From) >= 0 && q.CompareTo(range.To) <= 0
                    ? q : throw new CliException($"--quarter: '{qText}' is not a quarter of {range.From}..{range.To}")
                : range.To;
            bool Shown(string city) => cityFilter.Length == 0 || cityFilter.Contains(city);

            PrintWeights(result, range);
            PrintQuarter(result, show.ToString(), Shown, context);
            PrintSeries(result, Shown);

            if (parse.GetValue(snapshot))
                await SnapshotAsync(context, repository, range, ct);

            if (parse.GetValue(png) is { } pngFile)
            {
                var series = result.Scores.Where(s => Shown(s.City)).GroupBy(s => s.City)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<(string, double)>)g.Select(s => (s.Period, s.Index)).ToArray());
                var path = ResilienceCharts.Render(pngFile, series, context.Reference.Cities, $"{range.From}..{range.To}",
                    new ResilienceWarningRules().Level);
                AnsiConsole.MarkupLineInterpolated($"chart written to {path}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The demo's training-subsidy pilot quarter, from which the synthetic training completion is higher in the pilot cities.</summary>
    private static Quarter DemoPilotQuarter => Quarter.Containing(new DemoDataOptions().PilotStart);

    /// <summary>
    /// The SYNTHETIC external values of the demo (<see cref="DemoExternalIndicators"/>) for the Liaoning cities and the
    /// quarters from..to: what --write-demo-external writes, and what evaluate-policy --demo imports by default.
    /// </summary>
    internal static async Task<IReadOnlyList<ResilienceValue>> DemoExternalAsync(ResilienceRepository repository, Quarter from, Quarter to, CancellationToken ct)
    {
        var periods = Quarter.Range(from, to).Select(q => q.ToString()).ToArray();
        var generated = DemoExternalIndicators.Generate(await repository.LiaoningCityListAsync(ct), periods, DemoPilotQuarter.ToString());
        return generated.Select(g => new ResilienceValue(g.City, Quarter.Parse(g.Period), g.Indicator, g.Value)).ToArray();
    }

    /// <summary>
    /// Imports an external-indicator CSV (<see cref="ResilienceCsv"/>) into the database: prints every refused row with
    /// its line and stores the accepted ones (replacing stored values of the same city, quarter and indicator).
    /// </summary>
    internal static async Task<int> ImportExternalAsync(ResilienceRepository repository, IEnumerable<string> cityCodes, string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new CliException($"external indicators file not found: {Path.GetFullPath(file)}");
        ResilienceCsvResult read;
        using (var reader = new StreamReader(file))
        {
            try
            {
                read = ResilienceCsv.Read(reader, cityCodes.ToHashSet(StringComparer.Ordinal),
                    ResilienceIndicators.All.Where(i => i.Source == IndicatorSource.External).Select(i => i.Code).ToHashSet(StringComparer.Ordinal));
            }
            catch (FormatException ex)
            {
                throw new CliException($"{file}: {ex.Message}");
            }
        }
        foreach (var r in read.Rejected) AnsiConsole.MarkupLineInterpolated($"[yellow]{file}:{r.Line}: {r.Reason}[/]");
        var written = await repository.UpsertExternalAsync(read.Accepted, ct);
        AnsiConsole.MarkupLineInterpolated($"imported {written} external values from {file}, rejected {read.Rejected.Count} rows");
        return written;
    }

    private static async Task<(Quarter From, Quarter To)> RangeAsync(ResilienceRepository repository, string? fromText, string? toText, CancellationToken ct)
    {
        Quarter? from = fromText is null ? null : Quarter.TryParse(fromText, out var f) ? f : throw new CliException($"--from: '{fromText}' is not YYYY-Qn");
        Quarter? to = toText is null ? null : Quarter.TryParse(toText, out var t) ? t : throw new CliException($"--to: '{toText}' is not YYYY-Qn");
        if (from is null || to is null)
        {
            var data = await repository.DataQuartersAsync(ct) ?? throw new CliException("the database has no complete quarter of interactions: give --from and --to");
            from ??= data.From;
            to ??= data.To;
        }
        if (to.Value.CompareTo(from.Value) < 0) throw new CliException($"--to {to} is before --from {from}");
        return (from.Value, to.Value);
    }

    internal static void PrintWeights(ResilienceResult result, (Quarter From, Quarter To) range)
    {
        var table = new Table().Title($"entropy weights over {result.Scores.Count} city-quarters, {range.From}..{range.To}")
            .AddColumns("dimension", "indicator", "better", "source", "min", "max", "e", "d", "weight", "imputed");
        foreach (var w in result.Indicators)
            table.AddRow(ResilienceIndicators.Name(w.Indicator.Dimension), w.Indicator.Code,
                w.Indicator.Direction == IndicatorDirection.HigherIsBetter ? "higher" : "lower",
                w.Indicator.Source == IndicatorSource.External ? "imported" : "platform",
                w.Included ? F(w.Min, "0.###") : "-", w.Included ? F(w.Max, "0.###") : "-",
                F(w.Entropy, "0.0000"), F(w.Divergence, "0.0000"), w.Included ? F(w.Weight, "0.0000") : "missing",
                w.Imputed.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"dimension weights: {string.Join(", ", result.DimensionWeights.Select(d => $"{ResilienceIndicators.Name(d.Key)} {F(d.Value, "0.000")}"))}{(result.Degenerate ? " (degenerate: equal weights)" : "")}");
    }

    private static void PrintQuarter(ResilienceResult result, string quarter, Func<string, bool> shown, CliDatabaseContext context)
    {
        var table = new Table().Title($"resilience index {quarter} (0-100, highest first)")
            .AddColumns("city", "index", "resistance", "recovery", "adaptability", "transformation");
        foreach (var s in result.Scores.Where(s => s.Period == quarter && shown(s.City)).OrderByDescending(s => s.Index))
            table.AddRow([context.Reference.Cities.Find(s.City)?.NameEn ?? s.City, F(s.Index, "0.0"),
                .. ResilienceIndicators.Dimensions.Select(d => s.Dimensions.TryGetValue(d, out var v) ? F(v, "0.0") : "-")]);
        AnsiConsole.Write(table);
    }

    private static void PrintSeries(ResilienceResult result, Func<string, bool> shown)
    {
        var periods = result.Periods.ToArray();
        var table = new Table().Title("index per quarter").AddColumn("city");
        foreach (var p in periods) table.AddColumn(p);
        foreach (var city in result.Scores.Select(s => s.City).Distinct().Where(shown).Order(StringComparer.Ordinal))
            table.AddRow([city, .. periods.Select(p => result.Scores.FirstOrDefault(s => s.City == city && s.Period == p) is { } s ? F(s.Index, "0.0") : "-")]);
        AnsiConsole.Write(table);
    }

    /// <summary>
    /// Stores the snapshot of every quarter of the range after the newest stored one, in order, each computed over the
    /// quarters from the range's start to it (what was known then), and prints the warnings they raised.
    /// </summary>
    private static async Task SnapshotAsync(CliDatabaseContext context, ResilienceRepository repository, (Quarter From, Quarter To) range, CancellationToken ct)
    {
        var snapshotter = new ResilienceSnapshotter(context.Connections);
        var warnings = new ResilienceWarningRepository(context.Connections);
        var outcomes = await snapshotter.CatchUpAsync(range.From, range.To,
            (q, token) => ResilienceScoring.SnapshotScoresAsync(repository, range.From, q, token), new ResilienceWarningRules(), ct);
        var table = new Table().Title("resilience snapshots").AddColumns("quarter", "cities", "opened", "escalated", "closed", "note");
        foreach (var o in outcomes)
        {
            if (o.Taken is { } info)
                table.AddRow(o.Quarter.ToString(), info.Cities.ToString(CultureInfo.InvariantCulture), info.Opened.ToString(CultureInfo.InvariantCulture),
                    info.Escalated.ToString(CultureInfo.InvariantCulture), info.Closed.ToString(CultureInfo.InvariantCulture), info.AlreadyExisted ? "already stored" : "");
            else
                table.AddRow(o.Quarter.ToString(), "", "", "", "", Markup.Escape(o.Note ?? ""));
        }
        AnsiConsole.Write(table);
        var open = await warnings.ListAsync(new ResilienceWarningFilter { Status = Data.Shortages.AlertStatus.Open }, 500, null, ct);
        var list = new Table().Title($"open resilience warnings ({open.Items.Count})").AddColumns("id", "city", "subject", "rule", "severity", "since", "score", "acks");
        foreach (var w in open.Items.OrderBy(w => w.CityCode, StringComparer.Ordinal).ThenBy(w => w.Subject, StringComparer.Ordinal))
            list.AddRow(w.Id.ToString(CultureInfo.InvariantCulture), w.CityCode, w.Subject, w.Rule.ToString(), w.Severity.ToString(), w.Since.ToString(), F(w.Score, "0.0"),
                (w.Acknowledgements ?? 0).ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(list);
    }

    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
