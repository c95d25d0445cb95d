using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MatchingPlatform.Core.Geography;

namespace MatchingPlatform.Analytics.Mobility;

/// <summary>Observed moves from one place to another (a city, or a province after <see cref="PlaceAggregation.ToProvinces"/>).</summary>
public sealed record OdFlow(string Origin, string Destination, double Volume);

/// <summary>A place of a gravity model: where it is (for distances) and its mass (population or workforce).</summary>
public sealed record GravityPlace(string Code, double Latitude, double Longitude, double Mass);

/// <summary>One estimated coefficient with its standard error, t statistic and two-sided p-value (Student t, n - 4 df).</summary>
public sealed record Coefficient(string Name, double Estimate, double StandardError, double T, double P);

/// <summary>An ordered pair of places with its observed and predicted flow.</summary>
/// <param name="Predicted">exp of the fitted log flow: the model's geometric-mean prediction.</param>
/// <param name="PredictedScaled">
/// <see cref="Predicted"/> times <see cref="GravityFit.Scale"/>, so that predictions add up to the observed total:
/// the level a log-linear fit underestimates (E[exp(e)] &gt; 1) is restored, the distribution across pairs is unchanged.
/// </param>
/// <param name="Ratio">Observed over scaled prediction: above 1 the corridor over-performs the model, below 1 it under-performs.</param>
public sealed record CorridorFit(string Origin, string Destination, double DistanceKm, double Observed, double Predicted, double PredictedScaled)
{
    public double Ratio => PredictedScaled <= 0 ? double.PositiveInfinity : Observed / PredictedScaled;
}

/// <summary>
/// A fitted gravity model ln F_ij = a + b ln M_i + c ln M_j - d ln dist_ij + e. <see cref="Coefficients"/> are, in order,
/// a (intercept), b (origin mass), c (destination mass) and d (distance decay, reported with the sign of the formula:
/// positive means flows fall with distance).
/// </summary>
/// <param name="Observations">Pairs the regression used: positive flow, distinct locations.</param>
/// <param name="ZeroPairs">Ordered pairs of the places with no observed flow: not in the regression (ln 0 is undefined), but in CPC.</param>
/// <param name="SameLocationPairs">Pairs closer than <see cref="GravityOptions.MinDistanceKm"/> (e.g. two US cities placed at one state centre): left out entirely.</param>
/// <param name="RSquared">Of the log-linear regression, on ln F.</param>
/// <param name="Cpc">Common part of commuters 2 Σ min(obs, pred) / (Σ obs + Σ pred) over every evaluated pair, with the raw predictions.</param>
/// <param name="CpcScaled">The same with predictions scaled to the observed total (<see cref="Scale"/>).</param>
public sealed record GravityFit(
    IReadOnlyList<Coefficient> Coefficients, int Observations, int ZeroPairs, int SameLocationPairs, double RSquared, double AdjustedRSquared,
    double ResidualStandardError, double Cpc, double CpcScaled, double Scale, IReadOnlyList<CorridorFit> Pairs, GravityMassKind Mass,
    IReadOnlyDictionary<string, GravityPlace> Places, double MinDistanceKm)
{
    public double Intercept => Coefficients[0].Estimate;
    public double OriginMassExponent => Coefficients[1].Estimate;
    public double DestinationMassExponent => Coefficients[2].Estimate;
    public double DistanceDecay => Coefficients[3].Estimate;
    public double ObservedTotal => Pairs.Sum(p => p.Observed);

    /// <summary>The model's (raw) prediction for any ordered pair of its places; null when a place is unknown.</summary>
    public double? Predict(string origin, string destination)
    {
        if (origin == destination || !Places.TryGetValue(origin, out var o) || !Places.TryGetValue(destination, out var d)) return null;
        var km = Math.Max(GeoDistance.Kilometres(o.Latitude, o.Longitude, d.Latitude, d.Longitude), MinDistanceKm);
        return Math.Exp(Intercept + OriginMassExponent * Math.Log(o.Mass) + DestinationMassExponent * Math.Log(d.Mass) - DistanceDecay * Math.Log(km));
    }

    /// <summary>
    /// Corridors with at least <paramref name="minVolume"/> observed moves, ordered by <see cref="CorridorFit.Ratio"/>:
    /// the <paramref name="top"/> most under-performing (ratio below 1, lowest first) and the most over-performing (ratio
    /// above 1, highest first). Ties by volume (larger first), then codes.
    /// </summary>
    public (IReadOnlyList<CorridorFit> Under, IReadOnlyList<CorridorFit> Over) Corridors(double minVolume, int top)
    {
        var eligible = Pairs.Where(p => p.Observed >= minVolume && p.Observed > 0).ToList();
        var under = eligible.Where(p => p.Ratio < 1).OrderBy(p => p.Ratio).ThenByDescending(p => p.Observed)
            .ThenBy(p => p.Origin, StringComparer.Ordinal).ThenBy(p => p.Destination, StringComparer.Ordinal).Take(top).ToArray();
        var over = eligible.Where(p => p.Ratio > 1).OrderByDescending(p => p.Ratio).ThenByDescending(p => p.Observed)
            .ThenBy(p => p.Origin, StringComparer.Ordinal).ThenBy(p => p.Destination, StringComparer.Ordinal).Take(top).ToArray();
        return (under, over);
    }
}

