using System.CommandLine;
using System.Globalization;
using MatchingPlatform.Analytics.Mobility;
using MatchingPlatform.Cli.Reports;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Data.Mobility;
using MatchingPlatform.Data.Shortages;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl report mobility | gravity | redeployment: cross-city talent flows aggregated in the database, the gravity
/// model fitted to them, and redeployment suggestions. Like the other reports they work on the database directly.
/// Definitions: docs/mobility.md.
/// </summary>
internal static class MobilityCommands
{
    private static readonly Option<string> Group = new("--group")
    {
        Description = "Talent group: all, digital (a digital skill at level 3+) or traditional", DefaultValueFactory = _ => "all",
    };

    private static readonly Option<string> Sources = new("--sources")
    {
        Description = "Comma-separated flow sources: history, relocation, hire, application (default: the realised moves history,relocation,hire)",
        DefaultValueFactory = _ => "history,relocation,hire",
    };

    private static readonly Option<string?> From = new("--from") { Description = "Only moves on or after this date (YYYY-MM-DD)" };
    private static readonly Option<string?> To = new("--to-date") { Description = "Only moves on or before this date (YYYY-MM-DD)" };

    private static readonly Option<int> Top = new("--top") { Description = "Rows per table (1-500)", DefaultValueFactory = _ => 15 };

