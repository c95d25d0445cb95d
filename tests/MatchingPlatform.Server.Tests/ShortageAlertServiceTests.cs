using Grpc.Core;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>
/// An empty database and alert rules that fire on the first snapshot: one shortage the test works out by hand.
/// </summary>
public sealed class AlertPlatformFactory : PlatformFactory
{
    public AlertPlatformFactory() : base(seedDemoData: false) { }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AlertRules:ConsecutiveSnapshots"] = "1",
        ["AlertRules:Trend:Enabled"] = "false",
    };

    private Task<TakeSnapshotResponse>? _arranged;
    private readonly Lock _gate = new();

    /// <summary>
    /// Anshan, equipment manufacturing: two vacancies ask Python at level 3 for 4 + 3 = 7 positions (one also asks PLC 3);
    /// one active seeker holds Python 3, so the ratio is 7 and the alert is a warning (5 &lt;= 7 &lt; 10). Near-qualified:
    /// w-sa-py2 (Python one level short) and w-sa-nopy (PLC only: Python is its only gap). w-sa-py1 is two levels short;
    /// w-sa-passive holds Python 5 but is not seeking. Taken once per fixture; every test reads the same snapshot.
    /// </summary>
    public Task<TakeSnapshotResponse> ArrangeAsync()
    {
        lock (_gate) return _arranged ??= ArrangeOnceAsync();
    }

    private async Task<TakeSnapshotResponse> ArrangeOnceAsync()
    {
        await new EnterpriseService.EnterpriseServiceClient(Channel).CreateEnterpriseAsync(
            new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-sa", "anshan") });
        var vacancies = new VacancyService.VacancyServiceClient(Channel);
        var v1 = Builders.Vacancy("v-sa-1", "e-sa", "anshan", ("plc-programming", 3, 5), ("python", 3, 3));
        v1.Headcount = 4;
        var v2 = Builders.Vacancy("v-sa-2", "e-sa", "anshan", ("python", 3, 4));
        v2.Headcount = 3;
        await vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = v1 });
        await vacancies.PostVacancyAsync(new PostVacancyRequest { Vacancy = v2 });
        var workers = new WorkerService.WorkerServiceClient(Channel);
        foreach (var w in new[]
        {
            Builders.Worker("w-sa-py3", "anshan", ("python", 3), ("plc-programming", 4)),
            Builders.Worker("w-sa-py2", "anshan", ("python", 2), ("plc-programming", 4)),
            Builders.Worker("w-sa-nopy", "anshan", ("plc-programming", 3)),
            Builders.Worker("w-sa-py1", "anshan", ("python", 1), ("plc-programming", 4)),
        })
            await workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = w });
        var passive = Builders.Worker("w-sa-passive", "anshan", ("python", 5), ("plc-programming", 5));
        passive.ActivelySeeking = false;
        await workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = passive });
        return await new ShortageService.ShortageServiceClient(Channel).TakeSnapshotAsync(new TakeSnapshotRequest());
    }
}

public sealed class ShortageAlertServiceTests(AlertPlatformFactory factory) : IClassFixture<AlertPlatformFactory>
{
    private readonly ShortageService.ShortageServiceClient _shortages = new(factory.Channel);
    private readonly AlertService.AlertServiceClient _alerts = new(factory.Channel);

    [Fact]
    public async Task A_second_snapshot_in_the_same_period_writes_nothing()
    {
        var first = await factory.ArrangeAsync();
        Assert.False(first.AlreadyExisted);
        Assert.Equal(1, first.Snapshot.AlertsOpened);

        var again = await _shortages.TakeSnapshotAsync(new TakeSnapshotRequest());
        Assert.True(again.AlreadyExisted);
        Assert.Equal(first.Snapshot.Id, again.Snapshot.Id);
        var snapshots = await _shortages.ListSnapshotsAsync(new ListSnapshotsRequest());
        Assert.Single(snapshots.Snapshots);
        var alerts = await _alerts.ListAlertsAsync(new ListAlertsRequest());
        Assert.Single(alerts.Alerts);
    }

    [Fact]
    public async Task Shortage_rows_are_the_hand_computed_demand_and_supply()
    {
        await factory.ArrangeAsync();
        var list = await _shortages.ListShortagesAsync(new ListShortagesRequest { Cities = { "anshan" } });

        var python = Assert.Single(list.Shortages, s => s.Skill == "python");
        Assert.Equal(("equipment-manufacturing", 3, 7, 2, 1, 7.0), (python.Industry, python.RequiredLevel, python.Demand, python.OpenVacancies, python.Supply, python.Ratio));
        var plc = Assert.Single(list.Shortages, s => s.Skill == "plc-programming");
        // PLC 3 for 4 positions; held at 3+ by py3, py2, nopy and py1 (the passive seeker does not count).
        Assert.Equal((3, 4, 1, 4, 1.0), (plc.RequiredLevel, plc.Demand, plc.OpenVacancies, plc.Supply, plc.Ratio));
        Assert.Equal("python", list.Shortages[0].Skill);

        var elsewhere = await _shortages.ListShortagesAsync(new ListShortagesRequest { Cities = { "shenyang" } });
        Assert.Empty(elsewhere.Shortages);
        var filtered = await _shortages.ListShortagesAsync(new ListShortagesRequest { MinRatio = 2 });
        Assert.Equal(["python"], filtered.Shortages.Select(s => s.Skill));
    }

