namespace MatchingPlatform.Analytics.Resilience;

/// <summary>The entropy-method weights of a normalised matrix and the quantities they come from.</summary>
/// <param name="Entropy">e_j per indicator (1 for an indicator without information).</param>
/// <param name="Divergence">d_j = 1 − e_j.</param>
/// <param name="Weights">w_j = d_j / Σ d_j; they sum to 1.</param>
/// <param name="Degenerate">
/// True when the method cannot discriminate (fewer than two rows, or no indicator varies): the weights are then equal.
/// </param>
public sealed record EntropyWeights(IReadOnlyList<double> Entropy, IReadOnlyList<double> Divergence, IReadOnlyList<double> Weights, bool Degenerate);

/// <summary>
/// Min-max normalisation and the entropy weight method, on a matrix of n rows (city-quarters) by m columns (indicators).
/// Pure; formulas in docs/resilience.md.
/// </summary>
public static class EntropyWeighting
{
    /// <summary>
    /// Min-max per column, direction-aware: x'_ij = (x_ij − min_j) / (max_j − min_j) for a benefit indicator and
    /// (max_j − x_ij) / (max_j − min_j) for a cost indicator, so 1 is always the most resilient value. A constant column
    /// (max = min) carries no information about differences and becomes 1 everywhere (its entropy weight is then 0).
    /// </summary>
    /// <exception cref="ArgumentException">The directions do not match the columns, or a value is not finite.</exception>
    public static double[,] Normalise(double[,] x, IReadOnlyList<IndicatorDirection> directions)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(directions);
        int n = x.GetLength(0), m = x.GetLength(1);
        if (directions.Count != m) throw new ArgumentException($"{directions.Count} directions for {m} columns", nameof(directions));
        var result = new double[n, m];
        for (var j = 0; j < m; j++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                var v = x[i, j];
                if (!double.IsFinite(v)) throw new ArgumentException($"value [{i},{j}] is not a finite number ({v})", nameof(x));
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            var range = max - min;
            for (var i = 0; i < n; i++)
                result[i, j] = range == 0 ? 1.0
                    : directions[j] == IndicatorDirection.HigherIsBetter ? (x[i, j] - min) / range : (max - x[i, j]) / range;
        }
        return result;
    }

    /// <summary>
    /// p_ij = x'_ij / Σ_i x'_ij; e_j = −k Σ_i p_ij ln p_ij with k = 1 / ln n and 0 ln 0 = 0; d_j = 1 − e_j; w_j = d_j / Σ_j d_j.
    /// A constant column, or one summing to 0, has e_j = 1 exactly: no information, weight 0.
    /// With fewer than two rows, or when every d_j is 0, the weights are equal (1/m) and <see cref="EntropyWeights.Degenerate"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">No column, or a value is negative or not finite.</exception>
    public static EntropyWeights Weights(double[,] normalised)
    {
        ArgumentNullException.ThrowIfNull(normalised);
        int n = normalised.GetLength(0), m = normalised.GetLength(1);
        if (m == 0) throw new ArgumentException("at least one indicator (column) is needed", nameof(normalised));
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
                if (!(normalised[i, j] >= 0) || !double.IsFinite(normalised[i, j]))
                    throw new ArgumentException($"value [{i},{j}] must be a finite number >= 0 (got {normalised[i, j]})", nameof(normalised));

        var entropy = new double[m];
        var divergence = new double[m];
        if (n < 2)
        {
            Array.Fill(entropy, 1.0);
            return new EntropyWeights(entropy, divergence, Equal(m), true);
        }
        var k = 1.0 / Math.Log(n);
        for (var j = 0; j < m; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += normalised[i, j];
            var constant = true;
            for (var i = 1; i < n && constant; i++) constant = normalised[i, j] == normalised[0, j];
            if (sum == 0 || constant)
            {
                entropy[j] = 1.0;
                continue;
            }
            var h = 0.0;
            for (var i = 0; i < n; i++)
            {
                var p = normalised[i, j] / sum;
                if (p > 0) h -= p * Math.Log(p);
            }
            // Rounding can push e a hair above 1 for a constant column; information is never negative.
            entropy[j] = Math.Min(1.0, k * h);
            divergence[j] = 1.0 - entropy[j];
        }
        var total = divergence.Sum();
        if (!(total > 1e-12)) return new EntropyWeights(entropy, divergence, Equal(m), true);
        return new EntropyWeights(entropy, divergence, divergence.Select(d => d / total).ToArray(), false);
    }

    private static double[] Equal(int m) => Enumerable.Repeat(1.0 / m, m).ToArray();
}
