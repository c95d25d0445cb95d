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
