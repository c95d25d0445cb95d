using Grpc.Core;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Resilience;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>ResilienceService over the small demo dataset, its access rules, and resilience warnings on the alert stream.</summary>
public sealed class ResilienceServiceTests(DemoPlatformFactory factory) : IClassFixture<DemoPlatformFactory>
{
    private ResilienceService.ResilienceServiceClient As(string role, string subject, params string[] cities) =>
        new(factory.ChannelAs(role, subject, cities));

    [Fact]
    public async Task An_analyst_gets_the_index_with_its_weights_and_dimensions()
    {
        var analyst = As(PlatformRoles.Analyst, "analyst-1");
        var all = await analyst.GetResilienceIndexAsync(new GetResilienceIndexRequest());
        Assert.Equal(12, all.Indicators.Count);
        Assert.Equal(1.0, all.Indicators.Sum(i => i.Weight), 9);
        Assert.All(all.Indicators.Where(i => !i.Included), i => Assert.Equal(0, i.Weight));
        Assert.NotEmpty(all.Cities);
        Assert.All(all.Cities, c => Assert.InRange(c.Index, 0, 100));
        Assert.All(all.Cities, c => Assert.Equal(4, c.Dimensions.Count));
        // The index is the dimension scores weighted by the dimensions' weights.
        var first = all.Cities[0];
        Assert.Equal(first.Index, first.Dimensions.Sum(d => d.Score * d.Weight), 6);

        var one = await analyst.GetResilienceIndexAsync(new GetResilienceIndexRequest { Quarter = all.ToQuarter, Cities = { "shenyang" } });
        var shenyang = Assert.Single(one.Cities);
        Assert.Equal((all.ToQuarter, "shenyang"), (shenyang.Quarter, shenyang.City));
        Assert.Equal(all.Cities.Single(c => c.City == "shenyang" && c.Quarter == all.ToQuarter).Index, shenyang.Index, 12);

        var bad = await Assert.ThrowsAsync<RpcException>(() => analyst.GetResilienceIndexAsync(new GetResilienceIndexRequest { Quarter = "2025Q1" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        var outside = await Assert.ThrowsAsync<RpcException>(() => analyst.GetResilienceIndexAsync(new GetResilienceIndexRequest { Quarter = "1999-Q1" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, outside.StatusCode);
    }

    [Theory]
    [InlineData(PlatformRoles.JobSeeker, "w-1")]
    [InlineData(PlatformRoles.Enterprise, "e-1")]
    [InlineData(PlatformRoles.TrainingBureau, "bureau-anshan")]
    public async Task Other_roles_are_denied(string role, string subject)
    {
        var client = As(role, subject, "anshan");
        var index = await Assert.ThrowsAsync<RpcException>(() => client.GetResilienceIndexAsync(new GetResilienceIndexRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, index.StatusCode);
        var list = await Assert.ThrowsAsync<RpcException>(() => client.ListResilienceWarningsAsync(new ListResilienceWarningsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);
    }

    [Fact]
    public async Task Warnings_reach_analysts_by_listing_and_bureaus_on_the_alert_stream_when_asked()
    {
        var connections = ConnectionFactories.Create(new DatabaseOptions { ConnectionString = $"Data Source={factory.DatabasePath}" });
        var snapshotter = new ResilienceSnapshotter(connections);
        var alerts = new AlertService.AlertServiceClient(factory.ChannelAs(PlatformRoles.TrainingBureau, "bureau-anshan", "anshan"));
        var after = 0L;
        await foreach (var e in Read(alerts, new SubscribeAlertsRequest { Cities = { "anshan" } }, TimeSpan.FromSeconds(1))) after = e.EventId;

        static CityResilienceScores S(string city, double index) => new(city, new Dictionary<string, double> { ["index"] = index });
        await snapshotter.TakeAsync(new Quarter(2020, 1), [S("anshan", 20), S("shenyang", 70)], new ResilienceWarningRules());
        await snapshotter.TakeAsync(new Quarter(2020, 2), [S("anshan", 20), S("shenyang", 70)], new ResilienceWarningRules());

        var listed = await As(PlatformRoles.Analyst, "analyst-1").ListResilienceWarningsAsync(new ListResilienceWarningsRequest { Cities = { "anshan" } });
        var warning = Assert.Single(listed.Warnings);
        Assert.Equal(("anshan", "index", AlertRule.BelowLevel, AlertSeverity.Warning, AlertStatus.Open, "2020-Q1", 20.0),
            (warning.City, warning.Subject, warning.Rule, warning.Severity, warning.Status, warning.SinceQuarter, warning.Score));

        // Existing subscribers (no include_resilience) see nothing new; asking for them delivers the opening after the last id seen.
        var plain = new List<AlertEvent>();
        await foreach (var e in Read(alerts, new SubscribeAlertsRequest { Cities = { "anshan" }, AfterEventId = after }, TimeSpan.FromSeconds(2))) plain.Add(e);
        Assert.Empty(plain);
        var withResilience = new List<AlertEvent>();
        await foreach (var e in Read(alerts, new SubscribeAlertsRequest { Cities = { "anshan" }, AfterEventId = after, IncludeResilience = true },
                           TimeSpan.FromSeconds(2)))
            withResilience.Add(e);
        var opened = Assert.Single(withResilience);
        Assert.Equal((AlertEventKind.Opened, "2020-Q2", warning.Id), (opened.Kind, opened.ResilienceWarning.Quarter, opened.ResilienceWarning.Id));
        Assert.Null(opened.Alert);
        Assert.True(opened.EventId > after);

        // Another city's bureau does not get it.
        var dalian = new AlertService.AlertServiceClient(factory.ChannelAs(PlatformRoles.TrainingBureau, "bureau-dalian", "dalian"));
        await foreach (var e in Read(dalian, new SubscribeAlertsRequest { Cities = { "dalian" }, AfterEventId = after, IncludeResilience = true }, TimeSpan.FromSeconds(1)))
            Assert.Fail($"dalian received event {e.EventId}");
    }

    private static async IAsyncEnumerable<AlertEvent> Read(AlertService.AlertServiceClient client, SubscribeAlertsRequest request, TimeSpan window)
    {
        foreach (var e in await AlertStreams.ReadAsync(client, request, window)) yield return e;
    }
}

/// <summary>Opens resilience warnings in a test server's database through the real snapshotter.</summary>
internal static class ResilienceWarnings
{
    /// <summary>One open warning per city (index 20 for two quarters, 2020-Q1 and 2020-Q2): warning id per city code.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> OpenAsync(PlatformFactory factory, params string[] cities)
    {
        _ = factory.Server; // migrated, with the reference data, before anything is written
        var connections = ConnectionFactories.Create(new DatabaseOptions { ConnectionString = $"Data Source={factory.DatabasePath}" });
        var snapshotter = new ResilienceSnapshotter(connections);
        var scores = cities.Select(c => new CityResilienceScores(c, new Dictionary<string, double> { ["index"] = 20 })).ToArray();
        foreach (var quarter in new[] { new Quarter(2020, 1), new Quarter(2020, 2) })
            await snapshotter.TakeAsync(quarter, scores, new ResilienceWarningRules());
        var open = await new ResilienceWarningRepository(connections).ListAsync(new ResilienceWarningFilter { CityCodes = cities }, 100, null);
        return open.Items.ToDictionary(w => w.CityCode, w => w.Id);
    }
}

/// <summary>A server whose database starts empty, with one open resilience warning in Anshan, Shenyang and Dalian each.</summary>
public sealed class ResilienceWarningPlatformFactory() : PlatformFactory(seedDemoData: false)
{
    private readonly Lock _gate = new();
    private Task<IReadOnlyDictionary<string, long>>? _warnings;

    public Task<IReadOnlyDictionary<string, long>> WarningIdsAsync()
    {
        lock (_gate) return _warnings ??= ResilienceWarnings.OpenAsync(this, "anshan", "shenyang", "dalian");
    }
}

/// <summary>One resilience warning and its acknowledgements: GetResilienceWarning and AcknowledgeResilienceWarning.</summary>
public sealed class ResilienceWarningServiceTests(ResilienceWarningPlatformFactory factory) : IClassFixture<ResilienceWarningPlatformFactory>
{
    private ResilienceService.ResilienceServiceClient As(string role, string subject, params string[] cities) =>
        new(factory.ChannelAs(role, subject, cities));

    [Fact]
    public async Task A_warning_comes_with_its_acknowledgements_and_acknowledging_again_keeps_the_first_time()
    {
        var id = (await factory.WarningIdsAsync())["anshan"];
        var analyst = As(PlatformRoles.Analyst, "analyst-1");
        var fresh = await analyst.GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = id });
        Assert.Equal((id, "anshan", "index", AlertRule.BelowLevel, AlertSeverity.Warning, AlertStatus.Open, "2020-Q1", 20.0, 0),
            (fresh.Warning.Id, fresh.Warning.City, fresh.Warning.Subject, fresh.Warning.Rule, fresh.Warning.Severity, fresh.Warning.Status,
                fresh.Warning.SinceQuarter, fresh.Warning.Score, fresh.Warning.AcknowledgementCount));
        Assert.Empty(fresh.Acknowledgements);

        var first = await analyst.AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = id, AcknowledgerId = "analyst-1" });
        Assert.Equal((id, "analyst-1", true), (first.WarningId, first.AcknowledgerId, first.FirstAcknowledgement));
        await Task.Delay(20);
        var again = await analyst.AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = id, AcknowledgerId = "analyst-1" });
        Assert.Equal((id, "analyst-1", false, first.AcknowledgeTime), (again.WarningId, again.AcknowledgerId, again.FirstAcknowledgement, again.AcknowledgeTime));
        // The city's bureau acknowledges for itself, through the same RPC.
        var bureau = await As(PlatformRoles.TrainingBureau, "bureau-anshan", "anshan")
            .AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = id, AcknowledgerId = "bureau-anshan" });
        Assert.True(bureau.FirstAcknowledgement);

