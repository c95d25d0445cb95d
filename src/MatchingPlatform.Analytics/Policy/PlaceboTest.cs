namespace MatchingPlatform.Analytics.Policy;

/// <summary>Which estimate a placebo repetition recomputes.</summary>
public enum PlaceboStatistic
{
    /// <summary>The simple aggregate ATT of the group-time effects.</summary>
    SimpleAtt,

    /// <summary>The two-way fixed-effects coefficient.</summary>
    Twfe,
}

/// <summary>
/// The result of a placebo permutation test. <see cref="PValue"/> is the share of placebo estimates at least as far
/// from zero as the real one (two-sided); <see cref="PValueAddOne"/> is the (k + 1) / (R + 1) version that counts the
/// real assignment as one of the permutations and is never 0.
/// </summary>
public sealed record PlaceboResult(
    PlaceboStatistic Statistic, double RealEstimate, IReadOnlyList<double> PlaceboEstimates, int AtLeastAsExtreme,
    double PValue, double PValueAddOne, int Seed)
{
    public int Repetitions => PlaceboEstimates.Count;
}

/// <summary>
/// Placebo (randomisation) inference: the cohort labels are shuffled across units — a random set of pseudo-treated
/// units, with the same number of units and the same cohort sizes as the real assignment, the rest never treated —
/// the estimate is recomputed on the real outcomes, and the real estimate is compared with that distribution.
/// Seeded, so the same seed gives the same p-value.
/// </summary>
public static class PlaceboTest
{
    public const int DefaultRepetitions = 500;
    public const int DefaultSeed = 20261128;

    public static PlaceboResult Run(PolicyPanel panel, PlaceboStatistic statistic, GroupTimeOptions? options = null,
        int repetitions = DefaultRepetitions, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        options ??= new GroupTimeOptions();
        var real = Compute(panel, statistic, options);
        var rng = new Random(seed);
        var cohorts = panel.Cohort.ToArray();
        var estimates = new double[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            // Fisher–Yates shuffle: a uniformly random assignment with the same cohort sizes.
            for (var i = cohorts.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (cohorts[i], cohorts[j]) = (cohorts[j], cohorts[i]);
            }
            estimates[r] = Compute(panel.WithCohorts((int[])cohorts.Clone()), statistic, options);
        }
        // Ties within rounding count as "as extreme": a permutation that reproduces the real assignment must count.
        var tolerance = 1e-12 * Math.Max(1, Math.Abs(real));
        var extreme = estimates.Count(e => Math.Abs(e) >= Math.Abs(real) - tolerance);
        return new PlaceboResult(statistic, real, estimates, extreme, extreme / (double)repetitions,
            (extreme + 1) / (repetitions + 1.0), seed);
    }

    private static double Compute(PolicyPanel panel, PlaceboStatistic statistic, GroupTimeOptions options) => statistic switch
    {
        PlaceboStatistic.SimpleAtt => GroupTimeEffects.SimpleAttPointEstimate(panel, options),
        PlaceboStatistic.Twfe => TwoWayFixedEffects.Coefficient(panel),
        _ => throw new ArgumentOutOfRangeException(nameof(statistic)),
    };
}
