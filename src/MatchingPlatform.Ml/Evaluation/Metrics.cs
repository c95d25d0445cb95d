namespace MatchingPlatform.Ml.Evaluation;

/// <summary>Normalised discounted cumulative gain.</summary>
public static class Ndcg
{
    /// <summary>
    /// DCG@k / IDCG@k with DCG = sum over ranks i = 1..k of gain_i / log2(i + 1). The ideal list is
    /// <paramref name="idealGains"/> sorted descending (the caller passes the gains of every candidate, in any order).
    /// 0 when no candidate has a gain.
    /// </summary>
    public static double At(int k, IReadOnlyList<double> rankedGains, IReadOnlyList<double> idealGains)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentNullException.ThrowIfNull(rankedGains);
        ArgumentNullException.ThrowIfNull(idealGains);
        var ideal = Dcg(k, idealGains.OrderDescending().ToArray());
        return ideal > 0 ? Dcg(k, rankedGains) / ideal : 0;
    }

    public static double Dcg(int k, IReadOnlyList<double> gains)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, gains.Count); i++)
            dcg += gains[i] / Math.Log2(i + 2);
        return dcg;
    }
}

/// <summary>Binary-relevance ranking metrics over one ranked list, and catalogue coverage over many.</summary>
public static class RankingMetrics
{
    /// <summary>Relevant items in the top k over all relevant items (<paramref name="totalRelevant"/>, which may exceed those listed); 0 when none is relevant.</summary>
    public static double RecallAt(int k, IReadOnlyList<bool> rankedRelevant, int totalRelevant)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentNullException.ThrowIfNull(rankedRelevant);
        ArgumentOutOfRangeException.ThrowIfNegative(totalRelevant);
        if (totalRelevant == 0) return 0;
        var hits = 0;
        for (var i = 0; i < Math.Min(k, rankedRelevant.Count); i++)
            if (rankedRelevant[i]) hits++;
        return (double)hits / totalRelevant;
    }

    /// <summary>
    /// Mean over the relevant items of the precision at each one's rank; a relevant item missing from the list
    /// counts as precision 0. 0 when none is relevant. Averaged over queries, this is MAP.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<bool> rankedRelevant, int totalRelevant)
    {
        ArgumentNullException.ThrowIfNull(rankedRelevant);
        ArgumentOutOfRangeException.ThrowIfNegative(totalRelevant);
        if (totalRelevant == 0) return 0;
        double sum = 0;
        var hits = 0;
        for (var i = 0; i < rankedRelevant.Count; i++)
        {
            if (!rankedRelevant[i]) continue;
            hits++;
            sum += (double)hits / (i + 1);
        }
        return sum / totalRelevant;
    }

    /// <summary>Share of the catalogue that appears in at least one list (each list typically a top 10).</summary>
    public static double Coverage(IEnumerable<IEnumerable<string>> lists, int catalogueSize)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegative(catalogueSize);
        if (catalogueSize == 0) return 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in lists) seen.UnionWith(list);
        return Math.Min(1.0, (double)seen.Count / catalogueSize);
    }
}
