namespace MatchingPlatform.Analytics.Mobility;

/// <summary>
/// How readily talent moves from one city to another: the share of an origin's moves that go to a destination.
/// From a gravity fit it is the predicted share pred(o, d) / Σ_k pred(o, k) over every other place of the model (smooth,
/// defined for pairs nobody has moved along yet); from observed flows alone it is (F_od + 1) / (Σ_k F_ok + n - 1),
/// add-one smoothed over the n places so that an unseen corridor has a small positive propensity.
/// </summary>
public sealed class CorridorPropensity
{
    private readonly Func<string, string, double> _share;

    private CorridorPropensity(string source, Func<string, string, double> share)
    {
        Source = source;
        _share = share;
    }

    /// <summary>"gravity" or "observed".</summary>
    public string Source { get; }

    /// <summary>The share of the origin's moves expected to go to the destination, in [0, 1].</summary>
    public double Share(string origin, string destination) => origin == destination ? 0 : _share(origin, destination);

    public static CorridorPropensity FromGravity(GravityFit fit)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        return new CorridorPropensity("gravity", (o, d) =>
        {
            var p = fit.Predict(o, d);
            if (p is null) return 0;
            if (!totals.TryGetValue(o, out var total))
                totals[o] = total = fit.Places.Keys.Where(k => k != o).Sum(k => fit.Predict(o, k) ?? 0);
            return total > 0 ? p.Value / total : 0;
        });
    }

    public static CorridorPropensity FromObserved(IEnumerable<OdFlow> flows, IEnumerable<string> places)
    {
        var n = places.Distinct(StringComparer.Ordinal).Count();
        var byPair = new Dictionary<(string, string), double>();
        var outTotal = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var f in flows.Where(f => f.Origin != f.Destination))
        {
            byPair[(f.Origin, f.Destination)] = byPair.GetValueOrDefault((f.Origin, f.Destination)) + f.Volume;
            outTotal[f.Origin] = outTotal.GetValueOrDefault(f.Origin) + f.Volume;
        }
        return new CorridorPropensity("observed", (o, d) =>
            (byPair.GetValueOrDefault((o, d)) + 1) / (outTotal.GetValueOrDefault(o) + Math.Max(n - 1, 1)));
    }
}
