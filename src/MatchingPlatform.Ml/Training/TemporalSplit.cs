using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Ml.Training;

/// <summary>
/// A temporal hold-out: training sees only interactions strictly before <see cref="Cut"/>, the test only those at
/// or after it, so nothing from the test period (events, and so popularity or factor scores) reaches training.
/// </summary>
public sealed record TemporalSplit(DateTimeOffset Cut, IReadOnlyList<Interaction> Train, IReadOnlyList<Interaction> Test)
{
    /// <summary>
    /// Cuts at the <paramref name="quantile"/> of the timestamps: the timestamp at position floor(q x (n - 1)) in
    /// time order. Events sharing that timestamp all go to the test side.
    /// </summary>
    public static TemporalSplit AtQuantile(IReadOnlyList<Interaction> interactions, double quantile)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (!(quantile > 0 && quantile < 1)) throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "must be strictly between 0 and 1");
        if (interactions.Count < 2) throw new ArgumentException("a temporal split needs at least two interactions", nameof(interactions));
        var times = interactions.Select(i => i.OccurredAt).Order().ToArray();
        var cut = times[(int)Math.Floor(quantile * (times.Length - 1))];
        var split = At(interactions, cut);
        if (split.Train.Count == 0) throw new ArgumentException("every interaction shares the cut timestamp: nothing to train on", nameof(interactions));
        return split;
    }

    public static TemporalSplit At(IReadOnlyList<Interaction> interactions, DateTimeOffset cut)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var train = new List<Interaction>();
        var test = new List<Interaction>();
        foreach (var i in interactions)
            (i.OccurredAt < cut ? train : test).Add(i);
        return new TemporalSplit(cut, train, test);
    }
}
