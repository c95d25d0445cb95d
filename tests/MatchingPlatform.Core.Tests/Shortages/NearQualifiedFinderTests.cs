using System.Diagnostics;
using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Tests.Shortages;

public sealed class NearQualifiedFinderTests
{
    private const string Skill = "python";

    private static SkillRequirement Req(string code, int level) => new(code, level, Importance: 3);
    private static SkillLevel Has(string code, int level) => new(code, level);
    private static SeekerSkills Seeker(string id, params SkillLevel[] skills) => new(id, skills);

    // v-1 asks python 3 + sql 2; v-2 asks python 4 + excel 1; v-3 does not ask python at all.
    private static readonly VacancyRequirements[] Vacancies =
    [
        new("v-1", [Req("python", 3), Req("sql", 2)]),
        new("v-2", [Req("excel", 1), Req("python", 4)]),
        new("v-3", [Req("sql", 1)]),
    ];

    [Fact]
    public void A_seeker_missing_only_the_skill_is_near_qualified()
    {
        var found = Assert.Single(NearQualifiedFinder.Find(Skill, Vacancies, [Seeker("w-1", Has("sql", 2))]));
        Assert.Equal(new NearQualifiedSeeker("w-1", HeldLevel: 0, RequiredLevel: 3, VacancyId: "v-1"), found);
        Assert.True(found.IsMissing);
    }

    [Fact]
    public void A_seeker_one_level_short_is_near_qualified()
    {
        var found = Assert.Single(NearQualifiedFinder.Find(Skill, Vacancies, [Seeker("w-1", Has("sql", 5), Has("python", 2))]));
        Assert.Equal(new NearQualifiedSeeker("w-1", 2, 3, "v-1"), found);
        Assert.False(found.IsMissing);
    }

    [Fact]
    public void Two_levels_short_is_not_near()
    {
        // Python 1 against v-1's 3; and against v-2's 4 (excel held) it is three short.
        Assert.Empty(NearQualifiedFinder.Find(Skill, Vacancies, [Seeker("w-1", Has("sql", 2), Has("excel", 3), Has("python", 1))]));
    }

    [Fact]
    public void Any_other_gap_excludes_the_vacancy()
    {
        SeekerSkills[] seekers =
        [
            Seeker("lacks-sql", Has("python", 2)),                         // v-1 needs sql too
            Seeker("sql-too-low", Has("python", 2), Has("sql", 1)),        // v-1: sql 1 < 2
            Seeker("no-excel", Has("python", 3), Has("sql", 1)),           // v-2 needs excel; v-1 not met for sql
        ];
        Assert.Empty(NearQualifiedFinder.Find(Skill, Vacancies, seekers));
    }

    [Fact]
    public void A_fully_qualified_seeker_is_not_listed_for_that_vacancy()
    {
        // Python 3 meets v-1; for v-2 (python 4, excel held) the seeker is one short, so v-2 is their entry.
        var found = NearQualifiedFinder.Find(Skill, Vacancies, [Seeker("w-1", Has("python", 3), Has("sql", 2), Has("excel", 1))]);
        Assert.Equal(new NearQualifiedSeeker("w-1", 3, 4, "v-2"), Assert.Single(found));

        Assert.Empty(NearQualifiedFinder.Find(Skill, Vacancies, [Seeker("w-2", Has("python", 5), Has("sql", 2), Has("excel", 1))]));
    }

    [Fact]
    public void Vacancies_without_the_skill_are_ignored()
    {
        // Meets v-3 completely and misses python, but v-3 does not need python: training would not change a thing.
        Assert.Empty(NearQualifiedFinder.Find(Skill, [Vacancies[2]], [Seeker("w-1", Has("sql", 3))]));
        Assert.Empty(NearQualifiedFinder.Find("rust", Vacancies, [Seeker("w-1", Has("sql", 3), Has("python", 3))]));
    }

    [Fact]
    public void Each_seeker_appears_once_with_the_lowest_vacancy_id()
    {
        VacancyRequirements[] vacancies =
        [
            new("v-9", [Req("python", 2)]),
            new("v-10", [Req("python", 2), Req("sql", 1)]),
            new("v-2", [Req("python", 3)]),
        ];
        // Missing python: near for all three; ordinal order puts "v-10" before "v-2" before "v-9".
        var found = NearQualifiedFinder.Find(Skill, vacancies, [Seeker("w-1", Has("sql", 1))]);
        Assert.Equal(new NearQualifiedSeeker("w-1", 0, 2, "v-10"), Assert.Single(found));

        // Python 1: one short for v-9 and v-10 (sql missing there), two short for v-2.
        found = NearQualifiedFinder.Find(Skill, vacancies, [Seeker("w-2", Has("python", 1))]);
        Assert.Equal(new NearQualifiedSeeker("w-2", 1, 2, "v-9"), Assert.Single(found));
    }

    [Fact]
    public void A_worker_listed_twice_appears_once_with_the_smaller_gap()
    {
        // Two rows for one worker (e.g. a profile update mid-read): the one-level-short row wins over the missing one.
        var found = NearQualifiedFinder.Find(Skill, Vacancies,
        [
            Seeker("w-1", Has("sql", 2)),
            Seeker("w-1", Has("sql", 2), Has("python", 2)),
        ]);
        Assert.Equal(new NearQualifiedSeeker("w-1", 2, 3, "v-1"), Assert.Single(found));
    }

