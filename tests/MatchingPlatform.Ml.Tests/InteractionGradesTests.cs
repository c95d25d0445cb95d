using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Training;

namespace MatchingPlatform.Ml.Tests;

public class InteractionGradesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Interaction I(long id, string w, string v, InteractionType type, int day) => new(id, w, v, type, T0.AddDays(day));

    [Fact]
    public void Events_grade_hire_over_interview_over_apply_over_view_over_impression_and_reject_grades_nothing()
    {
        Assert.Equal(0, InteractionGrades.Of(InteractionType.Impression));
        Assert.Equal(1, InteractionGrades.Of(InteractionType.View));
        Assert.Equal(2, InteractionGrades.Of(InteractionType.Apply));
        Assert.Equal(3, InteractionGrades.Of(InteractionType.Interview));
        Assert.Equal(4, InteractionGrades.Of(InteractionType.Hire));
        Assert.Null(InteractionGrades.Of(InteractionType.Reject));
        Assert.Equal(2, InteractionGrades.Threshold(InteractionType.Apply));
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionGrades.Threshold(InteractionType.Reject));
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionGrades.Threshold(InteractionType.Impression));
    }

    [Fact]
    public void A_pair_takes_the_maximum_grade_over_its_events_and_a_reject_does_not_lower_it()
    {
        var labels = InteractionGrades.Label(
        [
            I(1, "w1", "v1", InteractionType.Impression, 0),
            I(2, "w1", "v1", InteractionType.View, 1),
            I(3, "w1", "v1", InteractionType.Apply, 2),
            I(4, "w1", "v1", InteractionType.Reject, 9),
            I(5, "w1", "v2", InteractionType.Impression, 3),
            I(6, "w2", "v1", InteractionType.Interview, 5),
            I(7, "w2", "v1", InteractionType.Hire, 6),
            I(8, "w2", "v1", InteractionType.View, 4),
            I(9, "w3", "v3", InteractionType.Reject, 7),
        ]);

        Assert.Equal(new PairLabel(2, T0, T0.AddDays(9)), labels[new PairKey("w1", "v1")]);
        Assert.Equal(new PairLabel(0, T0.AddDays(3), T0.AddDays(3)), labels[new PairKey("w1", "v2")]);
        Assert.Equal(new PairLabel(4, T0.AddDays(4), T0.AddDays(6)), labels[new PairKey("w2", "v1")]);
        Assert.Equal(0, labels[new PairKey("w3", "v3")].Grade);
        Assert.Equal(4, labels.Count);
    }

    [Fact]
    public void Popularity_counts_distinct_workers_who_engaged_before_the_moment_asked()
    {
        var table = PopularityTable.FromInteractions(
        [
            I(1, "w1", "v1", InteractionType.Impression, 0),
            I(2, "w1", "v1", InteractionType.View, 1),
            I(3, "w1", "v1", InteractionType.Apply, 2),
            I(4, "w2", "v1", InteractionType.View, 2),
            I(5, "w3", "v1", InteractionType.Impression, 2),
            I(6, "w3", "v2", InteractionType.Impression, 2),
        ]);

        Assert.Equal(0, table.Count("v1", T0.AddDays(1)));   // w1's view is not before day 1
        Assert.Equal(1, table.Count("v1", T0.AddDays(1.5)));
        Assert.Equal(1, table.Count("v1", T0.AddDays(2)));   // w1 once, though it also applied; w2's view is at day 2
        Assert.Equal(2, table.Count("v1", T0.AddDays(30)));  // w3's impression is not engagement
        Assert.Equal(Math.Log(3), table.Value("v1", T0.AddDays(30)), 12);
        Assert.Equal(0.0, table.Value("v2", T0.AddDays(30)));
        Assert.Equal(0.0, table.Value("unknown", T0.AddDays(30)));

        using var stream = new MemoryStream();
        table.Save(stream);
        stream.Position = 0;
        var loaded = PopularityTable.Load(stream);
        Assert.Equal(1, loaded.Count("v1", T0.AddDays(2)));
        Assert.Equal(2, loaded.Count("v1", T0.AddDays(3)));
    }
}
