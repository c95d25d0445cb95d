using MatchingPlatform.Analytics.Policy;
using MathNet.Numerics.LinearAlgebra;

namespace MatchingPlatform.Analytics.Tests.Policy;

public sealed class PolicyEstimatorTests
{
    private static PanelObservation O(string unit, int period, double y, int? g) => new(unit, period, y, g);

    /// <summary>Two treated and two control units, two periods: every estimator is the difference of mean changes.</summary>
    private static PolicyPanel TwoByTwo() => PolicyPanel.Create(
    [
        O("t1", 1, 1, 2), O("t1", 2, 3, 2),  // change 2
        O("t2", 1, 2, 2), O("t2", 2, 5, 2),  // change 3
        O("c1", 1, 1, null), O("c1", 2, 2, null), // change 1
        O("c2", 1, 3, null), O("c2", 2, 4, null), // change 1
    ]);

    [Fact]
    public void Two_by_two_did_is_the_difference_of_mean_changes_with_the_hand_computed_standard_error()
    {
        var panel = TwoByTwo();
        var gt = GroupTimeEffects.Estimate(panel);
        var cell = Assert.Single(gt.Cells);
        Assert.Equal((2, 2, 1), (cell.Group, cell.Period, cell.BasePeriod));
        Assert.Equal(2.5 - 1.0, cell.Att, 12);
        // Neyman variance with 1/N: sum over treated (Δ − 2.5)² / N_T² + sum over controls (Δ − 1)² / N_C² = 0.5 / 4.
        Assert.Equal(Math.Sqrt(0.5 / 4), cell.StandardError, 12);
        Assert.Equal(1.5, Aggregations.Simple(gt).Overall, 12);
        Assert.Equal(1.5, TwoWayFixedEffects.Estimate(panel).Coefficient, 12);
    }

    /// <summary>y = unit effect + period effect + δ·D (+ noise): a staggered panel with a homogeneous effect.</summary>
    private static PolicyPanel Staggered(double effect, double noise, int unitsPerCohort = 6, int seed = 7, int periods = 6)
    {
        var rng = new Random(seed);
        var rows = new List<PanelObservation>();
        var cohorts = new int?[] { 3, 5, null };
        var unit = 0;
        foreach (var g in cohorts)
            for (var u = 0; u < unitsPerCohort * (g is null ? 2 : 1); u++, unit++)
            {
                var alpha = rng.NextDouble() * 10;
                for (var t = 1; t <= periods; t++)
                {
                    var treated = g is { } first && t >= first;
                    rows.Add(O($"u{unit:00}", t, alpha + 0.7 * t * t + (treated ? effect : 0) + noise * (rng.NextDouble() - 0.5), g));
                }
            }
        return PolicyPanel.Create(rows);
    }

    [Fact]
    public void A_homogeneous_effect_is_recovered_by_every_cell_and_aggregation_and_by_twfe()
    {
        var panel = Staggered(effect: 2.0, noise: 0);
        var gt = GroupTimeEffects.Estimate(panel);
        Assert.All(gt.Cells, c => Assert.Equal(c.IsPostTreatment ? 2.0 : 0.0, c.Att, 10));
        Assert.Equal(2.0, Aggregations.Simple(gt).Overall, 10);
        Assert.Equal(2.0, Aggregations.Group(gt).Overall, 10);
        Assert.Equal(2.0, Aggregations.Dynamic(gt).Overall, 10);
        Assert.Equal(2.0, Aggregations.Calendar(gt).Overall, 10);
        var twfe = TwoWayFixedEffects.Estimate(panel);
        Assert.Equal(2.0, twfe.Coefficient, 10);
        Assert.Equal(0.0, twfe.StandardError, 8);

        var noisy = GroupTimeEffects.Estimate(Staggered(effect: 2.0, noise: 0.2, unitsPerCohort: 40));
        var simple = Aggregations.Simple(noisy);
        Assert.InRange(simple.Overall, 2 - 3 * simple.OverallStandardError, 2 + 3 * simple.OverallStandardError);
        Assert.InRange(simple.OverallStandardError, 0.001, 0.05);
    }

