using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Tests.Shortages;

public sealed class AreaGapAnalyzerTests
{
    private static SkillRequirement Req(string code, int level) => new(code, level, Importance: 3);
    private static NearbyVacancy Vacancy(string id, int headcount, params SkillRequirement[] requirements) => new(id, headcount, requirements);

    private static readonly SkillLevel[] Held = [new("python", 3), new("sql", 2), new("excel", 1)];

    private static readonly NearbyVacancy[] Nearby =
    [
        Vacancy("v-1", 2, Req("python", 3), Req("sql", 2)),   // qualified
        Vacancy("v-2", 5, Req("python", 4), Req("sql", 2)),   // python is the only gap
        Vacancy("v-3", 3, Req("ml", 2), Req("python", 4)),    // ml and python
        Vacancy("v-4", 10, Req("ml", 3)),                     // ml only
        Vacancy("v-5", 4, Req("ml", 2), Req("docker", 1)),    // ml and docker
        Vacancy("v-6", 1, Req("sql", 3), Req("excel", 1)),    // sql only (held 2)
    ];

    [Fact]
    public void Aggregates_gaps_over_nearby_vacancies()
    {
        var report = AreaGapAnalyzer.Analyze(Held, Nearby);

        Assert.Equal(6, report.VacanciesConsidered);
        Assert.Equal(1, report.VacanciesQualified);
        Assert.Equal(
            [
                new AreaSkillGap("ml", Vacancies: 3, Headcount: 17, RequiredLevel: 3, HeldLevel: 0, WouldQualifyFor: 1),
                new AreaSkillGap("python", 2, 8, 4, 3, 1),
                new AreaSkillGap("sql", 1, 1, 3, 2, 1),
                new AreaSkillGap("docker", 1, 4, 1, 0, 0),
            ],
            report.Gaps);
    }

    [Fact]
    public void Ordered_by_vacancies_opened_then_headcount_then_code()
    {
        SkillLevel[] held = [];
        NearbyVacancy[] nearby =
        [
            Vacancy("v-1", 9, Req("b-skill", 1), Req("a-skill", 1)),  // two gaps: opens nothing alone
            Vacancy("v-2", 1, Req("z-skill", 1)),
            Vacancy("v-3", 1, Req("y-skill", 1)),
            Vacancy("v-4", 1, Req("Y-skill", 1)),
        ];
        var codes = AreaGapAnalyzer.Analyze(held, nearby).Gaps.Select(g => g.SkillCode);
        // Opening one vacancy beats 9 headcount of vacancies the skill alone cannot open; ties by ordinal code.
        Assert.Equal(["Y-skill", "y-skill", "z-skill", "a-skill", "b-skill"], codes);
    }

    [Fact]
    public void Headcount_breaks_ties_in_vacancies_opened()
    {
        NearbyVacancy[] nearby = [Vacancy("v-1", 2, Req("a", 1)), Vacancy("v-2", 7, Req("b", 1))];
        Assert.Equal(["b", "a"], AreaGapAnalyzer.Analyze([], nearby).Gaps.Select(g => g.SkillCode));
    }

    [Fact]
    public void Required_level_is_the_one_most_headcount_asks_for_lower_on_ties()
    {
        NearbyVacancy[] majority = [Vacancy("v-1", 2, Req("ml", 2)), Vacancy("v-2", 1, Req("ml", 4)), Vacancy("v-3", 2, Req("ml", 4))];
        Assert.Equal(4, Assert.Single(AreaGapAnalyzer.Analyze([], majority).Gaps).RequiredLevel);

        NearbyVacancy[] tie = [Vacancy("v-1", 5, Req("ml", 3)), Vacancy("v-2", 5, Req("ml", 2))];
        Assert.Equal(2, Assert.Single(AreaGapAnalyzer.Analyze([], tie).Gaps).RequiredLevel);

        // Headcount, not vacancy count: one big vacancy outweighs two small ones.
        NearbyVacancy[] big = [Vacancy("v-1", 1, Req("ml", 2)), Vacancy("v-2", 1, Req("ml", 2)), Vacancy("v-3", 10, Req("ml", 5))];
        Assert.Equal(5, Assert.Single(AreaGapAnalyzer.Analyze([], big).Gaps).RequiredLevel);
    }

    [Fact]
    public void Only_unmet_requirements_count_towards_a_skill()
    {
        // Python 3 meets v-1 (python 2); only v-2's python 5 is a gap, so the level and headcount come from v-2 alone.
        NearbyVacancy[] nearby = [Vacancy("v-1", 50, Req("python", 2), Req("ml", 1)), Vacancy("v-2", 3, Req("python", 5))];
        var report = AreaGapAnalyzer.Analyze([new("python", 3)], nearby);
        var python = Assert.Single(report.Gaps, g => g.SkillCode == "python");
        Assert.Equal(new AreaSkillGap("python", 1, 3, 5, 3, 1), python);
        Assert.Equal(0, report.VacanciesQualified);
    }

    [Fact]
    public void A_skill_listed_twice_by_a_vacancy_counts_it_once()
    {
        NearbyVacancy[] nearby = [Vacancy("v-1", 4, Req("python", 4), Req("python", 5))];
        var report = AreaGapAnalyzer.Analyze([new("python", 3), new("python", 1)], nearby);
        Assert.Equal(new AreaSkillGap("python", 1, 4, 5, 3, 1), Assert.Single(report.Gaps));
    }

    [Fact]
    public void At_most_max_gaps()
    {
        Assert.Equal(["ml", "python"], AreaGapAnalyzer.Analyze(Held, Nearby, max: 2).Gaps.Select(g => g.SkillCode));
        Assert.Empty(AreaGapAnalyzer.Analyze(Held, Nearby, max: 0).Gaps);
        Assert.Equal(4, AreaGapAnalyzer.Analyze(Held, Nearby, max: 100).Gaps.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => AreaGapAnalyzer.Analyze(Held, Nearby, max: -1));
    }

    [Fact]
    public void No_nearby_vacancies_gives_an_empty_report()
    {
        var report = AreaGapAnalyzer.Analyze(Held, []);
        Assert.Equal((0, 0), (report.VacanciesConsidered, report.VacanciesQualified));
        Assert.Empty(report.Gaps);
    }

    [Fact]
    public void A_vacancy_without_requirements_is_qualified()
    {
        var report = AreaGapAnalyzer.Analyze([], [Vacancy("v-1", 3)]);
        Assert.Equal((1, 1), (report.VacanciesConsidered, report.VacanciesQualified));
        Assert.Empty(report.Gaps);
    }
}
