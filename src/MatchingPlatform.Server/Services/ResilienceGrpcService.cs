using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MatchingPlatform.Analytics.Resilience;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Data.Resilience;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Infrastructure.Auth;
using Dimension = MatchingPlatform.Analytics.Resilience.ResilienceDimension;
using StoredStatus = MatchingPlatform.Data.Shortages.AlertStatus;

namespace MatchingPlatform.Server.Services;

/// <summary>
/// The workforce-resilience index for analysts and admins: indicators aggregated in the database, the index computed
/// by Analytics (entropy weights), and the stored warnings. One warning and its acknowledgements are also open to the
/// training bureaus of its city, with the same rules as shortage alerts (<see cref="AlertGrpcService"/>). Thin: no
/// logic of its own beyond mapping and access checks.
/// </summary>
internal sealed class ResilienceGrpcService(
    ResilienceRepository repository,
    ResilienceWarningRepository warnings,
    CityDirectory cities) : ResilienceService.ResilienceServiceBase
{
    /// <summary>Ten years of quarters: the panel is small, but a request must not make it unbounded.</summary>
    private const int MaxQuarters = 40;

    public override async Task<GetResilienceIndexResponse> GetResilienceIndex(GetResilienceIndexRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireRole(PlatformRoles.Analyst);
        var ct = context.CancellationToken;
        var only = OptionalQuarter(request.Quarter, "quarter");
        var cityCodes = Requests.Cities(request.Cities, "cities", cities);
        var from = OptionalQuarter(request.FromQuarter, "from_quarter");
        var to = OptionalQuarter(request.ToQuarter, "to_quarter");
        if (from is null || to is null)
        {
            var data = await repository.DataQuartersAsync(ct);
            if (data is null && (from is null || to is null))
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "the platform has no complete quarter of data yet: give from_quarter and to_quarter"));
            from ??= data!.Value.From;
            to ??= data!.Value.To;
        }
        if (to.Value.CompareTo(from.Value) < 0) throw Requests.Invalid("to_quarter", $"{to} is before from_quarter {from}");
        if (to.Value.Ordinal - from.Value.Ordinal + 1 > MaxQuarters) throw Requests.Invalid("from_quarter", $"at most {MaxQuarters} quarters");
        if (only is { } q && (q.CompareTo(from.Value) < 0 || q.CompareTo(to.Value) > 0))
            throw Requests.Invalid("quarter", $"{q} is outside the range {from}..{to}");

        var result = await ResilienceScoring.ComputeAsync(repository, from.Value, to.Value, ct);
        var response = new GetResilienceIndexResponse { FromQuarter = from.ToString(), ToQuarter = to.ToString(), Degenerate = result.Degenerate };
        response.Indicators.AddRange(result.Indicators.Select(ResilienceMapper.ToProto));
        response.Cities.AddRange(result.Scores
            .Where(s => only is null || s.Period == only.ToString())
            .Where(s => cityCodes.Count == 0 || cityCodes.Contains(s.City))
            .Select(s => ResilienceMapper.ToProto(s, result)));
        return response;
    }

    public override async Task<ListResilienceWarningsResponse> ListResilienceWarnings(ListResilienceWarningsRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireRole(PlatformRoles.Analyst);
        var cityCodes = Requests.Cities(request.Cities, "cities", cities);
        var subject = Requests.OptionalId(request.Subject, "subject");
        if (subject is not null && !ResilienceSubjects.IsKnown(subject))
            throw Requests.Invalid("subject", $"'{subject}' is not one of {string.Join(", ", ResilienceSubjects.All)}");
        var status = request.Status switch
        {
            Protos.V1.AlertStatus.Unspecified => (StoredStatus?)null,
            Protos.V1.AlertStatus.Open => StoredStatus.Open,
            Protos.V1.AlertStatus.Closed => StoredStatus.Closed,
            _ => throw Requests.Invalid("status", $"unknown value {(int)request.Status}"),
        };
        var filter = new ResilienceWarningFilter { CityCodes = cityCodes.Count == 0 ? null : cityCodes, Status = status, Subject = subject };
        var pageSize = Requests.PageSize(request.PageSize);
        var page = await Requests.WithPageTokenAsync(() => warnings.ListAsync(filter, pageSize,
            request.PageToken.Length == 0 ? null : request.PageToken, context.CancellationToken));
        var response = new ListResilienceWarningsResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Warnings.AddRange(page.Items.Select(w => ResilienceMapper.ToProto(w, null)));
        return response;
    }

    public override async Task<GetResilienceWarningResponse> GetResilienceWarning(GetResilienceWarningRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context).RequireRole(PlatformRoles.TrainingBureau, PlatformRoles.Analyst);
        var id = Requests.PositiveId(request.WarningId, "warning_id", "warning");
        var detail = await warnings.GetAsync(id, context.CancellationToken)
            ?? throw Requests.NotFound("resilience warning", id.ToString(CultureInfo.InvariantCulture));
        if (!caller.Covers(detail.Warning.CityCode)) throw Caller.Denied();
        var response = new GetResilienceWarningResponse { Warning = ResilienceMapper.ToProto(detail.Warning, null) };
        response.Acknowledgements.AddRange(detail.Acknowledgements.Select(a => new ResilienceWarningAcknowledgement
        {
            AcknowledgerId = a.AcknowledgerId, AcknowledgeTime = Timestamp.FromDateTimeOffset(a.AckedAt),
        }));
        return response;
    }

    public override async Task<AcknowledgeResilienceWarningResponse> AcknowledgeResilienceWarning(AcknowledgeResilienceWarningRequest request,
        ServerCallContext context)
    {
        var caller = Caller.From(context).RequireRole(PlatformRoles.TrainingBureau, PlatformRoles.Analyst);
        var id = Requests.PositiveId(request.WarningId, "warning_id", "warning");
        var acknowledger = Requests.Id(request.AcknowledgerId, "acknowledger_id");
        // A bureau or an analyst acknowledges as itself; a bureau only warnings of its own cities (analysts cover all).
        if (!caller.IsAdmin)
        {
            if (acknowledger != caller.Subject) throw Caller.Denied();
            var warning = await warnings.GetAsync(id, context.CancellationToken);
            if (warning is not null && !caller.Covers(warning.Warning.CityCode)) throw Caller.Denied();
        }
        // An unknown warning: MissingReferenceException naming warning_id, NOT_FOUND (ErrorMappingInterceptor).
        var (ack, first) = await warnings.AcknowledgeAsync(id, acknowledger, context.CancellationToken);
        return new AcknowledgeResilienceWarningResponse
        {
            WarningId = ack.WarningId, AcknowledgerId = ack.AcknowledgerId, AcknowledgeTime = Timestamp.FromDateTimeOffset(ack.AckedAt),
            FirstAcknowledgement = first,
        };
    }

    private static Quarter? OptionalQuarter(string text, string field) =>
        text.Length == 0 ? null : Quarter.TryParse(text, out var q) ? q : throw Requests.Invalid(field, $"'{Truncate(text)}' is not a quarter (YYYY-Qn)");

    private static string Truncate(string s) => s.Length <= 16 ? s : s[..16] + "...";
}