    private static void AddFilter(Command command)
    {
        command.Options.Add(Group);
        command.Options.Add(Sources);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Top);
        CliDatabase.AddTo(command);
    }

    public static Command Mobility()
    {
        var period = new Option<string>("--period") { Description = "Bucket moves by year or quarter", DefaultValueFactory = _ => "year" };
        var png = new Option<string?>("--png") { Description = "Also draw the city x city flow heatmap (FILE) and net-flow bars (FILE-netflow.png)" };
        var command = new Command("mobility", "Talent flows between cities per period (work histories, relocations, cross-city hires/applications), in/out/net flow, graduate retention, talent density, concentration")
        {
            period, png,
        };
        AddFilter(command);
        command.SetAction(async (parse, ct) =>
        {
            var query = Query(parse) with
            {
                Granularity = parse.GetValue(period) switch
                {
                    "year" => PeriodGranularity.Year,
                    "quarter" => PeriodGranularity.Quarter,
                    var p => throw new CliException($"--period: '{p}' is not year or quarter"),
                },
            };
            var top = TopRows(parse);
            var context = await CliDatabase.OpenAsync(parse, ct);
            var repository = new MobilityRepository(context.Connections);
            var cities = context.Reference.Cities;
            var cells = await repository.FlowCellsAsync(query, ct);
            var flows = MobilityRepository.Combine(cells, query.Sources);
            var sources = query.Sources.Distinct().Order().ToArray();

            AnsiConsole.MarkupLineInterpolated($"moves ({Describe(query)}): {flows.Sum(f => f.Moves)} in {flows.Select(f => (f.FromCity, f.ToCity)).Distinct().Count()} corridors; by source: {string.Join(", ", sources.Select(s => $"{Name(s)} {cells.Where(c => c.Source == s).Sum(c => c.Moves)}"))}");
            var perPeriod = new Table().AddColumns(["period", "moves", .. sources.Select(Name), "corridors", "top corridor"]);
            foreach (var g in flows.GroupBy(f => f.Period))
            {
                var best = g.OrderByDescending(f => f.Moves).ThenBy(f => f.FromCity, StringComparer.Ordinal).ThenBy(f => f.ToCity, StringComparer.Ordinal).First();
                perPeriod.AddRow([g.Key.ToString(), N(g.Sum(f => f.Moves)), .. sources.Select(s => N(g.Sum(f => f.BySource[s]))), N(g.Count()),
                    Markup.Escape($"{best.FromCity} -> {best.ToCity} ({best.Moves})")]);
            }
            AnsiConsole.Write(perPeriod);

            var corridors = flows.GroupBy(f => (f.FromCity, f.ToCity))
                .Select(g => (g.Key.FromCity, g.Key.ToCity, Moves: g.Sum(f => f.Moves), By: sources.ToDictionary(s => s, s => g.Sum(f => f.BySource[s]))))
                .OrderByDescending(c => c.Moves).ThenBy(c => c.FromCity, StringComparer.Ordinal).ThenBy(c => c.ToCity, StringComparer.Ordinal).ToList();
            var corridorTable = new Table().Title("top corridors, whole range").AddColumns(["from", "to", "moves", .. sources.Select(Name), "km"]);
            foreach (var c in corridors.Take(top))
                corridorTable.AddRow([Markup.Escape(c.FromCity), Markup.Escape(c.ToCity), N(c.Moves), .. sources.Select(s => N(c.By[s])), Km(cities, c.FromCity, c.ToCity)]);
            AnsiConsole.Write(corridorTable);

            var stats = await repository.CityStatsAsync(new CityStatsQuery { Group = query.Group, Sources = query.Sources, From = query.From, To = query.To }, ct);
            var cityTable = new Table().Title("cities by net flow (largest gains and losses)")
                .AddColumns("city", "in", "out", "net", "workers", "per 10k", "digital", "digital per 10k", "graduates", "still in city");
            var ranked = stats.Cities.OrderByDescending(c => c.NetFlow).ThenBy(c => c.CityCode, StringComparer.Ordinal).ToList();
            var shown = ranked.Count <= top ? ranked : ranked.Take((top + 1) / 2).Concat(ranked.Skip(ranked.Count - top / 2)).ToList();
            foreach (var c in shown)
                cityTable.AddRow(Markup.Escape(c.CityCode), N(c.Inflow), N(c.Outflow), c.NetFlow.ToString("+0;-0;0", CultureInfo.InvariantCulture),
                    N(c.Talent.Workers), F(c.Talent.WorkersPer10k, 2), N(c.Talent.DigitalWorkers), F(c.Talent.DigitalPer10k, 2),
                    N(c.Graduates?.Graduates ?? 0), c.Graduates is { } g ? Pct(g.CityRetention) : "-");
            AnsiConsole.Write(cityTable);
            AnsiConsole.MarkupLineInterpolated($"graduate retention (first job after graduation in the home province): {(stats.HomeProvinceRetention is { } r ? $"{Pct(r)} of {stats.Graduates}" : "no graduates with a job on record")}");
            AnsiConsole.MarkupLineInterpolated($"digital talent in the top two cities: {(stats.DigitalTop2Share is { } s1 ? $"{Pct(s1)} ({string.Join(", ", stats.TopDigitalCities)})" : "-")}; within the home province: {(stats.DigitalTop2ShareHome is { } s2 ? $"{Pct(s2)} ({string.Join(", ", stats.TopDigitalHomeCities)})" : "-")}");

            if (parse.GetValue(png) is { } file)
            {
                var pairs = corridors.Select(c => (c.FromCity, c.ToCity, c.Moves)).ToList();
                if (pairs.Count == 0) throw new CliException(MobilityCharts.EmptyInputMessage);
                var labels = ChartLabels.Detect();
                foreach (var path in MobilityCharts.Render(file, pairs, cities, Describe(query), labels))
                    AnsiConsole.MarkupLineInterpolated($"wrote {path} ({labels.Language} labels, font {labels.FontName})");
            }
            return 0;
        });
        return command;
    }

    public static Command Gravity()
    {
        var mass = new Option<string>("--mass") { Description = "Masses: population or workforce (registered workers)", DefaultValueFactory = _ => "population" };
        var level = new Option<string>("--level") { Description = "city, or province (cities merged; use for imported US data placed at state centres)", DefaultValueFactory = _ => "city" };
        var minVolume = new Option<double>("--min-volume") { Description = "Corridors need at least this many observed moves to be ranked", DefaultValueFactory = _ => 3 };
        var command = new Command("gravity", "Fit the log-linear gravity model ln F = a + b ln Mi + c ln Mj - d ln dist to the flows: R², CPC, under- and over-performing corridors")
        {
            mass, level, minVolume,
        };
        AddFilter(command);
        command.SetAction(async (parse, ct) =>
        {
            var query = Query(parse) with { Granularity = PeriodGranularity.Total };
            var kind = parse.GetValue(mass) switch
            {
                "population" => GravityMassKind.Population,
                "workforce" => GravityMassKind.Workforce,
                var m => throw new CliException($"--mass: '{m}' is not population or workforce"),
            };
            var byProvince = parse.GetValue(level) switch
            {
                "city" => false,
                "province" => true,
                var l => throw new CliException($"--level: '{l}' is not city or province"),
            };
            if (parse.GetValue(minVolume) is < 0 or double.NaN) throw new CliException("--min-volume must be 0 or more");
            var top = TopRows(parse);
            var context = await CliDatabase.OpenAsync(parse, ct);
            var repository = new MobilityRepository(context.Connections);
            var cities = context.Reference.Cities;
            var flows = (await repository.FlowsAsync(query, ct)).Select(r => new OdFlow(r.FromCity, r.ToCity, r.Moves)).ToList();
            var fit = MobilityAnalysis.TryFit(flows, await MobilityAnalysis.MassesAsync(repository, cities, kind, ct), cities, kind, byProvince, out var problem)
                ?? throw new CliException($"the gravity model cannot be fitted: {problem}");

            AnsiConsole.MarkupLineInterpolated($"gravity model, {parse.GetValue(level)} level, {parse.GetValue(mass)} masses, {Describe(query)}: {flows.Sum(f => f.Volume):0} moves");
            AnsiConsole.MarkupLineInterpolated($"pairs: {fit.Observations} with flow (OLS on ln F), {fit.ZeroPairs} without (dropped from OLS, kept in CPC), {fit.SameLocationPairs} at one location (left out)");
            var coefficients = new Table().AddColumns("coefficient", "estimate", "std. error", "t", "p");
            foreach (var c in fit.Coefficients)
                coefficients.AddRow(c.Name, F(c.Estimate, 4), F(c.StandardError, 4), F(c.T, 2), c.P < 1e-4 ? "<0.0001" : F(c.P, 4));
            AnsiConsole.Write(coefficients);
            AnsiConsole.MarkupLineInterpolated($"R² {F(fit.RSquared, 4)} (adjusted {F(fit.AdjustedRSquared, 4)}), residual s.e. {F(fit.ResidualStandardError, 3)}; CPC {F(fit.Cpc, 4)} raw, {F(fit.CpcScaled, 4)} with predictions scaled to the observed total (x{F(fit.Scale, 3)})");
            var (under, over) = fit.Corridors(parse.GetValue(minVolume), top);
            PrintCorridors($"under-performing corridors (observed / predicted, at least {parse.GetValue(minVolume)} moves)", under);
            PrintCorridors("over-performing corridors", over);
            return 0;
        });
        return command;
    }

    public static Command Redeployment()
    {
        var skill = new Option<string>("--skill") { Description = "The short skill (taxonomy code)", Required = true };
        var to = new Option<string?>("--to") { Description = "Only this destination city" };
        var minRatio = new Option<double>("--min-ratio") { Description = "A destination is short from this demand/supply ratio", DefaultValueFactory = _ => 2.0 };
        var max = new Option<int>("--max") { Description = "Suggestions to list (1-500)", DefaultValueFactory = _ => 20 };
        var command = new Command("redeployment", "Seekers to approach for a skill short in one city (latest shortage snapshot) and in surplus in another, ranked by match and corridor propensity")
        {
            skill, to, minRatio, max,
        };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var context = await CliDatabase.OpenAsync(parse, ct);
            var code = parse.GetValue(skill)!;
            if (!context.Reference.Taxonomy.HasSkill(code)) throw new CliException($"--skill: unknown skill '{code}'");
            if (parse.GetValue(to) is { } city && !context.Reference.Cities.Contains(city)) throw new CliException($"--to: unknown city '{city}'");
            if (parse.GetValue(minRatio) is < 0 or double.NaN) throw new CliException("--min-ratio must be 0 or more");
            if (parse.GetValue(max) is < 1 or > 500) throw new CliException("--max must be between 1 and 500");
            var cities = context.Reference.Cities;
            var result = await MobilityAnalysis.RedeployAsync(new MobilityRepository(context.Connections), new ShortageRepository(context.Connections), cities, code,
                new RedeploymentOptions { MinRatio = parse.GetValue(minRatio), ToCity = parse.GetValue(to), MaxSuggestions = parse.GetValue(max) }, ct)
                ?? throw new CliException("no shortage snapshot yet: run matchctl snapshot first");
            var (snapshotId, plan) = result;
            AnsiConsole.MarkupLineInterpolated($"skill {code}, snapshot {snapshotId}: {plan.Destinations.Count} short cities (ratio >= {parse.GetValue(minRatio)}), {plan.CandidatesConsidered} candidates; corridor propensity from {plan.PropensitySource} flows");
            var destinations = new Table().Title("short cities").AddColumns("city", "level", "demand", "supply", "ratio", "open vacancies", "mean salary");
            foreach (var d in plan.Destinations)
                destinations.AddRow(Markup.Escape(d.Balance.CityCode), N(d.Balance.RequiredLevel), N(d.Balance.Demand), N(d.Balance.Supply), F(d.Balance.Ratio, 2),
                    N(d.OpenVacancies), d.MeanSalaryMonthly is { } s ? F(s, 0) : "-");
            AnsiConsole.Write(destinations);
            var origins = new Table().Title("surplus cities").AddColumns("city", "for", "level", "seekers", "own demand", "surplus");
            foreach (var o in plan.Origins.Take(parse.GetValue(max)))
                origins.AddRow(Markup.Escape(o.CityCode), Markup.Escape(o.ForDestination), N(o.Level), N(o.Supply), N(o.Demand), N(o.Surplus));
            AnsiConsole.Write(origins);
            var suggestions = new Table().Title("seekers to approach (score = 0.7 match + 0.3 corridor)")
                .AddColumns("worker", "from", "to", "held", "match", "corridor", "score", "km", "wish", "dest. salary", "difference");
            foreach (var s in plan.Suggestions)
                suggestions.AddRow(Markup.Escape(s.WorkerId), Markup.Escape(s.FromCity), Markup.Escape(s.ToCity), N(s.HeldLevel), F(s.Coverage, 3),
                    F(s.PropensityNormalised, 3), F(s.Score, 3), F(s.DistanceKm, 0), s.SalaryWishMonthly is { } w ? N(w) : "-",
                    s.DestinationSalaryMonthly is { } ds ? F(ds, 0) : "-", s.SalaryDifference is { } diff ? diff.ToString("+0;-0;0", CultureInfo.InvariantCulture) : "-");
            AnsiConsole.Write(suggestions);
            return 0;
        });
        return command;
    }

    private static FlowQuery Query(ParseResult parse)
    {
        var group = parse.GetValue(Group) switch
        {
            "all" => TalentGroup.All,
            "digital" => TalentGroup.Digital,
            "traditional" => TalentGroup.Traditional,
            var g => throw new CliException($"--group: '{g}' is not all, digital or traditional"),
        };
        var sources = (parse.GetValue(Sources) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s switch
            {
                "history" => FlowSource.History,
                "relocation" => FlowSource.Relocation,
                "hire" => FlowSource.Hire,
                "application" => FlowSource.Application,
                _ => throw new CliException($"--sources: '{s}' is not history, relocation, hire or application"),
            })
            .Distinct().ToArray();
        if (sources.Length == 0) throw new CliException("--sources: name at least one source");
        var from = parse.GetValue(From) is { } f ? ShortageCommands.ParseDate(f, "--from") : (DateOnly?)null;
        var to = parse.GetValue(To) is { } t ? ShortageCommands.ParseDate(t, "--to-date") : (DateOnly?)null;
        if (from > to) throw new CliException("--to-date is before --from");
        return new FlowQuery { Group = group, Sources = sources, From = from, To = to };
    }

    private static int TopRows(ParseResult parse) =>
        parse.GetValue(Top) is var top and >= 1 and <= 500 ? top : throw new CliException("--top must be between 1 and 500");

    private static string Describe(FlowQuery q) =>
        $"{q.Group.ToString().ToLowerInvariant()} talent, {string.Join("+", q.Sources.Order().Select(Name))}" +
        (q.From is null && q.To is null ? "" : $", {q.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"} to {q.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}");

    private static void PrintCorridors(string title, IReadOnlyList<CorridorFit> corridors)
    {
        var table = new Table().Title(title).AddColumns("from", "to", "observed", "predicted", "ratio", "km");
        foreach (var c in corridors)
            table.AddRow(Markup.Escape(c.Origin), Markup.Escape(c.Destination), F(c.Observed, 0), F(c.PredictedScaled, 1), F(c.Ratio, 2), F(c.DistanceKm, 0));
        AnsiConsole.Write(table);
    }

    private static string Name(FlowSource s) => s.ToString().ToLowerInvariant();
    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
    private static string F(double x, int digits) => double.IsFinite(x) ? x.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-";
    private static string Pct(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Km(CityDirectory cities, string a, string b) =>
        cities.Find(a) is not null && cities.Find(b) is not null ? F(cities.DistanceKm(a, b), 0) : "-";
}
