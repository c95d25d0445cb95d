using MatchingPlatform.Analytics.Resilience;

namespace MatchingPlatform.Analytics.Tests.Resilience;

/// <summary>Min-max normalisation and entropy weights against matrices worked by hand (docs/resilience.md).</summary>
public sealed class EntropyWeightingTests
{
    private const IndicatorDirection Up = IndicatorDirection.HigherIsBetter;
    private const IndicatorDirection Down = IndicatorDirection.LowerIsBetter;

    [Fact]
    public void Normalise_maps_the_best_value_to_one_whichever_the_direction()
    {
        var x = new double[,] { { 0, 4 }, { 1, 1 }, { 2, 1 }, { 3, 1 } };
        var n = EntropyWeighting.Normalise(x, [Up, Down]);
        Assert.Equal([0, 1 / 3.0, 2 / 3.0, 1], Column(n, 0), new Tolerance(1e-12));
        // A cost indicator: the smallest value (1) is the best, the largest (4) the worst.
        Assert.Equal([0, 1, 1, 1], Column(n, 1), new Tolerance(1e-12));
    }

    [Fact]
    public void Weights_match_the_hand_computed_example()
    {
        // x' = [0, 1/3, 2/3, 1] and [0, 1, 1, 1]; p = x'/sum; e = -(1/ln 4) sum p ln p.
        // e_A = (ln 6/6 + ln 3/3 + ln 2/2) / ln 4 = 0.7295740, e_B = ln 3 / ln 4 = 0.7924813.
        var n = EntropyWeighting.Normalise(new double[,] { { 0, 4 }, { 1, 1 }, { 2, 1 }, { 3, 1 } }, [Up, Down]);
        var w = EntropyWeighting.Weights(n);
        Assert.False(w.Degenerate);
        Assert.Equal(0.7295740, w.Entropy[0], 6);
        Assert.Equal(0.7924813, w.Entropy[1], 6);
        Assert.Equal(1 - 0.7295740, w.Divergence[0], 6);
        Assert.Equal(0.5658102, w.Weights[0], 6);
        Assert.Equal(0.4341898, w.Weights[1], 6);
        Assert.Equal(1.0, w.Weights.Sum(), 12);
    }

    [Fact]
    public void A_constant_indicator_carries_no_information_and_gets_weight_zero()
    {
        var n = EntropyWeighting.Normalise(new double[,] { { 0, 7 }, { 0.5, 7 }, { 1, 7 } }, [Up, Up]);
        Assert.Equal([1, 1, 1], Column(n, 1));
        var w = EntropyWeighting.Weights(n);
        Assert.Equal(1.0, w.Entropy[1]);
        Assert.Equal(0.0, w.Weights[1]);
        Assert.Equal(1.0, w.Weights[0]);
        // e = -(1/ln 3)(1/3 ln 1/3 + 2/3 ln 2/3) = 0.5793802.
        Assert.Equal(0.5793802, w.Entropy[0], 6);
    }

    [Fact]
    public void Degenerate_inputs_get_equal_weights_and_say_so()
    {
        // One row: k = 1/ln 1 is undefined.
        var one = EntropyWeighting.Weights(new double[,] { { 0.2, 0.9, 0.4 } });
        Assert.True(one.Degenerate);
        Assert.All(one.Weights, v => Assert.Equal(1 / 3.0, v, 12));
        // Nothing varies: every d_j is 0.
        var flat = EntropyWeighting.Weights(EntropyWeighting.Normalise(new double[,] { { 1, 2 }, { 1, 2 } }, [Up, Down]));
        Assert.True(flat.Degenerate);
        Assert.Equal([0.5, 0.5], flat.Weights);
        // A column that sums to 0 (all at the worst end of an externally normalised input) is no information either.
        var zero = EntropyWeighting.Weights(new double[,] { { 0, 0 }, { 0, 1 } });
        Assert.Equal([0.0, 1.0], zero.Weights);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => EntropyWeighting.Normalise(new double[,] { { double.NaN } }, [Up]));
        Assert.Throws<ArgumentException>(() => EntropyWeighting.Normalise(new double[,] { { 1, 2 } }, [Up]));
        Assert.Throws<ArgumentException>(() => EntropyWeighting.Weights(new double[,] { { -0.1 }, { 1 } }));
        Assert.Throws<ArgumentException>(() => EntropyWeighting.Weights(new double[2, 0]));
    }

    private static double[] Column(double[,] m, int j) => Enumerable.Range(0, m.GetLength(0)).Select(i => m[i, j]).ToArray();

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;
        public int GetHashCode(double v) => 0;
    }
}
