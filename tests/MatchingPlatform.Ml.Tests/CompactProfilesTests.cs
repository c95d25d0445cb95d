using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Ml.Factorization;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;

namespace MatchingPlatform.Ml.Tests;

/// <summary>The compact in-memory records must read exactly as the full profiles wherever matching reads them.</summary>
public class CompactProfilesTests
{
    // A fresh string per call, as a database reader returns one per row.
    private static string Fresh(string s) => new(s.AsSpan());

    private static Worker FullWorker(string id, string city) => new()
    {
        Id = id,
        DisplayName = "王伟",
        CityCode = Fresh(city),
        Education = Education.Bachelor,
        ExperienceYears = 7,
        BirthYear = 1990,
        Gender = Gender.Female,
        SalaryWishMonthly = 9000,
        ActivelySeeking = true,
        GraduationYear = 2012,
        Contact = new WorkerContact("+86 138 0000 0000", "w@example.org"),
        Skills = new List<SkillLevel> { new(Fresh("python"), 3), new(Fresh("sql"), 4), new(Fresh("not-in-taxonomy"), 2) },
        History =
        [
            new WorkHistoryEntry(Fresh(city), Fresh("data-analyst"), "Some Employer Ltd", Fresh("software"), new DateOnly(2015, 3, 1), new DateOnly(2019, 1, 1)),
            new WorkHistoryEntry(Fresh("dalian"), null, null, Fresh("manufacturing"), new DateOnly(2019, 2, 1), null),
        ],
        Version = 4,
        CreatedAt = TestWorld.Now.AddYears(-1),
        UpdatedAt = TestWorld.Now.AddDays(-3),
    };

    private static Vacancy FullVacancy() => TestWorld.Vacancy("v1", Fresh("shenyang"), new SkillRequirement(Fresh("python"), 4, 5), new SkillRequirement(Fresh("excel"), 2, 3))
        with { OccupationCode = Fresh("data-analyst"), Description = "A long free-text description nobody ranks on." };

    [Fact]
    public void A_compact_worker_keeps_what_matching_reads_and_drops_the_rest()
    {
        var compact = new CompactProfiles(TestWorld.Taxonomy);
        var full = FullWorker("w1", "shenyang");
        var c = compact.Compact(full);

        Assert.Equal((full.Id, full.DisplayName, full.CityCode, full.Education, full.ExperienceYears, full.SalaryWishMonthly, full.ActivelySeeking, full.Version),
            (c.Id, c.DisplayName, c.CityCode, c.Education, c.ExperienceYears, c.SalaryWishMonthly, c.ActivelySeeking, c.Version));
        Assert.Equal(full.Skills, c.Skills);
        Assert.IsType<SkillLevel[]>(c.Skills);
        Assert.Equal(full.History.Select(h => (h.CityCode, h.OccupationCode, h.IndustryCode)), c.History.Select(h => (h.CityCode, h.OccupationCode, h.IndustryCode)));
        Assert.Null(c.BirthYear);
        Assert.Null(c.GraduationYear);
        Assert.Null(c.Contact);
        Assert.Equal(Gender.Unspecified, c.Gender);
        Assert.All(c.History, h => Assert.Null(h.EmployerName));

        // Codes are shared: the taxonomy's instance for a known skill, one pooled instance otherwise.
        Assert.Same(TestWorld.Taxonomy.FindSkill("python")!.Code, c.Skills[0].SkillCode);
        var other = compact.Compact(FullWorker("w2", "shenyang"));
        Assert.Same(c.CityCode, other.CityCode);
        Assert.Same(c.Skills[2].SkillCode, other.Skills[2].SkillCode);
        Assert.Same(c.History[0], other.History[0]);

        // Idempotent, and free on a record that is already compact.
        Assert.Same(c, compact.Compact(c));
        var v = compact.Compact(FullVacancy());
        Assert.Same(v, compact.Compact(v));
        Assert.Null(v.Description);
    }

    [Fact]
    public void Compact_and_full_profiles_give_the_same_features_gaps_and_factor_tokens()
    {
        var compact = new CompactProfiles(TestWorld.Taxonomy);
        var worker = FullWorker("w1", "shenyang");
        var vacancy = FullVacancy();
        var cw = compact.Compact(worker);
        var cv = compact.Compact(vacancy);

        var engine = TestWorld.Engine();
        engine.Load([vacancy], [worker], [], []);
        foreach (var direction in new[] { RankingDirection.VacanciesForWorker, RankingDirection.CandidatesForVacancy })
            Assert.Equal(engine.Features(worker, vacancy, direction).Values.ToArray(), engine.Features(cw, cv, direction).Values.ToArray());
        Assert.Equal(GapAnalyzer.Analyze(worker.Skills, vacancy.Requirements).Gaps, GapAnalyzer.Analyze(cw.Skills, cv.Requirements).Gaps);

        var at = TestWorld.Now;
        var vocabulary = FactorVocabulary.Build([new MatchPair(worker, vacancy, at)]);
        foreach (var field in FactorVocabulary.Fields)
        {
            var a = vocabulary.Encode(field, worker, vacancy);
            var b = vocabulary.Encode(field, cw, cv);
            Assert.Equal(a.GetIndices().ToArray(), b.GetIndices().ToArray());
            Assert.Equal(a.GetValues().ToArray(), b.GetValues().ToArray());
        }
    }

    [Fact]
    public void The_engine_holds_compact_records()
    {
        var engine = TestWorld.Engine();
        engine.Load([FullVacancy()], [FullWorker("w1", "shenyang")], [], []);
        Assert.Null(engine.FindWorker("w1")!.BirthYear);
        Assert.Null(engine.FindWorker("w1")!.Contact);
        Assert.Null(engine.FindVacancy("v1")!.Description);
        engine.UpsertWorker(FullWorker("w1", "dalian"));
        Assert.Equal("dalian", engine.FindWorker("w1")!.CityCode);
        Assert.Null(engine.FindWorker("w1")!.BirthYear);
    }

    [Fact]
    public void Gap_counts_equal_the_gap_analyzers_report()
    {
        var rng = new Random(3);
        string[] codes = ["a", "b", "c", "d", "e", "f"];
        for (var i = 0; i < 2000; i++)
        {
            // Duplicates on both sides, unheld skills, levels above and below what is asked.
            var held = Enumerable.Range(0, rng.Next(0, 6)).Select(_ => new SkillLevel(codes[rng.Next(codes.Length)], rng.Next(1, 6))).ToArray();
            var required = Enumerable.Range(0, rng.Next(0, 6))
                .Select(_ => new SkillRequirement(codes[rng.Next(codes.Length)], rng.Next(1, 6), rng.Next(1, 6))).ToArray();
            var report = GapAnalyzer.Analyze(held, required);
            var stats = GapStats.Of(held, required);
            Assert.Equal(GapStats.From(report), stats);
            Assert.Equal(report.Coverage, stats.Coverage); // bit for bit: the ranker was trained on these values
        }
    }
}
