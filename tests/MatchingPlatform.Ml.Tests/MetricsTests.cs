using MatchingPlatform.Ml.Evaluation;

namespace MatchingPlatform.Ml.Tests;

public class MetricsTests
{
    [Fact]
    public void Ndcg_against_hand_computed_values()
    {
        // Ranked gains 3, 0, 1 (ideal 3, 1, 0): DCG = 3 + 0/log2 3 + 1/2 = 3.5; IDCG = 3 + 1/log2 3.
        var expected = 3.5 / (3 + 1 / Math.Log2(3));
        Assert.Equal(expected, Ndcg.At(3, [3, 0, 1], [0, 1, 3]), 12);
        // Cut at 1: only the first rank counts, and it is the ideal one.
        Assert.Equal(1.0, Ndcg.At(1, [3, 0, 1], [0, 1, 3]), 12);
        // Best item last of four at k = 2: DCG@2 = 0, IDCG@2 = 7.
        Assert.Equal(0.0, Ndcg.At(2, [0, 0, 0, 7], [7, 0, 0, 0]), 12);
        // Perfect order, and no gains at all.
        Assert.Equal(1.0, Ndcg.At(10, [7, 3, 1, 0], [0, 1, 3, 7]), 12);
        Assert.Equal(0.0, Ndcg.At(10, [0, 0], [0, 0]));
        // Gains beyond the list (k larger than the list) are ignored, not an error.
        Assert.Equal(1 / Math.Log2(3) / 1.0, Ndcg.At(5, [0, 1], [1, 0]), 12);
    }

    [Fact]
    public void Recall_at_k()
    {
        bool[] ranked = [false, true, false, true, true];
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAt(2, ranked, 3), 12);
        Assert.Equal(1.0, RankingMetrics.RecallAt(10, ranked, 3), 12);
        // A relevant item the list lacks keeps recall below 1.
        Assert.Equal(3.0 / 4, RankingMetrics.RecallAt(5, ranked, 4), 12);
        Assert.Equal(0.0, RankingMetrics.RecallAt(5, [false, false], 0));
    }

    [Fact]
    public void Average_precision()
    {
        // Relevant at ranks 1, 3, 6: (1/1 + 2/3 + 3/6) / 3.
        bool[] ranked = [true, false, true, false, false, true];
        Assert.Equal((1 + 2.0 / 3 + 0.5) / 3, RankingMetrics.AveragePrecision(ranked, 3), 12);
        // A fourth relevant item never retrieved contributes precision 0.
        Assert.Equal((1 + 2.0 / 3 + 0.5) / 4, RankingMetrics.AveragePrecision(ranked, 4), 12);
        Assert.Equal(0.0, RankingMetrics.AveragePrecision([false], 0));
    }

    [Fact]
    public void Coverage_counts_distinct_items_over_the_catalogue()
    {
        string[][] lists = [["a", "b", "c"], ["b", "c", "d"], []];
        Assert.Equal(4.0 / 10, RankingMetrics.Coverage(lists, 10), 12);
        Assert.Equal(0.0, RankingMetrics.Coverage(lists, 0));
    }
}
