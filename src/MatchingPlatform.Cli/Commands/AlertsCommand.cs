using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using MatchingPlatform.Protos.V1;
using Spectre.Console;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl alerts: what a training bureau does with shortage alerts, through the running server —
/// list them, follow the stream for its cities (resuming after the last event id it printed), acknowledge. Resilience
/// warnings reach bureaus through the same stream (<c>watch --resilience</c>), and <c>show</c> and <c>ack</c> take a
/// warning with <c>--resilience ID</c> instead of an alert's <c>--id</c>.
/// </summary>
internal static class AlertsCommand
{
    private static readonly Option<string[]> Cities = new("--city")
    {
        Description = "City codes of the bureau's jurisdiction (repeatable)", AllowMultipleArgumentsPerToken = true,
    };

    public static Command Create() => new("alerts", "Skill-shortage alerts and resilience warnings for training bureaus (calls the server)")
    {
        List(), Show(), Watch(), Acknowledge(),
    };

    /// <summary>What show and ack act on: a shortage alert (--id) or a resilience warning (--resilience), exactly one.</summary>
    private sealed class Target(string verb)
    {
        public Option<long?> AlertId { get; } = new("--id") { Description = $"Id of the shortage alert to {verb}" };
        public Option<long?> WarningId { get; } = new("--resilience") { Description = $"Id of the resilience warning to {verb} (instead of --id)" };

        public (long Id, bool Resilience) Read(ParseResult parse) => (parse.GetValue(AlertId), parse.GetValue(WarningId)) switch
        {
            ({ } alert, null) => (alert, false),
            (null, { } warning) => (warning, true),
            _ => throw new CliException("give either --id (a shortage alert) or --resilience (a resilience warning)"),
        };
    }

