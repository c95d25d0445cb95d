using System.Globalization;
using System.Text.RegularExpressions;
using MatchingPlatform.Core.Shortages;

namespace MatchingPlatform.Data.Resilience;

/// <summary>A calendar quarter, written "2025-Q3" (in storage, on the wire and in the CSV); string order is time order.</summary>
public readonly partial record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    public int Ordinal => Year * 4 + Number - 1;

    public static Quarter FromOrdinal(int ordinal) => new(ordinal / 4, ordinal % 4 + 1);

    public DateOnly FirstDay => new(Year, Number * 3 - 2, 1);
    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);
    public DateTimeOffset Start => new(FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public DateTimeOffset EndExclusive => Start.AddMonths(3);
    public Quarter Next => FromOrdinal(Ordinal + 1);
    public Quarter Previous => FromOrdinal(Ordinal - 1);

    public static Quarter Containing(DateTimeOffset t)
    {
        var u = t.UtcDateTime;
        return new Quarter(u.Year, (u.Month + 2) / 3);
    }

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        if (text is null || !Pattern().IsMatch(text)) return false;
        quarter = new Quarter(int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture), text[6] - '0');
        return quarter.Year >= 1900;
    }

    public static Quarter Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException($"'{text}' is not a quarter (YYYY-Qn, e.g. 2025-Q3)");

    /// <summary>Every quarter from <paramref name="from"/> to <paramref name="to"/>, inclusive.</summary>
    public static IReadOnlyList<Quarter> Range(Quarter from, Quarter to) =>
        Enumerable.Range(from.Ordinal, Math.Max(0, to.Ordinal - from.Ordinal + 1)).Select(FromOrdinal).ToArray();

    /// <summary>
    /// The quarter as a one-day <see cref="SnapshotPeriod"/> numbered by its ordinal, so that consecutive quarters are
    /// consecutive periods for <see cref="AlertRuleEngine"/> (which only needs "is this exactly the previous period").
    /// </summary>
    public SnapshotPeriod AsEnginePeriod() => new(DateOnly.FromDayNumber(Ordinal), 1);

    public static Quarter FromEnginePeriod(SnapshotPeriod p) => FromOrdinal(p.Start.DayNumber);

    public int CompareTo(Quarter other) => Ordinal.CompareTo(other.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Number}");

    [GeneratedRegex("^[0-9]{4}-Q[1-4]$")]
    private static partial Regex Pattern();
}

/// <summary>One indicator value of a city in a quarter, computed by SQL or imported.</summary>
public sealed record ResilienceValue(string CityCode, Quarter Quarter, string Indicator, double Value);

/// <summary>What a warning is about: the overall index or one dimension ("index", "resistance", ...).</summary>
public static class ResilienceSubjects
{
    public const string Index = "index";
    public static readonly IReadOnlyList<string> All = [Index, "resistance", "recovery", "adaptability", "transformation"];
    public static bool IsKnown(string s) => All.Contains(s);
}

/// <summary>The scores (0..100) of one city in a quarter: the index and each dimension, keyed by subject.</summary>
public sealed record CityResilienceScores(string CityCode, IReadOnlyDictionary<string, double> Scores);

/// <summary>Which rule opened a resilience warning (the engine's two rules, read for scores).</summary>
public enum ResilienceWarningRule
{
    /// <summary>At or below the level for N consecutive quarters (the engine's sustained rule).</summary>
    BelowLevel = 1,
    /// <summary>Falling quarter after quarter by at least the configured share (the engine's trend rule).</summary>
    FallingFast = 2,
}

/// <summary>
/// A stored resilience warning. <see cref="Score"/> is the score of the snapshot that last changed it;
/// <see cref="Acknowledgements"/> is how many have acknowledged it, counted by listings and by
/// <see cref="ResilienceWarningRepository.GetAsync"/>, null where it was not counted (events, the snapshotter).
/// </summary>
public sealed record ResilienceWarning(long Id, string CityCode, string Subject, ResilienceWarningRule Rule, AlertSeverity Severity,
    Shortages.AlertStatus Status, Quarter Since, long OpenedSnapshotId, DateTimeOffset OpenedAt, long? ClosedSnapshotId,
    DateTimeOffset? ClosedAt, double Score, int? Acknowledgements = null);

/// <summary>
/// A training bureau's or an analyst's acknowledgement of a resilience warning; <see cref="AckedAt"/> is the time of
/// the first acknowledgement.
/// </summary>
public sealed record ResilienceWarningAck(long WarningId, string AcknowledgerId, DateTimeOffset AckedAt);

/// <summary>One warning with everyone who has acknowledged it, earliest first.</summary>
public sealed record ResilienceWarningDetail(ResilienceWarning Warning, IReadOnlyList<ResilienceWarningAck> Acknowledgements);

/// <summary>One outbox row of a resilience warning, with the warning as it is now; ids share the alert_events sequence.</summary>
public sealed record ResilienceWarningEvent(long Id, AlertEventKind Kind, long SnapshotId, Quarter Quarter, AlertSeverity Severity, double Score,
    DateTimeOffset OccurredAt, ResilienceWarning Warning);

/// <summary>A stored quarterly snapshot and what it did to the warnings.</summary>
public sealed record ResilienceSnapshotInfo(long Id, Quarter Quarter, DateTimeOffset TakenAt, int Cities, int Opened, int Escalated, int Closed,
    bool AlreadyExisted = false);

/// <summary>A row of an imported CSV that was refused, with its line number (1 = the header).</summary>
public sealed record RejectedRow(int Line, string Reason);
