using System.Diagnostics;
using System.Globalization;
using System.Text;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Retrieval;
using MatchingPlatform.Ml.Training;

namespace MatchingPlatform.Ml.Evaluation;

public sealed record EvaluationOptions
{
    /// <summary>Where the temporal hold-out cuts the log, as a quantile of the interaction timestamps.</summary>
    public double CutQuantile { get; init; } = 0.8;
    /// <summary>An explicit cut time; when set it overrides <see cref="CutQuantile"/>.</summary>
    public DateTimeOffset? Cut { get; init; }
    /// <summary>
    /// The event from which a test pair is a positive (decides the test workers, recall and MAP). Apply by default;
    /// use View for logs that record nothing stronger (the kandij log).
    /// </summary>
    public InteractionType PositiveFrom { get; init; } = InteractionType.Apply;
    /// <summary>Vacancies retrieved per test worker before the held-out positives are added.</summary>
    public int RetrievalCandidates { get; init; } = 100;
    /// <summary>
    /// Vacancies drawn uniformly from the test catalogue per test worker, on top of retrieval. Without them every
    /// positive that retrieval missed would be the only non-retrieved candidate, and "not retrieved" would give the
    /// answer away to any model that learned low skill overlap can still be a positive.
    /// </summary>
    public int RandomCandidates { get; init; } = 100;
    public TrainingOptions Training { get; init; } = new();

    public void Validate()
    {
        if (!(CutQuantile > 0 && CutQuantile < 1)) throw new ArgumentOutOfRangeException(nameof(CutQuantile), CutQuantile, "must be strictly between 0 and 1");
        InteractionGrades.Threshold(PositiveFrom);
        if (RetrievalCandidates < 1) throw new ArgumentOutOfRangeException(nameof(RetrievalCandidates), RetrievalCandidates, "must be at least 1");
        if (RandomCandidates < 0) throw new ArgumentOutOfRangeException(nameof(RandomCandidates), RandomCandidates, "must not be negative");
        ArgumentNullException.ThrowIfNull(Training, nameof(Training));
        Training.Validate();
    }
}

/// <summary>One method's scores, averaged over test workers unless said otherwise.</summary>
/// <param name="ColdWorkers">Test workers with no interaction before the cut.</param>
/// <param name="ColdWorkerNdcg10">NDCG@10 over <paramref name="ColdWorkers"/> only (0 when there are none).</param>
/// <param name="ColdVacancyPositives">Held-out positives on vacancies with no interaction before the cut.</param>
/// <param name="ColdVacancyRecall10">Share of those positives ranked in their worker's top 10 (pooled over workers).</param>
public sealed record MethodMetrics(
    string Method, double Ndcg10, double Recall10, double Recall50, double Map, double Coverage10,
    int ColdWorkers, double ColdWorkerNdcg10, int ColdVacancyPositives, double ColdVacancyRecall10);

/// <summary>
/// The result of one evaluation run: every method on the same split and the same candidates. JSON-serialisable;
/// <see cref="ToTable"/> renders it for a terminal.
/// </summary>
public sealed record EvaluationReport
{
    public required DateTimeOffset Cut { get; init; }
    public required int TrainInteractions { get; init; }
    public required int TestInteractions { get; init; }
    public required string PositiveFrom { get; init; }
    public required int TestWorkers { get; init; }
    public required int Positives { get; init; }
    /// <summary>Vacancies open at some point in the test window: the catalogue of the coverage metric.</summary>
    public required int CatalogueSize { get; init; }
    public required double MeanCandidates { get; init; }
    /// <summary>Positives that retrieval did not return and that were added to their worker's candidates.</summary>
    public required int PositivesAdded { get; init; }
    public required double TrainingSeconds { get; init; }
    public required double EvaluationSeconds { get; init; }
    public required TrainingCounts Training { get; init; }
    public required IReadOnlyList<MethodMetrics> Methods { get; init; }

    public MethodMetrics this[string method] => Methods.Single(m => m.Method == method);