    [Fact]
    public void Twfe_recovers_the_coefficient_with_unit_and_period_effects_and_drifting_effects_show_its_bias()
    {
        // Effect growing with time since treatment: TWFE mixes in already-treated units as controls and
        // understates it, while the dynamic aggregation recovers each event time exactly.
        var rows = new List<PanelObservation>();
        for (var u = 0; u < 12; u++)
        {
            int? g = u < 4 ? 2 : u < 8 ? 4 : null;
            for (var t = 1; t <= 5; t++)
            {
                var e = g is { } first && t >= first ? t - first + 1 : 0;
                rows.Add(O($"u{u}", t, 3 * u + 0.5 * t + e, g));
            }
        }
        var panel = PolicyPanel.Create(rows);
        var dynamic = Aggregations.Dynamic(GroupTimeEffects.Estimate(panel));
        foreach (var c in dynamic.Components) Assert.Equal(c.Key >= 0 ? c.Key + 1 : 0, c.Estimate, 10);
        var twfe = TwoWayFixedEffects.Estimate(panel).Coefficient;
        Assert.True(twfe < dynamic.Overall - 0.2, $"TWFE {twfe} should fall short of the mean post effect {dynamic.Overall}");
    }

    [Fact]
    public void Clustered_standard_error_equals_the_sandwich_of_the_dummy_variable_regression()
    {
        var panel = Staggered(effect: 1.0, noise: 1.0, unitsPerCohort: 2, seed: 3, periods: 4);
        int n = panel.UnitCount, T = panel.PeriodCount, N = n * T, K = 1 + n + (T - 1);
        // Explicit design: D, one dummy per unit, one per period after the first.
        var x = Matrix<double>.Build.Dense(N, K);
        var y = Vector<double>.Build.Dense(N);
        for (var i = 0; i < n; i++)
            for (var t = 0; t < T; t++)
            {
                var r = i * T + t;
                x[r, 0] = panel.IsTreated(i, t) ? 1 : 0;
                x[r, 1 + i] = 1;
                if (t > 0) x[r, n + t] = 1;
                y[r] = panel.Outcome[i, t];
            }
        var xtxInv = (x.TransposeThisAndMultiply(x)).Inverse();
        var b = xtxInv * x.TransposeThisAndMultiply(y);
        var u = y - x * b;
        var meat = Matrix<double>.Build.Dense(K, K);
        for (var i = 0; i < n; i++)
        {
            var s = Vector<double>.Build.Dense(K);
            for (var t = 0; t < T; t++) s += x.Row(i * T + t) * u[i * T + t];
            meat += s.OuterProduct(s);
        }
        var v = xtxInv * meat * xtxInv;
        // CR1 with the unit effects nested in the clusters not counted: K = 1 + (T − 1).
        var factor = n / (n - 1.0) * (N - 1.0) / (N - T);
        var twfe = TwoWayFixedEffects.Estimate(panel);
        Assert.Equal(b[0], twfe.Coefficient, 10);
        Assert.Equal(Math.Sqrt(v[0, 0] * factor), twfe.StandardError, 10);
        Assert.Equal(T, twfe.Parameters);
        Assert.Equal(factor, twfe.SmallSampleFactor, 12);
    }

    [Fact]
    public void Dynamic_aggregation_weights_event_times_by_cohort_size()
    {
        // Cohort 3 has 2 units, cohort 4 has 6: at e = 0 the weights are 1/4 and 3/4.
        var rows = new List<PanelObservation>();
        for (var u = 0; u < 12; u++)
        {
            int? g = u < 2 ? 3 : u < 8 ? 4 : null;
            for (var t = 1; t <= 5; t++)
                rows.Add(O($"u{u:00}", t, u + t + (g == 3 && t >= 3 ? 1.0 : 0) + (g == 4 && t >= 4 ? 5.0 : 0), g));
        }
        var panel = PolicyPanel.Create(rows);
        Assert.Equal([0.25, 0.75], Aggregations.ShareWeights(panel, [3, 4]));
        var gt = GroupTimeEffects.Estimate(panel);
        var dynamic = Aggregations.Dynamic(gt);
        Assert.Equal(0.25 * 1 + 0.75 * 5, dynamic.Components.Single(c => c.Key == 0).Estimate, 10);
        Assert.Equal(0.25 * 1 + 0.75 * 5, dynamic.Components.Single(c => c.Key == 1).Estimate, 10);
        Assert.Equal(1.0, dynamic.Components.Single(c => c.Key == 2).Estimate, 10); // only cohort 3 reaches e = 2
        // Simple: cells (3,3),(3,4),(3,5) weight 2 each, (4,4),(4,5) weight 6 each.
        Assert.Equal((3 * 2 * 1.0 + 2 * 6 * 5.0) / (3 * 2 + 2 * 6), Aggregations.Simple(gt).Overall, 10);
    }

