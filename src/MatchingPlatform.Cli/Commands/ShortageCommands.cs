using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MatchingPlatform.Cli.Reports;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl snapshot and matchctl report: shortage snapshots and the analysts' reports over them. They work on
/// the database directly, like an admin tool, so they run with or without the server.
/// </summary>
internal static class ShortageCommands
{
    private static readonly Option<string?> Rules = new("--rules")
    {
        Description = "JSON file with an \"AlertRules\" object (e.g. the server's appsettings.json); default: the shipped rules",
    };

    private static readonly Option<int> PeriodDays = new("--period-days")
    {
        Description = "Snapshot period length in days (the server's Shortages:PeriodDays)", DefaultValueFactory = _ => 7,
    };

    public static Command Snapshot()
    {
        var asOf = new Option<string?>("--as-of") { Description = "Take the snapshot of the period containing this date (YYYY-MM-DD), as of its end; default: now" };
        var backfill = new Option<int>("--backfill") { Description = "First replay this many earlier periods (skipping those already taken)" };
        var limit = new Option<int>("--near-qualified-limit") { Description = "Near-qualified seekers stored per alert", DefaultValueFactory = _ => 50 };
        var command = new Command("snapshot", "Take the shortage snapshot of a period (SQL aggregation in the database) and raise its alerts in the same transaction")
        {
            asOf, backfill, PeriodDays, Rules, limit,
        };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var rules = LoadRules(parse.GetValue(Rules));
            var days = parse.GetValue(PeriodDays);
            if (days is < 1 or > 92) throw new CliException("--period-days must be between 1 and 92");
            var backfillPeriods = parse.GetValue(backfill);
            if (backfillPeriods is < 0 or > 520) throw new CliException("--backfill must be between 0 and 520");
            var now = DateTimeOffset.UtcNow;
            var (period, instant) = parse.GetValue(asOf) is { } text
                ? PeriodEnding(ParseDate(text, "--as-of"), days)
                : (SnapshotPeriod.Containing(now, days), now);

            var context = await CliDatabase.OpenAsync(parse, ct);
            var snapshotter = new ShortageSnapshotter(context.Connections);
            var first = period;
            for (var i = 0; i < backfillPeriods; i++) first = first.Previous;
            for (var p = first; p != period; p = p.Next)
                Print(await snapshotter.TakeAsync(p, p.EndInstant, rules, parse.GetValue(limit), progress: null, ct: ct));
            Print(await snapshotter.TakeAsync(period, instant, rules, parse.GetValue(limit), progress: null, ct: ct));
            return 0;
        });
        return command;
    }

    public static Command Report() => new("report", "Analysts' reports over the stored shortage snapshots")
    {
        ShortagesReport(), DigitalReport(), WorkerGapReport(),
        MobilityCommands.Mobility(), MobilityCommands.Gravity(), MobilityCommands.Redeployment(),
        ResilienceCommands.Resilience(),
    };

    private static Command ShortagesReport()
    {
        var snapshot = new Option<long>("--snapshot") { Description = "Snapshot id (default: the newest)" };
        var cities = new Option<string[]>("--city") { Description = "Only these cities (repeatable)", AllowMultipleArgumentsPerToken = true };
        var industry = new Option<string?>("--industry") { Description = "Only this industry code" };
        var group = new Option<string?>("--group") { Description = "Only this skill group, e.g. data-ai" };
        var skill = new Option<string?>("--skill") { Description = "Only this skill code" };
        var top = new Option<int>("--top") { Description = "Rows to print (1-500)", DefaultValueFactory = _ => 20 };
        var png = new Option<string?>("--png") { Description = "Also draw the top shortages per city (FILE) and a city x skill-group heatmap (FILE-heatmap.png)" };
        var command = new Command("shortages", "Top shortages of a snapshot, highest demand/supply ratio first")
        {
            snapshot, cities, industry, group, skill, top, png,
        };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var context = await CliDatabase.OpenAsync(parse, ct);
            var taxonomy = context.Reference.Taxonomy;
            var cityCodes = parse.GetValue(cities) ?? [];
            foreach (var c in cityCodes.Where(c => !context.Reference.Cities.Contains(c))) throw new CliException($"--city: unknown city '{c}'");
            if (parse.GetValue(industry) is { } i && !taxonomy.HasIndustry(i)) throw new CliException($"--industry: unknown industry '{i}'");
            if (parse.GetValue(skill) is { } s && !taxonomy.HasSkill(s)) throw new CliException($"--skill: unknown skill '{s}'");
            if (parse.GetValue(group) is { } g && taxonomy.Skills.All(k => k.Group != g)) throw new CliException($"--group: unknown skill group '{g}'");
            var take = parse.GetValue(top);
            if (take is < 1 or > 500) throw new CliException("--top must be between 1 and 500");

            var repository = new ShortageRepository(context.Connections);
            var filter = new ShortageStatFilter
            {
                SnapshotId = parse.GetValue(snapshot) is > 0 and var id ? id : null,
                CityCodes = cityCodes.Length == 0 ? null : cityCodes, IndustryCode = parse.GetValue(industry),
                SkillGroup = parse.GetValue(group), SkillCode = parse.GetValue(skill),
            };
            // The chart needs every row of the snapshot that passes the filters, the table only the top ones.
            var all = await AllStatsAsync(repository, filter, ct);
            if (all.Snapshot is null)
                throw new CliException(filter.SnapshotId is { } missing ? $"--snapshot: no snapshot {missing}" : "no shortage snapshot yet: run matchctl snapshot first");
            var info = all.Snapshot;
            AnsiConsole.MarkupLineInterpolated($"snapshot {info.Id}: period {info.Period} ({info.Period.LengthDays} days), as of {info.AsOf:u}; {all.Items.Count} rows match");
            var table = new Table().AddColumns("city", "industry", "skill", "group", "level", "demand", "vacancies", "supply", "ratio");
            foreach (var row in all.Items.Take(take))
            {
                var k = taxonomy.FindSkill(row.Key.SkillCode);
                table.AddRow(row.Key.CityCode, row.Key.IndustryCode, Markup.Escape(k?.NameEn ?? row.Key.SkillCode), k?.Group ?? "",
                    row.RequiredLevel.ToString(CultureInfo.InvariantCulture), row.DemandHeadcount.ToString(CultureInfo.InvariantCulture),
                    row.OpenVacancies.ToString(CultureInfo.InvariantCulture), row.Supply.ToString(CultureInfo.InvariantCulture), Ratio(row.Ratio));
            }
            AnsiConsole.Write(table);
            if (parse.GetValue(png) is { } file)
            {
                if (all.Items.Count == 0) throw new CliException("no rows match the filters: nothing to draw");
                var labels = ChartLabels.Detect();
                var written = ShortageCharts.Render(file, all.Items, context.Reference, $"snapshot {info.Period} (as of {info.AsOf:yyyy-MM-dd})", labels);
                foreach (var path in written) AnsiConsole.MarkupLineInterpolated($"wrote {path} ({labels.Language} labels, font {labels.FontName})");
            }
            return 0;
        });
        return command;
    }

    private static Command DigitalReport()
    {
        var asOf = new Option<string?>("--as-of") { Description = "As of the end of this date (YYYY-MM-DD); default: now" };
        var command = new Command("digital", "Digital-skill demand over supply per city (the province's 1:N figure)") { asOf };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var instant = parse.GetValue(asOf) is { } text ? EndOf(ParseDate(text, "--as-of")) : DateTimeOffset.UtcNow;
            var context = await CliDatabase.OpenAsync(parse, ct);
            var ratios = await new ShortageRepository(context.Connections).DigitalRatioAsync(instant, ct);
            AnsiConsole.MarkupLineInterpolated($"as of {instant:u}: open headcount needing a digital skill vs active seekers holding one at level {ShortageRepository.DigitalSupplyLevel}+");
            var table = new Table().AddColumns("city", "name", "demand", "supply", "seekers : openings");
            foreach (var r in ratios.OrderByDescending(r => r.Ratio).ThenBy(r => r.CityCode, StringComparer.Ordinal))
                table.AddRow(r.CityCode, Markup.Escape(context.Reference.Cities.Find(r.CityCode)?.NameEn ?? ""),
                    r.DigitalDemand.ToString(CultureInfo.InvariantCulture), r.DigitalSupply.ToString(CultureInfo.InvariantCulture),
                    "1 : " + r.Ratio.ToString("F1", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command WorkerGapReport()
    {
        var worker = new Option<string>("--worker") { Description = "Worker id", Required = true };
        var radius = new Option<double>("--radius-km") { Description = "Also count vacancies in cities this close; 0: the worker's city only" };
        var max = new Option<int>("--max") { Description = "Skills to list (1-50)", DefaultValueFactory = _ => 10 };
        var command = new Command("worker-gap", "A worker's aggregate skill gap against the open vacancies near them") { worker, radius, max };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(radius) is < 0 or double.NaN) throw new CliException("--radius-km must be 0 or more");
            if (parse.GetValue(max) is < 1 or > 50) throw new CliException("--max must be between 1 and 50");
            var context = await CliDatabase.OpenAsync(parse, ct);
            var id = parse.GetValue(worker)!;
            var w = await new WorkerRepository(context.Connections).GetAsync(id, ct) ?? throw new CliException($"--worker: no worker '{id}'");
            var cities = context.Reference.Cities;
            var near = cities.All.Where(c => c.Code == w.CityCode || (parse.GetValue(radius) > 0 && cities.DistanceKm(w.CityCode, c.Code) <= parse.GetValue(radius)))
                .Select(c => c.Code).ToArray();
            var vacancies = await new ShortageRepository(context.Connections).NearbyOpenVacanciesAsync(near, ct);
            var report = AreaGapAnalyzer.Analyze(w.Skills, vacancies, parse.GetValue(max));
            var training = new TrainingCatalog(await new TrainingProgrammeRepository(context.Connections).GetAllAsync(ct));
            AnsiConsole.MarkupLineInterpolated($"{w.Id} in {w.CityCode}: qualifies for {report.VacanciesQualified} of {report.VacanciesConsidered} open vacancies in {string.Join(", ", near)}");
            var table = new Table().AddColumns("skill", "held", "asked", "vacancies", "headcount", "alone opens", "programme");
            foreach (var g in report.Gaps)
            {
                var programme = training.For(g.SkillCode, g.RequiredLevel, w.CityCode, max: 1).FirstOrDefault();
                table.AddRow(Markup.Escape(context.Reference.Taxonomy.FindSkill(g.SkillCode)?.NameEn ?? g.SkillCode),
                    g.HeldLevel.ToString(CultureInfo.InvariantCulture), g.RequiredLevel.ToString(CultureInfo.InvariantCulture),
                    g.Vacancies.ToString(CultureInfo.InvariantCulture), g.Headcount.ToString(CultureInfo.InvariantCulture),
                    g.WouldQualifyFor.ToString(CultureInfo.InvariantCulture),
                    programme is null ? "-" : Markup.Escape($"{programme.Title} ({programme.CityCode}, {programme.DurationWeeks} wk)"));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The rules in a JSON file's "AlertRules" object, validated; the shipped defaults without a file.</summary>
    public static AlertRuleSet LoadRules(string? file)
    {
        if (file is null) return new AlertRuleSet();
        if (!File.Exists(file)) throw new CliException($"--rules: no file '{file}'");
        AlertRuleSet? rules;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!doc.RootElement.TryGetProperty("AlertRules", out var section)) throw new CliException($"--rules: '{file}' has no \"AlertRules\" object");
            rules = section.Deserialize<AlertRuleSet>(new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException ex)
        {
            throw new CliException($"--rules: '{file}' is not valid JSON: {ex.Message}");
        }
        var problems = rules?.Validate() ?? ["AlertRules is null"];
        if (problems.Count > 0) throw new CliException("--rules: " + string.Join(" ", problems));
        return rules!;
    }

    private static async Task<ShortageStatsPage> AllStatsAsync(ShortageRepository repository, ShortageStatFilter filter, CancellationToken ct)
    {
        var rows = new List<ShortageStat>();
        string? token = null;
        ShortageStatsPage page;
        do
        {
            page = await repository.ListStatsAsync(filter, 500, token, ct);
            rows.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return page with { Items = rows, NextPageToken = null };
    }

    private static void Print(SnapshotOutcome o)
    {
        if (o.AlreadyExisted)
            AnsiConsole.MarkupLineInterpolated($"period {o.Period}: snapshot {o.SnapshotId} already taken; nothing written");
        else
            AnsiConsole.MarkupLineInterpolated(
                $"period {o.Period}: snapshot {o.SnapshotId}, {o.StatRows} rows; alerts {o.Opened} opened, {o.Escalated} escalated, {o.Closed} closed ({o.Elapsed.TotalMilliseconds:F0} ms)");
    }

    private static (SnapshotPeriod, DateTimeOffset) PeriodEnding(DateOnly day, int days)
    {
        var period = SnapshotPeriod.Containing(EndOf(day), days);
        return (period, period.EndInstant);
    }

    private static DateTimeOffset EndOf(DateOnly day) =>
        new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMilliseconds(-1);

    public static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new CliException($"{option}: '{text}' is not a date YYYY-MM-DD");

    private static string Ratio(double r) => r.ToString("F2", CultureInfo.InvariantCulture);
}
