using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Ml.Ranking;

/// <summary>
/// A (worker, vacancy) pair to compute features for, and the moment it is scored: the request time when serving,
/// the logged time of the pair when training. The vacancy's age and popularity are taken at <see cref="At"/>.
/// </summary>
public readonly record struct MatchPair(Worker Worker, Vacancy Vacancy, DateTimeOffset At);

/// <summary>The features of a pair that come from trained state rather than from the two profiles.</summary>
/// <param name="FactorScore">The factor model's logit; NaN when there is no factor model.</param>
/// <param name="Popularity">ln(1 + workers who engaged with the vacancy before the pair's time); NaN when there is no popularity table.</param>
public readonly record struct PairSignals(double FactorScore, double Popularity)
{
    /// <summary>NaN, which LightGBM reads as missing and the explanation shows as unknown.</summary>
    public static readonly PairSignals Unknown = new(double.NaN, double.NaN);
}

/// <summary>
/// Computes <see cref="PairSignals"/> for many pairs at once, so a factor model can score a whole request in one
/// batched transform. Implementations must be thread-safe.
/// </summary>
public interface IMatchSignals
{
    /// <summary>Fills <paramref name="into"/>[i] for <paramref name="pairs"/>[i].</summary>
    void Compute(IReadOnlyList<MatchPair> pairs, Span<PairSignals> into);
}

/// <summary>Signals of a ranker that has no trained state: every pair gets <see cref="PairSignals.Unknown"/>.</summary>
public sealed class NoMatchSignals : IMatchSignals
{
    public static readonly NoMatchSignals Instance = new();

    private NoMatchSignals() { }

    public void Compute(IReadOnlyList<MatchPair> pairs, Span<PairSignals> into)
    {
        if (into.Length != pairs.Count) throw new ArgumentException($"expected room for {pairs.Count} signals, got {into.Length}", nameof(into));
        into.Fill(PairSignals.Unknown);
    }
}
