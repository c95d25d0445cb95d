using MatchingPlatform.Ml.Ranking;

namespace MatchingPlatform.Ml.Factorization;

/// <summary>
/// A collaborative factor model over (worker, vacancy) pairs. Kept this small so that a matrix-factorisation model
/// (Microsoft.ML.Recommender, where that package is obtainable) can replace the field-aware factorisation machine.
/// </summary>
public interface IFactorModel
{
    string Name { get; }

    /// <summary>One logit per pair (higher: more likely to engage), computed in one batch. Thread-safe.</summary>
    double[] Score(IReadOnlyList<MatchPair> pairs);
}

/// <summary>The pair signals of a trained model: the factor model's score and the popularity table.</summary>
public sealed class ModelSignals(IFactorModel factor, PopularityTable popularity) : IMatchSignals
{
    public IFactorModel Factor { get; } = factor ?? throw new ArgumentNullException(nameof(factor));
    public PopularityTable Popularity { get; } = popularity ?? throw new ArgumentNullException(nameof(popularity));

    public void Compute(IReadOnlyList<MatchPair> pairs, Span<PairSignals> into)
    {
        if (into.Length != pairs.Count) throw new ArgumentException($"expected room for {pairs.Count} signals, got {into.Length}", nameof(into));
        var scores = Factor.Score(pairs);
        for (var i = 0; i < into.Length; i++)
            into[i] = new PairSignals(scores[i], Popularity.Value(pairs[i].Vacancy.Id, pairs[i].At));
    }
}