/// <summary>Resilience results and warnings, domain/storage to wire.</summary>
internal static class ResilienceMapper
{
    public static Protos.V1.ResilienceDimension ToProto(Dimension d) => (Protos.V1.ResilienceDimension)(int)d;

    public static ResilienceIndicatorWeight ToProto(IndicatorWeight w) => new()
    {
        Code = w.Indicator.Code, Dimension = ToProto(w.Indicator.Dimension),
        HigherIsBetter = w.Indicator.Direction == IndicatorDirection.HigherIsBetter, External = w.Indicator.Source == IndicatorSource.External,
        Included = w.Included, Entropy = w.Entropy, Divergence = w.Divergence, Weight = w.Weight,
        Min = w.Included ? w.Min : 0, Max = w.Included ? w.Max : 0, Imputed = w.Imputed, Unit = w.Indicator.Unit, Definition = w.Indicator.Definition,
    };

    public static CityResilience ToProto(CityPeriodScore s, ResilienceResult result)
    {
        var p = new CityResilience { City = s.City, Quarter = s.Period, Index = s.Index };
        p.Dimensions.AddRange(s.Dimensions.OrderBy(d => d.Key).Select(d => new ResilienceDimensionScore
        {
            Dimension = ToProto(d.Key), Score = d.Value, Weight = result.DimensionWeights.GetValueOrDefault(d.Key),
        }));
        p.Indicators.AddRange(s.Raw.Keys.Select(code => new ResilienceIndicatorValue { Code = code, Raw = s.Raw[code], Normalised = s.Normalised[code] }));
        return p;
    }

    /// <summary>A warning; <paramref name="e"/> gives the quarter, severity and score as of that event.</summary>
    public static Protos.V1.ResilienceWarning ToProto(Data.Resilience.ResilienceWarning w, ResilienceWarningEvent? e)
    {
        var p = new Protos.V1.ResilienceWarning
        {
            Id = w.Id, City = w.CityCode, Subject = w.Subject,
            Rule = w.Rule == ResilienceWarningRule.BelowLevel ? AlertRule.BelowLevel : AlertRule.FallingFast,
            Severity = (Protos.V1.AlertSeverity)(int)(e?.Severity ?? w.Severity),
            Status = e is not null && e.Kind != Core.Shortages.AlertEventKind.Closed ? Protos.V1.AlertStatus.Open : (Protos.V1.AlertStatus)(int)w.Status,
            SinceQuarter = w.Since.ToString(), Quarter = e?.Quarter.ToString() ?? "", Score = e?.Score ?? w.Score,
            OpenTime = Timestamp.FromDateTimeOffset(w.OpenedAt), AcknowledgementCount = w.Acknowledgements ?? 0,
        };
        if (w.ClosedAt is { } closed && p.Status == Protos.V1.AlertStatus.Closed) p.CloseTime = Timestamp.FromDateTimeOffset(closed);
        return p;
    }

    public static AlertEvent ToProto(ResilienceWarningEvent e) => new()
    {
        EventId = e.Id, Kind = (Protos.V1.AlertEventKind)(int)e.Kind, OccurTime = Timestamp.FromDateTimeOffset(e.OccurredAt),
        SnapshotId = e.SnapshotId, ResilienceWarning = ToProto(e.Warning, e),
    };

    public static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
