namespace MatchingPlatform.Core.Shortages;

/// <summary>Which rule opened an alert.</summary>
public enum AlertRule
{
    /// <summary>Ratio at or above the threshold, with enough demand, for N consecutive snapshots.</summary>
    Sustained = 1,
    /// <summary>Ratio rising snapshot after snapshot while demand is real, before it crosses the threshold.</summary>
    RisingTrend = 2,
}

/// <summary>How urgent an open alert is; decided by its current ratio against <see cref="AlertRuleSet.Severities"/>.</summary>
public enum AlertSeverity
{
    Watch = 1,
    Warning = 2,
    Critical = 3,
}

/// <summary>What happened to an alert; each event is one outbox row with a monotonic id.</summary>
public enum AlertEventKind
{
    Opened = 1,
    /// <summary>The ratio crossed a higher severity threshold while the alert was open.</summary>
    Escalated = 2,
    /// <summary>The shortage cleared for <see cref="AlertRuleSet.ClearAfterSnapshots"/> consecutive snapshots.</summary>
    Closed = 3,
}

/// <summary>Ratio thresholds for the three severities, each at least the one before.</summary>
public sealed record SeverityThresholds
{
    public double Watch { get; init; } = 3.0;
    public double Warning { get; init; } = 5.0;
    public double Critical { get; init; } = 10.0;

    /// <summary>The severity for a ratio; an alert opened below <see cref="Watch"/> (by the trend rule) is Watch.</summary>
    public AlertSeverity For(double ratio) =>
        ratio >= Critical ? AlertSeverity.Critical : ratio >= Warning ? AlertSeverity.Warning : AlertSeverity.Watch;
}

/// <summary>The rising-trend rule: an early warning before the sustained rule can fire.</summary>
public sealed record TrendRule
{
    public bool Enabled { get; init; } = true;
    /// <summary>Snapshots the ratio must rise across (strictly, each above the one before); at least 3.</summary>
    public int Snapshots { get; init; } = 4;
    /// <summary>The newest ratio must be at least this.</summary>
    public double MinRatio { get; init; } = 1.5;
    /// <summary>The newest ratio over the oldest in the window must be at least this (1.5 = up by half).</summary>
    public double MinGrowth { get; init; } = 1.5;
    /// <summary>The newest demand must be at least this many open positions.</summary>
    public int MinDemand { get; init; } = 5;
}

/// <summary>
/// Configurable alert rules ("AlertRules" in configuration), validated at start-up with <see cref="Validate"/>.
/// A key is "in shortage" in a snapshot when its ratio is at least <see cref="RatioThreshold"/> and its demand at
/// least <see cref="MinDemand"/>. The sustained rule opens an alert after <see cref="ConsecutiveSnapshots"/>
/// shortage snapshots in a row (one noisy week does not flap an alert open); the trend rule may open it earlier.
/// An open alert closes after <see cref="ClearAfterSnapshots"/> consecutive snapshots in which neither rule holds.
/// </summary>
public sealed record AlertRuleSet
{
    public double RatioThreshold { get; init; } = 3.0;
    public int MinDemand { get; init; } = 5;
    public int ConsecutiveSnapshots { get; init; } = 3;
    public int ClearAfterSnapshots { get; init; } = 2;
    public TrendRule Trend { get; init; } = new();
    public SeverityThresholds Severities { get; init; } = new();

    /// <summary>How many earlier snapshots the engine needs to see to decide on the current one.</summary>
    /// <remarks>
    /// Closing asks whether the trend rule held in each of the last <see cref="ClearAfterSnapshots"/> snapshots, and
    /// the trend at the oldest of them looks <see cref="TrendRule.Snapshots"/>-1 further back: hence the sum. The
    /// sustained term is N rather than N-1 so that an opening can see one snapshot more than the rule needs and
    /// date a longer run correctly.
    /// </remarks>
    public int HistoryNeeded => Math.Max(
        ConsecutiveSnapshots,
        Trend.Enabled ? ClearAfterSnapshots + Trend.Snapshots - 1 : ClearAfterSnapshots);

    /// <summary>Every problem with the rules, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(RatioThreshold > 0) || double.IsInfinity(RatioThreshold)) errors.Add($"AlertRules:RatioThreshold must be a positive number (got {RatioThreshold}).");
        if (MinDemand < 1) errors.Add($"AlertRules:MinDemand must be at least 1 (got {MinDemand}).");
        if (ConsecutiveSnapshots is < 1 or > 52) errors.Add($"AlertRules:ConsecutiveSnapshots must be 1..52 (got {ConsecutiveSnapshots}).");
        if (ClearAfterSnapshots is < 1 or > 52) errors.Add($"AlertRules:ClearAfterSnapshots must be 1..52 (got {ClearAfterSnapshots}).");
        if (Trend.Enabled)
        {
            if (Trend.Snapshots is < 3 or > 52) errors.Add($"AlertRules:Trend:Snapshots must be 3..52 (got {Trend.Snapshots}).");
            if (!(Trend.MinRatio > 0)) errors.Add($"AlertRules:Trend:MinRatio must be positive (got {Trend.MinRatio}).");
            if (!(Trend.MinGrowth >= 1)) errors.Add($"AlertRules:Trend:MinGrowth must be at least 1 (got {Trend.MinGrowth}).");
            if (Trend.MinDemand < 1) errors.Add($"AlertRules:Trend:MinDemand must be at least 1 (got {Trend.MinDemand}).");
        }
        var s = Severities;
        if (!(s.Watch > 0 && s.Warning >= s.Watch && s.Critical >= s.Warning) || double.IsInfinity(s.Critical))
            errors.Add($"AlertRules:Severities must satisfy 0 < Watch <= Warning <= Critical (got {s.Watch}, {s.Warning}, {s.Critical}).");
        return errors;
    }
}
