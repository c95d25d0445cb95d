using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Mobility;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Tests.Mobility;

/// <summary>
/// Small hand-made histories for the mobility aggregation. Every expected figure below is worked out by hand from
/// the entries (see the comments), not by running the code under test.
/// </summary>
/// <remarks>
/// Digital talent = a digital skill (python, sql) at level 3 or above: mf-m1 (python 4), mf-g1 (sql 3), mf-g4
/// (python 3), mf-d1 (python 5), mf-d2 (python 4). Traditional: mf-m2 (arc-welding 4), mf-m3 (python 2: below 3),
/// mf-g2, mf-g3. The relocation of mf-m3 (anshan -> dalian, 2023-05-10) is written by the test through
/// <see cref="WorkerRepository.UpdateAsync"/>, as the server writes it.
/// </remarks>
internal static class MobilityFixture
{
    public static readonly DateTimeOffset RelocatedAt = new(2023, 5, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Created = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static WorkHistoryEntry H(string city, string start, string? end) =>
        new(city, null, "Employer in " + city, null, D(start), end is null ? null : D(end));

    private static Worker W(string id, string city, int? graduation, SkillLevel[] skills, params WorkHistoryEntry[] history) => new()
    {
        Id = id, DisplayName = "Worker " + id, CityCode = city, GraduationYear = graduation, Skills = skills, History = history,
        ActivelySeeking = true, SalaryWishMonthly = 9000, CreatedAt = Created, UpdatedAt = Created, Version = 1,
    };

    private static SkillLevel S(string skill, int level) => new(skill, level);

    public static Worker M3 => W("mf-m3", "anshan", 2019, [S("python", 2)],
        H("anshan", "2019-01-01", "2019-06-30"), H("anshan", "2019-07-01", null));  // same city twice: no move

    public static DatasetBatch Batch() => new()
    {
        Enterprises = [new Enterprise { Id = "mf-e", Name = "Fixture Co", CityCode = "shenyang", IndustryCode = "equipment-manufacturing", CreatedAt = Created, UpdatedAt = Created }],
        Vacancies =
        [
            new Vacancy
            {
                Id = "mf-v-sy", EnterpriseId = "mf-e", Title = "Data engineer", CityCode = "shenyang", IndustryCode = "equipment-manufacturing",
                Requirements = [new SkillRequirement("python", 3, 5), new SkillRequirement("sql", 2, 3)], SalaryMinMonthly = 8000,
                SalaryMaxMonthly = 12000, Headcount = 2, PostedAt = Created,
            },
            new Vacancy
            {
                Id = "mf-v-dl", EnterpriseId = "mf-e", Title = "Welder", CityCode = "dalian", IndustryCode = "equipment-manufacturing",
                Requirements = [new SkillRequirement("arc-welding", 3, 5)], SalaryMinMonthly = 6000, SalaryMaxMonthly = 8000, PostedAt = Created,
            },
            new Vacancy
            {
                Id = "mf-v-closed", EnterpriseId = "mf-e", Title = "Analyst", CityCode = "shenyang", IndustryCode = "equipment-manufacturing",
                Requirements = [new SkillRequirement("python", 2, 3)], SalaryMinMonthly = 7000, SalaryMaxMonthly = 9000, PostedAt = Created,
                Status = VacancyStatus.Closed, ClosedAt = Created.AddDays(10),
            },
        ],
        Workers =
        [
            // anshan -> shenyang 2020-03-01 (2020-Q1), shenyang -> dalian 2021-07-01 (2021-Q3).
            W("mf-m1", "dalian", null, [S("python", 4)],
                H("anshan", "2018-01-01", "2019-12-31"), H("shenyang", "2020-03-01", "2021-06-30"), H("dalian", "2021-07-01", null)),
            // Listed out of date order: by start date fushun comes first, so fushun -> shenyang 2020-05-01 (2020-Q2).
            W("mf-m2", "shenyang", null, [S("arc-welding", 4)],
                H("shenyang", "2020-05-01", null), H("fushun", "2015-01-01", "2020-04-30")),
            M3,
            // Graduated 2020. The 2018 internship is before graduation; first job after it is beijing (outside the home
            // province); now back in shenyang. shenyang -> beijing 2020-08-01 (2020-Q3), beijing -> shenyang 2022-03-01 (2022-Q1).
            W("mf-g1", "shenyang", 2020, [S("sql", 3)],
                H("shenyang", "2018-07-01", "2019-12-31"), H("beijing", "2020-08-01", "2022-01-31"), H("shenyang", "2022-03-01", null)),
            // Graduated 2020, first job dalian (home), still there.
            W("mf-g2", "dalian", 2020, [S("arc-welding", 2)], H("dalian", "2020-07-01", null)),
            // Graduated 2021 without any job on record: not counted.
            W("mf-g3", "fushun", 2021, [S("arc-welding", 1)]),
            // Graduated 2020, first job anshan (home), now shenyang: anshan -> shenyang 2022-01-01 (2022-Q1).
            W("mf-g4", "shenyang", 2020, [S("python", 3)], H("anshan", "2020-09-01", "2021-12-31"), H("shenyang", "2022-01-01", null)),
            W("mf-d1", "anshan", null, [S("python", 5)]),
            W("mf-d2", "beijing", null, [S("python", 4)]) with { ActivelySeeking = false },
        ],
        Interactions =
        [
            // mf-g2 (dalian) applies twice to the shenyang vacancy: one application, dated by the first (2023-02-01).
            new Interaction(0, "mf-g2", "mf-v-sy", InteractionType.Apply, new DateTimeOffset(2023, 2, 1, 10, 0, 0, TimeSpan.Zero)),
            new Interaction(0, "mf-g2", "mf-v-sy", InteractionType.Apply, new DateTimeOffset(2023, 3, 1, 10, 0, 0, TimeSpan.Zero)),
            // Same city: not a cross-city application.
            new Interaction(0, "mf-g2", "mf-v-dl", InteractionType.Apply, new DateTimeOffset(2023, 2, 2, 10, 0, 0, TimeSpan.Zero)),
            // mf-m1 (dalian) applies 2023-06-01 and is hired 2023-06-15 into shenyang; views do not count.
            new Interaction(0, "mf-m1", "mf-v-sy", InteractionType.View, new DateTimeOffset(2023, 5, 30, 10, 0, 0, TimeSpan.Zero)),
            new Interaction(0, "mf-m1", "mf-v-sy", InteractionType.Apply, new DateTimeOffset(2023, 6, 1, 10, 0, 0, TimeSpan.Zero)),
            new Interaction(0, "mf-m1", "mf-v-sy", InteractionType.Hire, new DateTimeOffset(2023, 6, 15, 10, 0, 0, TimeSpan.Zero)),
        ],
    };

    private static FlowPeriod Y(int year) => new(year, 0);
    private static FlowPeriod Q(int year, int quarter) => new(year, quarter);

    /// <summary>Realised moves (history, relocation, hire) per year: eight moves.</summary>
    public static readonly (FlowPeriod Period, string From, string To, long Moves)[] YearlyRealised =
    [
        (Y(2020), "anshan", "shenyang", 1), (Y(2020), "fushun", "shenyang", 1), (Y(2020), "shenyang", "beijing", 1),
        (Y(2021), "shenyang", "dalian", 1),
        (Y(2022), "anshan", "shenyang", 1), (Y(2022), "beijing", "shenyang", 1),
        (Y(2023), "anshan", "dalian", 1), (Y(2023), "dalian", "shenyang", 1),
    ];

    public static readonly (FlowPeriod Period, string From, string To, long Moves)[] QuarterlyRealised =
    [
        (Q(2020, 1), "anshan", "shenyang", 1), (Q(2020, 2), "fushun", "shenyang", 1), (Q(2020, 3), "shenyang", "beijing", 1),
        (Q(2021, 3), "shenyang", "dalian", 1),
        (Q(2022, 1), "anshan", "shenyang", 1), (Q(2022, 1), "beijing", "shenyang", 1),
        (Q(2023, 2), "anshan", "dalian", 1), (Q(2023, 2), "dalian", "shenyang", 1),
    ];

    /// <summary>
    /// Realised moves over the whole range: in, out, net per city. shenyang in: anshan 2 + fushun + beijing + dalian (hire)
    /// = 5, out: beijing + dalian = 2. anshan out: shenyang 2 + dalian (relocation) = 3. dalian in: shenyang + anshan = 2,
    /// out: shenyang (hire) = 1. fushun out 1. beijing in 1, out 1. Nets add up to 0.
    /// </summary>
    public static readonly (string City, long In, long Out, long Net)[] CityTotals =
    [
        ("anshan", 0, 3, -3), ("beijing", 1, 1, 0), ("dalian", 2, 1, 1), ("fushun", 0, 1, -1), ("shenyang", 5, 2, 3),
    ];
}
