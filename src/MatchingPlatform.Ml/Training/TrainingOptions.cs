using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Factorization;
using MatchingPlatform.Ml.Recommendation;

namespace MatchingPlatform.Ml.Training;

/// <summary>
/// What training reads: the profiles (vacancies open and closed, since the log refers to both), the interaction log
/// of the training window, and the engine whose feature path serving uses, so training computes features exactly as
/// requests do. The engine's indexes decide the IDF of the skill-overlap feature.
/// </summary>
public sealed record TrainingData(
    IReadOnlyList<Worker> Workers,
    IReadOnlyList<Vacancy> Vacancies,
    IReadOnlyList<Interaction> Interactions,
    RecommendationEngine Engine);

/// <summary>Hyper-parameters of the LambdaRank model (one per direction).</summary>
public sealed record LambdaRankOptions
{
    public int NumberOfLeaves { get; init; } = 15;
    public int Iterations { get; init; } = 150;
    public double LearningRate { get; init; } = 0.05;
    public int MinimumExamplesPerLeaf { get; init; } = 50;
    /// <summary>LightGBM threads. 1 by default because LightGBM is only reproducible run to run at a fixed thread count.</summary>
    public int Threads { get; init; } = 1;

    public void Validate()
    {
        if (NumberOfLeaves < 2) throw new ArgumentOutOfRangeException(nameof(NumberOfLeaves), NumberOfLeaves, "must be at least 2");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (MinimumExamplesPerLeaf < 1) throw new ArgumentOutOfRangeException(nameof(MinimumExamplesPerLeaf), MinimumExamplesPerLeaf, "must be at least 1");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be at least 1");
    }
}

/// <summary>Training configuration; the same options and data give the same model.</summary>
public sealed record TrainingOptions
{
    public int Seed { get; init; } = 20261128;
    /// <summary>At most this many impression-only pairs per group (sampled); engaged pairs are always kept.</summary>
    public int ImpressionNegativesPerGroup { get; init; } = 30;
    /// <summary>Negatives per group from retrieval: items retrieved for the query entity that it never touched.</summary>
    public int RetrievalNegativesPerGroup { get; init; } = 20;
    /// <summary>How deep retrieval goes when looking for those negatives (the serving path retrieves a few hundred).</summary>
    /// <summary>
    /// Learn from vacancy popularity (engaged workers so far). Turn it off for logs whose catalogue consists only of
    /// items somebody engaged with (the kandij log): there "no engagement yet" means "engaged with later", a leak.
    /// </summary>
    public bool UsePopularity { get; init; } = true;
    /// <summary>Negatives drawn uniformly from the catalogue per group (see TrainingSetBuilder).</summary>
    public int RandomNegativesPerGroup { get; init; } = 20;
    public int RetrievalDepth { get; init; } = 100;
    /// <summary>
    /// The factor model is a binary classifier: a pair at or above this event counts as engaged. View by default:
    /// views are several times more plentiful than applications, and the ranker, not the factor model, separates the grades.
    /// </summary>
    public InteractionType FactorPositiveFrom { get; init; } = InteractionType.View;
    /// <summary>
    /// Folds for the out-of-fold factor scores the ranker trains on (pairs are assigned by a hash of the pair); 1
    /// scores the training rows with the model that saw them, which leaks their labels into the feature.
    /// </summary>
    public int FactorFolds { get; init; } = 3;
    public FactorModelOptions Factor { get; init; } = new();
    public LambdaRankOptions Ranker { get; init; } = new();

    public void Validate()
    {
        if (ImpressionNegativesPerGroup < 0) throw new ArgumentOutOfRangeException(nameof(ImpressionNegativesPerGroup), ImpressionNegativesPerGroup, "must not be negative");
        if (RetrievalNegativesPerGroup < 0) throw new ArgumentOutOfRangeException(nameof(RetrievalNegativesPerGroup), RetrievalNegativesPerGroup, "must not be negative");
        if (RandomNegativesPerGroup < 0) throw new ArgumentOutOfRangeException(nameof(RandomNegativesPerGroup), RandomNegativesPerGroup, "must not be negative");
        if (RetrievalDepth < 1) throw new ArgumentOutOfRangeException(nameof(RetrievalDepth), RetrievalDepth, "must be at least 1");
        if (FactorFolds < 1) throw new ArgumentOutOfRangeException(nameof(FactorFolds), FactorFolds, "must be at least 1");
        InteractionGrades.Threshold(FactorPositiveFrom);
        ArgumentNullException.ThrowIfNull(Factor, nameof(Factor));
        ArgumentNullException.ThrowIfNull(Ranker, nameof(Ranker));
        Factor.Validate();
        Ranker.Validate();
    }
}
