using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MatchingPlatform.Analytics.Policy;

/// <summary>Which units a cohort is compared with.</summary>
public enum ControlGroup
{
    /// <summary>Units never treated within the panel (R did's default, "nevertreated").</summary>
    NeverTreated,

    /// <summary>Never-treated units plus units not yet treated by the later of the two periods compared ("notyettreated").</summary>
    NotYetTreated,
}

/// <summary>The earlier period of each 2×2 comparison.</summary>
public enum BasePeriod
{
    /// <summary>
    /// R did's default: for post-treatment periods the last period before treatment, for pre-treatment periods the
    /// period just before (so pre-period estimates are period-to-period placebo changes).
    /// </summary>
    Varying,

    /// <summary>Always the last period before treatment; the cell at that period is 0 by construction (event time −1).</summary>
    Universal,
}

public sealed record GroupTimeOptions
{
    public ControlGroup Control { get; init; } = ControlGroup.NeverTreated;
    public BasePeriod BasePeriod { get; init; } = BasePeriod.Varying;
}

/// <summary>One group-time average treatment effect ATT(g, t): cohort g (first treated period) in period t against <see cref="BasePeriod"/>.</summary>
/// <param name="IsReference">The universal base period's own cell: 0 by construction, no standard error.</param>
public sealed record GroupTimeCell(int Group, int Period, int BasePeriod, double Att, double StandardError,
    int TreatedUnits, int ControlUnits, bool IsReference = false)
{
    public int EventTime => Period - Group;
    public bool IsPostTreatment => Period >= Group;
}

/// <summary>The group-time effects with their influence functions, which the aggregations and tests build on.</summary>
public sealed class GroupTimeResult
{
    internal GroupTimeResult(PolicyPanel panel, GroupTimeOptions options, IReadOnlyList<GroupTimeCell> cells,
        IReadOnlyList<double[]> influence, IReadOnlyList<string> notes)
    {
        Panel = panel;
        Options = options;
        Cells = cells;
        Influence = influence;
        Notes = notes;
    }

    public PolicyPanel Panel { get; }
    public GroupTimeOptions Options { get; }
    public IReadOnlyList<GroupTimeCell> Cells { get; }

    /// <summary>
    /// Influence function of each cell, one value per unit, on R did's scale: the cell's standard error is
    /// sqrt(Σ ψ²) / n. Units outside the cell's treated and control groups have 0.
    /// </summary>
    public IReadOnlyList<double[]> Influence { get; }

    /// <summary>Cells that could not be estimated (no comparison units), one line each.</summary>
    public IReadOnlyList<string> Notes { get; }

    public int UnitCount => Panel.UnitCount;

    /// <summary>
    /// Wald pre-test of parallel trends as in R did: W = n · a' V⁻¹ a over the pre-treatment cells (a their ATTs,
    /// V = Ψ'Ψ / n), p from χ² with as many degrees of freedom as cells. Null when there is no usable pre-period cell
    /// or V is singular.
    /// </summary>
    public PreTrendTest? PreTrendWaldTest()
    {
        var pre = Enumerable.Range(0, Cells.Count).Where(k => !Cells[k].IsPostTreatment && !Cells[k].IsReference && Cells[k].StandardError > 0).ToArray();
        if (pre.Length == 0) return null;
        int n = UnitCount, q = pre.Length;
        var v = Matrix<double>.Build.Dense(q, q, (a, b) =>
        {
            double s = 0;
            var x = Influence[pre[a]];
            var y = Influence[pre[b]];
            for (var i = 0; i < n; i++) s += x[i] * y[i];
            return s / n;
        });
        if (Math.Abs(v.Determinant()) < 1e-300) return null;
        var att = Vector<double>.Build.Dense(q, a => Cells[pre[a]].Att);
        var w = n * att.DotProduct(v.Solve(att));
        return new PreTrendTest(w, q, 1 - ChiSquared.CDF(q, w));
    }
}

