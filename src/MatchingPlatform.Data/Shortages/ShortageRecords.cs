using MatchingPlatform.Core.Shortages;

namespace MatchingPlatform.Data.Shortages;

/// <summary>A stored shortage snapshot: its period, the instant its statistics were computed as of, and what it did to the alerts.</summary>
public sealed record ShortageSnapshotInfo(
    long Id, SnapshotPeriod Period, DateTimeOffset AsOf, DateTimeOffset TakenAt,
    int StatRows, int AlertsOpened, int AlertsEscalated, int AlertsClosed);

/// <summary>Which stored statistics to list. Every filter is optional; <see cref="SnapshotId"/> null means the latest snapshot.</summary>
public sealed record ShortageStatFilter
{
    public long? SnapshotId { get; init; }
    /// <summary>Only these cities; null for all, empty for none.</summary>
    public IReadOnlyCollection<string>? CityCodes { get; init; }
    public string? IndustryCode { get; init; }
    /// <summary>Only skills of this group (skills.skill_group, e.g. <c>data-ai</c>).</summary>
    public string? SkillGroup { get; init; }
    public string? SkillCode { get; init; }
    /// <summary>Only rows whose <see cref="ShortageStat.Ratio"/> is at least this.</summary>
    public double? MinRatio { get; init; }
}

/// <summary>
/// One page of a snapshot's statistics, highest ratio first (then city, industry, skill). <see cref="Snapshot"/> is the
/// snapshot listed, null when there is none (no snapshot yet, or an unknown id).
/// </summary>
public sealed record ShortageStatsPage(ShortageSnapshotInfo? Snapshot, IReadOnlyList<ShortageStat> Items, string? NextPageToken);

/// <summary>One snapshot in the history of a key: <see cref="Stat"/> is null when the key had no open demand then.</summary>
public sealed record KeyHistoryPoint(long SnapshotId, SnapshotPeriod Period, ShortageStat? Stat);

/// <summary>
/// A city's digital-talent balance as of an instant: the open headcount of vacancies that require at least one
/// digital skill, the active seekers holding at least one digital skill at level 3 or above, and demand per seeker
/// (divided by at least one, as <see cref="ShortageStat.Ratio"/>).
/// </summary>
public sealed record DigitalRatio(string CityCode, int DigitalDemand, int DigitalSupply, double Ratio);

public enum AlertStatus
{
    Open = 1,
    Closed = 2,
}

/// <summary>
/// An alert as stored. The figures (<see cref="RequiredLevel"/> to <see cref="Supply"/>) are those of the snapshot
/// that last opened, escalated or closed it with statistics; <see cref="NearQualifiedCount"/> is every near-qualified
/// seeker found when it opened (the stored list may be capped, and shrinks when a listed worker is deleted).
/// </summary>
public sealed record StoredAlert(
    long Id, ShortageKey Key, AlertRule Rule, AlertSeverity Severity, AlertStatus Status, DateOnly Since,
    long OpenedSnapshotId, DateTimeOffset OpenedAt, long? ClosedSnapshotId, DateTimeOffset? ClosedAt,
    int RequiredLevel, double Ratio, int DemandHeadcount, int Supply, int NearQualifiedCount);

/// <summary>
/// One outbox row: what happened to an alert in a snapshot, with the figures of that snapshot, and the alert as
/// it is now. <see cref="Id"/> increases in commit order, so "every event after the last id seen" never misses one.
/// A closing for lack of demand has demand and ratio 0 and no supply figure.
/// </summary>
public sealed record AlertEventRecord(
    long Id, AlertEventKind Kind, long SnapshotId, AlertSeverity Severity, double Ratio, int DemandHeadcount, int? Supply,
    DateTimeOffset OccurredAt, StoredAlert Alert);

/// <summary>An alert with its stored near-qualified seekers (one level short first, then missing; then worker id).</summary>
public sealed record AlertDetail(StoredAlert Alert, IReadOnlyList<NearQualifiedSeeker> NearQualified);

/// <summary>A training bureau's acknowledgement of an alert; <see cref="AckedAt"/> is the time of the first acknowledgement.</summary>
public sealed record AlertAck(long AlertId, string BureauId, DateTimeOffset AckedAt);

/// <summary>Which alerts to list. Every filter is optional.</summary>
public sealed record AlertFilter
{
    /// <summary>Only alerts in these cities; null for all, empty for none.</summary>
    public IReadOnlyCollection<string>? CityCodes { get; init; }
    public AlertStatus? Status { get; init; }
    /// <summary>Only alerts at this severity or above.</summary>
    public AlertSeverity? MinSeverity { get; init; }
    public string? SkillCode { get; init; }
}

/// <summary>
/// What <see cref="ShortageSnapshotter.TakeAsync"/> did. With <see cref="AlreadyExisted"/> nothing was written and the
/// figures are those stored with the existing snapshot of the period.
/// </summary>
public sealed record SnapshotOutcome(
    long SnapshotId, SnapshotPeriod Period, bool AlreadyExisted, int StatRows, int Opened, int Escalated, int Closed, TimeSpan Elapsed);
