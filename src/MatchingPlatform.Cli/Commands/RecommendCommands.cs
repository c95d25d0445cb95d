using System.CommandLine;
using System.Globalization;
using MatchingPlatform.Protos.V1;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>Clients of RecommendationService: what a job seeker, an enterprise and a counsellor would ask.</summary>
internal static class RecommendCommands
{
    private static readonly Option<int> K = new("--k") { Description = "How many results (1-100)", DefaultValueFactory = _ => 10 };

    public static Command Vacancies()
    {
        var worker = new Option<string>("--worker") { Description = "Worker id, e.g. w-000001", Required = true };
        var cities = new Option<string[]>("--city") { Description = "Only these cities (repeatable)", AllowMultipleArgumentsPerToken = true };
        var liaoning = new Option<bool>("--liaoning-only") { Description = "Only vacancies in Liaoning" };
        var maxKm = new Option<double>("--max-km") { Description = "Only vacancies within this distance" };
        var gaps = new Option<bool>("--gaps") { Description = "Show each recommendation's skill gaps and programmes" };
        var command = new Command("recommend", "Recommend open vacancies to a worker (calls the server)")
        {
            worker, K, cities, liaoning, maxKm, gaps, CliServer.Address, CliServer.Token,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var channel = CliServer.Open(parse);
            var client = new RecommendationService.RecommendationServiceClient(channel);
            var request = new RecommendVacanciesRequest
            {
                WorkerId = parse.GetValue(worker)!, K = parse.GetValue(K),
                Filter = new VacancyFilter { LiaoningOnly = parse.GetValue(liaoning), MaxDistanceKm = parse.GetValue(maxKm) },
            };
            request.Filter.Cities.AddRange(parse.GetValue(cities) ?? []);
            var response = await client.RecommendVacanciesAsync(request, cancellationToken: ct);
            PrintRanking(response.Ranking);
            var table = new Table().AddColumns("#", "score", "vacancy", "title", "city", "km", "salary/month", "coverage");
            foreach (var r in response.Recommendations)
            {
                table.AddRow(r.Rank.ToString(), F(r.Score), r.VacancyId, Markup.Escape($"{r.Title} ({r.EnterpriseName})"), r.City,
                    Km(r.DistanceKm), $"{r.SalaryMinMonthly}-{r.SalaryMaxMonthly}", r.Coverage.ToString("P0", CultureInfo.InvariantCulture));
                table.AddRow("", "", "", "[grey]" + Markup.Escape(r.Explanation.Summary) + "[/]");
            }
            AnsiConsole.Write(table);
            if (parse.GetValue(gaps))
                foreach (var r in response.Recommendations.Where(r => r.Gaps.Count > 0))
                    PrintGaps($"{r.Rank}. {r.Title}", r.Gaps);
            return 0;
        });
        return command;
    }

    public static Command Candidates()
    {
        var vacancy = new Option<string>("--vacancy") { Description = "Vacancy id, e.g. v-000001", Required = true };
        var passive = new Option<bool>("--include-passive") { Description = "Include workers not actively seeking" };
        var command = new Command("candidates", "Shortlist candidates for an open vacancy (calls the server)")
        {
            vacancy, K, passive, CliServer.Address, CliServer.Token,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var channel = CliServer.Open(parse);
            var client = new RecommendationService.RecommendationServiceClient(channel);
            var response = await client.RecommendCandidatesAsync(new RecommendCandidatesRequest
            {
                VacancyId = parse.GetValue(vacancy)!, K = parse.GetValue(K),
                Filter = new CandidateFilter { IncludePassive = parse.GetValue(passive) },
            }, cancellationToken: ct);
            PrintRanking(response.Ranking);
            var table = new Table().AddColumns("#", "score", "worker", "name", "city", "km", "education", "years", "coverage");
            foreach (var c in response.Candidates)
            {
                table.AddRow(c.Rank.ToString(), F(c.Score), c.WorkerId, Markup.Escape(c.DisplayName), c.City, Km(c.DistanceKm),
                    c.Education.ToString().Replace("Education", ""), c.ExperienceYears.ToString(), c.Coverage.ToString("P0", CultureInfo.InvariantCulture));
                table.AddRow("", "", "", "[grey]" + Markup.Escape(c.Explanation.Summary) + "[/]");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    public static Command Gap()
    {
        var worker = new Option<string>("--worker") { Description = "Worker id", Required = true };
        var vacancy = new Option<string>("--vacancy") { Description = "Vacancy id", Required = true };
        var command = new Command("gap", "Show a worker's skill gap against a vacancy, with the programmes that close it")
        {
            worker, vacancy, CliServer.Address, CliServer.Token,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var channel = CliServer.Open(parse);
            var client = new RecommendationService.RecommendationServiceClient(channel);
            var response = await client.GetSkillGapAsync(new GetSkillGapRequest
            {
                WorkerId = parse.GetValue(worker)!, VacancyId = parse.GetValue(vacancy)!,
            }, cancellationToken: ct);
            AnsiConsole.MarkupLineInterpolated($"coverage [bold]{response.Coverage:P0}[/]; met: {string.Join(", ", response.Met.Select(m => m.Skill))}");
            PrintGaps("gaps", response.Gaps);
            return 0;
        });
        return command;
    }

    private static void PrintRanking(RankingInfo ranking) =>
        AnsiConsole.MarkupLineInterpolated(
            $"[grey]ranker {ranking.Ranker} {ranking.ModelVersion} | {ranking.CandidatesConsidered} candidates considered{(ranking.Fallback ? " | " + ranking.Note : "")}[/]");

    private static void PrintGaps(string title, IEnumerable<SkillGap> gaps)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("skill", "needed", "held", "importance", "programmes");
        foreach (var g in gaps)
            table.AddRow($"{g.Skill} ({Markup.Escape(g.SkillNameZh)})", g.RequiredLevel.ToString(), g.Missing ? "missing" : g.HeldLevel.ToString(),
                g.Importance.ToString(), Markup.Escape(string.Join("; ", g.Programmes.Select(p => $"{p.Title} @ {p.City}, {p.DurationWeeks} wk"))));
        AnsiConsole.Write(table);
    }

    private static string Km(double km) => km < 0 ? "?" : km.ToString("F0", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
