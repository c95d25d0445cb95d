using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Policy;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Tests.Policy;

/// <summary>
/// A small hand-made interaction log for the city-period outcomes of policy evaluation. Every expected figure below is
/// worked out by hand from the events (see the comments), not by running the code under test.
/// </summary>
/// <remarks>
/// Quarters of 2024: Q1 = [T0, T1), Q2 = [T1, T2), Q3 = [T2, T3). A worker counts in the city of their profile, whatever
/// the vacancy's city. Shenyang: pp-s1, pp-s2, pp-s3 (not actively seeking: hired, then stopped, yet active in the log),
/// pp-s4 (no interactions at all). Dalian: pp-d1, pp-d2. Anshan: pp-a1. Fushun: pp-f1 (events only outside the range).
/// Beijing (outside Liaoning): pp-b1. Shenyang has no event in Q3, dalian none in Q2, anshan only in Q2.
/// </remarks>
internal static class PolicyPanelFixture
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T1 = new(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T2 = new(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T3 = new(2024, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The three quarters.</summary>
    public static readonly DateTimeOffset[] Quarters = [T0, T1, T2, T3];

    private static readonly DateTimeOffset Created = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset Utc(int month, int day, int hour = 10, int minute = 0, int second = 0, int ms = 0, int year = 2024) =>
        new(year, month, day, hour, minute, second, ms, TimeSpan.Zero);

    private static Worker W(string id, string city, bool seeking = true) => new()
    {
        Id = id, DisplayName = "Worker " + id, CityCode = city, ActivelySeeking = seeking, Skills = [new SkillLevel("python", 3)],
        CreatedAt = Created, UpdatedAt = Created, Version = 1,
    };

    private static Vacancy V(string id, string city) => new()
    {
        Id = id, EnterpriseId = "pp-e", Title = "Job " + id, CityCode = city, IndustryCode = "equipment-manufacturing",
        Requirements = [new SkillRequirement("python", 2, 3)], SalaryMinMonthly = 6000, SalaryMaxMonthly = 9000, PostedAt = Created,
    };

    private static Interaction I(string worker, string vacancy, InteractionType type, DateTimeOffset at) => new(0, worker, vacancy, type, at);

    public static DatasetBatch Batch() => new()
    {
        Enterprises = [new Enterprise { Id = "pp-e", Name = "Panel Co", CityCode = "shenyang", IndustryCode = "equipment-manufacturing", CreatedAt = Created, UpdatedAt = Created }],
        Vacancies = [V("pp-v-sy", "shenyang"), V("pp-v-dl", "dalian"), V("pp-v-bj", "beijing")],
        Workers =
        [
            W("pp-s1", "shenyang"), W("pp-s2", "shenyang"), W("pp-s3", "shenyang", seeking: false), W("pp-s4", "shenyang"),
            W("pp-d1", "dalian"), W("pp-d2", "dalian"), W("pp-a1", "anshan"), W("pp-f1", "fushun"), W("pp-b1", "beijing"),
        ],
        Interactions =
        [
            // ---- before the range: the last millisecond of 2023 ----
            I("pp-f1", "pp-v-sy", InteractionType.Apply, Utc(12, 31, 23, 59, 59, 999, year: 2023)),

            // ---- Q1 ----
            // pp-s1: applies exactly at T0 (the first period's start is in), interviews, hired in the last millisecond of Q1.
            I("pp-s1", "pp-v-sy", InteractionType.Apply, T0),
            I("pp-s1", "pp-v-sy", InteractionType.Interview, Utc(2, 10)),
            I("pp-s1", "pp-v-sy", InteractionType.Hire, Utc(3, 31, 23, 59, 59, 999)),
            // pp-s2: a view, and an interview at 07:59:59 on 1 April in UTC+8, which is 23:59:59 on 31 March UTC: Q1.
            I("pp-s2", "pp-v-sy", InteractionType.View, Utc(2, 1)),
            I("pp-s2", "pp-v-sy", InteractionType.Interview, new DateTimeOffset(2024, 4, 1, 7, 59, 59, Beijing)),
            // pp-d1 (dalian): applies, two interviews (one for a shenyang vacancy: counted in dalian, the worker's city).
            I("pp-d1", "pp-v-sy", InteractionType.Apply, Utc(3, 15)),
            I("pp-d1", "pp-v-sy", InteractionType.Interview, Utc(3, 20)),
            I("pp-d1", "pp-v-dl", InteractionType.Interview, Utc(3, 25)),
            // pp-b1 (beijing, outside Liaoning): applies and is hired.
            I("pp-b1", "pp-v-bj", InteractionType.Apply, Utc(2, 1)),
            I("pp-b1", "pp-v-bj", InteractionType.Hire, Utc(3, 1)),

            // ---- Q2 ----
            // pp-s1: a view exactly at T1 belongs to Q2, not Q1.
            I("pp-s1", "pp-v-sy", InteractionType.View, T1),
            // pp-s3 (not actively seeking): applies, hired twice (two hire events, one hired seeker).
            I("pp-s3", "pp-v-sy", InteractionType.Apply, Utc(5, 1)),
            I("pp-s3", "pp-v-sy", InteractionType.Hire, Utc(6, 1)),
            I("pp-s3", "pp-v-dl", InteractionType.Hire, Utc(6, 20)),
            // pp-a1 (anshan): one impression in the last millisecond of Q2.
            I("pp-a1", "pp-v-sy", InteractionType.Impression, Utc(6, 30, 23, 59, 59, 999)),

            // ---- Q3 ----
            // pp-d1: hired exactly at T2 (Q3); pp-d2: an interview and a rejection.
            I("pp-d1", "pp-v-dl", InteractionType.Hire, T2),
            I("pp-d2", "pp-v-dl", InteractionType.Interview, Utc(7, 15)),
            I("pp-d2", "pp-v-dl", InteractionType.Reject, Utc(8, 1)),

            // ---- after the range: exactly at T3 (the end is out), and later ----
            I("pp-f1", "pp-v-sy", InteractionType.Apply, T3),
            I("pp-s2", "pp-v-sy", InteractionType.Apply, Utc(1, 1, year: 2025)),
        ],
    };

    /// <summary>
    /// Quarterly, Liaoning only, ordered by city then period. anshan Q2: pp-a1's impression. dalian Q1: pp-d1, two
    /// interviews. dalian Q3: pp-d1 (hire at T2) and pp-d2 (interview, rejection). shenyang Q1: pp-s1 (apply at T0,
    /// interview, hire) and pp-s2 (view, interview). shenyang Q2: pp-s1 (view at T1) and pp-s3 (two hires). No row for
    /// dalian Q2, anshan Q1/Q3, shenyang Q3, fushun (outside the range) or beijing (not Liaoning).
    /// </summary>
    public static readonly CityPeriodOutcome[] QuarterlyLiaoning =
    [
        new("anshan", 2, ActiveSeekers: 1, HiredSeekers: 0, Interviews: 0, Hires: 0),
        new("dalian", 1, ActiveSeekers: 1, HiredSeekers: 0, Interviews: 2, Hires: 0),
        new("dalian", 3, ActiveSeekers: 2, HiredSeekers: 1, Interviews: 1, Hires: 1),
        new("shenyang", 1, ActiveSeekers: 2, HiredSeekers: 1, Interviews: 2, Hires: 1),
        new("shenyang", 2, ActiveSeekers: 2, HiredSeekers: 1, Interviews: 0, Hires: 2),
    ];

    /// <summary>Every province: beijing Q1 (pp-b1, applied and hired) joins, between anshan and dalian.</summary>
    public static readonly CityPeriodOutcome[] QuarterlyAllCities =
    [
        QuarterlyLiaoning[0],
        new("beijing", 1, ActiveSeekers: 1, HiredSeekers: 1, Interviews: 0, Hires: 1),
        .. QuarterlyLiaoning[1..],
    ];

    /// <summary>
    /// The nine months January to September, Liaoning only. shenyang: Jan pp-s1 (apply at T0); Feb pp-s1 (interview),
    /// pp-s2 (view); Mar pp-s1 (hire at 23:59:59.999), pp-s2 (interview, UTC+8); Apr pp-s1 (view at T1); May pp-s3 (apply);
    /// Jun pp-s3 (two hires). dalian: Mar pp-d1 (apply, two interviews); Jul pp-d1 (hire at T2), pp-d2 (interview); Aug
    /// pp-d2 (rejection). anshan: Jun pp-a1.
    /// </summary>
    public static readonly CityPeriodOutcome[] MonthlyLiaoning =
    [
        new("anshan", 6, 1, 0, 0, 0),
        new("dalian", 3, 1, 0, 2, 0),
        new("dalian", 7, 2, 1, 1, 1),
        new("dalian", 8, 1, 0, 0, 0),
        new("shenyang", 1, 1, 0, 0, 0),
        new("shenyang", 2, 2, 0, 1, 0),
        new("shenyang", 3, 2, 1, 1, 1),
        new("shenyang", 4, 1, 0, 0, 0),
        new("shenyang", 5, 1, 0, 0, 0),
        new("shenyang", 6, 1, 1, 0, 2),
    ];

    /// <summary>
    /// One period over the three quarters: a seeker active (or hired) in two quarters counts once. shenyang: pp-s1, pp-s2,
    /// pp-s3 active, pp-s1 and pp-s3 hired, interviews pp-s1 + pp-s2, hires pp-s1 + 2 × pp-s3. dalian: pp-d1, pp-d2
    /// active, pp-d1 hired, interviews 2 + 1, one hire.
    /// </summary>
    public static readonly CityPeriodOutcome[] WholeRangeLiaoning =
    [
        new("anshan", 1, 1, 0, 0, 0),
        new("dalian", 1, 2, 1, 3, 1),
        new("shenyang", 1, 3, 2, 2, 3),
    ];
}