    /// <summary>One method's metrics under flat names, for the model's metadata.</summary>
    public IReadOnlyDictionary<string, double> Metrics(string method = Evaluator.Ranker)
    {
        var m = this[method];
        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["ndcg@10"] = m.Ndcg10,
            ["recall@10"] = m.Recall10,
            ["recall@50"] = m.Recall50,
            ["map"] = m.Map,
            ["coverage@10"] = m.Coverage10,
            ["cold_worker_ndcg@10"] = m.ColdWorkerNdcg10,
            ["cold_vacancy_recall@10"] = m.ColdVacancyRecall10,
            ["baseline_skill_overlap_ndcg@10"] = this[Evaluator.SkillOverlap].Ndcg10,
        };
    }

    public string ToTable()
    {
        var header = new[] { "method", "NDCG@10", "Recall@10", "Recall@50", "MAP", "Coverage@10", "cold-worker NDCG@10", "cold-vacancy Recall@10" };
        var rows = Methods.Select(m => new[]
        {
            m.Method, F(m.Ndcg10), F(m.Recall10), F(m.Recall50), F(m.Map), F(m.Coverage10), F(m.ColdWorkerNdcg10), F(m.ColdVacancyRecall10),
        }).ToArray();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Length == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"temporal hold-out at {Cut:yyyy-MM-dd HH:mm}Z: {TrainInteractions} training / {TestInteractions} test interactions; positive from {PositiveFrom}");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{TestWorkers} test workers ({Methods.FirstOrDefault()?.ColdWorkers ?? 0} cold), {Positives} positives ({PositivesAdded} added to the candidates, {Methods.FirstOrDefault()?.ColdVacancyPositives ?? 0} on cold vacancies), {MeanCandidates:0.0} candidates per worker, catalogue {CatalogueSize}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"training {TrainingSeconds:0.0} s, evaluation {EvaluationSeconds:0.0} s");
        void Row(string[] cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        Row(header);
        Row(widths.Select(w => new string('-', w)).ToArray());
        foreach (var r in rows) Row(r);
        return sb.ToString();
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}

/// <summary>
/// Offline evaluation on a temporal hold-out: train on interactions before the cut, rank for each test worker, score
/// against what the worker did after it.
/// </summary>
/// <remarks>
/// <para><b>Split.</b> <see cref="TemporalSplit.AtQuantile"/> at <see cref="EvaluationOptions.CutQuantile"/>. The
/// models, popularity included, are trained on the training side only. Test labels are the grades of the test-side
/// events alone (a pair shown before the cut and applied to after it is a test positive).</para>
/// <para><b>Test workers</b>: every worker with at least one test pair graded at or above
/// <see cref="EvaluationOptions.PositiveFrom"/>.</para>
/// <para><b>Candidates</b>, the same for every method: the top <see cref="EvaluationOptions.RetrievalCandidates"/>
/// of a skill index over the test catalogue (vacancies open at some point between the cut and the last test event,
/// no filters), plus <see cref="EvaluationOptions.RandomCandidates"/> vacancies drawn uniformly from the catalogue
/// (seeded per worker), plus every held-out positive not already there, so recall is measurable and a positive
/// retrieval missed is not the only candidate from outside retrieval. Features are computed through
/// the engine's feature path at the cut time, with the signals of the model trained before the cut.</para>
/// <para><b>Methods</b>: popularity (engaged workers before the cut, the vacancy_popularity feature); nearest first
/// (distance between the cities, the distance_km feature: how much locality alone explains); skill overlap
/// (the retrieval score, the skill_overlap feature); the factor model alone (factor_score); the full LambdaRank
/// ranker. Ties are broken by vacancy id for every method.</para>
/// <para><b>Metrics</b>: NDCG@10 with gains 2^grade - 1 over all test grades (a view earns 1 even when positives start
/// at apply); Recall@10, Recall@50 and MAP over the positives; coverage: distinct vacancies in any top 10 over the
/// catalogue. Cold start is reported two ways: NDCG@10 over test workers with no training interaction, and the
/// pooled Recall@10 of positives on vacancies with no training interaction.</para>
/// </remarks>
public static class Evaluator
{
    public const string Popularity = "popularity";
    public const string SkillOverlap = "skill-overlap";
    public const string FactorModel = "factor-model";
    /// <summary>Nearest first (distance between the worker's and the vacancy's city): how much locality alone explains.</summary>
    public const string Nearest = "nearest";
    public const string Ranker = LightGbmRanker.RankerName;