/// <summary>The Wald pre-test of parallel trends: statistic, degrees of freedom, p-value.</summary>
public sealed record PreTrendTest(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>
/// Staggered-adoption group-time average treatment effects of Callaway and Sant'Anna (2021), without covariates, on a
/// balanced panel, reproducing R did 2.5.1's att_gt (panel = TRUE, xformla = ~1; with only an intercept its dr, ipw
/// and reg estimators all reduce to the difference in mean changes below).
/// </summary>
/// <remarks>
/// For cohort g, period t and base period b (see <see cref="BasePeriod"/>):
/// ATT(g,t) = mean over treated units (cohort g) of (Y_t − Y_b) − mean over comparison units of (Y_t − Y_b).
/// Its influence function, scaled as did scales it, is ψ_i = n · [ D_i (ΔY_i − μ_D) / N_D − C_i (ΔY_i − μ_C) / N_C ]
/// and the analytical standard error sqrt(Σ ψ_i²) / n (did's bstrap = FALSE). Comparison units: never treated, or
/// with <see cref="ControlGroup.NotYetTreated"/> also the units whose cohort lies after max(t, b) (and is not g).
/// </remarks>
public static class GroupTimeEffects
{
    public static GroupTimeResult Estimate(PolicyPanel panel, GroupTimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        options ??= new GroupTimeOptions();
        if (panel.Cohorts.Count == 0) throw new ArgumentException("no unit is ever treated within the panel: nothing to estimate");
        var cells = new List<GroupTimeCell>();
        var influence = new List<double[]>();
        var notes = new List<string>();
        foreach (var (g, t, b) in Comparisons(panel, options))
        {
            if (t == b)
            {
                cells.Add(new GroupTimeCell(panel.Periods[g], panel.Periods[t], panel.Periods[b], 0, 0,
                    panel.Cohort.Count(c => c == panel.Periods[g]), 0, IsReference: true));
                influence.Add(new double[panel.UnitCount]);
                continue;
            }
            var cell = EstimateCell(panel, options.Control, panel.Periods[g], t, b, withInfluence: true);
            if (cell is null)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"ATT({panel.Periods[g]},{panel.Periods[t]}) skipped: no comparison units"));
                continue;
            }
            cells.Add(cell.Value.Cell);
            influence.Add(cell.Value.Influence!);
        }
        return new GroupTimeResult(panel, options, cells, influence, notes);
    }

    /// <summary>
    /// The simple aggregate ATT alone, without standard errors: what a placebo repetition needs. Same cells and
    /// weights as <see cref="Aggregations.Simple"/>.
    /// </summary>
    public static double SimpleAttPointEstimate(PolicyPanel panel, GroupTimeOptions options)
    {
        double weighted = 0, weights = 0;
        var share = new Dictionary<int, int>();
        foreach (var c in panel.Cohort) share[c] = share.GetValueOrDefault(c) + 1;
        foreach (var (g, t, b) in Comparisons(panel, options))
        {
            var group = panel.Periods[g];
            if (t == b || panel.Periods[t] < group) continue;
            if (EstimateCell(panel, options.Control, group, t, b, withInfluence: false) is not { } cell) continue;
            weighted += cell.Cell.Att * share[group];
            weights += share[group];
        }
        return weights > 0 ? weighted / weights : double.NaN;
    }

    /// <summary>(cohort period index, current period index, base period index) in R did's order: cohort, then period.</summary>
    private static IEnumerable<(int Group, int Period, int Base)> Comparisons(PolicyPanel panel, GroupTimeOptions options)
    {
        foreach (var group in panel.Cohorts)
        {
            var g = panel.PeriodIndex(group);
            var lastBefore = g - 1; // Create guarantees the cohort is a panel period after the first
            var first = options.BasePeriod == BasePeriod.Varying ? 1 : 0;
            for (var t = first; t < panel.PeriodCount; t++)
            {
                var b = t >= g || options.BasePeriod == BasePeriod.Universal ? lastBefore : t - 1;
                yield return (g, t, b);
            }
        }
    }

    private static (GroupTimeCell Cell, double[]? Influence)? EstimateCell(PolicyPanel panel, ControlGroup control, int group, int t, int b, bool withInfluence)
    {
        var n = panel.UnitCount;
        var later = Math.Max(panel.Periods[t], panel.Periods[b]);
        double sumTreated = 0, sumControl = 0;
        int treated = 0, controls = 0;
        var role = new sbyte[n]; // 1 treated, -1 comparison, 0 neither
        for (var i = 0; i < n; i++)
        {
            var c = panel.Cohort[i];
            var delta = panel.Outcome[i, t] - panel.Outcome[i, b];
            if (c == group)
            {
                role[i] = 1;
                treated++;
                sumTreated += delta;
            }
            else if (c == PolicyPanel.NeverTreated || (control == ControlGroup.NotYetTreated && c > later))
            {
                role[i] = -1;
                controls++;
                sumControl += delta;
            }
        }
        if (treated == 0 || controls == 0) return null;
        double meanTreated = sumTreated / treated, meanControl = sumControl / controls;
        var att = meanTreated - meanControl;
        if (!withInfluence) return (new GroupTimeCell(group, panel.Periods[t], panel.Periods[b], att, double.NaN, treated, controls), null);

        var psi = new double[n];
        double sumSquares = 0;
        for (var i = 0; i < n; i++)
        {
            if (role[i] == 0) continue;
            var delta = panel.Outcome[i, t] - panel.Outcome[i, b];
            psi[i] = role[i] == 1 ? n * (delta - meanTreated) / treated : -n * (delta - meanControl) / controls;
            sumSquares += psi[i] * psi[i];
        }
        var se = Math.Sqrt(sumSquares) / n;
        return (new GroupTimeCell(group, panel.Periods[t], panel.Periods[b], att, se, treated, controls), psi);
    }
}
