using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MatchingPlatform.Core.Fairness;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Models;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl audit: the fairness check. Builds the recommendation engine in-process over the database (as the server
/// holds it), serves RecommendCandidates to a seeded sample of open vacancies with the newest valid model in the store
/// (or the retrieval fallback when there is none, and says which), and compares each gender and age-band group's share
/// of top-k exposure with its share of the qualified candidates (<see cref="ExposureAudit"/>). The seeker side is
/// reported too: the quality of the vacancies RecommendVacancies serves to each group (<see cref="ServiceAudit"/>).
/// Gender and birth year are read from the database for grouping only; the engine never sees them.
/// </summary>
internal static class AuditCommand
{
    /// <summary>Everything the audit measured, as --json writes it.</summary>
    internal sealed record AuditResult(
        string Ranker, string? ModelVersion, bool Fallback, int AuditYear, int Seed, int OpenVacancies, int CandidatesConsidered,
        ExposureAuditReport Candidates, ServiceAuditReport? Seekers);

    public static Command Create()
    {
        var vacancies = new Option<int>("--vacancies") { Description = "Open vacancies to sample (seeded)", DefaultValueFactory = _ => 300 };
        var seekers = new Option<int>("--seekers") { Description = "Active seekers to sample for the seeker-side report (0: skip it)", DefaultValueFactory = _ => 300 };
        var k = new Option<int>("--k") { Description = "Shortlist length whose exposure is measured", DefaultValueFactory = _ => 10 };
        var margin = new Option<double>("--margin") { Description = "Flag a group when |exposure share - qualified share| exceeds this", DefaultValueFactory = _ => 0.05 };
        var coverage = new Option<double>("--qualified-coverage") { Description = "Skill coverage at which a considered candidate counts as qualified", DefaultValueFactory = _ => 0.6 };
        var minGroup = new Option<int>("--min-group") { Description = "Distinct qualified workers a group needs before it can be flagged", DefaultValueFactory = _ => 20 };
        var candidates = new Option<int>("--candidates") { Description = "Candidates retrieval hands the ranker per vacancy (the server's RetrievalCandidates)", DefaultValueFactory = _ => new RecommendationOptions().RetrievalCandidates };
        var year = new Option<int?>("--year") { Description = "Year in which ages are taken (default: this year)" };
        var seed = new Option<int>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 42 };
        var models = new Option<string>("--models") { Description = "Model store folder; the newest valid version is audited, the retrieval fallback when there is none", DefaultValueFactory = _ => "models" };
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON to this file" };
        var failOnFlag = new Option<bool>("--fail-on-flag") { Description = "Exit 1 when any group is flagged" };
        var command = new Command("audit", "Fairness check: top-k candidate exposure by gender and age band against the qualified candidates' shares")
        {
            vacancies, seekers, k, margin, coverage, minGroup, candidates, year, seed, models, json, failOnFlag,
        };
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new ExposureAuditOptions
            {
                K = parse.GetValue(k), Margin = parse.GetValue(margin), QualifiedCoverage = parse.GetValue(coverage), MinGroupSize = parse.GetValue(minGroup),
            };
            try { options.Validate(); }
            catch (ArgumentOutOfRangeException e) { throw new CliException($"--{Kebab(e.ParamName)}: {e.Message.Split(" (Parameter")[0]}"); }
            var sample = parse.GetValue(vacancies);
            if (sample < 1) throw new CliException("--vacancies must be at least 1");
            var seekerSample = parse.GetValue(seekers);
            if (seekerSample < 0) throw new CliException("--seekers must not be negative");
            var retrieval = parse.GetValue(candidates);
            if (retrieval < options.K) throw new CliException($"--candidates must be at least --k ({options.K})");
            var auditYear = parse.GetValue(year) ?? DateTime.UtcNow.Year;
            var rngSeed = parse.GetValue(seed);

            var clock = Stopwatch.StartNew();
            var context = await CliDatabase.OpenAsync(parse, ct);
            var batch = await new DatasetReader(context.Connections).ReadAllAsync(ct);
            var open = batch.Vacancies.Where(v => v.Status == VacancyStatus.Open).ToArray();
            if (open.Length == 0) throw new CliException("the database holds no open vacancies: nothing to audit (try matchctl demo-data)");

            var store = new ModelStore(parse.GetValue(models)!);
            var loaded = store.LoadNewestValid();
            foreach (var s in loaded.Skipped) AnsiConsole.MarkupLineInterpolated($"[yellow]model {s.Version} refused:[/] {s.Reason}");
            var engine = Engine(context.Reference, batch, loaded.Ranker, retrieval);
            var ranker = engine.Rankers.Current;
            if (ranker.IsLearned)
                AnsiConsole.MarkupLineInterpolated($"auditing the learned ranker: {ranker.Name} {ranker.ModelVersion} (from {store.Directory})");
            else
                AnsiConsole.MarkupLineInterpolated($"auditing the [yellow]retrieval fallback[/] ({ranker.Name}): no valid model in {store.Directory}");

            var people = batch.Workers.ToDictionary(w => w.Id, StringComparer.Ordinal);
            var sampled = Sample(open, sample, rngSeed, v => v.Id);
            var rankings = new AuditedRanking[sampled.Length];
            Parallel.For(0, sampled.Length, new ParallelOptions { CancellationToken = ct }, i =>
            {
                // The whole considered list in ranked order: its first k are exactly RecommendCandidates(vacancy, k).
                var served = engine.RecommendCandidates(sampled[i], retrieval);
                rankings[i] = new AuditedRanking(sampled[i].Id, served.Candidates.Select(c => Audited(people, c.Worker.Id, c.Coverage)).ToArray());
            });
            var attributes = SensitiveAttributes.Default(auditYear);
            var report = ExposureAudit.Run(rankings, attributes, options);

            ServiceAuditReport? service = null;
            if (seekerSample > 0)
            {
                var active = batch.Workers.Where(w => w.ActivelySeeking).ToArray();
                var seekersSampled = Sample(active, seekerSample, rngSeed, w => w.Id);
                var served = new AuditedSeeker[seekersSampled.Length];
                Parallel.For(0, seekersSampled.Length, new ParallelOptions { CancellationToken = ct }, i =>
                {
                    var w = seekersSampled[i];
                    var list = engine.RecommendVacancies(w, options.K);
                    served[i] = new AuditedSeeker(w.Id, w.Gender, w.BirthYear, list.Recommendations.Select(r => r.Coverage).ToArray());
                });
                service = ServiceAudit.Run(served, attributes, options);
            }

            Print(report, service, sampled.Length, open.Length, retrieval, rngSeed, auditYear);
            AnsiConsole.MarkupLineInterpolated($"done in {clock.Elapsed.TotalSeconds:F1} s");

            var result = new AuditResult(ranker.Name, ranker.ModelVersion, !ranker.IsLearned, auditYear, rngSeed, open.Length, retrieval, report, service);
            if (parse.GetValue(json) is { } file)
                await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }), ct);
            return report.Flagged && parse.GetValue(failOnFlag) ? 1 : 0;
        });
        return command;
    }

    /// <summary>An engine over the open vacancies and all workers, serving <paramref name="ranker"/> (the fallback when null).</summary>
    private static RecommendationEngine Engine(ReferenceData reference, DatasetBatch batch, LightGbmRanker? ranker, int retrieval)
    {
        // MaxK = the retrieval size, so one call returns the whole ranked list; no programmes: the audit reads no gaps.
        var options = new RecommendationOptions { RetrievalCandidates = retrieval, MaxK = retrieval, ProgrammesPerGap = 0 };
        var holder = ranker is null ? new RankerHolder() : new RankerHolder(ranker);
        var engine = new RecommendationEngine(reference.Taxonomy, reference.Cities, holder, options);
        engine.Load(batch.Vacancies.Where(v => v.Status == VacancyStatus.Open), batch.Workers, batch.Enterprises, batch.Programmes);
        return engine;
    }

    // The engine keeps compact profiles without gender or birth year: those come from the database's rows.
    private static AuditedCandidate Audited(Dictionary<string, Worker> people, string workerId, double coverage) =>
        people.TryGetValue(workerId, out var w)
            ? new AuditedCandidate(workerId, w.Gender, w.BirthYear, coverage)
            : new AuditedCandidate(workerId, Gender.Unspecified, null, coverage);

    /// <summary>A seeded sample without replacement, independent of the order the database returned the rows in.</summary>
    internal static T[] Sample<T>(IReadOnlyList<T> items, int count, int seed, Func<T, string> idOf)
    {
        var ordered = items.OrderBy(idOf, StringComparer.Ordinal).ToArray();
        var rng = new Random(seed);
        var n = Math.Min(count, ordered.Length);
        for (var i = 0; i < n; i++)
        {
            var j = rng.Next(i, ordered.Length);
            (ordered[i], ordered[j]) = (ordered[j], ordered[i]);
        }
        return ordered[..n];
    }

    private static void Print(ExposureAuditReport report, ServiceAuditReport? service, int sampled, int open, int retrieval, int seed, int auditYear)
    {
        var o = report.Options;
        AnsiConsole.MarkupLineInterpolated(
            $"candidate exposure: {sampled} of {open} open vacancies sampled (seed {seed}); {report.Audited} audited, {report.SkippedNoQualified} skipped (no qualified candidate)");
        AnsiConsole.MarkupLineInterpolated(
            $"qualified = coverage >= {o.QualifiedCoverage:0.##} among the {retrieval} retrieved (mean {report.MeanQualified:F1} per vacancy); exposure = 1/log2(rank+1) over the top {o.K}; ages in {auditYear}");
        foreach (var attribute in report.Attributes)
        {
            if (!attribute.HasData)
            {
                AnsiConsole.MarkupLineInterpolated($"{attribute.Attribute}: not recorded for any audited candidate");
                continue;
            }
            var table = new Table().Title(Markup.Escape($"top-{o.K} exposure by {attribute.Attribute}"));
            table.AddColumns("group", "qualified workers", "qualified share", $"top-{o.K} share", "exposure share", "difference", "ratio", "flag", "by coverage alone");
            foreach (var c in table.Columns.Skip(1)) c.RightAligned();
            foreach (var g in attribute.Groups.Where(g => g.QualifiedSlots > 0 || g.ShownSlots > 0))
            {
                table.AddRow(
                    Markup.Escape(g.Group), g.QualifiedWorkers.ToString("N0", CultureInfo.InvariantCulture),
                    Pct(g.QualifiedShare), Pct(g.TopKShare), Pct(g.ExposureShare),
                    g.Difference.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture),
                    g.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-",
                    Flag(g, o), Pct(g.MeritExposureShare));
            }
            AnsiConsole.Write(table);
        }

        if (service is not null)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"seeker side: RecommendVacancies(k={o.K}) for {service.Seekers} sampled active seekers (informational: vacancies have no group, so nothing is flagged)");
            foreach (var attribute in service.Attributes.Where(a => a.Groups.Any(g => g.Known && g.Seekers > 0)))
            {
                var table = new Table().Title(Markup.Escape($"vacancies served to seekers by {attribute.Attribute}"));
                table.AddColumns("group", "seekers", "mean results", "weighted coverage", "with a qualified match", "coverage vs all");
                foreach (var c in table.Columns.Skip(1)) c.RightAligned();
                foreach (var g in attribute.Groups.Where(g => g.Seekers > 0))
                    table.AddRow(
                        Markup.Escape(g.Group), g.Seekers.ToString("N0", CultureInfo.InvariantCulture),
                        g.MeanResults.ToString("F1", CultureInfo.InvariantCulture), g.WeightedCoverage.ToString("F3", CultureInfo.InvariantCulture),
                        Pct(g.QualifiedMatchRate), g.CoverageRatio.ToString("F2", CultureInfo.InvariantCulture));
                AnsiConsole.Write(table);
            }
        }

        var flagged = report.Attributes.SelectMany(a => a.Groups.Where(g => g.Flagged).Select(g => $"{a.Attribute} {g.Group} ({g.Difference:+0.0%;-0.0%})")).ToArray();
        if (flagged.Length == 0)
            AnsiConsole.MarkupLineInterpolated($"[green]no group flagged[/] (margin {o.Margin:0.###}, groups of at least {o.MinGroupSize} qualified workers)");
        else
            AnsiConsole.MarkupLineInterpolated($"[red]FLAGGED[/] (margin {o.Margin:0.###}): {string.Join(", ", flagged)}");
    }

    private static string Pct(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Flag(GroupExposure g, ExposureAuditOptions o)
    {
        if (g.Flagged) return g.Difference < 0 ? "[red]UNDER[/]" : "[red]OVER[/]";
        if (!g.Known) return "[grey]not flagged (unknown)[/]";
        if (g.QualifiedWorkers < o.MinGroupSize) return "[grey]too few[/]";
        return "ok";
    }

    private static string Kebab(string? name) => name switch
    {
        nameof(ExposureAuditOptions.K) => "k",
        nameof(ExposureAuditOptions.Margin) => "margin",
        nameof(ExposureAuditOptions.QualifiedCoverage) => "qualified-coverage",
        nameof(ExposureAuditOptions.MinGroupSize) => "min-group",
        _ => name ?? "option",
    };
}
