using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Providers.Dialects;
using static MatchingPlatform.Data.Providers.Dialects.ColumnType;

namespace MatchingPlatform.Data.Shortages;

/// <summary>A snapshot row about to be written (its id is the database's).</summary>
internal sealed record NewSnapshot(SnapshotPeriod Period, DateTimeOffset AsOf, DateTimeOffset TakenAt, int StatRows, int Opened, int Escalated, int Closed);

/// <summary>An alert about to be opened, with the statistics row that opened it.</summary>
internal sealed record NewAlert(AlertOpening Opening, long SnapshotId, DateTimeOffset OpenedAt, int NearQualifiedCount);

/// <summary>An outbox row about to be written; <see cref="Stat"/> is null for a closing without demand left.</summary>
internal sealed record NewAlertEvent(long AlertId, ShortageKey Key, AlertEventKind Kind, long SnapshotId, AlertSeverity Severity,
    ShortageStat? Stat, DateTimeOffset OccurredAt);

/// <summary>How the shortage and alert records fill their tables (the counterpart of Repositories/Tables.cs).</summary>
internal static class ShortageTables
{
    public static readonly Table<NewSnapshot> Snapshots = new("shortage_snapshots", ["period_start"],
        ("period_start", Text, s => DbTime.ToDate(s.Period.Start)), ("period_days", Int, s => s.Period.LengthDays),
        ("as_of", Long, s => DbTime.ToMs(s.AsOf)), ("taken_at", Long, s => DbTime.ToMs(s.TakenAt)),
        ("stat_rows", Int, s => s.StatRows), ("alerts_opened", Int, s => s.Opened), ("alerts_escalated", Int, s => s.Escalated),
        ("alerts_closed", Int, s => s.Closed));

    public static readonly Table<(long SnapshotId, ShortageStat Stat)> Stats = new("shortage_stats",
        ["snapshot_id", "city_code", "industry_code", "skill_code"],
        ("snapshot_id", Long, x => x.SnapshotId), ("city_code", Text, x => x.Stat.Key.CityCode),
        ("industry_code", Text, x => x.Stat.Key.IndustryCode), ("skill_code", Text, x => x.Stat.Key.SkillCode),
        ("required_level", Int, x => x.Stat.RequiredLevel), ("demand_headcount", Int, x => x.Stat.DemandHeadcount),
        ("open_vacancies", Int, x => x.Stat.OpenVacancies), ("supply", Int, x => x.Stat.Supply));

    /// <summary>A new alert is open; the key is informational (the open-key rule is a partial unique index).</summary>
    public static readonly Table<NewAlert> Alerts = new("alerts", ["city_code", "industry_code", "skill_code"],
        ("city_code", Text, a => a.Opening.Stat.Key.CityCode), ("industry_code", Text, a => a.Opening.Stat.Key.IndustryCode),
        ("skill_code", Text, a => a.Opening.Stat.Key.SkillCode), ("rule", Int, a => (int)a.Opening.Rule),
        ("severity", Int, a => (int)a.Opening.Severity), ("status", Int, _ => (int)AlertStatus.Open),
        ("since_period", Text, a => DbTime.ToDate(a.Opening.Since)), ("opened_snapshot_id", Long, a => a.SnapshotId),
        ("opened_at", Long, a => DbTime.ToMs(a.OpenedAt)), ("required_level", Int, a => a.Opening.Stat.RequiredLevel),
        ("ratio", Real, a => a.Opening.Stat.Ratio), ("demand_headcount", Int, a => a.Opening.Stat.DemandHeadcount),
        ("supply", Int, a => a.Opening.Stat.Supply), ("near_qualified_count", Int, a => a.NearQualifiedCount));

    public static readonly Table<NewAlertEvent> Events = new("alert_events", ["alert_id", "snapshot_id"],
        ("alert_id", Long, e => e.AlertId), ("kind", Int, e => (int)e.Kind), ("snapshot_id", Long, e => e.SnapshotId),
        ("severity", Int, e => (int)e.Severity), ("ratio", Real, e => e.Stat?.Ratio ?? 0.0),
        ("demand_headcount", Int, e => e.Stat?.DemandHeadcount ?? 0), ("supply", Int, e => e.Stat?.Supply),
        ("city_code", Text, e => e.Key.CityCode), ("occurred_at", Long, e => DbTime.ToMs(e.OccurredAt)));

    public static readonly Table<(long AlertId, NearQualifiedSeeker Seeker)> NearQualified = new("alert_near_qualified", ["alert_id", "worker_id"],
        ("alert_id", Long, x => x.AlertId), ("worker_id", Text, x => x.Seeker.WorkerId), ("held_level", Int, x => x.Seeker.HeldLevel),
        ("required_level", Int, x => x.Seeker.RequiredLevel), ("vacancy_id", Text, x => x.Seeker.VacancyId));
}