    private static Command List()
    {
        var open = new Option<bool>("--open") { Description = "Only open alerts" };
        var pageSize = new Option<int>("--limit") { Description = "At most this many (1-500)", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List alerts, newest first") { Cities, open, pageSize, CliServer.Address, CliServer.Token };
        command.SetAction(async (parse, ct) =>
        {
            using var channel = CliServer.Open(parse);
            var request = new ListAlertsRequest
            {
                Status = parse.GetValue(open) ? AlertStatus.Open : AlertStatus.Unspecified, PageSize = parse.GetValue(pageSize),
            };
            request.Cities.AddRange(parse.GetValue(Cities) ?? []);
            var response = await new AlertService.AlertServiceClient(channel).ListAlertsAsync(request, cancellationToken: ct);
            var table = new Table().AddColumns("id", "status", "severity", "rule", "city", "industry", "skill", "ratio", "demand", "supply", "since", "near-qualified");
            foreach (var a in response.Alerts)
                table.AddRow(a.Id.ToString(CultureInfo.InvariantCulture), Name(a.Status), Name(a.Severity), Name(a.Rule), a.City, a.Industry,
                    Markup.Escape(a.SkillNameEn), F(a.Ratio), a.Demand.ToString(CultureInfo.InvariantCulture),
                    a.Supply.ToString(CultureInfo.InvariantCulture), a.SincePeriod, a.NearQualifiedCount.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            if (response.NextPageToken.Length > 0) AnsiConsole.MarkupLine("[grey](more: raise --limit)[/]");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var target = new Target("show");
        var command = new Command("show", "One alert with its programmes and near-qualified seekers, or one resilience warning with its acknowledgements")
        {
            target.AlertId, target.WarningId, CliServer.Address, CliServer.Token,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (id, resilience) = target.Read(parse);
            using var channel = CliServer.Open(parse);
            if (resilience)
            {
                var r = await new ResilienceService.ResilienceServiceClient(channel)
                    .GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = id }, cancellationToken: ct);
                var w = r.Warning;
                AnsiConsole.MarkupLineInterpolated(
                    $"resilience warning {w.Id}: {Name(w.Severity)} {Name(w.Status)} — {w.Subject} of {w.City}, score {F(w.Score)}, since {w.SinceQuarter}, rule {Name(w.Rule)}");
                AnsiConsole.MarkupLineInterpolated($"  acknowledged by {r.Acknowledgements.Count}");
                foreach (var k in r.Acknowledgements)
                    AnsiConsole.MarkupLineInterpolated($"    {k.AcknowledgerId} at {k.AcknowledgeTime.ToDateTimeOffset():u}");
                return 0;
            }
            var a = await new AlertService.AlertServiceClient(channel)
                .GetAlertAsync(new GetAlertRequest { AlertId = id }, cancellationToken: ct);
            AnsiConsole.MarkupLineInterpolated(
                $"alert {a.Id}: {Name(a.Severity)} {Name(a.Status)} — {a.SkillNameEn} in {a.City} / {a.Industry}, ratio {F(a.Ratio)} ({a.Demand} open vs {a.Supply} seekers at level {a.RequiredLevel}+), since {a.SincePeriod}, rule {Name(a.Rule)}");
            foreach (var p in a.Programmes)
                AnsiConsole.MarkupLineInterpolated($"  programme {p.Id}: {p.Title} ({p.Provider}, {p.City}, {p.DurationWeeks} weeks{(p.Subsidised ? ", subsidised" : "")})");
            AnsiConsole.MarkupLineInterpolated($"  {a.NearQualifiedCount} near-qualified seekers; stored: {a.NearQualified.Count}");
            foreach (var s in a.NearQualified)
                AnsiConsole.MarkupLineInterpolated($"    {s.WorkerId}: holds level {s.HeldLevel} of {s.RequiredLevel} (for {s.VacancyId})");
            return 0;
        });
        return command;
    }

    private static Command Watch()
    {
        var after = new Option<long>("--after") { Description = "Resume after this event id (the last one printed)", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "Stop after this many events (0: follow until interrupted)" };
        var resilience = new Option<bool>("--resilience") { Description = "Also follow the cities' resilience warnings (same id sequence)" };
        var command = new Command("watch", "Follow the alert stream for a jurisdiction; each line starts with its event id")
        {
            Cities, after, count, resilience, CliServer.Address, CliServer.Token,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var channel = CliServer.Open(parse);
            var request = new SubscribeAlertsRequest { AfterEventId = parse.GetValue(after), IncludeResilience = parse.GetValue(resilience) };
            request.Cities.AddRange(parse.GetValue(Cities) ?? []);
            var limit = parse.GetValue(count);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var call = new AlertService.AlertServiceClient(channel).SubscribeAlerts(request, cancellationToken: cancel.Token);
            var seen = 0;
            try
            {
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancel.Token))
                {
                    if (e.ResilienceWarning is { } w)
                        AnsiConsole.MarkupLineInterpolated(
                            $"{e.EventId} {Name(e.Kind)} resilience warning {w.Id} {Name(w.Severity)}: {w.Subject} of {w.City}, score {F(w.Score)} in {w.Quarter}");
                    else
                    {
                        var a = e.Alert;
                        AnsiConsole.MarkupLineInterpolated(
                            $"{e.EventId} {Name(e.Kind)} alert {a.Id} {Name(a.Severity)}: {a.SkillNameEn} in {a.City}/{a.Industry}, ratio {F(a.Ratio)} ({a.Demand}/{a.Supply}), {a.NearQualifiedCount} near-qualified");
                    }
                    if (limit > 0 && ++seen >= limit) await cancel.CancelAsync();
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancel.IsCancellationRequested)
            {
                // Stopped after --count events or by Ctrl+C: the last id printed is where to resume.
            }
            return 0;
        });
        return command;
    }

    private static Command Acknowledge()
    {
        var target = new Target("acknowledge");
        var bureau = new Option<string>("--bureau", "--as")
        {
            Description = "Who acknowledges: the bureau id (for a resilience warning also an analyst's id); the token's subject", Required = true,
        };
        var command = new Command("ack", "Acknowledge an alert or a resilience warning as a bureau (idempotent)")
        {
            target.AlertId, target.WarningId, bureau, CliServer.Address, CliServer.Token,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (id, resilience) = target.Read(parse);
            using var channel = CliServer.Open(parse);
            string what, who;
            bool first;
            DateTimeOffset at;
            if (resilience)
            {
                var r = await new ResilienceService.ResilienceServiceClient(channel).AcknowledgeResilienceWarningAsync(
                    new AcknowledgeResilienceWarningRequest { WarningId = id, AcknowledgerId = parse.GetValue(bureau)! }, cancellationToken: ct);
                (what, who, first, at) = ($"resilience warning {r.WarningId}", r.AcknowledgerId, r.FirstAcknowledgement, r.AcknowledgeTime.ToDateTimeOffset());
            }
            else
            {
                var r = await new AlertService.AlertServiceClient(channel).AcknowledgeAlertAsync(
                    new AcknowledgeAlertRequest { AlertId = id, BureauId = parse.GetValue(bureau)! }, cancellationToken: ct);
                (what, who, first, at) = ($"alert {r.AlertId}", r.BureauId, r.FirstAcknowledgement, r.AcknowledgeTime.ToDateTimeOffset());
            }
            AnsiConsole.MarkupLineInterpolated($"{what} {(first ? "acknowledged" : "already acknowledged")} by {who} at {at:u}");
            return 0;
        });
        return command;
    }

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The proto enum's name without its prefix, lower case: ALERT_SEVERITY_WARNING reads "warning".</summary>
    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