    public static EvaluationReport Run(
        TrainingData data, EvaluationOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var split = options.Cut is { } cut
            ? TemporalSplit.At(data.Interactions, cut)
            : TemporalSplit.AtQuantile(data.Interactions, options.CutQuantile);
        var trained = RankerTrainer.Train(data with { Interactions = split.Train }, options.Training, progress, cancellationToken);
        var clock = Stopwatch.StartNew();
        var ranker = trained.Ranker;

        var threshold = InteractionGrades.Threshold(options.PositiveFrom);
        var workers = data.Workers.ToDictionary(w => w.Id, StringComparer.Ordinal);
        var vacancies = data.Vacancies.ToDictionary(v => v.Id, StringComparer.Ordinal);
        var testLabels = InteractionGrades.Label(split.Test)
            .Where(kv => workers.ContainsKey(kv.Key.WorkerId) && vacancies.ContainsKey(kv.Key.VacancyId))
            .ToDictionary(kv => kv.Key, kv => kv.Value.Grade);
        var warmWorkers = split.Train.Select(i => i.WorkerId).ToHashSet(StringComparer.Ordinal);
        var warmVacancies = split.Train.Select(i => i.VacancyId).ToHashSet(StringComparer.Ordinal);

        var end = split.Test.Max(i => i.OccurredAt);
        var catalogue = data.Vacancies.Where(v => v.PostedAt <= end && (v.ClosedAt is { } closed ? closed > split.Cut : v.Status == VacancyStatus.Open)).ToArray();
        var index = new SkillIndex<Vacancy>(PostingRole.Requirement, v => v.Id, RecommendationEngine.RequiredTerms, catalogue);

        var byWorker = testLabels.GroupBy(kv => kv.Key.WorkerId, StringComparer.Ordinal)
            .Where(g => g.Any(kv => kv.Value >= threshold))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Worker: workers[g.Key], Grades: g.ToDictionary(kv => kv.Key.VacancyId, kv => kv.Value, StringComparer.Ordinal)))
            .ToArray();
        if (byWorker.Length == 0) throw new InvalidOperationException("no test worker has a positive after the cut: nothing to evaluate");
        progress?.Report(new TrainingProgress(TrainingStage.Evaluating, $"evaluating {byWorker.Length} test workers"));

        // Candidates per worker, then every pair's features in one batch (one factor-model transform).
        var added = 0;
        var candidates = new Vacancy[byWorker.Length][];
        for (var w = 0; w < byWorker.Length; w++)
        {
            var (worker, grades) = byWorker[w];
            var list = index.Search(RecommendationEngine.HeldTerms(worker), options.RetrievalCandidates).Items.Select(r => r.Item).ToList();
            var retrieved = list.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
            var random = new Random(StableHash.Seed(options.Training.Seed, worker.Id));
            for (var draws = 0; draws < options.RandomCandidates && retrieved.Count < catalogue.Length; draws++)
            {
                var v = catalogue[random.Next(catalogue.Length)];
                if (retrieved.Add(v.Id)) list.Add(v);
            }
            foreach (var (vacancyId, grade) in grades.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                if (grade >= threshold && retrieved.Add(vacancyId))
                {
                    list.Add(vacancies[vacancyId]);
                    added++;
                }
            candidates[w] = [.. list];
        }
        var pairs = byWorker.SelectMany((t, w) => candidates[w].Select(v => new MatchPair(t.Worker, v, split.Cut))).ToArray();
        var features = data.Engine.Features(pairs, RankingDirection.VacanciesForWorker, ranker.Signals);

        var methods = new[] { Popularity, SkillOverlap, Nearest, FactorModel, Ranker };
        // The popularity baseline reads the training-side log itself, whether or not the models learn from popularity.
        var popularity = PopularityTable.FromInteractions(split.Train);
        var sums = methods.ToDictionary(m => m, _ => new Sums());
        var offset = 0;
        for (var w = 0; w < byWorker.Length; w++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (worker, grades) = byWorker[w];
            var items = candidates[w];
            var f = features.AsSpan(offset, items.Length).ToArray();
            offset += items.Length;
            var request = RankingRequest.ForWorker(worker, items.Select((v, i) => new RankingCandidate(worker, v, f[i].SkillOverlap, f[i])).ToArray());
            var scores = new Dictionary<string, IReadOnlyList<double>>
            {
                [Popularity] = items.Select(v => popularity.Value(v.Id, split.Cut)).ToArray(),
                [SkillOverlap] = f.Select(x => x.SkillOverlap).ToArray(),
                [FactorModel] = f.Select(x => x.FactorScore).ToArray(),
                [Nearest] = f.Select(x => double.IsNaN(x.DistanceKm) ? double.NegativeInfinity : -x.DistanceKm).ToArray(),
                [Ranker] = ranker.Score(request).Scores,
            };
            var gradeOf = items.Select(v => grades.GetValueOrDefault(v.Id)).ToArray();
            var gains = gradeOf.Select(g => Math.Pow(2, g) - 1).ToArray();
            var positives = gradeOf.Count(g => g >= threshold);
            var cold = !warmWorkers.Contains(worker.Id);
            foreach (var method in methods)
            {
                var order = Order(scores[method], items);
                var s = sums[method];
                var ranked = order.Select(i => gradeOf[i] >= threshold).ToArray();
                var ndcg = Ndcg.At(10, order.Select(i => gains[i]).ToArray(), gains);
                s.Ndcg += ndcg;
                s.Recall10 += RankingMetrics.RecallAt(10, ranked, positives);
                s.Recall50 += RankingMetrics.RecallAt(50, ranked, positives);
                s.Map += RankingMetrics.AveragePrecision(ranked, positives);
                s.TopLists.Add(order.Take(10).Select(i => items[i].Id).ToArray());
                if (cold)
                {
                    s.ColdWorkers++;
                    s.ColdNdcg += ndcg;
                }
                for (var r = 0; r < order.Length; r++)
                {
                    var i = order[r];
                    if (gradeOf[i] < threshold || warmVacancies.Contains(items[i].Id)) continue;
                    s.ColdVacancyPositives++;
                    if (r < 10) s.ColdVacancyHits++;
                }
            }
        }

        double n = byWorker.Length;
        return new EvaluationReport
        {
            Cut = split.Cut,
            TrainInteractions = split.Train.Count,
            TestInteractions = split.Test.Count,
            PositiveFrom = options.PositiveFrom.ToString(),
            TestWorkers = byWorker.Length,
            Positives = byWorker.Sum(t => t.Grades.Values.Count(g => g >= threshold)),
            CatalogueSize = catalogue.Length,
            MeanCandidates = pairs.Length / n,
            PositivesAdded = added,
            TrainingSeconds = trained.Summary.Seconds,
            EvaluationSeconds = clock.Elapsed.TotalSeconds,
            Training = trained.Summary.Counts,
            Methods = methods.Select(m =>
            {
                var s = sums[m];
                return new MethodMetrics(m, s.Ndcg / n, s.Recall10 / n, s.Recall50 / n, s.Map / n,
                    RankingMetrics.Coverage(s.TopLists, catalogue.Length),
                    s.ColdWorkers, s.ColdWorkers == 0 ? 0 : s.ColdNdcg / s.ColdWorkers,
                    s.ColdVacancyPositives, s.ColdVacancyPositives == 0 ? 0 : (double)s.ColdVacancyHits / s.ColdVacancyPositives);
            }).ToArray(),
        };
    }

    /// <summary>Candidate positions by score, best first; NaN last; ties by vacancy id.</summary>
    private static int[] Order(IReadOnlyList<double> scores, Vacancy[] items)
    {
        double Key(int i) => double.IsNaN(scores[i]) ? double.NegativeInfinity : scores[i];
        var order = Enumerable.Range(0, items.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = Key(b).CompareTo(Key(a));
            return c != 0 ? c : string.CompareOrdinal(items[a].Id, items[b].Id);
        });
        return order;
    }

    private sealed class Sums
    {
        public double Ndcg, Recall10, Recall50, Map, ColdNdcg;
        public int ColdWorkers, ColdVacancyPositives, ColdVacancyHits;
        public readonly List<string[]> TopLists = [];
    }
}