public enum GravityMassKind
{
    /// <summary>Resident population (cities.population).</summary>
    Population = 1,

    /// <summary>Registered workers on the platform (workers.city_code).</summary>
    Workforce = 2,
}

public sealed record GravityOptions
{
    /// <summary>Pairs closer than this are left out (log distance undefined or meaningless); predictions use at least this distance.</summary>
    public double MinDistanceKm { get; init; } = 1.0;

    public GravityMassKind Mass { get; init; } = GravityMassKind.Population;
}

/// <summary>Raised when the flows cannot identify the model (too few usable pairs, or no variation in a regressor).</summary>
public sealed class GravityFitException(string message) : Exception(message);

/// <summary>
/// Fits the log-linear gravity model by ordinary least squares (QR decomposition, MathNet.Numerics).
/// </summary>
/// <remarks>
/// Zero flows: ln 0 is undefined, so pairs without observed flow are dropped from the regression (OLS on positive flows)
/// and counted in <see cref="GravityFit.ZeroPairs"/>; they stay in the evaluation (CPC), where a prediction for a pair
/// nobody moved along counts against the model. This conditions the fit on a flow having happened, which biases the
/// distance decay towards zero when many far pairs are empty; a Poisson pseudo-maximum-likelihood fit would use them.
/// Evaluation covers every ordered pair of distinct places that have any flow (in or out) and are at least
/// <see cref="GravityOptions.MinDistanceKm"/> apart.
/// </remarks>
public static class GravityModel
{
    public const int MinObservations = 6;

