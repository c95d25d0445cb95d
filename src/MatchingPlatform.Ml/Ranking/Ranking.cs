using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Ml.Ranking;

public enum RankingDirection
{
    /// <summary>RecommendVacancies: the query is a worker, the candidates vacancies.</summary>
    VacanciesForWorker = 1,
    /// <summary>RecommendCandidates: the query is a vacancy, the candidates workers.</summary>
    CandidatesForVacancy = 2,
}

/// <summary>One retrieved (worker, vacancy) pair to be scored, with its features already extracted.</summary>
public sealed record RankingCandidate(Worker Worker, Vacancy Vacancy, double RetrievalScore, FeatureVector Features)
{
    /// <summary>The id of the side being ranked: the vacancy's for <see cref="RankingDirection.VacanciesForWorker"/>.</summary>
    public string ItemId(RankingDirection direction) =>
        direction == RankingDirection.VacanciesForWorker ? Vacancy.Id : Worker.Id;
}

/// <summary>Everything one request asks a ranker to score: the query entity and all retrieved candidates.</summary>
public sealed record RankingRequest
{
    private RankingRequest(RankingDirection direction, Worker? worker, Vacancy? vacancy, IReadOnlyList<RankingCandidate> candidates)
    {
        Direction = direction;
        Worker = worker;
        Vacancy = vacancy;
        Candidates = candidates;
    }

    public RankingDirection Direction { get; }
    /// <summary>The query worker (vacancy direction); null in the candidate direction.</summary>
    public Worker? Worker { get; }
    /// <summary>The query vacancy (candidate direction); null in the vacancy direction.</summary>
    public Vacancy? Vacancy { get; }
    public IReadOnlyList<RankingCandidate> Candidates { get; }

    public static RankingRequest ForWorker(Worker worker, IReadOnlyList<RankingCandidate> candidates) =>
        new(RankingDirection.VacanciesForWorker, worker, null, candidates);

    public static RankingRequest ForVacancy(Vacancy vacancy, IReadOnlyList<RankingCandidate> candidates) =>
        new(RankingDirection.CandidatesForVacancy, null, vacancy, candidates);

    /// <summary>The same query with other candidates (e.g. the few a ranker explains).</summary>
    internal static RankingRequest Of(RankingDirection direction, RankingRequest query, IReadOnlyList<RankingCandidate> candidates) =>
        new(direction, query.Worker, query.Vacancy, candidates);
}

/// <summary>
/// A ranker's answer, aligned with <see cref="RankingRequest.Candidates"/>.
/// </summary>
/// <param name="Scores">Higher is better; only the order matters to the engine.</param>
/// <param name="Contributions">
/// Per candidate, one value per <see cref="MatchFeatures.Names"/> entry: how much of the score that feature accounts
/// for, in score units (a tree model's feature contributions, for example). The explanation reports each as a share
/// of the total absolute contribution.
/// </param>
public sealed record RankerOutput(IReadOnlyList<double> Scores, IReadOnlyList<IReadOnlyList<double>> Contributions);

/// <summary>
/// Orders retrieved candidates. Called once per request with all candidates, so a learned model can score them in a
/// single batched transform. Implementations must be thread-safe: one instance serves concurrent requests.
/// </summary>
public interface ICandidateRanker
{
    string Name { get; }
    /// <summary>Version of the loaded model; null for a ranker that has none.</summary>
    string? ModelVersion { get; }
    /// <summary>False for a heuristic fallback; the response then says it is a fallback.</summary>
    bool IsLearned { get; }
    /// <summary>
    /// The trained pair signals (factor score, popularity) that this ranker's model was trained on. The engine takes
    /// them from the ranker it read for the request, so features and model always come from the same version.
    /// Heuristic rankers have none.
    /// </summary>
    IMatchSignals Signals => NoMatchSignals.Instance;
    RankerOutput Score(RankingRequest request);

    /// <summary>
    /// The scores of <see cref="Score"/> without the attributions: the request path scores every retrieved candidate
    /// but explains only the k it returns (<see cref="Explain"/>), and attributing is most of a tree model's cost.
    /// </summary>
    IReadOnlyList<double> ScoreOnly(RankingRequest request) => Score(request).Scores;

    /// <summary>The attributions <see cref="Score"/> reports for the candidates at <paramref name="indices"/>, in that order.</summary>
    IReadOnlyList<IReadOnlyList<double>> Explain(RankingRequest request, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var all = Score(request).Contributions;
        var result = new IReadOnlyList<double>[indices.Count];
        for (var i = 0; i < result.Length; i++) result[i] = all[indices[i]];
        return result;
    }
}

/// <summary>
/// The fallback used while no learned model is loaded: the retrieval score is the ranking score. Ties are broken by
/// the engine for every ranker alike (coverage, then salary fit, then id), so this ranker only reports scores, and
/// attributes all of each score to skill overlap, which is the whole of what it ranks by.
/// </summary>
public sealed class RetrievalScoreRanker : ICandidateRanker
{
    public static readonly RetrievalScoreRanker Instance = new();

    public string Name => "retrieval-score";
    public string? ModelVersion => null;
    public bool IsLearned => false;

    public RankerOutput Score(RankingRequest request)
    {
        var n = request.Candidates.Count;
        var scores = new double[n];
        var contributions = new IReadOnlyList<double>[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = request.Candidates[i].RetrievalScore;
            contributions[i] = Attribution(scores[i]);
        }
        return new RankerOutput(scores, contributions);
    }

    public IReadOnlyList<double> ScoreOnly(RankingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scores = new double[request.Candidates.Count];
        for (var i = 0; i < scores.Length; i++) scores[i] = request.Candidates[i].RetrievalScore;
        return scores;
    }

    public IReadOnlyList<IReadOnlyList<double>> Explain(RankingRequest request, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(indices);
        return indices.Select(i => Attribution(request.Candidates[i].RetrievalScore)).ToArray();
    }

    private static double[] Attribution(double score)
    {
        var c = new double[MatchFeatures.Count];
        c[MatchFeatures.SkillOverlap] = score;
        return c;
    }
}

/// <summary>Where a request finds the ranker to use.</summary>
public interface IRankerProvider
{
    /// <summary>Read it once per request and use that instance throughout, so a swap mid-request cannot mix models.</summary>
    ICandidateRanker Current { get; }
}

/// <summary>
/// Holds the current ranker and swaps it atomically: a reference swap, so requests never block on a model load and
/// in-flight requests finish on the instance they started with. The old instance is not disposed here, because
/// requests may still hold it; the caller that swaps decides when it is safe to release.
/// </summary>
public sealed class RankerHolder(ICandidateRanker initial) : IRankerProvider
{
    private ICandidateRanker _current = initial ?? throw new ArgumentNullException(nameof(initial));

    /// <summary>Starts with the retrieval-score fallback.</summary>
    public RankerHolder() : this(RetrievalScoreRanker.Instance) { }

    public ICandidateRanker Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="next"/> current; returns the ranker it replaced.</summary>
    public ICandidateRanker Swap(ICandidateRanker next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }

    /// <summary>Swaps only if <paramref name="expected"/> is still current, so two loaders cannot undo each other.</summary>
    public bool TrySwap(ICandidateRanker expected, ICandidateRanker next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return ReferenceEquals(Interlocked.CompareExchange(ref _current, next, expected), expected);
    }
}
