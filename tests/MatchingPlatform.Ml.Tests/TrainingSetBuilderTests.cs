using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Training;
using static MatchingPlatform.Ml.Tests.TestWorld;

namespace MatchingPlatform.Ml.Tests;

public class TrainingSetBuilderTests
{
    private static readonly DateTimeOffset GroupTime = Now.AddDays(-50);

    private static readonly Vacancy[] Vacancies =
    [
        .. Enumerable.Range(1, 12).Select(i => Vacancy($"v{i:D2}", "shenyang", Req("sql", 3)) with { PostedAt = Now.AddDays(-100) }),
        // Both require sql too, but neither was open when the worker's group starts.
        Vacancy("closed-early", "shenyang", Req("sql", 3)) with { PostedAt = Now.AddDays(-100), ClosedAt = Now.AddDays(-90), Status = VacancyStatus.Closed },
        Vacancy("posted-later", "shenyang", Req("sql", 3)) with { PostedAt = Now.AddDays(-10) },
    ];

    private static readonly Worker[] Workers =
    [
        Worker("w1", "shenyang", Has("sql", 3), Has("python", 3)),
        .. Enumerable.Range(2, 8).Select(i => Worker($"w{i}", "shenyang", Has("sql", 3))),
    ];

    private static readonly Interaction[] Log =
    [
        .. Enumerable.Range(1, 6).Select(i => new Interaction(i, "w1", $"v{i:D2}", InteractionType.Impression, GroupTime.AddDays(i))),
        new(7, "w1", "v02", InteractionType.View, GroupTime.AddDays(3)),
        new(8, "w1", "v03", InteractionType.Apply, GroupTime.AddDays(4)),
        new(9, "w1", "v03", InteractionType.Reject, GroupTime.AddDays(8)),
        new(10, "w2", "v03", InteractionType.Impression, GroupTime.AddDays(5)),
        new(11, "ghost", "v03", InteractionType.View, GroupTime.AddDays(5)),
    ];

    private static readonly TrainingOptions Options = new() { ImpressionNegativesPerGroup = 2, RetrievalNegativesPerGroup = 3 };

    private static TrainingSetBuilder Builder(TrainingOptions? options = null)
    {
        var engine = Engine();
        engine.Load(Vacancies, Workers, [], []);
        return new TrainingSetBuilder(new TrainingData(Workers, Vacancies, Log, engine), options ?? Options);
    }

    private static string[] Ids(TrainingGroup g, PairSource source) =>
        [.. g.Pairs.Where(p => p.Source == source).Select(p => p.Vacancy.Id)];

    [Fact]
    public void A_workers_group_keeps_every_engaged_pair_and_samples_the_configured_negatives()
    {
        var builder = Builder();
        var group = builder.Groups(RankingDirection.VacanciesForWorker).Single(g => g.QueryId == "w1");

        Assert.Equal(GroupTime.AddDays(1), group.At);
        Assert.Equal(["v02", "v03"], Ids(group, PairSource.Engaged));
        Assert.Equal([1, 2], group.Pairs.Where(p => p.Source == PairSource.Engaged).Select(p => p.Grade));
        var shown = Ids(group, PairSource.Impression);
        Assert.Equal(2, shown.Length);
        Assert.Subset(new HashSet<string> { "v01", "v04", "v05", "v06" }, shown.ToHashSet());
        var retrieved = Ids(group, PairSource.Retrieval);
        Assert.Equal(3, retrieved.Length);
        // Never a pair from the log, never a vacancy that was not open at the group's time.
        Assert.Subset(new HashSet<string> { "v07", "v08", "v09", "v10", "v11", "v12" }, retrieved.ToHashSet());
        Assert.All(group.Pairs.Where(p => p.Source != PairSource.Engaged), p => Assert.Equal(0, p.Grade));
        // Retrieval negatives take the time of one of the group's logged pairs, so time cannot tell them apart.
        var logged = Enumerable.Range(1, 6).Select(d => GroupTime.AddDays(d)).ToHashSet();
        Assert.All(group.Pairs.Where(p => p.Source == PairSource.Retrieval), p => Assert.Contains(p.At, logged));
        Assert.Equal(group.Pairs.Select(p => p.Vacancy.Id).Order(StringComparer.Ordinal), group.Pairs.Select(p => p.Vacancy.Id));
        // The ghost worker's view cannot be featurised: left out and counted.
        Assert.Equal(1, builder.UnknownPairs);
    }

