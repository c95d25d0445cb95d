using MatchingPlatform.Core.Shortages;

namespace MatchingPlatform.Data.Resilience;

/// <summary>
/// Warning thresholds for the resilience index and its dimensions ("Resilience:Warnings" in configuration). They are
/// evaluated by the skill-shortage <see cref="AlertRuleEngine"/> itself (<see cref="ResilienceWarningEngine"/>): a
/// score s (0..100) is read as the pressure 100 / s, which rises as resilience falls.
/// </summary>
public sealed record ResilienceWarningRules
{
    /// <summary>A score at or below this is low (Watch severity).</summary>
    public double Level { get; init; } = 35;
    /// <summary>At or below this: Warning severity.</summary>
    public double WarningLevel { get; init; } = 25;
    /// <summary>At or below this: Critical severity.</summary>
    public double CriticalLevel { get; init; } = 15;
    /// <summary>Quarters in a row at or below <see cref="Level"/> before a warning opens.</summary>
    public int ConsecutiveQuarters { get; init; } = 2;
    /// <summary>Quarters in a row with neither rule holding before an open warning closes.</summary>
    public int ClearAfterQuarters { get; init; } = 2;
    public bool FallingEnabled { get; init; } = true;
    /// <summary>Quarters the score must fall across, strictly, each below the one before (3 = two falls in a row).</summary>
    public int FallingQuarters { get; init; } = 3;
    /// <summary>The newest score must be at least this share below the oldest of the window (0.2 = down by a fifth).</summary>
    public double FallingShare { get; init; } = 0.2;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(Level > 0 && Level <= 100)) errors.Add($"Resilience:Warnings:Level must be in (0, 100] (got {Level}).");
        if (!(CriticalLevel > 0 && CriticalLevel <= WarningLevel && WarningLevel <= Level))
            errors.Add($"Resilience:Warnings must satisfy 0 < CriticalLevel <= WarningLevel <= Level (got {CriticalLevel}, {WarningLevel}, {Level}).");
        if (ConsecutiveQuarters is < 1 or > 20) errors.Add($"Resilience:Warnings:ConsecutiveQuarters must be 1..20 (got {ConsecutiveQuarters}).");
        if (ClearAfterQuarters is < 1 or > 20) errors.Add($"Resilience:Warnings:ClearAfterQuarters must be 1..20 (got {ClearAfterQuarters}).");
        if (FallingEnabled)
        {
            if (FallingQuarters is < 3 or > 20) errors.Add($"Resilience:Warnings:FallingQuarters must be 3..20 (got {FallingQuarters}).");
            if (!(FallingShare >= 0 && FallingShare < 1)) errors.Add($"Resilience:Warnings:FallingShare must be in [0, 1) (got {FallingShare}).");
        }
        return errors;
    }

    /// <summary>The pressure of a score exactly as <see cref="ResilienceWarningEngine.Encode"/> computes it, so "at the level" compares equal.</summary>
    internal static double Pressure(double score) => ResilienceWarningEngine.Encode("", "", score).Ratio;

    /// <summary>
    /// The same rules as an <see cref="AlertRuleSet"/> over pressures p = 100 / s: "s ≤ L" is "p ≥ 100 / L"; the severity
    /// thresholds likewise; "fell by at least f over the window" is "p grew by at least 1 / (1 − f)"; the trend's minimum
    /// pressure is 1 (any score) and the demand minimums are 1 (every city-subject carries the constant volume).
    /// </summary>
    public AlertRuleSet ToAlertRuleSet() => new()
    {
        RatioThreshold = Pressure(Level),
        MinDemand = 1,
        ConsecutiveSnapshots = ConsecutiveQuarters,
        ClearAfterSnapshots = ClearAfterQuarters,
        Trend = new TrendRule
        {
            Enabled = FallingEnabled, Snapshots = FallingQuarters, MinRatio = 1.0, MinGrowth = 1 / (1 - FallingShare), MinDemand = 1,
        },
        Severities = new SeverityThresholds { Watch = Pressure(Level), Warning = Pressure(WarningLevel), Critical = Pressure(CriticalLevel) },
    };
}

