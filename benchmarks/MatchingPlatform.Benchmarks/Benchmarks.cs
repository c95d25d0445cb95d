using BenchmarkDotNet.Attributes;
using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Retrieval;

namespace MatchingPlatform.Benchmarks;

/// <summary>
/// Retrieval alone (SkillIndex.Search, top 300 as the engine asks), per query, averaged over the sampled queries;
/// without early termination (as served) and with it (same results), and for a small city.
/// </summary>
[MemoryDiagnoser]
public class RetrievalBenchmarks
{
    private const int Candidates = 300;
    private BenchWorld.World _world = null!;
    private IEnumerable<SkillTerm>[] _held = [];
    private IEnumerable<SkillTerm>[] _required = [];

    [Params(true, false)]
    public bool EarlyTermination { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _world = BenchWorld.Get();
        _held = _world.Workers.Select(w => (IEnumerable<SkillTerm>)RecommendationEngine.HeldTerms(w).ToArray()).ToArray();
        _required = _world.Vacancies.Select(v => (IEnumerable<SkillTerm>)RecommendationEngine.RequiredTerms(v).ToArray()).ToArray();
        _world.Engine.VacancyIndex.EarlyTermination = EarlyTermination;
        _world.Engine.WorkerIndex.EarlyTermination = EarlyTermination;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _world.Engine.VacancyIndex.EarlyTermination = false;
        _world.Engine.WorkerIndex.EarlyTermination = false;
    }

    [Benchmark(OperationsPerInvoke = BenchWorld.Queries, Description = "vacancies for a worker")]
    public int VacanciesForWorker()
    {
        var n = 0;
        foreach (var q in _held) n += _world.Engine.VacancyIndex.Search(q, Candidates).Items.Count;
        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchWorld.Queries, Description = "vacancies for a worker, one small city")]
    public int VacanciesForWorkerInSmallCity()
    {
        var n = 0;
        string[] city = [_world.SmallCity];
        foreach (var q in _held) n += _world.Engine.VacancyIndex.Search(q, Candidates, partitions: city).Items.Count;
        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchWorld.Queries, Description = "workers for a vacancy")]
    public int WorkersForVacancy()
    {
        var n = 0;
        foreach (var q in _required) n += _world.Engine.WorkerIndex.Search(q, Candidates).Items.Count;
        return n;
    }
}

/// <summary>
/// Feature extraction for one request's 300 retrieved candidates: the batch the engine computes per request (skill
/// overlap, gap counts, distance, salary/experience/education fit, and the factor model's batched scores).
/// </summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    private BenchWorld.World _world = null!;
    private MatchPair[] _pairs = [];

    [GlobalSetup]
    public void Setup()
    {
        _world = BenchWorld.Get();
        var worker = _world.Workers[0];
        var at = DateTimeOffset.UtcNow;
        _pairs = _world.Engine.VacancyIndex.Search(RecommendationEngine.HeldTerms(worker), 300).Items
            .Select(i => new MatchPair(worker, i.Item, at)).ToArray();
    }

    [Benchmark(Description = "300 pairs, no model signals")]
    public FeatureVector[] WithoutModel() => _world.Engine.Features(_pairs, RankingDirection.VacanciesForWorker, NoMatchSignals.Instance);

    [Benchmark(Description = "300 pairs, with factor model and popularity")]
    public FeatureVector[] WithModel() => _world.Engine.Features(_pairs, RankingDirection.VacanciesForWorker, _world.Ranker.Signals);
}

/// <summary>
/// Batched LightGBM LambdaRank scoring of one request's 300 candidates: with attributions for all (what the engine did
/// before), scores only plus the attributions of the 10 returned (what it does now), and the fallback for scale.
/// </summary>
[MemoryDiagnoser]
public class RankerBenchmarks
{
    private BenchWorld.World _world = null!;
    private RankingRequest _vacancies = null!;
    private RankingRequest _candidates = null!;

