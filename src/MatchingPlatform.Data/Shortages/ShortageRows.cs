using MatchingPlatform.Core.Shortages;

namespace MatchingPlatform.Data.Shortages;

// Dapper row shapes of the shortage and alert tables and their mapping to records (the counterpart of
// Repositories/Rows.cs). Integers are read as long: SQLite returns every integer as Int64.

internal sealed class SnapshotRow
{
    public long Id { get; set; }
    public string PeriodStart { get; set; } = "";
    public long PeriodDays { get; set; }
    public long AsOf { get; set; }
    public long TakenAt { get; set; }
    public long StatRows { get; set; }
    public long AlertsOpened { get; set; }
    public long AlertsEscalated { get; set; }
    public long AlertsClosed { get; set; }

    public SnapshotPeriod Period => new(DbTime.FromDate(PeriodStart), (int)PeriodDays);

    public ShortageSnapshotInfo ToDomain() => new(Id, Period, DbTime.FromMs(AsOf), DbTime.FromMs(TakenAt),
        (int)StatRows, (int)AlertsOpened, (int)AlertsEscalated, (int)AlertsClosed);
}

internal class StatRow
{
    public string CityCode { get; set; } = "";
    public string IndustryCode { get; set; } = "";
    public string SkillCode { get; set; } = "";
    public long RequiredLevel { get; set; }
    public long DemandHeadcount { get; set; }
    public long OpenVacancies { get; set; }
    public long Supply { get; set; }

    public ShortageStat ToDomain() => new(new ShortageKey(CityCode, IndustryCode, SkillCode),
        (int)RequiredLevel, (int)DemandHeadcount, (int)OpenVacancies, (int)Supply);
}

/// <summary>A statistics row with its snapshot (null columns: a snapshot without a row for the key or without any row).</summary>
internal sealed class SnapshotStatRow
{
    public long SnapshotId { get; set; }
    public string PeriodStart { get; set; } = "";
    public long PeriodDays { get; set; }
    public string? CityCode { get; set; }
    public string? IndustryCode { get; set; }
    public string? SkillCode { get; set; }
    public long? RequiredLevel { get; set; }
    public long? DemandHeadcount { get; set; }
    public long? OpenVacancies { get; set; }
    public long? Supply { get; set; }

    public SnapshotPeriod Period => new(DbTime.FromDate(PeriodStart), (int)PeriodDays);

    public ShortageStat? ToStat() => CityCode is null ? null : new(new ShortageKey(CityCode, IndustryCode!, SkillCode!),
        (int)RequiredLevel!.Value, (int)DemandHeadcount!.Value, (int)OpenVacancies!.Value, (int)Supply!.Value);
}

internal class AlertRow
{
    public long Id { get; set; }
    public string CityCode { get; set; } = "";
    public string IndustryCode { get; set; } = "";
    public string SkillCode { get; set; } = "";
    public long Rule { get; set; }
    public long Severity { get; set; }
    public long Status { get; set; }
    public string SincePeriod { get; set; } = "";
    public long OpenedSnapshotId { get; set; }
    public long OpenedAt { get; set; }
    public long? ClosedSnapshotId { get; set; }
    public long? ClosedAt { get; set; }
    public long RequiredLevel { get; set; }
    public double Ratio { get; set; }
    public long DemandHeadcount { get; set; }
    public long Supply { get; set; }
    public long NearQualifiedCount { get; set; }

    public const string Columns = """
        a.id, a.city_code, a.industry_code, a.skill_code, a.rule, a.severity, a.status, a.since_period, a.opened_snapshot_id,
        a.opened_at, a.closed_snapshot_id, a.closed_at, a.required_level, a.ratio, a.demand_headcount, a.supply, a.near_qualified_count
        """;

    public ShortageKey Key => new(CityCode, IndustryCode, SkillCode);

    public StoredAlert ToDomain() => new(Id, Key, (AlertRule)Rule, (AlertSeverity)Severity,
        (AlertStatus)Status, DbTime.FromDate(SincePeriod), OpenedSnapshotId, DbTime.FromMs(OpenedAt), ClosedSnapshotId,
        DbTime.FromMs(ClosedAt), (int)RequiredLevel, Ratio, (int)DemandHeadcount, (int)Supply, (int)NearQualifiedCount);

    public OpenAlert ToOpenAlert() => new(Id, Key, (AlertRule)Rule, (AlertSeverity)Severity, DbTime.FromDate(SincePeriod));
}

/// <summary>An outbox row joined with its alert; the event's own columns are prefixed so they do not collide.</summary>
internal sealed class AlertEventRow : AlertRow
{
    public long EventId { get; set; }
    public long EventKind { get; set; }
    public long EventSnapshotId { get; set; }
    public long EventSeverity { get; set; }
    public double EventRatio { get; set; }
    public long EventDemandHeadcount { get; set; }
    public long? EventSupply { get; set; }
    public long EventOccurredAt { get; set; }

    public new const string Columns = """
        e.id AS event_id, e.kind AS event_kind, e.snapshot_id AS event_snapshot_id, e.severity AS event_severity,
        e.ratio AS event_ratio, e.demand_headcount AS event_demand_headcount, e.supply AS event_supply,
        e.occurred_at AS event_occurred_at,
        """ + AlertRow.Columns;

    public AlertEventRecord ToEvent() => new(EventId, (AlertEventKind)EventKind, EventSnapshotId, (AlertSeverity)EventSeverity,
        EventRatio, (int)EventDemandHeadcount, (int?)EventSupply, DbTime.FromMs(EventOccurredAt), ToDomain());
}

internal sealed class NearQualifiedRow
{
    public string WorkerId { get; set; } = "";
    public long HeldLevel { get; set; }
    public long RequiredLevel { get; set; }
    public string VacancyId { get; set; } = "";
    public NearQualifiedSeeker ToDomain() => new(WorkerId, (int)HeldLevel, (int)RequiredLevel, VacancyId);
}

/// <summary>One requirement of an open vacancy (several rows per vacancy).</summary>
internal sealed class VacancyRequirementRow
{
    public string VacancyId { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string IndustryCode { get; set; } = "";
    public long Headcount { get; set; }
    public string? SkillCode { get; set; }
    public long? Level { get; set; }
    public long? Importance { get; set; }
}

/// <summary>One skill of an active seeker; a seeker without skills has one row with null skill.</summary>
internal sealed class SeekerSkillRow
{
    public string WorkerId { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string? SkillCode { get; set; }
    public long? Level { get; set; }
}

internal sealed class DigitalRow
{
    public string CityCode { get; set; } = "";
    public long DigitalDemand { get; set; }
    public long DigitalSupply { get; set; }
}
