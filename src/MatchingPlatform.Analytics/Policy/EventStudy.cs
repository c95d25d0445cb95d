namespace MatchingPlatform.Analytics.Policy;

/// <summary>One event-study coefficient: the effect e periods after (negative: before) treatment, with 95% bands.</summary>
/// <param name="UniformLow">Lower end of the simultaneous (sup-t) band that covers all event times at once with 95%.</param>
public sealed record EventStudyPoint(int EventTime, double Estimate, double StandardError,
    double CiLow, double CiHigh, double UniformLow, double UniformHigh);

/// <summary>Event-study coefficients and the critical value of their uniform band.</summary>
public sealed record EventStudyResult(IReadOnlyList<EventStudyPoint> Points, double UniformCriticalValue, int BootstrapRepetitions, int Seed);

/// <summary>
/// Event-study coefficients from the dynamic aggregation of the group-time effects, with pointwise 95% intervals
/// (estimate ± 1.96 SE) and a uniform 95% band: the critical value is the 95% quantile of max_e |θ*_e| / SE_e over
/// a multiplier bootstrap θ*_e = Σ_i v_i IF_ie / n with Mammen weights v (as R did's mboot draws, but on the
/// analytical standard errors), seeded so the band is reproducible.
/// </summary>
public static class EventStudy
{
    public static EventStudyResult Estimate(GroupTimeResult result, int bootstrapRepetitions = 1000, int seed = 20261128)
    {
        ArgumentNullException.ThrowIfNull(result);
        return FromDynamic(Aggregations.Dynamic(result), bootstrapRepetitions, seed);
    }

    public static EventStudyResult FromDynamic(Aggregation dynamic, int bootstrapRepetitions = 1000, int seed = 20261128)
    {
        ArgumentNullException.ThrowIfNull(dynamic);
        if (dynamic.Type != AggregationType.Dynamic) throw new ArgumentException("needs the dynamic aggregation", nameof(dynamic));
        var critical = UniformCritical(dynamic, bootstrapRepetitions, seed);
        var points = dynamic.Components.Select(c => new EventStudyPoint(c.Key, c.Estimate, c.StandardError, c.CiLow, c.CiHigh,
            c.Estimate - critical * c.StandardError, c.Estimate + critical * c.StandardError)).ToArray();
        return new EventStudyResult(points, critical, bootstrapRepetitions, seed);
    }

    private static double UniformCritical(Aggregation dynamic, int repetitions, int seed)
    {
        var usable = Enumerable.Range(0, dynamic.Components.Count).Where(k => dynamic.Components[k].StandardError > 0).ToArray();
        if (repetitions < 1 || usable.Length == 0) return Aggregations.Normal95;
        var n = dynamic.OverallInfluence.Length;
        var rng = new Random(seed);
        var sqrt5 = Math.Sqrt(5);
        double low = (1 - sqrt5) / 2, high = (1 + sqrt5) / 2, pLow = (sqrt5 + 1) / (2 * sqrt5);
        var v = new double[n];
        var maxima = new double[repetitions];
        for (var b = 0; b < repetitions; b++)
        {
            for (var i = 0; i < n; i++) v[i] = rng.NextDouble() < pLow ? low : high;
            double max = 0;
            foreach (var k in usable)
            {
                var inf = dynamic.ComponentInfluence[k];
                double s = 0;
                for (var i = 0; i < n; i++) s += v[i] * inf[i];
                max = Math.Max(max, Math.Abs(s / n) / dynamic.Components[k].StandardError);
            }
            maxima[b] = max;
        }
        Array.Sort(maxima);
        // Never narrower than the pointwise interval: with one event time the two coincide up to bootstrap noise.
        return Math.Max(Aggregations.Normal95, maxima[Math.Min(repetitions - 1, (int)Math.Ceiling(0.95 * repetitions) - 1)]);
    }
}