    [GlobalSetup]
    public void Setup()
    {
        _world = BenchWorld.Get();
        var at = DateTimeOffset.UtcNow;
        var worker = _world.Workers[0];
        var items = _world.Engine.VacancyIndex.Search(RecommendationEngine.HeldTerms(worker), 300).Items;
        var f = _world.Engine.Features(items.Select(i => new MatchPair(worker, i.Item, at)).ToArray(), RankingDirection.VacanciesForWorker, _world.Ranker.Signals);
        _vacancies = RankingRequest.ForWorker(worker, items.Select((i, j) => new RankingCandidate(worker, i.Item, i.Score, f[j])).ToArray());

        var vacancy = _world.Vacancies[0];
        var workers = _world.Engine.WorkerIndex.Search(RecommendationEngine.RequiredTerms(vacancy), 300).Items;
        var g = _world.Engine.Features(workers.Select(i => new MatchPair(i.Item, vacancy, at)).ToArray(), RankingDirection.CandidatesForVacancy, _world.Ranker.Signals);
        _candidates = RankingRequest.ForVacancy(vacancy, workers.Select((i, j) => new RankingCandidate(i.Item, vacancy, i.Score, g[j])).ToArray());
    }

    [Benchmark(Description = "LightGBM, 300 vacancies for a worker, scores and attributions")]
    public RankerOutput LearnedVacancies() => _world.Ranker.Score(_vacancies);

    [Benchmark(Description = "LightGBM, 300 vacancies for a worker, scores only (as served)")]
    public IReadOnlyList<double> LearnedVacanciesScoresOnly() => _world.Ranker.ScoreOnly(_vacancies);

    [Benchmark(Description = "LightGBM, attributions of the 10 returned")]
    public IReadOnlyList<IReadOnlyList<double>> LearnedExplainTen() => _world.Ranker.Explain(_vacancies, Ten);

    private static readonly int[] Ten = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Benchmark(Description = "LightGBM, 300 workers for a vacancy")]
    public RankerOutput LearnedCandidates() => _world.Ranker.Score(_candidates);

    [Benchmark(Baseline = true, Description = "retrieval-score fallback, 300 vacancies")]
    public RankerOutput Fallback() => RetrievalScoreRanker.Instance.Score(_vacancies);
}

/// <summary>
/// Gap analysis: the full report (GapAnalyzer, built for the k results), the allocation-free counts the features
/// read (GapStats, computed for all 300 candidates), and one GetSkillGap with its training programmes.
/// </summary>
[MemoryDiagnoser]
public class GapBenchmarks
{
    private BenchWorld.World _world = null!;
    private (Worker Worker, Vacancy Vacancy)[] _pairs = [];

    [GlobalSetup]
    public void Setup()
    {
        _world = BenchWorld.Get();
        var worker = _world.Workers[0];
        _pairs = _world.Engine.VacancyIndex.Search(RecommendationEngine.HeldTerms(worker), 300).Items.Select(i => (worker, i.Item)).ToArray();
    }

    [Benchmark(Baseline = true, Description = "GapAnalyzer report, 300 pairs")]
    public double Reports()
    {
        double sum = 0;
        foreach (var (w, v) in _pairs) sum += GapAnalyzer.Analyze(w.Skills, v.Requirements).Coverage;
        return sum;
    }

    [Benchmark(Description = "GapStats counts, 300 pairs")]
    public double Counts()
    {
        double sum = 0;
        foreach (var (w, v) in _pairs) sum += GapStats.Of(w.Skills, v.Requirements).Coverage;
        return sum;
    }

    [Benchmark(Description = "GetSkillGap with programmes, 1 pair")]
    public int WithProgrammes() => _world.Engine.AnalyzeGap(_pairs[0].Worker, _pairs[0].Vacancy).Gaps.Count;
}

/// <summary>The whole engine per request (k = 10): retrieval, features, the learned ranker, explanations and gaps.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private BenchWorld.World _world = null!;

    [GlobalSetup]
    public void Setup() => _world = BenchWorld.Get();

    [Benchmark(OperationsPerInvoke = BenchWorld.Queries, Description = "RecommendVacancies, k = 10")]
    public int RecommendVacancies()
    {
        var n = 0;
        foreach (var w in _world.Workers) n += _world.Engine.RecommendVacancies(w, 10).Recommendations.Count;
        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchWorld.Queries, Description = "RecommendCandidates, k = 10")]
    public int RecommendCandidates()
    {
        var n = 0;
        foreach (var v in _world.Vacancies) n += _world.Engine.RecommendCandidates(v, 10).Candidates.Count;
        return n;
    }
}