    [Theory]
    [InlineData("cities[0]", "nowhere", 0, 0)]
    [InlineData("min_ratio", "", -1, 0)]
    [InlineData("trend_snapshots", "", 0, 13)]
    public async Task Bad_shortage_queries_name_the_field(string field, string city, double minRatio, int trend)
    {
        var request = new ListShortagesRequest { MinRatio = minRatio, TrendSnapshots = trend };
        if (city.Length > 0) request.Cities.Add(city);
        var ex = await Assert.ThrowsAsync<RpcException>(() => _shortages.ListShortagesAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith(field + ":", ex.Status.Detail);
    }

    [Fact]
    public async Task The_alert_carries_its_figures_and_the_near_qualified_seekers()
    {
        await factory.ArrangeAsync();
        var listed = Assert.Single((await _alerts.ListAlertsAsync(new ListAlertsRequest { Cities = { "anshan" } })).Alerts);
        Assert.Equal(("anshan", "equipment-manufacturing", "python"), (listed.City, listed.Industry, listed.Skill));
        Assert.Equal((AlertRule.Sustained, AlertSeverity.Warning, AlertStatus.Open), (listed.Rule, listed.Severity, listed.Status));
        Assert.Equal((7.0, 7, 1, 3, 2), (listed.Ratio, listed.Demand, listed.Supply, listed.RequiredLevel, listed.NearQualifiedCount));
        Assert.Empty(listed.NearQualified);

        var detail = await _alerts.GetAlertAsync(new GetAlertRequest { AlertId = listed.Id });
        Assert.Equal([("w-sa-py2", 2), ("w-sa-nopy", 0)], detail.NearQualified.Select(s => (s.WorkerId, s.HeldLevel)));
        Assert.All(detail.NearQualified, s => Assert.Equal(3, s.RequiredLevel));

        Assert.Empty((await _alerts.ListAlertsAsync(new ListAlertsRequest { Cities = { "shenyang" } })).Alerts);
        Assert.Empty((await _alerts.ListAlertsAsync(new ListAlertsRequest { MinSeverity = AlertSeverity.Critical })).Alerts);
        var missing = await Assert.ThrowsAsync<RpcException>(() => _alerts.GetAlertAsync(new GetAlertRequest { AlertId = 999_999 }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_stream_delivers_a_jurisdictions_events_once_and_resumes_after_the_last_id()
    {
        await factory.ArrangeAsync();
        var anshan = await ReadAsync(new SubscribeAlertsRequest { Cities = { "anshan", "dalian" } }, TimeSpan.FromSeconds(3));
        var opened = Assert.Single(anshan);
        Assert.Equal(AlertEventKind.Opened, opened.Kind);
        Assert.Equal("python", opened.Alert.Skill);

        Assert.Empty(await ReadAsync(new SubscribeAlertsRequest { Cities = { "anshan" }, AfterEventId = opened.EventId }, TimeSpan.FromSeconds(2)));
        Assert.Empty(await ReadAsync(new SubscribeAlertsRequest { Cities = { "shenyang" } }, TimeSpan.FromSeconds(2)));
    }

    [Theory]
    [InlineData("cities", -1)]
    [InlineData("after_event_id", -5)]
    public async Task Bad_subscriptions_name_the_field(string field, long after)
    {
        var request = new SubscribeAlertsRequest { AfterEventId = after };
        if (field != "cities") request.Cities.Add("anshan");
        var ex = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(request, TimeSpan.FromSeconds(5)));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith(field + ":", ex.Status.Detail);
    }

    [Fact]
    public async Task Acknowledging_is_idempotent()
    {
        await factory.ArrangeAsync();
        var alert = Assert.Single((await _alerts.ListAlertsAsync(new ListAlertsRequest())).Alerts);
        var first = await _alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alert.Id, BureauId = "bureau-anshan" });
        var second = await _alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alert.Id, BureauId = "bureau-anshan" });
        Assert.True(first.FirstAcknowledgement);
        Assert.False(second.FirstAcknowledgement);
        Assert.Equal(first.AcknowledgeTime, second.AcknowledgeTime);

        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            _alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = 424_242, BureauId = "bureau-anshan" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var noBureau = await Assert.ThrowsAsync<RpcException>(() =>
            _alerts.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alert.Id }).ResponseAsync);
        Assert.StartsWith("bureau_id:", noBureau.Status.Detail);
    }

    [Fact]
    public async Task A_workers_area_gap_counts_the_vacancies_one_skill_would_open()
    {
        await factory.ArrangeAsync();
        var gap = await _shortages.GetWorkerAreaGapAsync(new GetWorkerAreaGapRequest { WorkerId = "w-sa-nopy" });
        Assert.Equal((2, 0), (gap.VacanciesConsidered, gap.VacanciesQualified));
        var python = Assert.Single(gap.Gaps);
        Assert.Equal(("python", 2, 7, 3, 0, 2), (python.Skill, python.Vacancies, python.Headcount, python.RequiredLevel, python.HeldLevel, python.WouldQualifyFor));

        var none = await _shortages.GetWorkerAreaGapAsync(new GetWorkerAreaGapRequest { WorkerId = "w-sa-py3" });
        Assert.Equal((2, 2), (none.VacanciesConsidered, none.VacanciesQualified));
        Assert.Empty(none.Gaps);

        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            _shortages.GetWorkerAreaGapAsync(new GetWorkerAreaGapRequest { WorkerId = "w-nobody" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Digital_ratio_counts_the_open_headcount_needing_a_digital_skill()
    {
        await factory.ArrangeAsync();
        var ratios = await _shortages.GetDigitalSkillRatiosAsync(new GetDigitalSkillRatiosRequest());
        var anshan = Assert.Single(ratios.Cities, c => c.City == "anshan");
        Assert.Equal(7, anshan.Demand);
        Assert.Equal(anshan.Demand / (double)Math.Max(anshan.Supply, 1), anshan.Ratio, 9);
    }

    private Task<List<AlertEvent>> ReadAsync(SubscribeAlertsRequest request, TimeSpan window) => AlertStreams.ReadAsync(_alerts, request, window);
}