    [Fact]
    public void Sampling_is_deterministic_for_a_seed()
    {
        string[] Sample(TrainingOptions options) =>
            [.. Builder(options).Groups(RankingDirection.VacanciesForWorker).SelectMany(g => g.Pairs).Select(p => $"{p.Worker.Id}/{p.Vacancy.Id}/{p.Source}")];

        Assert.Equal(Sample(Options), Sample(Options));
        // Some seed picks differently, so the sample really comes from the seeded stream.
        Assert.Contains(Enumerable.Range(1, 20), s => !Sample(Options with { Seed = s }).SequenceEqual(Sample(Options)));
    }

    [Fact]
    public void Counts_follow_the_options_and_zero_turns_a_source_off()
    {
        var group = Builder(Options with { ImpressionNegativesPerGroup = 0, RetrievalNegativesPerGroup = 0, RandomNegativesPerGroup = 0 })
            .Groups(RankingDirection.VacanciesForWorker).Single(g => g.QueryId == "w1");
        Assert.Equal(["v02", "v03"], group.Pairs.Select(p => p.Vacancy.Id));

        var all = Builder(Options with { ImpressionNegativesPerGroup = 100, RetrievalNegativesPerGroup = 100, RandomNegativesPerGroup = 0 })
            .Groups(RankingDirection.VacanciesForWorker).Single(g => g.QueryId == "w1");
        Assert.Equal(4, Ids(all, PairSource.Impression).Length);
        Assert.Equal(6, Ids(all, PairSource.Retrieval).Length);

        // Random negatives come on top, never repeat an item already in the group and never touch a logged pair.
        var random = Builder(Options with { ImpressionNegativesPerGroup = 0, RetrievalNegativesPerGroup = 0, RandomNegativesPerGroup = 3 })
            .Groups(RankingDirection.VacanciesForWorker).Single(g => g.QueryId == "w1");
        var drawn = Ids(random, PairSource.Random);
        Assert.Equal(3, drawn.Length);
        Assert.DoesNotContain("v02", drawn);
        Assert.DoesNotContain("v03", drawn);
        Assert.Equal(random.Pairs.Count, random.Pairs.Select(p => p.Vacancy.Id).Distinct().Count());
        Assert.All(random.Pairs.Where(p => p.Source == PairSource.Random), p => Assert.Equal(InteractionGrades.ImpressionOnly, p.Grade));
    }

    [Fact]
    public void A_vacancys_group_ranks_workers_and_samples_untouched_workers_from_retrieval()
    {
        var group = Builder().Groups(RankingDirection.CandidatesForVacancy).Single(g => g.QueryId == "v03");

        Assert.Equal(["w1"], group.Pairs.Where(p => p.Source == PairSource.Engaged).Select(p => p.Worker.Id));
        Assert.Equal(["w2"], group.Pairs.Where(p => p.Source == PairSource.Impression).Select(p => p.Worker.Id));
        var retrieved = group.Pairs.Where(p => p.Source == PairSource.Retrieval).Select(p => p.Worker.Id).ToArray();
        Assert.Equal(3, retrieved.Length);
        Assert.DoesNotContain("w1", retrieved);
        Assert.DoesNotContain("w2", retrieved);
    }

    [Fact]
    public void On_the_demo_log_no_logged_pair_is_ever_a_sampled_negative()
    {
        var builder = new TrainingSetBuilder(DemoWorld.TrainingData(), DemoWorld.FastOptions);
        foreach (var direction in new[] { RankingDirection.VacanciesForWorker, RankingDirection.CandidatesForVacancy })
        {
            var groups = builder.Groups(direction);
            Assert.NotEmpty(groups);
            foreach (var g in groups)
            {
                bool Sampled(LabeledPair p) => p.Source is PairSource.Retrieval or PairSource.Random;
                Assert.All(g.Pairs.Where(Sampled), p => Assert.False(builder.Labels.ContainsKey(p.Key)));
                Assert.All(g.Pairs.Where(p => !Sampled(p)), p => Assert.Equal(builder.Labels[p.Key].Grade, p.Grade));
                Assert.InRange(g.Pairs.Count(p => p.Source == PairSource.Random), 0, DemoWorld.FastOptions.RandomNegativesPerGroup);
                Assert.InRange(g.Pairs.Count(p => p.Source == PairSource.Retrieval), 0, DemoWorld.FastOptions.RetrievalNegativesPerGroup);
                Assert.InRange(g.Pairs.Count(p => p.Source == PairSource.Impression), 0, DemoWorld.FastOptions.ImpressionNegativesPerGroup);
                Assert.Equal(g.Pairs.Count, g.Pairs.Select(p => p.Key).Distinct().Count());
            }
        }
    }
}
