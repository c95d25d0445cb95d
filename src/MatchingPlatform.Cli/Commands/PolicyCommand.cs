using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatchingPlatform.Analytics.Policy;
using MatchingPlatform.Analytics.Resilience;
using MatchingPlatform.Cli.Reports;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Policy;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Resilience;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl evaluate-policy: difference-in-differences evaluation of a policy (TWFE with clustered errors,
/// Callaway–Sant'Anna group-time effects and their aggregations, event study, placebo test) on a CSV panel, on the
/// platform's own city-quarter panel of the demo's training-subsidy pilot (outcome: the re-employment rate, or the
/// workforce-resilience index, a dimension or an indicator), or — with --validate-mpdta — the check against R did
/// 2.5.1's reference output that CI runs.
/// </summary>
internal static class PolicyCommand
{
    private static readonly string DefaultMpdtaFolder = Path.Combine("..", "shared", "data", "did_mpdta");

    /// <summary>The --demo/--platform outcome aggregated by <see cref="PolicyPanelRepository"/> (the default).</summary>
    private const string Reemployment = "reemployment";

    /// <summary>--external's value for "no imported indicators".</summary>
    private const string NoExternal = "none";

    public static Command Create()
    {
        var validate = new Option<string?>("--validate-mpdta")
        {
            Description = $"Reproduce R did 2.5.1 on mpdta from FOLDER (default {DefaultMpdtaFolder}); exit 1 on any mismatch",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var panelFile = new Option<string?>("--panel") { Description = "Unit-period panel CSV (one row per unit and period)" };
        var outcome = new Option<string?>("--outcome")
        {
            Description = $"Outcome column of --panel; with --demo/--platform: {Reemployment} (default: hired / active seekers per pilot-anchored quarter), "
                + $"{ResilienceOutcome.IndexName}, a dimension (resistance, recovery, adaptability, transformation) or an indicator code (docs/resilience.md)",
        };
        var unit = new Option<string?>("--unit") { Description = "Unit column of --panel (e.g. city)" };
        var time = new Option<string?>("--time") { Description = "Period column of --panel: integers (years) or quarters like 2025Q3" };
        var treatedFrom = new Option<string?>("--treated-from") { Description = "Column with the unit's first treated period (empty, 0, NA or never: never treated)" };
        var control = new Option<string>("--control") { Description = "Comparison units: never (never treated) or notyet (also not yet treated)", DefaultValueFactory = _ => "never" };
        control.AcceptOnlyFromAmong("never", "notyet");
        var basePeriod = new Option<string>("--base-period") { Description = "varying (R did's default) or universal", DefaultValueFactory = _ => "varying" };
        basePeriod.AcceptOnlyFromAmong("varying", "universal");
        var placebo = new Option<int>("--placebo") { Description = "Placebo permutations (0: skip)", DefaultValueFactory = _ => PlaceboTest.DefaultRepetitions };
        var seed = new Option<int>("--seed") { Description = "Seed of the placebo permutations and the uniform band's bootstrap", DefaultValueFactory = _ => PlaceboTest.DefaultSeed };
        var png = new Option<string?>("--png") { Description = "Draw the event study (coefficients, pointwise and uniform 95% bands) to this PNG" };
        var json = new Option<string?>("--json") { Description = "Also write the full report as JSON to this file" };
        var demo = new Option<bool>("--demo") { Description = "Evaluate the demo data's training-subsidy pilot: generate the demo into a scratch database, aggregate a city-quarter panel in SQL" };
        var platform = new Option<bool>("--platform") { Description = "Evaluate the pilot on the platform database (--provider/--database) instead of a generated demo" };
        var pilotCities = new Option<string>("--pilot-cities") { Description = "Treated cities for --demo/--platform (comma-separated codes)", DefaultValueFactory = _ => string.Join(",", CalibrationProfile.PilotCities) };
        var pilotStart = new Option<DateTimeOffset>("--pilot-start") { Description = "Pilot start for --platform (default: the demo's)", DefaultValueFactory = _ => new DemoDataOptions().PilotStart };
        var periods = new Option<int>("--quarters") { Description = "Quarters before and after the pilot start in the --demo/--platform panel", DefaultValueFactory = _ => 4 };
        var external = new Option<string?>("--external")
        {
            Description = $"Resilience outcomes: imported indicators. FILE: import this CSV (city,quarter,indicator,value) into the database first, as report resilience --external does; "
                + $"{NoExternal}: leave the imported indicators out of the index. Default: --demo imports the SYNTHETIC demo values, --platform uses what the database holds",
        };
        var panelOut = new Option<string?>("--panel-out") { Description = "Write the --demo/--platform panel as CSV (readable by --panel) to this file" };
        var command = new Command("evaluate-policy", "Difference-in-differences policy evaluation: TWFE, group-time ATTs (Callaway-Sant'Anna), event study, placebo test")
        {
            validate, panelFile, outcome, unit, time, treatedFrom, control, basePeriod, placebo, seed, png, json, demo, platform, pilotCities, pilotStart, periods,
            external, panelOut,
        };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var modes = new[] { parse.GetResult(validate) is not null, parse.GetValue(panelFile) is not null, parse.GetValue(demo), parse.GetValue(platform) };
            if (modes.Count(m => m) != 1)
                throw new CliException("choose one of --validate-mpdta [FOLDER], --panel FILE, --demo or --platform");
            if (parse.GetResult(validate) is not null)
                return Validate(parse.GetValue(validate) ?? DefaultMpdtaFolder);
            if (parse.GetValue(panelFile) is not null && (parse.GetValue(panelOut) is not null || parse.GetValue(external) is not null))
                throw new CliException("--panel-out and --external apply to --demo/--platform panels; with --panel the file is the panel");

            var options = new PolicyEvaluationOptions
            {
                GroupTime = new GroupTimeOptions
                {
                    Control = parse.GetValue(control) == "notyet" ? ControlGroup.NotYetTreated : ControlGroup.NeverTreated,
                    BasePeriod = parse.GetValue(basePeriod) == "universal" ? BasePeriod.Universal : BasePeriod.Varying,
                },
                PlaceboRepetitions = parse.GetValue(placebo) is var n and >= 0 ? n : throw new CliException("--placebo must be 0 or more"),
                Seed = parse.GetValue(seed),
            };

            PolicyPanel panel;
            Func<int, string> label;
            string title, unitOfTime;
            if (parse.GetValue(panelFile) is { } file)
            {
                var columns = new PanelColumns(
                    parse.GetValue(unit) ?? throw new CliException("--panel needs --unit COLUMN"),
                    parse.GetValue(time) ?? throw new CliException("--panel needs --time COLUMN"),
                    parse.GetValue(outcome) ?? throw new CliException("--panel needs --outcome COLUMN"),
                    parse.GetValue(treatedFrom) ?? throw new CliException("--panel needs --treated-from COLUMN"));
                var csv = PanelCsvReader.ReadFile(file, columns);
                if (csv.Rejected.Count > 0)
                {
                    foreach (var r in csv.Rejected.Take(50)) AnsiConsole.MarkupLineInterpolated($"[red]rejected[/] {r.ToString()}");
                    if (csv.Rejected.Count > 50) AnsiConsole.MarkupLineInterpolated($"... and {csv.Rejected.Count - 50} more");
                    throw new CliException($"{csv.Rejected.Count} bad row(s) of {csv.RowsRead} in {file}: fix them first; nothing was evaluated");
                }
                panel = CreatePanel(csv.Rows.Select(r => new PanelObservation(r.Unit, r.Period, r.Outcome, r.TreatedFrom)));
                label = csv.FormatPeriod;
                title = $"{columns.Outcome} ({Path.GetFileName(file)})";
                unitOfTime = csv.Quarterly ? "quarters" : "periods";
            }
            else
            {
                var cities = parse.GetValue(pilotCities)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var quarters = parse.GetValue(periods);
                if (quarters is < 2 or > 12) throw new CliException("--quarters must be between 2 and 12");
                var outcomeName = parse.GetValue(outcome) ?? Reemployment;
                var resilience = string.Equals(outcomeName, Reemployment, StringComparison.OrdinalIgnoreCase) ? null
                    : ResilienceOutcome.Parse(outcomeName) ?? throw new CliException(
                        $"--outcome with --demo/--platform: '{outcomeName}' is none of {Reemployment}, {string.Join(", ", ResilienceOutcome.Names)}");
                var externalChoice = parse.GetValue(external);
                if (resilience is null && externalChoice is not null) throw new CliException("--external applies to resilience outcomes only (--outcome resilience-index, a dimension or an indicator)");
                PanelSource source = resilience is null
                    ? (connections, _, treated, start, _) => ReemploymentPanelAsync(connections, treated, start, quarters, ct)
                    : (connections, reference, treated, start, isDemo) => ResiliencePanelAsync(connections, reference, resilience, externalChoice, isDemo, treated, start, quarters, ct);
                var built = parse.GetValue(demo)
                    ? await DemoPanelAsync(parse, cities, source, ct)
                    : await PlatformPanelAsync(parse, cities, parse.GetValue(pilotStart), source, ct);
                panel = built.Panel;
                label = built.Label;
                title = built.Title;
                unitOfTime = "quarters";
                if (parse.GetValue(panelOut) is { } outFile)
                {
                    await using (var writer = new StreamWriter(outFile))
                        PanelCsvWriter.Write(writer, built.Columns, built.Rows.Select(r => new PanelCsvRecord(r.Unit, built.CsvPeriod(r.Period), r.Outcome,
                            r.FirstTreated is { } g ? built.CsvPeriod(g) : null)));
                    AnsiConsole.MarkupLineInterpolated(
                        $"panel written to {Path.GetFullPath(outFile)} ({built.Rows.Count} rows; read it back with --panel {outFile} --unit {built.Columns.Unit} --time {built.Columns.Time} --outcome {built.Columns.Outcome} --treated-from {built.Columns.TreatedFrom})");
                }
            }
            PolicyEvaluationReport report;
            try
            {
                report = PolicyEvaluation.Run(panel, options);
            }
            catch (ArgumentException ex)
            {
                foreach (var note in panel.Notes) AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] {note}");
                throw new CliException($"nothing to evaluate on this panel ({panel.UnitCount} units × {panel.PeriodCount} periods, {panel.UnitCount - panel.NeverTreatedCount} treated): {ex.Message}");
            }
            Print(report, label);
            if (parse.GetValue(png) is { } pngFile)
                AnsiConsole.MarkupLineInterpolated($"wrote {EventStudyChart.Render(pngFile, report.EventStudy, $"Event study: {title}", unitOfTime)}");
            if (parse.GetValue(json) is { } jsonFile)
            {
                await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(report, JsonOptions), ct);
                AnsiConsole.MarkupLineInterpolated($"wrote {Path.GetFullPath(jsonFile)}");
            }
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static PolicyPanel CreatePanel(IEnumerable<PanelObservation> observations)
    {
        try
        {
            return PolicyPanel.Create(observations);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    // ---- validation against R did ------------------------------------------------------------------

    private static int Validate(string folder)
    {
        if (!Directory.Exists(folder))
            throw new CliException($"--validate-mpdta: folder {Path.GetFullPath(folder)} not found (the shared data lives in ../shared/data/did_mpdta; pass the folder explicitly)");
        var panel = CreatePanel(DidReferenceReader.ReadPanel(folder) is var csv && csv.Rejected.Count == 0
            ? csv.Rows.Select(r => new PanelObservation(r.Unit, r.Period, r.Outcome, r.TreatedFrom))
            : throw new CliException($"mpdta.csv: {csv.Rejected.Count} bad row(s), first: {csv.Rejected[0]}"));
        AnsiConsole.MarkupLineInterpolated($"mpdta: {panel.UnitCount} counties, {panel.PeriodCount} years ({panel.Periods[0]}-{panel.Periods[^1]}), cohorts {string.Join(", ", panel.Cohorts)}, {panel.NeverTreatedCount} never treated");
        AnsiConsole.MarkupLine($"criteria: |ATT difference| < {ReferenceComparison.EstimateTolerance} (3 decimals), standard error within {ReferenceComparison.SeTolerance * 100:0}%; reference: R did 2.5.1, bstrap = FALSE (analytical SEs)");
        var failures = 0;
        var total = 0;
        foreach (var (scenario, notYet) in DidReferenceReader.Scenarios)
        {
            var reference = DidReferenceReader.ReadReference(folder, scenario);
            var result = GroupTimeEffects.Estimate(panel, new GroupTimeOptions { Control = notYet ? ControlGroup.NotYetTreated : ControlGroup.NeverTreated });
            var rows = ReferenceComparison.Compare(result, reference.Values.Select(r =>
                ReferenceValue.FromR(r.Scenario, r.Type, r.Overall, r.Key, r.Period, r.Estimate, r.StandardError)));
            var table = new Table().Title($"{scenario} (control: {(notYet ? "not yet treated" : "never treated")})")
                .AddColumns("estimate", "R att", "ours", "diff", "R se", "ours", "se diff", "result");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Label), F(r.ReferenceEstimate), F(r.OurEstimate), E(r.EstimateDifference),
                    F(r.ReferenceSe), F(r.OurSe), Math.Round(r.SeRelativeDifference, 6).ToString("+0.000%;-0.000%;0.000%", CultureInfo.InvariantCulture),
                    r.Passes ? "[green]pass[/]" : "[red]FAIL[/]");
            AnsiConsole.Write(table);
            if (result.PreTrendWaldTest() is { } pre && reference.PreTestW is { } w)
                AnsiConsole.MarkupLineInterpolated(
                    $"pre-test of parallel trends: W = {pre.Statistic:F4} (R {w:F4}), p = {pre.PValue:F5} (R {reference.PreTestPValue:F5}, informational)");
            failures += rows.Count(r => !r.Passes);
            total += rows.Count;
        }
        AnsiConsole.MarkupLine("[grey]mpdta_nev_reg_cov is not compared: it conditions on a covariate (lpop), which this estimator does not take[/]");
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{total - failures}/{total} rows pass: ")
            + (failures == 0 ? "[green]validation passed[/]" : "[red]validation FAILED[/]"));
        return failures == 0 ? 0 : 1;
    }

    // ---- the platform's own panel --------------------------------------------------------------------

    /// <summary>A --demo/--platform panel: the estimation panel, its rows (for --panel-out) and how to name its periods.</summary>
    /// <param name="Label">A period as printed.</param>
    /// <param name="CsvPeriod">A period as written to --panel-out (readable by --panel).</param>
    private sealed record BuiltPanel(PolicyPanel Panel, IReadOnlyList<PanelObservation> Rows, Func<int, string> Label, Func<int, string> CsvPeriod,
        string Title, PanelColumns Columns);

    /// <summary>Builds the panel of an outcome from a database holding the platform's data.</summary>
    private delegate Task<BuiltPanel> PanelSource(IDbConnectionFactory connections, ReferenceData reference, IReadOnlyList<string> treated,
        DateTimeOffset pilotStart, bool demo);

    private static async Task<BuiltPanel> DemoPanelAsync(ParseResult parse, IReadOnlyList<string> cities, PanelSource source, CancellationToken ct)
    {
        var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory(parse.GetValue(CliDatabase.DataDirectory)));
        var demoOptions = new DemoDataOptions();
        var scratch = Path.Combine(Path.GetTempPath(), "matchctl-policy-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={scratch}" };
            DatabaseMigrator.Migrate(options);
            var connections = ConnectionFactories.Create(options);
            await new ReferenceDataRepository(connections).SyncAsync(reference, ct);
            DemoDataset dataset = null!;
            await AnsiConsole.Status().StartAsync("generating the demo dataset into a scratch database", async _ =>
            {
                dataset = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, demoOptions);
                await new DatasetWriter(connections).WriteAsync(DemoDataCommand.ToBatch(dataset), ct: ct);
            });
            var treated = cities.SequenceEqual(CalibrationProfile.PilotCities) ? dataset.PilotCities : cities;
            AnsiConsole.MarkupLineInterpolated(
                $"demo: {demoOptions.Workers} workers, {dataset.Interactions.Count} interactions, window {demoOptions.Start:yyyy-MM-dd} to {demoOptions.End:yyyy-MM-dd}; pilot in {string.Join(", ", treated)} from {demoOptions.PilotStart:yyyy-MM-dd}");
            return await source(connections, reference, treated, demoOptions.PilotStart, true);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(scratch);
        }
    }

    private static async Task<BuiltPanel> PlatformPanelAsync(ParseResult parse, IReadOnlyList<string> cities, DateTimeOffset pilotStart, PanelSource source,
        CancellationToken ct)
    {
        var context = await CliDatabase.OpenAsync(parse, ct);
        foreach (var city in cities)
            if (context.Reference.Cities.Find(city) is null) throw new CliException($"--pilot-cities: unknown city code '{city}'");
        AnsiConsole.MarkupLineInterpolated($"platform database: pilot in {string.Join(", ", cities)} from {pilotStart:yyyy-MM-dd}");
        return await source(context.Connections, context.Reference, cities, pilotStart, false);
    }

    /// <summary>
    /// The city-quarter panel around the pilot start: 3-month periods anchored at the start (so the pilot begins
    /// exactly at a period boundary, <paramref name="quarters"/> periods before and after), Liaoning cities, outcome
    /// the re-employment rate (seekers hired in the quarter / seekers active in it), treated from the first quarter
    /// of the pilot. Periods are numbered 1.. so the pilot cohort is quarters + 1.
    /// </summary>
    private static async Task<BuiltPanel> ReemploymentPanelAsync(IDbConnectionFactory connections, IReadOnlyList<string> pilotCities,
        DateTimeOffset pilotStart, int quarters, CancellationToken ct)
    {
        var boundaries = Enumerable.Range(-quarters, 2 * quarters + 1).Select(k => pilotStart.AddMonths(3 * k)).ToArray();
        var rows = await new PolicyPanelRepository(connections).CityPeriodOutcomesAsync(boundaries, liaoningOnly: true, ct);
        if (rows.Count == 0) throw new CliException("no interactions of Liaoning seekers in the panel window: load data first (matchctl demo-data)");
        var pilot = pilotCities.ToHashSet(StringComparer.Ordinal);
        var missing = pilot.Where(c => rows.All(r => r.CityCode != c)).ToList();
        if (missing.Count > 0) AnsiConsole.MarkupLineInterpolated($"[yellow]pilot cities without any activity in the window:[/] {string.Join(", ", missing)}");
        var cohort = quarters + 1;

        var table = new Table().Title("city-quarter panel (re-employment rate = hired seekers / active seekers)").AddColumn("city");
        for (var k = 1; k <= 2 * quarters; k++) table.AddColumn(new TableColumn(Label(boundaries, k)).RightAligned());
        foreach (var city in rows.GroupBy(r => r.CityCode))
        {
            var cells = new List<string> { CityCell(city.Key, pilot) };
            for (var k = 1; k <= 2 * quarters; k++)
                cells.Add(city.FirstOrDefault(r => r.Period == k) is { } r
                    ? $"{r.ReemploymentRate.ToString("P1", CultureInfo.InvariantCulture)} ({r.HiredSeekers}/{r.ActiveSeekers})" : "-");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);

        var observations = rows.Select(r => new PanelObservation(r.CityCode, r.Period, r.ReemploymentRate, pilot.Contains(r.CityCode) ? cohort : null)).ToArray();
        return new BuiltPanel(CreatePanel(observations), observations, k => Label(boundaries, k), k => k.ToString(CultureInfo.InvariantCulture),
            "Re-employment rate, training-subsidy pilot cities", new PanelColumns("city", "period", "reemployment_rate", "treated_from"));
    }

    /// <summary>
    /// The city × calendar-quarter panel of a resilience outcome (<see cref="ResiliencePolicyPanel"/>): the index is
    /// scored over the window's quarters by the one composition the report and the server use. Imported indicators:
    /// <paramref name="external"/> a CSV to import first, <see cref="NoExternal"/> to leave them out, or by default the
    /// synthetic demo values (--demo) or whatever the database holds (--platform).
    /// </summary>
    private static async Task<BuiltPanel> ResiliencePanelAsync(IDbConnectionFactory connections, ReferenceData reference, ResilienceOutcome outcome,
        string? external, bool demo, IReadOnlyList<string> pilotCities, DateTimeOffset pilotStart, int quarters, CancellationToken ct)
    {
        var repository = new ResilienceRepository(connections);
        var includeExternal = !string.Equals(external, NoExternal, StringComparison.OrdinalIgnoreCase);
        if (includeExternal && external is not null)
            await ResilienceCommands.ImportExternalAsync(repository, reference.Cities.All.Select(c => c.Code), external, ct);
        else if (includeExternal && demo && await repository.DataQuartersAsync(ct) is { } data)
        {
            var written = await repository.UpsertExternalAsync(await ResilienceCommands.DemoExternalAsync(repository, data.From, data.To, ct), ct);
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]imported {written} SYNTHETIC external values ({data.From}..{data.To}; generated by DemoExternalIndicators, not real statistics: training completion is built 8 points higher in the pilot cities from the pilot's quarter; --external none leaves them out)[/]");
        }
        else if (!includeExternal)
            AnsiConsole.MarkupLine("imported indicators left out of the index (--external none)");

        ResiliencePolicyPanel built;
        try
        {
            built = await ResiliencePolicyPanel.BuildAsync(repository, outcome, pilotCities, pilotStart, quarters, includeExternal, ct);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new CliException(ex.Message);
        }
        var p = built.Panel;
        foreach (var note in built.LeftOut) AnsiConsole.MarkupLineInterpolated($"[yellow]left out of the window:[/] {note}");
        ResilienceCommands.PrintWeights(built.Scores, (p.Quarters[0], p.Quarters[^1]));

        var pilot = p.Treated.ToHashSet(StringComparer.Ordinal);
        var format = outcome.Indicator is null ? "0.0" : "0.####";
        var byCell = p.Observations.ToDictionary(o => (o.Unit, o.Period), o => o.Outcome);
        var table = new Table().Title($"city-quarter panel: {outcome.Description}; pilot cities treated from {p.TreatedFrom}").AddColumn("city");
        foreach (var q in p.Quarters) table.AddColumn(new TableColumn(q.ToString()).RightAligned());
        foreach (var city in p.Cities)
            table.AddRow([CityCell(city, pilot),
                .. p.Quarters.Select(q => byCell.TryGetValue((city, q.Ordinal), out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "[red]missing[/]")]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(
            $"panel rows: {p.Observations.Count} of {p.Cities.Count} cities × {p.Quarters.Count} quarters ({p.Quarters[0]}..{p.Quarters[^1]}); treated: {string.Join(", ", p.Treated)} from {p.TreatedFrom}");
        if (p.Missing.Count > 0)
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]{p.Missing.Count} city-quarter(s) without a value, not filled:[/] {string.Join(", ", p.Missing)}; the balanced panel drops {string.Join(", ", p.IncompleteCities)}");

        return new BuiltPanel(CreatePanel(p.Observations), p.Observations, CityQuarterPanel.Label, CityQuarterPanel.Label,
            $"{outcome.Name}, training-subsidy pilot cities", new PanelColumns("city", "quarter", outcome.Name, "treated_from"));
    }

    private static string CityCell(string city, IReadOnlySet<string> pilot) =>
        pilot.Contains(city) ? $"[bold]{Markup.Escape(city)} (pilot)[/]" : Markup.Escape(city);

    /// <summary>Period k (1-based) of the pilot-anchored panel as "from yyyy-MM-dd", with its quarter relative to the pilot.</summary>
    private static string Label(DateTimeOffset[] boundaries, int k) =>
        k >= 1 && k < boundaries.Length
            ? string.Create(CultureInfo.InvariantCulture, $"{boundaries[k - 1]:yyyy-MM-dd} (q{k - (boundaries.Length - 1) / 2 - 1:+0;-0;+0})")
            : k.ToString(CultureInfo.InvariantCulture);

    // ---- printing ------------------------------------------------------------------------------------

    private static void Print(PolicyEvaluationReport report, Func<int, string> label)
    {
        var p = report.Panel;
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]panel:[/] {p.Units} units × {p.Periods} periods ({label(p.FirstPeriod)} to {label(p.LastPeriod)}), {p.NeverTreatedUnits} never treated; cohorts: {string.Join(", ", p.UnitsPerCohort.Select(c => $"{label(c.Key)} ({c.Value} units)"))}");
        foreach (var note in report.Notes) AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] {note}");
        AnsiConsole.MarkupLineInterpolated(
            $"comparison units: {(report.Options.Control == ControlGroup.NeverTreated ? "never treated" : "never and not yet treated")}; base period: {report.Options.BasePeriod.ToString().ToLowerInvariant()}");

        var t = report.Twfe;
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]TWFE DID[/] (unit and period fixed effects): β = {F(t.Coefficient)}, clustered SE {F(t.StandardError)} (CR1, {t.Clusters} clusters), t = {t.TStatistic:F2}, p = {t.PValue:F4}, 95% CI [[{F(t.CiLow)}, {F(t.CiHigh)}]]");

        var cells = new Table().Title("group-time average treatment effects ATT(g,t)")
            .AddColumns("cohort g", "period t", "base", "e = t-g", "ATT", "SE", "95% CI", "treated", "comparison");
        foreach (var c in report.GroupTime)
            cells.AddRow(label(c.Group), label(c.Period), label(c.BasePeriod), c.EventTime.ToString(CultureInfo.InvariantCulture),
                F(c.Att), c.IsReference ? "(ref)" : F(c.StandardError),
                c.IsReference ? "" : Ci(c.Att - Aggregations.Normal95 * c.StandardError, c.Att + Aggregations.Normal95 * c.StandardError),
                c.TreatedUnits.ToString(CultureInfo.InvariantCulture), c.ControlUnits.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(cells);

        var aggregations = new Table().Title("aggregations (95% CI pointwise)").AddColumns("type", "component", "estimate", "SE", "95% CI");
        foreach (var a in new[] { report.Simple, report.Group, report.Calendar })
        {
            foreach (var c in a.Components)
                aggregations.AddRow(a.Type.ToString().ToLowerInvariant(), label(c.Key), F(c.Estimate), F(c.StandardError), Ci(c.CiLow, c.CiHigh));
            aggregations.AddRow($"[bold]{a.Type.ToString().ToLowerInvariant()}[/]", "overall", $"[bold]{F(a.Overall)}[/]", F(a.OverallStandardError), Ci(a.OverallCiLow, a.OverallCiHigh));
        }
        var d = report.Dynamic;
        aggregations.AddRow("[bold]dynamic[/]", "overall (mean of e >= 0)", $"[bold]{F(d.Overall)}[/]", F(d.OverallStandardError), Ci(d.OverallCiLow, d.OverallCiHigh));
        AnsiConsole.Write(aggregations);

        var es = new Table().Title($"event study (dynamic aggregation); uniform band critical value {report.EventStudy.UniformCriticalValue:F3}")
            .AddColumns("e", "estimate", "SE", "pointwise 95% CI", "uniform 95% band");
        foreach (var e in report.EventStudy.Points)
            es.AddRow(e.EventTime.ToString("+0;-0;0", CultureInfo.InvariantCulture), F(e.Estimate), F(e.StandardError),
                Ci(e.CiLow, e.CiHigh), Ci(e.UniformLow, e.UniformHigh));
        AnsiConsole.Write(es);
        if (report.PreTrend is { } pre)
            AnsiConsole.MarkupLineInterpolated($"pre-test of parallel trends (Wald, {pre.DegreesOfFreedom} pre-treatment cells): W = {pre.Statistic:F3}, p = {pre.PValue:F4}");

        foreach (var pl in new[] { report.PlaceboSimpleAtt, report.PlaceboTwfe }.OfType<PlaceboSummary>())
            AnsiConsole.MarkupLineInterpolated(
                $"placebo ({(pl.Statistic == PlaceboStatistic.SimpleAtt ? "simple ATT" : "TWFE β")}, {pl.Repetitions} random reassignments, seed {pl.Seed}): real {F(pl.RealEstimate)}; placebo mean {F(pl.PlaceboMean)}, sd {F(pl.PlaceboSd)}, 95% range [[{F(pl.Placebo2_5)}, {F(pl.Placebo97_5)}]]; {pl.AtLeastAsExtreme}/{pl.Repetitions} at least as extreme: p = {pl.PValue:F3} ((k+1)/(R+1) = {pl.PValueAddOne:F3})");
    }

    /// <summary>An interval as table markup (brackets escaped).</summary>
    private static string Ci(double low, double high) => $"[[{F(low)}, {F(high)}]]";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.00000", CultureInfo.InvariantCulture) : "-";
    private static string E(double v) => double.IsFinite(v) ? v.ToString("+0.0E+0;-0.0E+0;0", CultureInfo.InvariantCulture) : "-";
}
