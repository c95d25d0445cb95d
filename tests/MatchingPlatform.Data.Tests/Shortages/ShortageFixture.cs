using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;

namespace MatchingPlatform.Data.Tests.Shortages;

/// <summary>
/// A small hand-computed dataset for the shortage statistics, as of <see cref="AsOf"/>. Every vacancy and worker
/// below is there for one rule of the aggregation; <see cref="ExpectedStats"/> and <see cref="ExpectedDigital"/> are
/// worked out by hand from them (see the comments), not by running the code under test.
/// </summary>
internal static class ShortageFixture
{
    public static readonly DateTimeOffset AsOf = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    public const string Equipment = "equipment-manufacturing";
    public const string Automotive = "automotive";

    /// <summary>A weekly period ending just before <see cref="AsOf"/>, and the ones after it.</summary>
    public static readonly SnapshotPeriod P1 = SnapshotPeriod.Containing(AsOf.AddDays(-1), 7);
    public static readonly SnapshotPeriod P2 = P1.Next;
    public static readonly SnapshotPeriod P3 = P2.Next;
    public static readonly SnapshotPeriod P4 = P3.Next;

    public static readonly ShortageKey ShenyangPython = new("shenyang", Equipment, "python");
    public static readonly ShortageKey ShenyangSql = new("shenyang", Equipment, "sql");
    public static readonly ShortageKey ShenyangAutoPython = new("shenyang", Automotive, "python");
    public static readonly ShortageKey DalianSql = new("dalian", Equipment, "sql");
    public static readonly ShortageKey AnshanCnc = new("anshan", Equipment, "cnc-machining");

    private static Vacancy V(string id, string city, string industry, int headcount, DateTimeOffset posted, DateTimeOffset? closed,
        params SkillRequirement[] requirements) => new()
    {
        Id = id, EnterpriseId = "sf-e-1", Title = "Job " + id, CityCode = city, IndustryCode = industry, Headcount = headcount,
        Requirements = requirements, SalaryMinMonthly = 5000, SalaryMaxMonthly = 9000, PostedAt = posted,
        Status = closed is null ? VacancyStatus.Open : VacancyStatus.Closed, ClosedAt = closed,
    };

    private static Worker W(string id, string city, bool active, DateTimeOffset created, params SkillLevel[] skills) => new()
    {
        Id = id, DisplayName = "Worker " + id, CityCode = city, ActivelySeeking = active, Skills = skills,
        CreatedAt = created, UpdatedAt = created,
    };

    private static SkillRequirement R(string skill, int level) => new(skill, level, 3);
    private static SkillLevel S(string skill, int level) => new(skill, level);

    public static DatasetBatch Batch()
    {
        var t = AsOf;
        return new DatasetBatch
        {
            Enterprises = [new Enterprise { Id = "sf-e-1", Name = "Fixture Works", CityCode = "shenyang", IndustryCode = Equipment, CreatedAt = t.AddYears(-1), UpdatedAt = t.AddYears(-1) }],
            Vacancies =
            [
                V("sf-v1", "shenyang", Equipment, 3, t.AddDays(-10), null, R("python", 3), R("sql", 2)),
                V("sf-v2", "shenyang", Equipment, 1, t.AddDays(-5), null, R("python", 4)),
                V("sf-v3", "shenyang", Equipment, 5, t.AddDays(-20), t.AddDays(-1), R("python", 5)),      // closed before: no demand
                V("sf-v4", "shenyang", Equipment, 7, t.AddDays(1), null, R("python", 1)),                 // posted after: no demand
                V("sf-v5", "shenyang", Equipment, 2, t.AddDays(-30), t.AddDays(2), R("python", 2)),       // closed after: demand then
                V("sf-v6", "shenyang", Automotive, 2, t.AddDays(-3), null, R("python", 3)),
                V("sf-v7", "dalian", Equipment, 4, t.AddDays(-3), null, R("sql", 1)),
                V("sf-v8", "shenyang", Equipment, 3, t.AddDays(-3), null, R("sql", 3)),
                V("sf-v9", "anshan", Equipment, 2, t.AddDays(-3), null, R("cnc-machining", 2)),
                V("sf-v10", "shenyang", Automotive, 1, t, null, R("python", 3)),                         // posted at the instant: counts
                V("sf-v11", "shenyang", Automotive, 4, t.AddDays(-3), t, R("python", 5)),                // closed at the instant: does not
            ],
            Workers =
            [
                W("sf-w1", "shenyang", true, t.AddDays(-100), S("python", 3), S("sql", 3)),
                W("sf-w2", "shenyang", true, t.AddDays(-100), S("python", 2)),                          // below the level asked
                W("sf-w3", "shenyang", true, t.AddDays(1), S("python", 5)),                             // registered after
                W("sf-w4", "shenyang", false, t.AddDays(-100), S("python", 4)),                         // not seeking
                W("sf-w5", "shenyang", true, t.AddDays(-100), S("python", 4), S("sql", 2)),
                W("sf-w6", "dalian", true, t.AddDays(-100), S("sql", 1)),
                W("sf-w7", "dalian", true, t.AddDays(-100), S("python", 5)),
                W("sf-w8", "anshan", true, t, S("cnc-machining", 5)),                                   // registered at the instant: counts
                W("sf-w9", "fushun", true, t.AddDays(-100), S("python", 3)),
            ],
        };
    }

