using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using static MatchingPlatform.Ml.Tests.TestWorld;

namespace MatchingPlatform.Ml.Tests;

public class FeatureExtractorTests
{
    [Theory]
    [InlineData(null, 6000, 9000, 1.0)]
    [InlineData(5000, 6000, 9000, 1.0)]
    [InlineData(6000, 6000, 9000, 1.0)]
    [InlineData(7500, 6000, 9000, 0.75)]
    [InlineData(9000, 6000, 9000, 0.5)]
    [InlineData(12000, 6000, 9000, 0.375)]
    [InlineData(8000, 0, 0, 0.5)]
    public void Salary_fit(int? wish, int min, int max, double expected) =>
        Assert.Equal(expected, FeatureExtractor.SalaryFit(wish, min, max), 12);

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(2, 4, 0.5)]
    [InlineData(8, 4, 1.0)]
    public void Experience_fit(int years, int asked, double expected) =>
        Assert.Equal(expected, FeatureExtractor.ExperienceFit(years, asked), 12);

    [Theory]
    [InlineData(Education.Associate, Education.Bachelor, 0.75)]
    [InlineData(Education.Master, Education.Bachelor, 1.0)]
    [InlineData(Education.Unspecified, Education.Bachelor, 0.5)]
    [InlineData(Education.JuniorSecondary, Education.Unspecified, 1.0)]
    public void Education_fit(Education held, Education minimum, double expected) =>
        Assert.Equal(expected, FeatureExtractor.EducationFit(held, minimum), 12);

    [Fact]
    public void Extract_fills_every_named_feature()
    {
        var worker = Worker("w", "shenyang", Has("python", 2)) with { SalaryWishMonthly = 7500, ExperienceYears = 1 };
        var vacancy = Vacancy("v", "dalian", Req("python", 4, 5), Req("sql", 3, 5)) with
        {
            SalaryMinMonthly = 6000, SalaryMaxMonthly = 9000, MinExperienceYears = 4, PostedAt = Now.AddDays(-3),
        };
        var gaps = GapAnalyzer.Analyze(worker.Skills, vacancy.Requirements);

        var f = FeatureExtractor.Extract(worker, vacancy, 0.42, gaps, 350.5, Now, new PairSignals(-1.25, Math.Log(4)));

        Assert.Equal(MatchFeatures.Count, f.Values.Length);
        Assert.Equal(12, MatchFeatures.Names.Length);
        Assert.Equal(0.42, f.SkillOverlap);
        Assert.Equal(0.25, f.Coverage, 12);          // (5 x 2/4 + 0) / 10
        Assert.Equal(2 + 3, f.LevelDeficitSum);       // python 2 short, sql 3 short (missing)
        Assert.Equal(1, f.MissingCount);
        Assert.False(f.SameCity);
        Assert.Equal(350.5, f.DistanceKm);
        Assert.Equal(0.75, f.SalaryFit, 12);
        Assert.Equal(0.25, f.ExperienceFit, 12);
        Assert.Equal(1.0, f.EducationFit);
        Assert.Equal(3, f.VacancyAgeDays, 12);
        Assert.Equal(-1.25, f.FactorScore);
        Assert.Equal(Math.Log(4), f.VacancyPopularity);
        Assert.Equal(f.Values.ToArray().Select(v => (float)v), f.ToSingles());
    }

    [Fact]
    public void Without_a_learned_model_the_learned_features_are_unknown()
    {
        var engine = Engine();
        engine.Load([Vacancy("job", "shenyang", Req("sql", 3))], [], [], []);

        var f = engine.Features(Worker("w", "shenyang", Has("sql", 3)), engine.FindVacancy("job")!);

        Assert.True(double.IsNaN(f.FactorScore));
        Assert.True(double.IsNaN(f.VacancyPopularity));
    }

    [Fact]
    public void The_engine_passes_the_rankers_signals_for_each_pair_at_its_own_time()
    {
        var engine = Engine();
        var job = Vacancy("job", "shenyang", Req("sql", 3));
        engine.Load([job], [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 3));

        var features = engine.Features(
            [new MatchPair(worker, job, Now), new MatchPair(worker, job, Now.AddDays(5))],
            Ml.Ranking.RankingDirection.VacanciesForWorker, new DaySignals());

        Assert.Equal([0.0, 5.0], features.Select(f => f.FactorScore));
        Assert.Equal([10, 15], features.Select(f => f.VacancyAgeDays));
        Assert.Equal(features[0].SkillOverlap, engine.Features(worker, job).SkillOverlap);
    }

    /// <summary>Signals that encode the pair's time, to show which time reaches them.</summary>
    private sealed class DaySignals : IMatchSignals
    {
        public void Compute(IReadOnlyList<MatchPair> pairs, Span<PairSignals> into)
        {
            for (var i = 0; i < pairs.Count; i++)
                into[i] = new PairSignals((pairs[i].At - Now).TotalDays, 1);
        }
    }
}