    [Fact]
    public void One_level_short_comes_first_then_worker_id()
    {
        SeekerSkills[] seekers =
        [
            Seeker("w-3", Has("sql", 2)),
            Seeker("w-2", Has("sql", 2), Has("python", 2)),
            Seeker("w-1", Has("sql", 2)),
            Seeker("W-9", Has("sql", 2), Has("python", 2)),
        ];
        var found = NearQualifiedFinder.Find(Skill, Vacancies, seekers);
        Assert.Equal(["W-9", "w-2", "w-1", "w-3"], found.Select(f => f.WorkerId));
    }

    [Fact]
    public void Duplicated_skills_count_at_their_highest_level()
    {
        // The seeker lists sql twice; the vacancy lists python twice (3 and 2): it asks python 3.
        VacancyRequirements[] vacancies = [new("v-1", [Req("python", 3), Req("sql", 2), Req("python", 2)])];
        var found = NearQualifiedFinder.Find(Skill, vacancies, [Seeker("w-1", Has("sql", 1), Has("sql", 2), Has("python", 2))]);
        Assert.Equal(new NearQualifiedSeeker("w-1", 2, 3, "v-1"), Assert.Single(found));
    }

    [Fact]
    public void Agrees_with_GapAnalyzer_on_random_data()
    {
        var (vacancies, seekers) = RandomMarket(seed: 11, vacancyCount: 40, seekerCount: 3000);
        var expected = ReferenceFind(Skill, vacancies, seekers);
        var actual = NearQualifiedFinder.Find(Skill, vacancies, seekers);

        Assert.True(expected.Count > 50, $"the random market should produce a fair number of near-qualified seekers, got {expected.Count}");
        Assert.Contains(expected, e => e.IsMissing);
        Assert.Contains(expected, e => !e.IsMissing);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Agrees_with_GapAnalyzer_with_many_vacancies_some_asking_only_the_skill()
    {
        // Hundreds of vacancies (each seeker is checked only against those keyed by a skill it holds) and some that
        // ask nothing but the skill (checked for every seeker).
        var (vacancies, seekers) = RandomMarket(seed: 12, vacancyCount: 400, seekerCount: 3000, onlyTheSkillShare: 0.05);
        Assert.Contains(vacancies, v => v.Requirements.All(r => r.SkillCode == Skill));
        var expected = ReferenceFind(Skill, vacancies, seekers);
        Assert.True(expected.Count > 50, $"got {expected.Count}");
        Assert.Equal(expected, NearQualifiedFinder.Find(Skill, vacancies, seekers));
    }

    [Fact]
    public void Thousands_of_seekers_against_tens_of_vacancies_is_fast()
    {
        var (vacancies, seekers) = RandomMarket(seed: 5, vacancyCount: 50, seekerCount: 20_000);
        NearQualifiedFinder.Find(Skill, vacancies, seekers); // warm-up (JIT)
        var watch = Stopwatch.StartNew();
        NearQualifiedFinder.Find(Skill, vacancies, seekers);
        // Typically a few milliseconds; the bound only catches an accidental quadratic or allocating inner loop.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    /// <summary>The definition, spelled out with GapAnalyzer: the only gap is the skill, missing or one level short.</summary>
    private static List<NearQualifiedSeeker> ReferenceFind(string skill, VacancyRequirements[] vacancies, SeekerSkills[] seekers)
    {
        var result = new List<NearQualifiedSeeker>();
        foreach (var seeker in seekers)
        {
            var best = vacancies
                .Where(v => v.Requirements.Any(r => r.SkillCode == skill))
                .Select(v => (v.VacancyId, Report: GapAnalyzer.Analyze(seeker.Skills, v.Requirements)))
                .Where(x => x.Report.Gaps.Count == 1 && x.Report.Gaps[0].SkillCode == skill
                    && (x.Report.Gaps[0].IsMissing || x.Report.Gaps[0].Deficit == 1))
                .Select(x => new NearQualifiedSeeker(seeker.WorkerId, x.Report.Gaps[0].HeldLevel, x.Report.Gaps[0].RequiredLevel, x.VacancyId))
                .OrderBy(n => n.IsMissing)
                .ThenBy(n => n.VacancyId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null) result.Add(best);
        }
        return [.. result.OrderBy(n => n.IsMissing).ThenBy(n => n.WorkerId, StringComparer.Ordinal)];
    }

    /// <summary>Vacancies asking 2-4 of eight skills (python in most), seekers holding 1-5 of them; no duplicates.</summary>
    private static (VacancyRequirements[] Vacancies, SeekerSkills[] Seekers) RandomMarket(int seed, int vacancyCount, int seekerCount,
        double onlyTheSkillShare = 0)
    {
        string[] skills = ["python", "sql", "excel", "statistics", "ml", "linux", "java", "english"];
        var random = new Random(seed);
        var vacancies = Enumerable.Range(1, vacancyCount).Select(i =>
        {
            var codes = skills.Skip(1).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            if (random.NextDouble() < onlyTheSkillShare) codes.Clear();
            if (codes.Count == 0 || random.NextDouble() < 0.8) codes.Add("python");
            return new VacancyRequirements($"v-{i}", [.. codes.Select(c => new SkillRequirement(c, random.Next(1, 4), random.Next(1, 6)))]);
        }).ToArray();
        var seekers = Enumerable.Range(1, seekerCount).Select(i => new SeekerSkills(
            $"w-{i:D6}",
            [.. skills.OrderBy(_ => random.Next()).Take(random.Next(1, 6)).Select(c => new SkillLevel(c, random.Next(1, 5)))])).ToArray();
        return (vacancies, seekers);
    }
}
