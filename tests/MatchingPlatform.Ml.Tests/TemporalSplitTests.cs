using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Training;

namespace MatchingPlatform.Ml.Tests;

public class TemporalSplitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_cut_is_the_quantile_timestamp_and_no_test_event_precedes_it()
    {
        // Ten events, one per day, listed out of order.
        var log = Enumerable.Range(0, 10).Reverse()
            .Select(d => new Interaction(d + 1, $"w{d % 3}", $"v{d % 4}", InteractionType.View, T0.AddDays(d))).ToArray();

        var split = TemporalSplit.AtQuantile(log, 0.8);

        // floor(0.8 x 9) = 7: the eighth timestamp.
        Assert.Equal(T0.AddDays(7), split.Cut);
        Assert.All(split.Train, i => Assert.True(i.OccurredAt < split.Cut));
        Assert.All(split.Test, i => Assert.True(i.OccurredAt >= split.Cut));
        Assert.Equal(7, split.Train.Count);
        Assert.Equal(3, split.Test.Count);
    }

    [Fact]
    public void On_the_demo_log_training_features_see_nothing_after_the_cut()
    {
        var log = DemoWorld.Data.Interactions;
        var split = TemporalSplit.AtQuantile(log, 0.8);
        Assert.InRange(split.Train.Count, (int)(0.75 * log.Count), (int)(0.85 * log.Count));
        Assert.DoesNotContain(split.Test, i => i.OccurredAt < split.Cut);

        // Popularity from the training side must not count an engagement that only happens after the cut.
        var popularity = PopularityTable.FromInteractions(split.Train);
        var engagedBefore = split.Train.Where(i => PopularityTable.Engages(i.Type)).Select(i => i.VacancyId).ToHashSet();
        var onlyLater = split.Test.Where(i => PopularityTable.Engages(i.Type) && !engagedBefore.Contains(i.VacancyId))
            .Select(i => i.VacancyId).Distinct().ToArray();
        Assert.NotEmpty(onlyLater);
        Assert.All(onlyLater, v => Assert.Equal(0, popularity.Count(v, DateTimeOffset.MaxValue)));

        // Nor do the training groups: every logged row is from before the cut.
        var builder = new TrainingSetBuilder(DemoWorld.TrainingData(split.Train), DemoWorld.FastOptions);
        Assert.All(builder.Labels.Values, l => Assert.True(l.LastAt < split.Cut));
    }
}
