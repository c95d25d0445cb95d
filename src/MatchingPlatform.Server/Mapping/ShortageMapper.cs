using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Protos.V1;
using Stored = MatchingPlatform.Data.Shortages;

namespace MatchingPlatform.Server.Mapping;

/// <summary>Shortage statistics and alerts, domain/storage to wire.</summary>
internal static class ShortageMapper
{
    public static Snapshot ToProto(ShortageSnapshotInfo s) => new()
    {
        Id = s.Id, PeriodStart = Date(s.Period.Start), PeriodDays = s.Period.LengthDays,
        AsOfTime = Timestamp.FromDateTimeOffset(s.AsOf), TakeTime = Timestamp.FromDateTimeOffset(s.TakenAt),
        StatRows = s.StatRows, AlertsOpened = s.AlertsOpened, AlertsEscalated = s.AlertsEscalated, AlertsClosed = s.AlertsClosed,
    };

    public static Shortage ToProto(ShortageStat s, SkillTaxonomy taxonomy)
    {
        var skill = taxonomy.FindSkill(s.Key.SkillCode);
        return new Shortage
        {
            City = s.Key.CityCode, Industry = s.Key.IndustryCode, Skill = s.Key.SkillCode,
            SkillNameEn = skill?.NameEn ?? s.Key.SkillCode, SkillNameZh = skill?.NameZh ?? "", SkillGroup = skill?.Group ?? "",
            RequiredLevel = s.RequiredLevel, Demand = s.DemandHeadcount, OpenVacancies = s.OpenVacancies, Supply = s.Supply,
            Ratio = s.Ratio,
        };
    }

    /// <summary>An alert with the programmes that teach its skill to the required level, in its city first.</summary>
    public static Alert ToProto(StoredAlert a, SkillTaxonomy taxonomy, TrainingCatalog training)
    {
        var skill = taxonomy.FindSkill(a.Key.SkillCode);
        var p = new Alert
        {
            Id = a.Id, City = a.Key.CityCode, Industry = a.Key.IndustryCode, Skill = a.Key.SkillCode,
            SkillNameEn = skill?.NameEn ?? a.Key.SkillCode, SkillNameZh = skill?.NameZh ?? "",
            Rule = (Protos.V1.AlertRule)(int)a.Rule, Severity = (Protos.V1.AlertSeverity)(int)a.Severity,
            Status = (Protos.V1.AlertStatus)(int)a.Status, SincePeriod = Date(a.Since),
            OpenTime = Timestamp.FromDateTimeOffset(a.OpenedAt),
            Ratio = a.Ratio, Demand = a.DemandHeadcount, Supply = a.Supply, RequiredLevel = a.RequiredLevel,
            NearQualifiedCount = a.NearQualifiedCount,
        };
        if (a.ClosedAt is { } closed) p.CloseTime = Timestamp.FromDateTimeOffset(closed);
        p.Programmes.AddRange(training.For(a.Key.SkillCode, a.RequiredLevel, a.Key.CityCode).Select(ProtoMapper.ToProto));
        return p;
    }

    public static Protos.V1.NearQualifiedSeeker ToProto(Core.Shortages.NearQualifiedSeeker s) => new()
    {
        WorkerId = s.WorkerId, HeldLevel = s.HeldLevel, RequiredLevel = s.RequiredLevel, VacancyId = s.VacancyId,
    };

    public static AlertEvent ToProto(AlertEventRecord e, SkillTaxonomy taxonomy, TrainingCatalog training)
    {
        // The alert as it stood at this event: its figures and severity are the event's, not today's.
        var alert = ToProto(e.Alert, taxonomy, training);
        alert.Severity = (Protos.V1.AlertSeverity)(int)e.Severity;
        alert.Ratio = e.Ratio;
        alert.Demand = e.DemandHeadcount;
        alert.Supply = e.Supply ?? 0;
        if (e.Kind != Core.Shortages.AlertEventKind.Closed)
        {
            alert.Status = Protos.V1.AlertStatus.Open;
            alert.CloseTime = null;
        }
        return new AlertEvent
        {
            EventId = e.Id, Kind = (Protos.V1.AlertEventKind)(int)e.Kind, OccurTime = Timestamp.FromDateTimeOffset(e.OccurredAt),
            SnapshotId = e.SnapshotId, Alert = alert,
        };
    }

    public static Stored.AlertStatus? ToDomain(Protos.V1.AlertStatus status) => status switch
    {
        Protos.V1.AlertStatus.Unspecified => null,
        Protos.V1.AlertStatus.Open => Stored.AlertStatus.Open,
        Protos.V1.AlertStatus.Closed => Stored.AlertStatus.Closed,
        _ => throw Infrastructure.Requests.Invalid("status", $"unknown value {(int)status}"),
    };

    public static Core.Shortages.AlertSeverity? ToDomain(Protos.V1.AlertSeverity severity) => severity switch
    {
        Protos.V1.AlertSeverity.Unspecified => null,
        _ when System.Enum.IsDefined((Core.Shortages.AlertSeverity)(int)severity) => (Core.Shortages.AlertSeverity)(int)severity,
        _ => throw Infrastructure.Requests.Invalid("min_severity", $"unknown value {(int)severity}"),
    };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
