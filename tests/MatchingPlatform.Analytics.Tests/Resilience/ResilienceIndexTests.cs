using MatchingPlatform.Analytics.Resilience;

namespace MatchingPlatform.Analytics.Tests.Resilience;

/// <summary>Dimension scores and the overall index on a hand-worked panel.</summary>
public sealed class ResilienceIndexTests
{
    private static readonly ResilienceIndicator A =
        new("a", ResilienceDimension.Resistance, IndicatorDirection.HigherIsBetter, IndicatorSource.Platform, "", "");
    private static readonly ResilienceIndicator B =
        new("b", ResilienceDimension.Recovery, IndicatorDirection.LowerIsBetter, IndicatorSource.Platform, "", "");
    private static readonly ResilienceIndicator C =
        new("c", ResilienceDimension.Recovery, IndicatorDirection.HigherIsBetter, IndicatorSource.External, "", "");
    private static readonly ResilienceIndicator Missing =
        new("m", ResilienceDimension.Transformation, IndicatorDirection.HigherIsBetter, IndicatorSource.External, "", "");

    /// <summary>Four city-quarters; a = [0,1,2,3] (benefit), b = [4,1,1,1] (cost), c constant.</summary>
    private static IReadOnlyList<IndicatorObservation> Panel() =>
    [
        new("x", "2025-Q1", "a", 0), new("x", "2025-Q1", "b", 4), new("x", "2025-Q1", "c", 5),
        new("y", "2025-Q1", "a", 1), new("y", "2025-Q1", "b", 1), new("y", "2025-Q1", "c", 5),
        new("x", "2025-Q2", "a", 2), new("x", "2025-Q2", "b", 1), new("x", "2025-Q2", "c", 5),
        new("y", "2025-Q2", "a", 3), new("y", "2025-Q2", "b", 1), new("y", "2025-Q2", "c", 5),
    ];

    [Fact]
    public void Index_and_dimensions_follow_the_weights()
    {
        var r = ResilienceIndex.Compute(Panel(), [A, B, C, Missing]);
        Assert.False(r.Degenerate);
        var w = r.Indicators.ToDictionary(i => i.Indicator.Code);
        Assert.Equal(0.5658102, w["a"].Weight, 6);
        Assert.Equal(0.4341898, w["b"].Weight, 6);
        Assert.Equal(0.0, w["c"].Weight, 12);
        Assert.True(w["c"].Included);
        Assert.False(w["m"].Included);
        Assert.Equal(0.0, w["m"].Weight);
        Assert.Equal(0.4341898, r.DimensionWeights[ResilienceDimension.Recovery], 6);

        // Rows in (period, city) order: x/Q1 (a'=0, b'=0), y/Q1 (1/3, 1), x/Q2 (2/3, 1), y/Q2 (1, 1).
        Assert.Equal(["x/2025-Q1", "y/2025-Q1", "x/2025-Q2", "y/2025-Q2"], r.Scores.Select(s => $"{s.City}/{s.Period}"));
        Assert.Equal([0, 62.279319, 81.139660, 100], r.Scores.Select(s => Math.Round(s.Index, 6)));
        var y1 = r.Scores[1];
        Assert.Equal(100 / 3.0, y1.Dimensions[ResilienceDimension.Resistance], 9);
        // Recovery: b' = 1 with weight 0.434, c' = 1 with weight 0: 100.
        Assert.Equal(100, y1.Dimensions[ResilienceDimension.Recovery], 9);
        Assert.False(y1.Dimensions.ContainsKey(ResilienceDimension.Transformation));
        // The index is the dimension scores weighted by the dimensions' weights.
        foreach (var s in r.Scores)
            Assert.Equal(s.Index, s.Dimensions.Sum(d => r.DimensionWeights[d.Key] * d.Value), 9);
    }

    [Fact]
    public void A_missing_value_takes_the_indicator_mean_and_is_counted()
    {
        var panel = Panel().Where(o => !(o.City == "y" && o.Period == "2025-Q2" && o.Indicator == "a")).ToList();
        var r = ResilienceIndex.Compute(panel, [A, B, C]);
        var a = r.Indicators.Single(i => i.Indicator.Code == "a");
        Assert.Equal((3, 1), (a.Observed, a.Imputed));
        Assert.Equal(1.0, r.Scores.Single(s => s.City == "y" && s.Period == "2025-Q2").Raw["a"], 12); // mean of 0, 1, 2
    }

    [Fact]
    public void A_dimension_whose_indicators_have_no_information_scores_their_plain_mean()
    {
        // Only c varies in nothing: recovery = c alone, constant, weight 0: its score is the mean of c' (1) = 100.
        var r = ResilienceIndex.Compute(Panel().Where(o => o.Indicator != "b").ToList(), [A, C]);
        Assert.All(r.Scores, s => Assert.Equal(100, s.Dimensions[ResilienceDimension.Recovery], 12));
    }

    [Fact]
    public void Degenerate_panels_do_not_throw()
    {
        var empty = ResilienceIndex.Compute([], [A, B]);
        Assert.True(empty.Degenerate);
        Assert.Empty(empty.Scores);
        var single = ResilienceIndex.Compute([new("x", "2025-Q1", "a", 3), new("x", "2025-Q1", "b", 2)], [A, B]);
        Assert.True(single.Degenerate);
        Assert.Equal(100, single.Scores.Single().Index, 9); // constant columns normalise to 1, equal weights
        Assert.Throws<ArgumentException>(() => ResilienceIndex.Compute([new("x", "2025-Q1", "zzz", 1)], [A]));
        Assert.Throws<ArgumentException>(() => ResilienceIndex.Compute([new("x", "2025-Q1", "a", 1), new("x", "2025-Q1", "a", 2)], [A]));
    }

    [Fact]
    public void The_catalogue_has_three_indicators_in_each_dimension_and_two_imported()
    {
        Assert.Equal(12, ResilienceIndicators.All.Count);
        Assert.All(ResilienceIndicators.Dimensions, d => Assert.Equal(3, ResilienceIndicators.All.Count(i => i.Dimension == d)));
        Assert.Equal(["ui_coverage", "training_completion_rate"],
            ResilienceIndicators.All.Where(i => i.Source == IndicatorSource.External).Select(i => i.Code));
        Assert.Equal(12, ResilienceIndicators.All.Select(i => i.Code).Distinct().Count());
    }

    [Fact]
    public void Demo_external_indicators_are_deterministic_and_in_range()
    {
        var a = DemoExternalIndicators.Generate(["anshan", "shenyang"], ["2025-Q3", "2025-Q4"], "2025-Q4");
        var b = DemoExternalIndicators.Generate(["anshan", "shenyang"], ["2025-Q3", "2025-Q4"], "2025-Q4");
        Assert.Equal(a, b);
        Assert.Equal(8, a.Count);
        Assert.All(a, o => Assert.InRange(o.Value, 0, 1));
    }
}
