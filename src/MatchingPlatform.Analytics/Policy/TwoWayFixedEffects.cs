using MathNet.Numerics.Distributions;

namespace MatchingPlatform.Analytics.Policy;

/// <summary>The two-way fixed-effects DID coefficient with its cluster-robust (by unit) standard error.</summary>
/// <param name="SmallSampleFactor">The CR1 factor G/(G-1) · (N-1)/(N-K) applied to the sandwich.</param>
/// <param name="PValue">Two-sided, from Student's t with G-1 degrees of freedom (as Stata and fixest do for clustered errors).</param>
public sealed record TwfeResult(
    double Coefficient, double StandardError, int Observations, int Clusters, int Parameters,
    double SmallSampleFactor, double TStatistic, double PValue, double CiLow, double CiHigh);

/// <summary>
/// Two-way fixed-effects difference-in-differences: y_it = α_i + λ_t + β·D_it + ε_it with D_it = 1 from the unit's first
/// treated period on, estimated by the within transformation on the balanced panel.
/// </summary>
/// <remarks>
/// Balanced panel, so the two-way demeaning x̃_it = x_it − x̄_i· − x̄_·t + x̄ is the exact projection off both sets
/// of dummies (Frisch–Waugh–Lovell) and β = Σ x̃·ỹ / Σ x̃². Standard error: the cluster-robust sandwich by unit,
/// V = (Σ x̃²)⁻² · Σ_g (Σ_t x̃_gt û_gt)² · c, with the CR1 small-sample factor c = G/(G−1) · (N−1)/(N−K) used by
/// Stata (reghdfe) and R fixest's default (ssc adj = TRUE, cluster.adj = TRUE, fixef.K = "nested"): K counts β and the
/// T−1 free period effects; the unit effects are nested in the clusters and not counted.
/// With staggered adoption and effects that vary over time this β is a variance-weighted average that can carry
/// negative weights (Goodman-Bacon 2021) — the reason the group-time estimator sits next to it.
/// </remarks>
public static class TwoWayFixedEffects
{
    public static TwfeResult Estimate(PolicyPanel panel, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(panel);
        int n = panel.UnitCount, T = panel.PeriodCount;
        var d = new double[n, T];
        for (var i = 0; i < n; i++)
            for (var t = 0; t < T; t++)
                d[i, t] = panel.IsTreated(i, t) ? 1 : 0;
        var dt = Demean(d, n, T);
        var yt = Demean(panel.Outcome, n, T);

        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
            for (var t = 0; t < T; t++)
            {
                sxx += dt[i, t] * dt[i, t];
                sxy += dt[i, t] * yt[i, t];
            }
        if (sxx < 1e-12) throw new ArgumentException("the treatment dummy does not vary within units and periods: nothing to estimate");
        var beta = sxy / sxx;

        double meat = 0;
        for (var i = 0; i < n; i++)
        {
            double score = 0;
            for (var t = 0; t < T; t++) score += dt[i, t] * (yt[i, t] - beta * dt[i, t]);
            meat += score * score;
        }
        int observations = n * T, parameters = 1 + (T - 1);
        if (n < 2 || observations <= parameters) throw new ArgumentException("too few units or periods for a clustered standard error");
        var factor = n / (n - 1.0) * (observations - 1.0) / (observations - parameters);
        var se = Math.Sqrt(meat / (sxx * sxx) * factor);
        var tStat = beta / se;
        var df = n - 1;
        var p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(tStat));
        var q = StudentT.InvCDF(0, 1, df, 1 - (1 - confidence) / 2);
        return new TwfeResult(beta, se, observations, n, parameters, factor, tStat, p, beta - q * se, beta + q * se);
    }

    /// <summary>The coefficient alone (placebo repetitions need no standard error).</summary>
    public static double Coefficient(PolicyPanel panel)
    {
        int n = panel.UnitCount, T = panel.PeriodCount;
        var d = new double[n, T];
        for (var i = 0; i < n; i++)
            for (var t = 0; t < T; t++)
                d[i, t] = panel.IsTreated(i, t) ? 1 : 0;
        var dt = Demean(d, n, T);
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
            for (var t = 0; t < T; t++)
            {
                sxx += dt[i, t] * dt[i, t];
                sxy += dt[i, t] * panel.Outcome[i, t]; // ỹ is not needed: x̃ is orthogonal to the fixed effects
            }
        return sxy / sxx;
    }

    private static double[,] Demean(double[,] x, int n, int T)
    {
        var unitMean = new double[n];
        var periodMean = new double[T];
        double grand = 0;
        for (var i = 0; i < n; i++)
            for (var t = 0; t < T; t++)
            {
                unitMean[i] += x[i, t] / T;
                periodMean[t] += x[i, t] / n;
                grand += x[i, t];
            }
        grand /= n * T;
        var result = new double[n, T];
        for (var i = 0; i < n; i++)
            for (var t = 0; t < T; t++)
                result[i, t] = x[i, t] - unitMean[i] - periodMean[t] + grand;
        return result;
    }
}
