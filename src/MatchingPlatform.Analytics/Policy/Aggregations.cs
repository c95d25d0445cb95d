namespace MatchingPlatform.Analytics.Policy;

public enum AggregationType
{
    /// <summary>All post-treatment cells, weighted by cohort size.</summary>
    Simple,

    /// <summary>By event time e = t − g (event study); overall = mean over e ≥ 0.</summary>
    Dynamic,

    /// <summary>By cohort: mean over its post-treatment periods; overall weighted by cohort size.</summary>
    Group,

    /// <summary>By calendar period: cohorts treated by then, weighted by size; overall = mean over periods.</summary>
    Calendar,
}

/// <summary>One component of an aggregation: an event time, a cohort or a calendar period (<see cref="Key"/>).</summary>
public sealed record AggregateComponent(int Key, double Estimate, double StandardError)
{
    public double CiLow => Estimate - Aggregations.Normal95 * StandardError;
    public double CiHigh => Estimate + Aggregations.Normal95 * StandardError;
}

/// <summary>An aggregation of the group-time effects: its components (empty for simple) and the overall summary, with influence functions.</summary>
public sealed record Aggregation(
    AggregationType Type, IReadOnlyList<AggregateComponent> Components, double Overall, double OverallStandardError,
    IReadOnlyList<double[]> ComponentInfluence, double[] OverallInfluence)
{
    public double OverallCiLow => Overall - Aggregations.Normal95 * OverallStandardError;
    public double OverallCiHigh => Overall + Aggregations.Normal95 * OverallStandardError;
}

/// <summary>
/// R did 2.5.1's aggte for the four aggregation types, with analytical standard errors from the influence functions
/// (aggte with bstrap = FALSE).
/// </summary>
/// <remarks>
/// Weights are cohort shares P(G = g), estimated from the data, so a weighted aggregate θ = Σ_k w_k ATT_k with
/// w_k = p_k / Σ_K p has influence function Σ_k w_k ψ_k + Σ_k ATT_k · ω_ik, where ω is did's "wif", the influence
/// of the estimated weights: ω_ik = (1{G_i = g_k} − p_k) / Σ_K p − p_k / (Σ_K p)² · Σ_{k'∈K} (1{G_i = g_k'} − p_k').
/// Unweighted means (a cohort's mean over its periods, the dynamic and calendar overall means) average the
/// influence functions only. Standard errors are sqrt(Σ_i IF_i²) / n throughout.
/// </remarks>
public static class Aggregations
{
    /// <summary>The 97.5% standard normal quantile: pointwise 95% confidence intervals.</summary>
    public const double Normal95 = 1.959963984540054;

    public static Aggregation Simple(GroupTimeResult r)
    {
        var keep = Where(r, c => c.IsPostTreatment);
        var (estimate, inf) = ShareWeighted(r, keep.Select(k => r.Cells[k].Att).ToArray(), keep.Select(k => r.Influence[k]).ToArray(),
            keep.Select(k => r.Cells[k].Group).ToArray());
        return new Aggregation(AggregationType.Simple, [], estimate, Se(inf), [], inf);
    }

    public static Aggregation Dynamic(GroupTimeResult r)
    {
        var components = new List<AggregateComponent>();
        var influence = new List<double[]>();
        foreach (var e in r.Cells.Select(c => c.EventTime).Distinct().Order())
        {
            var keep = Where(r, c => c.EventTime == e);
            var (estimate, inf) = ShareWeighted(r, keep.Select(k => r.Cells[k].Att).ToArray(), keep.Select(k => r.Influence[k]).ToArray(),
                keep.Select(k => r.Cells[k].Group).ToArray());
            components.Add(new AggregateComponent(e, estimate, Se(inf)));
            influence.Add(inf);
        }
        var post = Enumerable.Range(0, components.Count).Where(k => components[k].Key >= 0).ToArray();
        var (overall, overallInf) = Mean(post.Select(k => components[k].Estimate), post.Select(k => influence[k]).ToArray(), r.UnitCount);
        return new Aggregation(AggregationType.Dynamic, components, overall, Se(overallInf), influence, overallInf);
    }