/// <summary>Warnings to open, escalate and close after one quarter's scores, in (city, subject) order.</summary>
public sealed record ResilienceDecisions(
    IReadOnlyList<(string City, string Subject, ResilienceWarningRule Rule, AlertSeverity Severity, Quarter Since, double Score)> Opened,
    IReadOnlyList<(long WarningId, AlertSeverity Severity, double Score)> Escalated,
    IReadOnlyList<(long WarningId, double? Score)> Closed)
{
    public int Count => Opened.Count + Escalated.Count + Closed.Count;
}

/// <summary>An open warning as the engine needs it.</summary>
public sealed record OpenResilienceWarning(long Id, string CityCode, string Subject, ResilienceWarningRule Rule, AlertSeverity Severity, Quarter Since);

/// <summary>
/// Resilience warnings decided by the skill-shortage rule engine (<see cref="AlertRuleEngine.Evaluate"/>): no second
/// rule engine. Each (city, subject) is a <see cref="ShortageKey"/> (city, "resilience", subject) whose statistic has a
/// constant demand of 10,000 and a supply of the score in hundredths (round(100 s)), so that its ratio is 100 / s;
/// quarters are consecutive engine periods (<see cref="Quarter.AsEnginePeriod"/>). Consecutive-snapshot runs, gaps,
/// the strictly monotone trend window, severities that only escalate and closing after M clear quarters are therefore
/// exactly the shortage alerts' rules. Pure.
/// </summary>
public static class ResilienceWarningEngine
{
    public const string KeyIndustry = "resilience";
    private const int Scale = 10_000;

    public static ShortageStat Encode(string city, string subject, double score)
    {
        if (!(score >= 0 && score <= 100)) throw new ArgumentOutOfRangeException(nameof(score), score, "a score is 0..100");
        return new ShortageStat(new ShortageKey(city, KeyIndustry, subject), 1, Scale, 1, (int)Math.Round(score * 100, MidpointRounding.AwayFromZero));
    }

    public static double Decode(ShortageStat stat) => stat.Supply / 100.0;

    public static ResilienceDecisions Evaluate(ResilienceWarningRules rules, Quarter quarter, IReadOnlyList<CityResilienceScores> current,
        IReadOnlyList<(Quarter Quarter, IReadOnlyList<CityResilienceScores> Scores)> history, IReadOnlyList<OpenResilienceWarning> open)
    {
        if (rules.Validate() is { Count: > 0 } problems) throw new ArgumentException(string.Join(" ", problems), nameof(rules));
        static IEnumerable<ShortageStat> Stats(IEnumerable<CityResilienceScores> scores) =>
            scores.SelectMany(c => c.Scores.Select(s => Encode(c.CityCode, s.Key, s.Value)));
        var decisions = AlertRuleEngine.Evaluate(rules.ToAlertRuleSet(), quarter.AsEnginePeriod(), Stats(current).ToArray(),
            history.Select(h => (h.Quarter.AsEnginePeriod(), (IReadOnlyDictionary<ShortageKey, ShortageStat>)Stats(h.Scores).ToDictionary(s => s.Key))).ToArray(),
            open.Select(o => new OpenAlert(o.Id, new ShortageKey(o.CityCode, KeyIndustry, o.Subject), (AlertRule)(int)o.Rule, o.Severity,
                o.Since.AsEnginePeriod().Start)).ToArray());
        return new ResilienceDecisions(
            decisions.Opened.Select(o => (o.Stat.Key.CityCode, o.Stat.Key.SkillCode, (ResilienceWarningRule)(int)o.Rule, o.Severity,
                Quarter.FromEnginePeriod(new SnapshotPeriod(o.Since, 1)), Decode(o.Stat))).ToArray(),
            decisions.Escalated.Select(e => (e.AlertId, e.Severity, Decode(e.Stat))).ToArray(),
            decisions.Closed.Select(c => (c.AlertId, c.Stat is null ? (double?)null : Decode(c.Stat))).ToArray());
    }
}
