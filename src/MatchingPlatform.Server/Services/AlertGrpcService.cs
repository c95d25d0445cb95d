using MatchingPlatform.Core.Security;
using MatchingPlatform.Server.Infrastructure.Auth;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Services;

/// <summary>
/// Training bureaus' view of shortage alerts. The stream reads the outbox (alert_events) in id order from the
/// database and nothing else, so what a subscriber receives after reconnecting "after id X" is exactly what it
/// missed, whichever process or replica wrote it and whether or not this server restarted in between.
/// </summary>
internal sealed class AlertGrpcService(
    AlertRepository alerts,
    MatchingPlatform.Data.Resilience.ResilienceWarningRepository resilience,
    AlertSignal signal,
    RecommendationEngine engine,
    SkillTaxonomy taxonomy,
    CityDirectory cities,
    IOptions<ShortageOptions> options) : AlertService.AlertServiceBase
{
    /// <summary>Events read per query: a long backlog is sent in pages, never loaded whole.</summary>
    private const int StreamPage = 500;

    public override async Task SubscribeAlerts(SubscribeAlertsRequest request, IServerStreamWriter<AlertEvent> responseStream, ServerCallContext context)
    {
        var caller = Caller.From(context).RequireRole(PlatformRoles.TrainingBureau, PlatformRoles.Analyst);
        var jurisdiction = Requests.Cities(request.Cities, "cities", cities);
        if (jurisdiction.Count == 0) throw Requests.Invalid("cities", "required: the cities of the bureau's jurisdiction");
        caller.Jurisdiction(jurisdiction);
        if (request.AfterEventId < 0) throw Requests.Invalid("after_event_id", "must not be negative");
        var ct = context.CancellationToken;
        var poll = TimeSpan.FromSeconds(options.Value.AlertPollSeconds);
        var last = request.AfterEventId;
        while (!ct.IsCancellationRequested)
        {
            // Take the wake-up before querying: a snapshot committed during the query still wakes the next wait.
            var wake = signal.NextAsync();
            var events = await alerts.EventsAfterAsync(last, jurisdiction, StreamPage, ct);
            var training = engine.Training;
            if (request.IncludeResilience)
            {
                // Resilience warnings share the outbox's id sequence: merge the two id-ordered pages, sending only up
                // to the last id of a full page (beyond it the other page may still have events not yet read).
                var warnings = await resilience.EventsAfterAsync(last, jurisdiction, StreamPage, ct);
                var upTo = Math.Min(events.Count == StreamPage ? events[^1].Id : long.MaxValue, warnings.Count == StreamPage ? warnings[^1].Id : long.MaxValue);
                var merged = events.Where(e => e.Id <= upTo).Select(e => (e.Id, Proto: ShortageMapper.ToProto(e, taxonomy, training)))
                    .Concat(warnings.Where(w => w.Id <= upTo).Select(w => (w.Id, Proto: ResilienceMapper.ToProto(w))))
                    .OrderBy(x => x.Id);
                foreach (var (id, proto) in merged)
                {
                    await responseStream.WriteAsync(proto, ct);
                    last = id;
                }
                if (upTo != long.MaxValue) continue;
            }
            else
            {
                foreach (var e in events)
                {
                    await responseStream.WriteAsync(ShortageMapper.ToProto(e, taxonomy, training), ct);
                    last = e.Id;
                }
                if (events.Count == StreamPage) continue;
            }
            try
            {
                await wake.WaitAsync(poll, ct);
            }
            catch (TimeoutException)
            {
                // Poll: events written by another process do not signal this one.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context).RequireRole(PlatformRoles.TrainingBureau, PlatformRoles.Analyst);
        var cityCodes = caller.Jurisdiction(Requests.Cities(request.Cities, "cities", cities));
        var skill = Requests.OptionalId(request.Skill, "skill");
        if (skill is not null && !taxonomy.HasSkill(skill)) throw Requests.Invalid("skill", $"unknown skill '{skill}'");
        var filter = new AlertFilter
        {
            CityCodes = cityCodes, Status = ShortageMapper.ToDomain(request.Status),
            MinSeverity = ShortageMapper.ToDomain(request.MinSeverity), SkillCode = skill,
        };
        var pageSize = Requests.PageSize(request.PageSize);
        var page = await Requests.WithPageTokenAsync(() => alerts.ListAlertsAsync(filter, pageSize,
            request.PageToken.Length == 0 ? null : request.PageToken, context.CancellationToken));
        var response = new ListAlertsResponse { NextPageToken = page.NextPageToken ?? "" };
        var training = engine.Training;
        response.Alerts.AddRange(page.Items.Select(a => ShortageMapper.ToProto(a, taxonomy, training)));
        return response;
    }

    public override async Task<Alert> GetAlert(GetAlertRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context).RequireRole(PlatformRoles.TrainingBureau, PlatformRoles.Analyst);
        var id = Requests.PositiveId(request.AlertId, "alert_id", "alert");
        var detail = await alerts.GetAlertAsync(id, context.CancellationToken)
            ?? throw Requests.NotFound("alert", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!caller.Covers(detail.Alert.Key.CityCode)) throw Caller.Denied();
        var alert = ShortageMapper.ToProto(detail.Alert, taxonomy, engine.Training);
        // Analysts see the shortage and how many could be trained for it, never who they are.
        if (caller.MaySeePersonalDataIn(detail.Alert.Key.CityCode))
            alert.NearQualified.AddRange(detail.NearQualified.Select(ShortageMapper.ToProto));
        return alert;
    }

    public override async Task<AcknowledgeAlertResponse> AcknowledgeAlert(AcknowledgeAlertRequest request, ServerCallContext context)
    {
        var id = Requests.PositiveId(request.AlertId, "alert_id", "alert");
        var bureau = Requests.Id(request.BureauId, "bureau_id");
        var caller = Caller.From(context).RequireRole(PlatformRoles.TrainingBureau);
        // A bureau acknowledges for itself, and only alerts of its own cities.
        if (!caller.IsAdmin)
        {
            if (bureau != caller.Subject) throw Caller.Denied();
            var alert = await alerts.GetAlertAsync(id, context.CancellationToken);
            if (alert is not null && !caller.Covers(alert.Alert.Key.CityCode)) throw Caller.Denied();
        }
        var (ack, first) = await alerts.AcknowledgeAsync(id, bureau, context.CancellationToken);
        return new AcknowledgeAlertResponse
        {
            AlertId = ack.AlertId, BureauId = ack.BureauId, AcknowledgeTime = Timestamp.FromDateTimeOffset(ack.AckedAt),
            FirstAcknowledgement = first,
        };
    }
}
