using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;

namespace MatchingPlatform.Ml.Tests;

/// <summary>A hand-made taxonomy and city table, independent of the shipped data.</summary>
internal static class TestWorld
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly SkillTaxonomy Taxonomy = new(
        [
            new Skill("python", "Python", "Python", "data-ai", true),
            new Skill("sql", "SQL", "SQL", "data-ai", true),
            new Skill("excel", "Excel", "Excel", "office", true),
            new Skill("machine-learning", "Machine learning", "机器学习", "data-ai", true),
            new Skill("welding", "Welding", "焊接", "machining", false),
            new Skill("cnc", "CNC machining", "数控加工", "machining", false),
        ],
        [
            new Industry("software", "Software", "软件", false, true),
            new Industry("manufacturing", "Manufacturing", "制造", true, false),
        ],
        []);

    public static readonly CityDirectory Cities = new(
        [
            new City("shenyang", "Shenyang", "沈阳市", "Liaoning", "2101", 41.8057, 123.4315, 9_000_000, true),
            new City("anshan", "Anshan", "鞍山市", "Liaoning", "2103", 41.1086, 122.9956, 3_300_000, true),
            new City("dalian", "Dalian", "大连市", "Liaoning", "2102", 38.9140, 121.6147, 7_400_000, true),
            new City("beijing", "Beijing", "北京市", "Beijing", "1101", 39.9042, 116.4074, 21_900_000, false),
        ]);

    public static RecommendationEngine Engine(
        out RankerHolder holder, RecommendationOptions? options = null)
    {
        holder = new RankerHolder();
        return new RecommendationEngine(Taxonomy, Cities, holder, options, new FixedTime(Now));
    }

    public static RecommendationEngine Engine(RecommendationOptions? options = null) => Engine(out _, options);

    public static SkillRequirement Req(string skill, int level, int importance = 5) => new(skill, level, importance);
    public static SkillLevel Has(string skill, int level) => new(skill, level);

    public static Vacancy Vacancy(
        string id, string city, params SkillRequirement[] requirements) => new()
    {
        Id = id,
        EnterpriseId = "e1",
        Title = "Job " + id,
        CityCode = city,
        IndustryCode = "software",
        Requirements = requirements,
        SalaryMinMonthly = 6000,
        SalaryMaxMonthly = 12000,
        PostedAt = Now.AddDays(-10),
    };

    public static Worker Worker(string id, string city, params SkillLevel[] skills) => new()
    {
        Id = id,
        DisplayName = "Worker " + id,
        CityCode = city,
        Skills = skills,
        Education = Education.Bachelor,
        ExperienceYears = 5,
    };

    public static readonly Enterprise Employer = new()
    {
        Id = "e1", Name = "Shenyang Robotics", CityCode = "shenyang", IndustryCode = "manufacturing",
    };

    public static TrainingProgramme Programme(string id, string city, string skill, int level, bool subsidised = false, int weeks = 8) => new()
    {
        Id = id, Title = "Course " + id, Provider = "Bureau", CityCode = city,
        Teaches = [new SkillLevel(skill, level)], DurationWeeks = weeks, Subsidised = subsidised,
    };
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