        var detail = await analyst.GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = id });
        Assert.Equal([("analyst-1", first.AcknowledgeTime), ("bureau-anshan", bureau.AcknowledgeTime)],
            detail.Acknowledgements.Select(a => (a.AcknowledgerId, a.AcknowledgeTime)));
        Assert.Equal(2, detail.Warning.AcknowledgementCount);
        var listed = await analyst.ListResilienceWarningsAsync(new ListResilienceWarningsRequest { Cities = { "anshan", "dalian" } });
        Assert.Equal([("dalian", 0), ("anshan", 2)], listed.Warnings.Select(w => (w.City, w.AcknowledgementCount)));
    }

    [Fact]
    public async Task Of_concurrent_first_acknowledgements_exactly_one_is_first()
    {
        var id = (await factory.WarningIdsAsync())["shenyang"];
        var bureau = As(PlatformRoles.TrainingBureau, "bureau-shenyang", "shenyang");
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => bureau
            .AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = id, AcknowledgerId = "bureau-shenyang" }).ResponseAsync));
        Assert.Single(racing, r => r.FirstAcknowledgement);
        Assert.Single(racing.Select(r => r.AcknowledgeTime).Distinct());
        var detail = await bureau.GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = id });
        Assert.Equal(racing[0].AcknowledgeTime, Assert.Single(detail.Acknowledgements).AcknowledgeTime);
    }

    [Theory]
    [InlineData(PlatformRoles.Admin, "ops")]
    [InlineData(PlatformRoles.Analyst, "analyst-1")]
    public async Task Bad_ids_name_their_field_and_an_unknown_warning_is_not_found(string role, string subject)
    {
        var id = (await factory.WarningIdsAsync())["dalian"];
        var client = As(role, subject);
        await AssertStatus(StatusCode.InvalidArgument, "warning_id:", () => client.GetResilienceWarningAsync(new GetResilienceWarningRequest()));
        await AssertStatus(StatusCode.InvalidArgument, "warning_id:", () => client.GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = -3 }));
        await AssertStatus(StatusCode.InvalidArgument, "warning_id:",
            () => client.AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = 0, AcknowledgerId = subject }));
        await AssertStatus(StatusCode.InvalidArgument, "acknowledger_id:",
            () => client.AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = id }));
        await AssertStatus(StatusCode.InvalidArgument, "acknowledger_id:",
            () => client.AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = id, AcknowledgerId = "not an id\n" }));
        await AssertStatus(StatusCode.NotFound, "resilience warning", () => client.GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = id + 1000 }));
        await AssertStatus(StatusCode.NotFound, "warning_id:",
            () => client.AcknowledgeResilienceWarningAsync(new AcknowledgeResilienceWarningRequest { WarningId = id + 1000, AcknowledgerId = subject }));
        // None of that wrote anything.
        Assert.Empty((await As(PlatformRoles.Admin, "ops").GetResilienceWarningAsync(new GetResilienceWarningRequest { WarningId = id })).Acknowledgements);
    }

    private static async Task AssertStatus<T>(StatusCode expected, string detailStart, Func<AsyncUnaryCall<T>> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call().ResponseAsync);
        Assert.Equal(expected, ex.StatusCode);
        Assert.StartsWith(detailStart, ex.Status.Detail);
    }
}