    public static GravityFit Fit(IEnumerable<OdFlow> flows, IEnumerable<GravityPlace> places, GravityOptions? options = null)
    {
        options ??= new GravityOptions();
        var byCode = new Dictionary<string, GravityPlace>(StringComparer.Ordinal);
        foreach (var p in places)
        {
            if (!(p.Mass > 0) || !double.IsFinite(p.Mass)) continue; // no mass, no log: the place cannot be in the model
            byCode[p.Code] = p;
        }
        var observed = new Dictionary<(string, string), double>();
        foreach (var f in flows)
        {
            if (f.Origin == f.Destination || !(f.Volume > 0)) continue;
            if (!byCode.ContainsKey(f.Origin) || !byCode.ContainsKey(f.Destination)) continue;
            observed[(f.Origin, f.Destination)] = observed.GetValueOrDefault((f.Origin, f.Destination)) + f.Volume;
        }
        var active = observed.Keys.SelectMany(k => new[] { k.Item1, k.Item2 }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        var pairs = new List<(string O, string D, double Km, double Obs)>();
        var sameLocation = 0;
        foreach (var o in active)
            foreach (var d in active)
            {
                if (o == d) continue;
                var a = byCode[o];
                var b = byCode[d];
                var km = GeoDistance.Kilometres(a.Latitude, a.Longitude, b.Latitude, b.Longitude);
                if (km < options.MinDistanceKm) { sameLocation++; continue; }
                pairs.Add((o, d, km, observed.GetValueOrDefault((o, d))));
            }
        var positive = pairs.Where(p => p.Obs > 0).ToList();
        if (positive.Count < MinObservations)
            throw new GravityFitException($"{positive.Count} pairs with a positive flow between distinct locations: at least {MinObservations} are needed to fit 4 coefficients");

        var n = positive.Count;
        var x = Matrix<double>.Build.Dense(n, 4);
        var y = Vector<double>.Build.Dense(n);
        for (var i = 0; i < n; i++)
        {
            var p = positive[i];
            x[i, 0] = 1;
            x[i, 1] = Math.Log(byCode[p.O].Mass);
            x[i, 2] = Math.Log(byCode[p.D].Mass);
            x[i, 3] = -Math.Log(p.Km); // so that the coefficient is d of "- d ln dist"
            y[i] = Math.Log(p.Obs);
        }
        var xtx = x.TransposeThisAndMultiply(x);
        // A regressor without variation (every origin of one mass, all pairs at one distance) makes X'X singular.
        var svd = xtx.Svd();
        if (svd.S[3] <= 1e-10 * svd.S[0])
            throw new GravityFitException("the regressors are collinear (e.g. every origin has the same mass, or every pair the same distance): the model is not identified");
        var beta = x.QR().Solve(y);
        var fitted = x * beta;
        var residuals = y - fitted;
        var rss = residuals.DotProduct(residuals);
        var mean = y.Average();
        var tss = y.Sum(v => (v - mean) * (v - mean));
        var df = n - 4;
        var sigma2 = df > 0 ? rss / df : double.NaN;
        var covariance = xtx.Inverse() * sigma2;
        string[] names = ["intercept", "origin_mass", "destination_mass", "distance"];
        var t = new StudentT(0, 1, Math.Max(df, 1));
        var coefficients = Enumerable.Range(0, 4).Select(k =>
        {
            var se = Math.Sqrt(Math.Max(covariance[k, k], 0));
            var tStat = se > 0 ? beta[k] / se : double.NaN;
            var pValue = double.IsFinite(tStat) ? 2 * (1 - t.CumulativeDistribution(Math.Abs(tStat))) : double.NaN;
            return new Coefficient(names[k], beta[k], se, tStat, pValue);
        }).ToArray();
        var r2 = tss > 0 ? 1 - rss / tss : double.NaN;
        var adjusted = tss > 0 && df > 0 ? 1 - (1 - r2) * (n - 1) / df : double.NaN;

        double Raw(string o, string d, double km) =>
            Math.Exp(beta[0] + beta[1] * Math.Log(byCode[o].Mass) + beta[2] * Math.Log(byCode[d].Mass) - beta[3] * Math.Log(km));
        var predicted = pairs.Select(p => Raw(p.O, p.D, p.Km)).ToArray();
        var observedTotal = pairs.Sum(p => p.Obs);
        var predictedTotal = predicted.Sum();
        var scale = predictedTotal > 0 ? observedTotal / predictedTotal : 1;
        var corridors = pairs.Select((p, i) => new CorridorFit(p.O, p.D, p.Km, p.Obs, predicted[i], predicted[i] * scale)).ToArray();

        return new GravityFit(coefficients, n, pairs.Count - n, sameLocation, r2, adjusted, Math.Sqrt(sigma2),
            Cpc(corridors.Select(c => (c.Observed, c.Predicted))), Cpc(corridors.Select(c => (c.Observed, c.PredictedScaled))), scale,
            corridors, options.Mass, byCode,
            options.MinDistanceKm);
    }

    /// <summary>Common part of commuters: 2 Σ min(obs, pred) / (Σ obs + Σ pred); 1 is a perfect match, 0 no overlap.</summary>
    public static double Cpc(IEnumerable<(double Observed, double Predicted)> pairs)
    {
        double common = 0, total = 0;
        foreach (var (o, p) in pairs)
        {
            common += Math.Min(o, p);
            total += o + p;
        }
        return total > 0 ? 2 * common / total : 0;
    }
}
