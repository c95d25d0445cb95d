namespace MatchingPlatform.Analytics.Resilience;

/// <summary>One value of one indicator for a city in a period (a quarter, "2025-Q3"; periods order as strings).</summary>
public sealed record IndicatorObservation(string City, string Period, string Indicator, double Value);

/// <summary>
/// How one indicator entered the index: its entropy weight (0 when it is left out or carries no information), the
/// range its min-max normalisation used, and how many city-periods had no value and took the indicator's mean.
/// </summary>
public sealed record IndicatorWeight(ResilienceIndicator Indicator, bool Included, double Min, double Max, double Entropy, double Divergence,
    double Weight, int Observed, int Imputed);

/// <summary>A city in a period: the index and the dimension scores (0..100), and each indicator's raw and normalised value.</summary>
public sealed record CityPeriodScore(string City, string Period, double Index, IReadOnlyDictionary<ResilienceDimension, double> Dimensions,
    IReadOnlyDictionary<string, double> Raw, IReadOnlyDictionary<string, double> Normalised);

/// <summary>The index of a panel: weights and scores for every city-period, ordered by period then city.</summary>
public sealed record ResilienceResult(IReadOnlyList<IndicatorWeight> Indicators, IReadOnlyDictionary<ResilienceDimension, double> DimensionWeights,
    IReadOnlyList<CityPeriodScore> Scores, bool Degenerate)
{
    public IEnumerable<string> Periods => Scores.Select(s => s.Period).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}

/// <summary>
/// The resilience index of a city-period panel: min-max normalisation across every city-period (direction-aware),
/// entropy-method weights over the pooled panel, dimension scores and the overall index. Pure; docs/resilience.md.
/// </summary>
/// <remarks>
/// The rows are every (city, period) that has at least one observation. An indicator without any observation is left
/// out (weight 0, <see cref="IndicatorWeight.Included"/> false); a row without a value of an included indicator takes
/// that indicator's mean over the rows that have one (counted in <see cref="IndicatorWeight.Imputed"/>), so a missing
/// statistic moves the city to the middle rather than to an extreme. Index = 100 Σ_j w_j x'_ij; dimension score =
/// 100 Σ_{j∈D} w_j x'_ij / Σ_{j∈D} w_j (the unweighted mean of its x' when its weights are all 0), so the index is the
/// dimension scores weighted by W_D = Σ_{j∈D} w_j.
/// </remarks>
public static class ResilienceIndex
{
    public static ResilienceResult Compute(IReadOnlyList<IndicatorObservation> observations, IReadOnlyList<ResilienceIndicator>? indicators = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        indicators ??= ResilienceIndicators.All;
        var byCode = indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var values = new Dictionary<(string City, string Period), Dictionary<string, double>>();
        foreach (var o in observations)
        {
            if (!byCode.ContainsKey(o.Indicator)) throw new ArgumentException($"unknown indicator '{o.Indicator}'", nameof(observations));
            if (!double.IsFinite(o.Value)) throw new ArgumentException($"{o.City} {o.Period} {o.Indicator}: not a finite number", nameof(observations));
            if (!values.TryGetValue((o.City, o.Period), out var row)) values[(o.City, o.Period)] = row = new Dictionary<string, double>(StringComparer.Ordinal);
            if (!row.TryAdd(o.Indicator, o.Value))
                throw new ArgumentException($"{o.City} {o.Period} {o.Indicator}: two values", nameof(observations));
        }
        var rows = values.Keys.OrderBy(k => k.Period, StringComparer.Ordinal).ThenBy(k => k.City, StringComparer.Ordinal).ToArray();
        var included = indicators.Where(i => rows.Any(r => values[r].ContainsKey(i.Code))).ToArray();
        if (rows.Length == 0 || included.Length == 0)
            return new ResilienceResult(indicators.Select(i => new IndicatorWeight(i, false, double.NaN, double.NaN, 1, 0, 0, 0, 0)).ToArray(),
                ResilienceIndicators.Dimensions.ToDictionary(d => d, _ => 0.0), [], true);

        int n = rows.Length, m = included.Length;
        var x = new double[n, m];
        var observed = new int[m];
        for (var j = 0; j < m; j++)
        {
            var present = rows.Where(r => values[r].ContainsKey(included[j].Code)).Select(r => values[r][included[j].Code]).ToArray();
            observed[j] = present.Length;
            var mean = present.Average();
            for (var i = 0; i < n; i++) x[i, j] = values[rows[i]].TryGetValue(included[j].Code, out var v) ? v : mean;
        }
        var normalised = EntropyWeighting.Normalise(x, included.Select(i => i.Direction).ToArray());
        var weights = EntropyWeighting.Weights(normalised);

        var scores = new List<CityPeriodScore>(n);
        for (var i = 0; i < n; i++)
        {
            var index = 0.0;
            for (var j = 0; j < m; j++) index += weights.Weights[j] * normalised[i, j];
            var dimensions = new Dictionary<ResilienceDimension, double>();
            foreach (var d in ResilienceIndicators.Dimensions)
            {
                var cols = Enumerable.Range(0, m).Where(j => included[j].Dimension == d).ToArray();
                if (cols.Length == 0) continue;
                var w = cols.Sum(j => weights.Weights[j]);
                dimensions[d] = 100 * (w > 0 ? cols.Sum(j => weights.Weights[j] * normalised[i, j]) / w : cols.Average(j => normalised[i, j]));
            }
            scores.Add(new CityPeriodScore(rows[i].City, rows[i].Period, 100 * index, dimensions,
                Enumerable.Range(0, m).ToDictionary(j => included[j].Code, j => x[i, j], StringComparer.Ordinal),
                Enumerable.Range(0, m).ToDictionary(j => included[j].Code, j => normalised[i, j], StringComparer.Ordinal)));
        }

        var list = new List<IndicatorWeight>(indicators.Count);
        foreach (var indicator in indicators)
        {
            var j = Array.IndexOf(included, indicator);
            if (j < 0)
            {
                list.Add(new IndicatorWeight(indicator, false, double.NaN, double.NaN, 1, 0, 0, 0, 0));
                continue;
            }
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < n; i++) { min = Math.Min(min, x[i, j]); max = Math.Max(max, x[i, j]); }
            list.Add(new IndicatorWeight(indicator, true, min, max, weights.Entropy[j], weights.Divergence[j], weights.Weights[j], observed[j], n - observed[j]));
        }
        var dimensionWeights = ResilienceIndicators.Dimensions.ToDictionary(d => d, d => list.Where(w => w.Indicator.Dimension == d).Sum(w => w.Weight));
        return new ResilienceResult(list, dimensionWeights, scores, weights.Degenerate);
    }
}

/// <summary>What a stored quarterly snapshot keeps of a result.</summary>
public static class ResilienceSnapshotScores
{
    /// <summary>
    /// Per city of <paramref name="period"/>: "index" and each dimension name with its score, clamped to 0..100 (a
    /// dimension without any included indicator is absent).
    /// </summary>
    public static IReadOnlyList<(string City, IReadOnlyDictionary<string, double> Scores)> Of(ResilienceResult result, string period) =>
        result.Scores.Where(s => s.Period == period)
            .Select(s =>
            {
                var scores = new Dictionary<string, double>(StringComparer.Ordinal) { ["index"] = Math.Clamp(s.Index, 0, 100) };
                foreach (var (d, v) in s.Dimensions) scores[ResilienceIndicators.Name(d)] = Math.Clamp(v, 0, 100);
                return (s.City, (IReadOnlyDictionary<string, double>)scores);
            })
            .ToArray();
}