    [Fact]
    public void Not_yet_treated_controls_add_later_cohorts_until_they_are_treated()
    {
        var panel = Staggered(effect: 1, noise: 0.5, unitsPerCohort: 3);
        var never = GroupTimeEffects.Estimate(panel);
        var notYet = GroupTimeEffects.Estimate(panel, new GroupTimeOptions { Control = ControlGroup.NotYetTreated });
        Assert.All(never.Cells, c => Assert.Equal(6, c.ControlUnits));
        // Cohort 3 at t = 3 and 4 (base 2): cohort 5 is not yet treated and joins; at t = 5 it no longer does.
        Assert.Equal(9, notYet.Cells.Single(c => c.Group == 3 && c.Period == 4).ControlUnits);
        Assert.Equal(6, notYet.Cells.Single(c => c.Group == 3 && c.Period == 5).ControlUnits);
        // Cohort 5 never uses cohort 3 (treated from period 3 on) except in pre-periods before 3.
        Assert.Equal(9, notYet.Cells.Single(c => c.Group == 5 && c.Period == 2).ControlUnits);
        Assert.Equal(6, notYet.Cells.Single(c => c.Group == 5 && c.Period == 3).ControlUnits);
    }

    [Fact]
    public void Universal_base_period_compares_everything_with_the_period_before_treatment()
    {
        var gt = GroupTimeEffects.Estimate(Staggered(effect: 2, noise: 0), new GroupTimeOptions { BasePeriod = BasePeriod.Universal });
        var reference = gt.Cells.Where(c => c.IsReference).ToArray();
        Assert.Equal(2, reference.Length);
        Assert.All(reference, c => Assert.Equal(-1, c.EventTime));
        Assert.All(gt.Cells, c => Assert.Equal(c.Group - 1, c.BasePeriod));
        Assert.Equal(0.0, Aggregations.Dynamic(gt).Components.Single(c => c.Key == -1).Estimate, 12);
    }

    [Fact]
    public void Event_study_gives_pointwise_intervals_and_a_wider_reproducible_uniform_band()
    {
        var gt = GroupTimeEffects.Estimate(Staggered(effect: 1, noise: 1, unitsPerCohort: 20));
        var a = EventStudy.Estimate(gt, 500, seed: 1);
        var b = EventStudy.Estimate(gt, 500, seed: 1);
        Assert.Equal(a.UniformCriticalValue, b.UniformCriticalValue);
        Assert.InRange(a.UniformCriticalValue, Aggregations.Normal95, 4);
        Assert.All(a.Points, p =>
        {
            Assert.Equal(p.Estimate - 1.959963984540054 * p.StandardError, p.CiLow, 12);
            Assert.True(p.UniformLow <= p.CiLow && p.UniformHigh >= p.CiHigh);
        });
    }

