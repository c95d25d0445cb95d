using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Tests.Resilience;

/// <summary>
/// A tiny hand-made panel for the resilience indicator SQL: two quarters (2025-Q1, 2025-Q2), shenyang and anshan. Every
/// expected figure in <see cref="ResilienceStorageContract"/> is worked out by hand from these rows (comments there).
/// </summary>
/// <remarks>
/// Workers (registered 2024-12-01 unless noted): rf-sy1 shenyang python 4 (certified, digital); rf-sy2 shenyang
/// arc-welding 3 (neither); rf-sy3 shenyang sql 3 (digital), registered 2025-05-01, graduated 2024; rf-an1 anshan
/// arc-welding 5 (certified), graduated 2017; rf-an2 anshan python 2 (neither: below level 3), graduated 2023.
/// </remarks>
internal static class ResilienceFixture
{
    private static readonly DateTimeOffset Registered = new(2024, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    private static DateTimeOffset T(string s) => new(D(s).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);

    private static WorkHistoryEntry H(string city, string? occupation, string? industry, string start, string? end) =>
        new(city, occupation, "Employer", industry, D(start), end is null ? null : D(end));

    private static Worker W(string id, string city, int? graduation, SkillLevel[] skills, WorkHistoryEntry[] history, DateTimeOffset? created = null) => new()
    {
        Id = id, DisplayName = "Worker " + id, CityCode = city, GraduationYear = graduation, Skills = skills, History = history,
        ActivelySeeking = true, SalaryWishMonthly = 8000, CreatedAt = created ?? Registered, UpdatedAt = created ?? Registered, Version = 1,
    };

    private static Vacancy V(string id, string city, string posted, int headcount, params SkillRequirement[] requirements) => new()
    {
        Id = id, EnterpriseId = "rf-e", Title = "Job " + id, CityCode = city, IndustryCode = "equipment-manufacturing", Requirements = requirements,
        SalaryMinMonthly = 6000, SalaryMaxMonthly = 9000, Headcount = headcount, PostedAt = T(posted),
    };

    public static DatasetBatch Batch() => new()
    {
        Enterprises = [new Enterprise { Id = "rf-e", Name = "Fixture Co", CityCode = "shenyang", IndustryCode = "equipment-manufacturing", CreatedAt = Registered, UpdatedAt = Registered }],
        Vacancies =
        [
            V("rf-v-sy1", "shenyang", "2025-01-10", 4, new SkillRequirement("python", 3, 5)),      // digital
            V("rf-v-sy2", "shenyang", "2025-02-01", 6, new SkillRequirement("arc-welding", 2, 5)),
            V("rf-v-an1", "anshan", "2025-04-05", 2, new SkillRequirement("arc-welding", 3, 5)),
        ],
        Workers =
        [
            W("rf-sy1", "shenyang", null, [new("python", 4)],
                [H("shenyang", "welder", "equipment-manufacturing", "2020-01-01", "2024-12-31"),
                 H("shenyang", "data-analyst", "ai-bigdata", "2025-01-15", null)]),
            W("rf-sy2", "shenyang", null, [new("arc-welding", 3)],
                [H("shenyang", "welder", "equipment-manufacturing", "2019-01-01", null)]),
            W("rf-sy3", "shenyang", 2024, [new("sql", 3)],
                [H("dalian", null, null, "2023-01-01", "2025-04-09"), H("shenyang", "software-engineer", "software-it", "2025-04-10", null)],
                new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero)),
            W("rf-an1", "anshan", 2017, [new("arc-welding", 5)],
                [H("anshan", "welder", "equipment-manufacturing", "2018-01-01", "2025-02-28"),
                 H("anshan", "fitter", "equipment-manufacturing", "2025-03-01", null)]),
            W("rf-an2", "anshan", 2023, [new("python", 2)],
                [H("anshan", null, "automotive", "2024-06-01", "2025-03-31"), H("shenyang", null, null, "2025-04-01", null)]),
        ],
        Interactions =
        [
            new Interaction(0, "rf-sy1", "rf-v-sy1", InteractionType.Apply, T("2025-01-12")),
            new Interaction(0, "rf-sy1", "rf-v-sy1", InteractionType.Hire, T("2025-01-14")),
            new Interaction(0, "rf-sy2", "rf-v-sy2", InteractionType.Apply, T("2025-02-08")),
            new Interaction(0, "rf-sy2", "rf-v-sy2", InteractionType.Hire, T("2025-03-10")),
            new Interaction(0, "rf-an2", "rf-v-sy1", InteractionType.Apply, T("2025-01-20")),
            new Interaction(0, "rf-an2", "rf-v-an1", InteractionType.Hire, T("2025-04-20")),
        ],
    };
}