    public static Aggregation Group(GroupTimeResult r)
    {
        var components = new List<AggregateComponent>();
        var influence = new List<double[]>();
        foreach (var g in r.Cells.Select(c => c.Group).Distinct().Order())
        {
            var keep = Where(r, c => c.Group == g && c.IsPostTreatment);
            if (keep.Length == 0) continue;
            var (estimate, inf) = Mean(keep.Select(k => r.Cells[k].Att), keep.Select(k => r.Influence[k]).ToArray(), r.UnitCount);
            components.Add(new AggregateComponent(g, estimate, Se(inf)));
            influence.Add(inf);
        }
        var (overall, overallInf) = ShareWeighted(r, components.Select(c => c.Estimate).ToArray(), influence.ToArray(),
            components.Select(c => c.Key).ToArray());
        return new Aggregation(AggregationType.Group, components, overall, Se(overallInf), influence, overallInf);
    }

    public static Aggregation Calendar(GroupTimeResult r)
    {
        var components = new List<AggregateComponent>();
        var influence = new List<double[]>();
        var firstCohort = r.Cells.Min(c => c.Group);
        foreach (var t in r.Cells.Select(c => c.Period).Where(t => t >= firstCohort).Distinct().Order())
        {
            var keep = Where(r, c => c.Period == t && c.IsPostTreatment);
            if (keep.Length == 0) continue;
            var (estimate, inf) = ShareWeighted(r, keep.Select(k => r.Cells[k].Att).ToArray(), keep.Select(k => r.Influence[k]).ToArray(),
                keep.Select(k => r.Cells[k].Group).ToArray());
            components.Add(new AggregateComponent(t, estimate, Se(inf)));
            influence.Add(inf);
        }
        var (overall, overallInf) = Mean(components.Select(c => c.Estimate), influence.ToArray(), r.UnitCount);
        return new Aggregation(AggregationType.Calendar, components, overall, Se(overallInf), influence, overallInf);
    }

    public static Aggregation Of(GroupTimeResult r, AggregationType type) => type switch
    {
        AggregationType.Simple => Simple(r),
        AggregationType.Dynamic => Dynamic(r),
        AggregationType.Group => Group(r),
        AggregationType.Calendar => Calendar(r),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// The cohort-share weights w_k = p_k / Σ p of a set of cells or cohorts (<paramref name="groups"/> gives each one's
    /// cohort): what the simple, dynamic and calendar aggregations use. Exposed so tests can check them.
    /// </summary>
    public static double[] ShareWeights(PolicyPanel panel, IReadOnlyList<int> groups)
    {
        var p = groups.Select(g => panel.Cohort.Count(c => c == g) / (double)panel.UnitCount).ToArray();
        var total = p.Sum();
        return p.Select(x => x / total).ToArray();
    }

    /// <summary>Standard error of an influence function on did's scale.</summary>
    public static double Se(double[] influence)
    {
        double s = 0;
        foreach (var x in influence) s += x * x;
        return Math.Sqrt(s) / influence.Length;
    }

    private static int[] Where(GroupTimeResult r, Func<GroupTimeCell, bool> keep) =>
        Enumerable.Range(0, r.Cells.Count).Where(k => keep(r.Cells[k])).ToArray();

    private static (double Estimate, double[] Influence) Mean(IEnumerable<double> estimates, double[][] influence, int n)
    {
        var est = estimates.ToArray();
        var inf = new double[n];
        if (est.Length == 0) return (double.NaN, inf);
        foreach (var f in influence)
            for (var i = 0; i < n; i++) inf[i] += f[i] / est.Length;
        return (est.Average(), inf);
    }

    private static (double Estimate, double[] Influence) ShareWeighted(GroupTimeResult r, double[] att, double[][] influence, int[] groups)
    {
        var panel = r.Panel;
        int n = panel.UnitCount, m = att.Length;
        var inf = new double[n];
        if (m == 0) return (double.NaN, inf);
        var p = groups.Select(g => panel.Cohort.Count(c => c == g) / (double)n).ToArray();
        var total = p.Sum();
        double estimate = 0;
        for (var k = 0; k < m; k++) estimate += att[k] * p[k] / total;
        for (var i = 0; i < n; i++)
        {
            // Σ_k' (1{G_i = g_k'} − p_k'): the same for every k, the denominator's share of the weight influence.
            double deviation = 0;
            for (var k = 0; k < m; k++) deviation += (panel.Cohort[i] == groups[k] ? 1 : 0) - p[k];
            double value = 0;
            for (var k = 0; k < m; k++)
            {
                var weightInfluence = ((panel.Cohort[i] == groups[k] ? 1 : 0) - p[k]) / total - p[k] / (total * total) * deviation;
                value += p[k] / total * influence[k][i] + weightInfluence * att[k];
            }
            inf[i] = value;
        }
        return (estimate, inf);
    }
}