    /// <summary>
    /// anshan/equipment/cnc: v9 (2 at level 2) = level 2, demand 2 in 1 vacancy; supply w8.
    /// dalian/equipment/sql: v7 (4 at level 1) = level 1, demand 4 in 1; supply w6 (w7 lacks sql).
    /// shenyang/automotive/python: v6 (2 at 3) + v10 (1 at 3) = level 3, demand 3 in 2 (v11 closed at the instant); supply w1, w5.
    /// shenyang/equipment/python: v1 (3 at 3) + v2 (1 at 4) + v5 (2 at 2): (9 + 4 + 4) / 6 = 2.83, rounded 3; demand 6 in 3;
    ///   supply w1 (3), w5 (4); not w2 (2 &lt; 3), w3 (registered after), w4 (not seeking).
    /// shenyang/equipment/sql: v1 (3 at 2) + v8 (3 at 3): 15 / 6 = 2.5, rounded half up to 3 (truncation or banker's
    ///   rounding would give 2); demand 6 in 2; supply w1 (3); not w5 (2 &lt; 3).
    /// </summary>
    public static readonly ShortageStat[] ExpectedStats =
    [
        new(AnshanCnc, 2, 2, 1, 1),
        new(DalianSql, 1, 4, 1, 1),
        new(ShenyangAutoPython, 3, 3, 2, 2),
        new(ShenyangPython, 3, 6, 3, 2),
        new(ShenyangSql, 3, 6, 2, 1),
    ];

    /// <summary>
    /// Digital skills here: python and sql (cnc-machining is not). Demand: shenyang v1 3 + v2 1 + v5 2 + v6 2 + v8 3 + v10 1 = 12;
    /// dalian v7 4; anshan none (v9 asks cnc only). Supply at level 3 or above: shenyang w1, w5; dalian w7 (w6 holds sql 1);
    /// fushun w9; anshan none.
    /// </summary>
    public static readonly DigitalRatio[] ExpectedDigital =
    [
        new("dalian", 4, 1, 4.0),
        new("fushun", 0, 1, 0.0),
        new("shenyang", 12, 2, 6.0),
    ];

    public static AlertRuleSet Rules => new()
    {
        ConsecutiveSnapshots = 1, ClearAfterSnapshots = 1, MinDemand = 2, RatioThreshold = 3.0,
        Trend = new TrendRule { Enabled = false },
    };
}

/// <summary>Scripted alert decisions for the storage tests: what the engine decides is the engine's tests' business.</summary>
internal sealed class ScriptedDecisions
{
    private readonly Queue<Func<IReadOnlyList<ShortageStat>, IReadOnlyList<OpenAlert>, AlertDecisions>> _steps = new();

    public int Calls { get; private set; }
    public List<(SnapshotPeriod Period, int History, IReadOnlyList<OpenAlert> Open)> Seen { get; } = [];

    public ScriptedDecisions Then(Func<IReadOnlyList<ShortageStat>, IReadOnlyList<OpenAlert>, AlertDecisions> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public AlertDecisions Evaluate(AlertRuleSet rules, SnapshotPeriod period, IReadOnlyList<ShortageStat> current,
        IReadOnlyList<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)> history, IReadOnlyList<OpenAlert> open)
    {
        lock (this)
        {
            Calls++;
            Seen.Add((period, history.Count, open));
            return _steps.Count > 0 ? _steps.Dequeue()(current, open) : AlertDecisions.None;
        }
    }

    public static AlertOpening Open(IReadOnlyList<ShortageStat> stats, ShortageKey key, AlertSeverity severity = AlertSeverity.Watch) =>
        new(stats.Single(s => s.Key == key), AlertRule.Sustained, severity, ShortageFixture.P1.Start);

    public static AlertDecisions Opening(IReadOnlyList<ShortageStat> stats, params ShortageKey[] keys) =>
        new(keys.Select(k => Open(stats, k)).ToArray(), [], []);
}