    [Fact]
    public void Placebo_p_value_is_large_without_an_effect_and_small_with_a_big_one()
    {
        // Without an effect the p-value is uniform: over several data sets it is rarely small and large on average.
        var none = Enumerable.Range(1, 8)
            .Select(s => PlaceboTest.Run(Staggered(effect: 0, noise: 1, unitsPerCohort: 8, seed: s), PlaceboStatistic.SimpleAtt, repetitions: 200, seed: 5))
            .ToArray();
        Assert.All(none, r => Assert.Equal(200, r.Repetitions));
        Assert.True(none.Count(r => r.PValue < 0.05) <= 2, string.Join(", ", none.Select(r => r.PValue)));
        Assert.True(none.Average(r => r.PValue) > 0.25, string.Join(", ", none.Select(r => r.PValue)));
        var big = PlaceboTest.Run(Staggered(effect: 3, noise: 1, unitsPerCohort: 8, seed: 11), PlaceboStatistic.SimpleAtt, repetitions: 300, seed: 5);
        Assert.True(big.PValue < 0.02, $"big effect: p = {big.PValue}");
        Assert.Equal((big.AtLeastAsExtreme + 1) / 301.0, big.PValueAddOne, 12);
        var twfe = PlaceboTest.Run(Staggered(effect: 3, noise: 1, unitsPerCohort: 8, seed: 11), PlaceboStatistic.Twfe, repetitions: 300, seed: 5);
        Assert.True(twfe.PValue < 0.02);
        // Same seed, same answer.
        Assert.Equal(big.PlaceboEstimates, PlaceboTest.Run(Staggered(effect: 3, noise: 1, unitsPerCohort: 8, seed: 11), PlaceboStatistic.SimpleAtt, repetitions: 300, seed: 5).PlaceboEstimates);
    }

    [Fact]
    public void Placebo_reassignment_keeps_the_cohort_sizes()
    {
        var panel = Staggered(effect: 1, noise: 1, unitsPerCohort: 5);
        var sizes = panel.Cohort.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var shuffled = panel.Cohort.ToArray();
        new Random(1).Shuffle(shuffled);
        var placebo = panel.WithCohorts(shuffled);
        Assert.Equal(sizes, placebo.Cohort.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public void Panel_creation_refuses_duplicates_and_changing_treatment_and_balances_like_R_did()
    {
        Assert.Contains("duplicate", Assert.Throws<ArgumentException>(() => PolicyPanel.Create([O("a", 1, 1, null), O("a", 1, 2, null)])).Message);
        Assert.Contains("changes", Assert.Throws<ArgumentException>(() => PolicyPanel.Create([O("a", 1, 1, 2), O("a", 2, 2, 3)])).Message);
        var panel = PolicyPanel.Create(
        [
            O("a", 1, 1, 2), O("a", 2, 2, 2), O("a", 3, 2, 2),
            O("b", 1, 1, null), O("b", 2, 2, null), O("b", 3, 2, null),
            O("gap", 1, 1, null), O("gap", 3, 2, null),          // unbalanced: dropped
            O("early", 1, 1, 1), O("early", 2, 1, 1), O("early", 3, 1, 1), // treated in the first period: dropped
            O("late", 1, 1, 9), O("late", 2, 1, 9), O("late", 3, 1, 9),    // treated after the panel: never treated
        ]);
        Assert.Equal(["a", "b", "late"], panel.Units);
        Assert.Equal([2, PolicyPanel.NeverTreated, PolicyPanel.NeverTreated], panel.Cohort);
        Assert.Equal(3, panel.Notes.Count);
    }

    [Fact]
    public void Pre_trend_test_is_silent_under_parallel_trends_and_rejects_a_diverging_trend()
    {
        var parallel = GroupTimeEffects.Estimate(Staggered(effect: 1, noise: 1, unitsPerCohort: 30, seed: 2)).PreTrendWaldTest();
        Assert.NotNull(parallel);
        Assert.True(parallel.PValue > 0.01, $"p = {parallel.PValue}");

        var rows = new List<PanelObservation>();
        var rng = new Random(4);
        for (var u = 0; u < 60; u++)
        {
            int? g = u < 30 ? 4 : null;
            for (var t = 1; t <= 5; t++) rows.Add(O($"u{u}", t, t * (g is null ? 1 : 2) + rng.NextDouble(), g));
        }
        var diverging = GroupTimeEffects.Estimate(PolicyPanel.Create(rows)).PreTrendWaldTest();
        Assert.NotNull(diverging);
        Assert.True(diverging.PValue < 0.001);
    }
}
