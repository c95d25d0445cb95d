using Grpc.Core;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>MobilityService over the demo dataset: flows from the generated work histories, statistics and the gravity fit.</summary>
public sealed class MobilityDemoServiceTests(DemoPlatformFactory factory) : IClassFixture<DemoPlatformFactory>
{
    private readonly MobilityService.MobilityServiceClient _mobility = new(factory.Channel);

    [Fact]
    public async Task The_flow_matrix_pages_through_every_flow_and_reports_each_source()
    {
        var all = await _mobility.GetFlowMatrixAsync(new GetFlowMatrixRequest { PageSize = 500, Granularity = FlowPeriodGranularity.Total });
        Assert.True(all.TotalMoves > 50, $"demo histories move people between cities ({all.TotalMoves})");
        Assert.Equal(all.TotalMoves, all.TotalBySource.Sum(s => s.Moves));
        Assert.Equal([FlowSource.History, FlowSource.Relocation, FlowSource.Hire], all.TotalBySource.Select(s => s.Source));
        Assert.All(all.Flows, f => Assert.NotEqual(f.FromCity, f.ToCity));
        Assert.All(all.Flows, f => Assert.Equal(f.Moves, f.BySource.Sum(s => s.Moves)));

        // Yearly pages of 7, followed to the end, add up to the same total.
        var rows = new List<Protos.V1.OdFlow>();
        string token = "";
        do
        {
            var page = await _mobility.GetFlowMatrixAsync(new GetFlowMatrixRequest { PageSize = 7, PageToken = token });
            rows.AddRange(page.Flows);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(all.TotalMoves, rows.Sum(r => r.Moves));
        Assert.All(rows, r => Assert.Matches("^[0-9]{4}$", r.Period));
        Assert.Equal(rows.Count, rows.Select(r => (r.Period, r.FromCity, r.ToCity)).Distinct().Count());
    }

    [Fact]
    public async Task Digital_and_traditional_flows_partition_all_flows()
    {
        var total = (await _mobility.GetFlowMatrixAsync(new GetFlowMatrixRequest { Granularity = FlowPeriodGranularity.Total })).TotalMoves;
        var digital = (await _mobility.GetFlowMatrixAsync(new GetFlowMatrixRequest
        {
            Granularity = FlowPeriodGranularity.Total, Filter = new FlowFilter { Group = TalentGroup.Digital },
        })).TotalMoves;
        var traditional = (await _mobility.GetFlowMatrixAsync(new GetFlowMatrixRequest
        {
            Granularity = FlowPeriodGranularity.Total, Filter = new FlowFilter { Group = TalentGroup.Traditional },
        })).TotalMoves;
        Assert.Equal(total, digital + traditional);
        Assert.True(digital > 0 && traditional > 0);
    }

    [Fact]
    public async Task City_statistics_balance_and_stay_in_range()
    {
        var stats = await _mobility.GetCityMobilityStatsAsync(new GetCityMobilityStatsRequest { PageSize = 500 });
        Assert.Equal(0, stats.Cities.Sum(c => c.NetFlow));
        Assert.Equal(stats.Cities.OrderByDescending(c => c.NetFlow).ThenBy(c => c.City, StringComparer.Ordinal).Select(c => c.City),
            stats.Cities.Select(c => c.City));
        var shenyang = stats.Cities.Single(c => c.City == "shenyang");
        Assert.True(shenyang.Workers > 0 && shenyang.WorkersPer10K > 0);
        Assert.Equal(shenyang.Workers * 10_000.0 / shenyang.Population, shenyang.WorkersPer10K, 9);
        Assert.True(stats.HasDigitalTop2ShareHome);
        Assert.InRange(stats.DigitalTop2ShareHome, 0.0, 1.0);
        Assert.Equal(2, stats.TopDigitalHomeCities.Count);
        if (stats.HasHomeProvinceRetention) Assert.InRange(stats.HomeProvinceRetention, 0.0, 1.0);

        var only = await _mobility.GetCityMobilityStatsAsync(new GetCityMobilityStatsRequest { Cities = { "dalian" } });
        Assert.Equal(["dalian"], only.Cities.Select(c => c.City));
    }

    [Fact]
    public async Task The_gravity_model_fits_the_demo_flows()
    {
        var fit = await _mobility.FitGravityModelAsync(new FitGravityModelRequest { TopCorridors = 5, MinCorridorVolume = 2 });
        Assert.Equal(["intercept", "origin_mass", "destination_mass", "distance"], fit.Coefficients.Select(c => c.Name));
        Assert.True(fit.Observations >= 6);
        Assert.InRange(fit.RSquared, 0.0, 1.0);
        Assert.InRange(fit.Cpc, 0.0, 1.0);
        Assert.InRange(fit.CpcScaled, 0.0, 1.0);
        Assert.All(fit.UnderPerforming.Concat(fit.OverPerforming), c => Assert.True(c.Observed >= 2));
        Assert.True(fit.UnderPerforming.Count <= 5);

        var workforce = await _mobility.FitGravityModelAsync(new FitGravityModelRequest { Mass = GravityMass.Workforce });
        Assert.Equal(4, workforce.Coefficients.Count);
    }

    [Fact]
    public async Task Only_analysts_and_admins_read_mobility_aggregates()
    {
        var seeker = new MobilityService.MobilityServiceClient(factory.ChannelAs(PlatformRoles.JobSeeker, "w-x"));
        var denied = await Assert.ThrowsAsync<RpcException>(() => seeker.GetFlowMatrixAsync(new GetFlowMatrixRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var analyst = new MobilityService.MobilityServiceClient(factory.ChannelAs(PlatformRoles.Analyst, "analyst-1"));
        Assert.NotEmpty((await analyst.GetFlowMatrixAsync(new GetFlowMatrixRequest())).Flows);
    }

    public static TheoryData<string, Func<MobilityService.MobilityServiceClient, Task>> BadRequests => new()
    {
        { "filter.from_date", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { Filter = new FlowFilter { FromDate = "March 2020" } }).ResponseAsync },
        { "filter.to_date", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { Filter = new FlowFilter { FromDate = "2021-01-01", ToDate = "2020-01-01" } }).ResponseAsync },
        { "filter.sources[1]", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { Filter = new FlowFilter { Sources = { FlowSource.History, FlowSource.Unspecified } } }).ResponseAsync },
        { "filter.group", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { Filter = new FlowFilter { Group = (TalentGroup)9 } }).ResponseAsync },
        { "granularity", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { Granularity = (FlowPeriodGranularity)9 }).ResponseAsync },
        { "page_token", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { PageToken = "abc" }).ResponseAsync },
        { "page_size", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { PageSize = 100_000 }).ResponseAsync },
        { "min_moves", c => c.GetFlowMatrixAsync(new GetFlowMatrixRequest { MinMoves = -1 }).ResponseAsync },
        { "cities[0]", c => c.GetCityMobilityStatsAsync(new GetCityMobilityStatsRequest { Cities = { "atlantis" } }).ResponseAsync },
        { "top_corridors", c => c.FitGravityModelAsync(new FitGravityModelRequest { TopCorridors = 101 }).ResponseAsync },
        { "mass", c => c.FitGravityModelAsync(new FitGravityModelRequest { Mass = (GravityMass)7 }).ResponseAsync },
        { "skill", c => c.SuggestRedeploymentsAsync(new SuggestRedeploymentsRequest { Skill = "telepathy" }).ResponseAsync },
        { "to_city", c => c.SuggestRedeploymentsAsync(new SuggestRedeploymentsRequest { Skill = "python", ToCity = "atlantis" }).ResponseAsync },
        { "max_suggestions", c => c.SuggestRedeploymentsAsync(new SuggestRedeploymentsRequest { Skill = "python", MaxSuggestions = 501 }).ResponseAsync },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Invalid_requests_name_the_field(string field, Func<MobilityService.MobilityServiceClient, Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call(_mobility));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith(field + ":", ex.Status.Detail);
    }
}

/// <summary>MobilityService on an empty database: relocations recorded by UpdateWorker, and redeployment worked out by hand.</summary>
public sealed class MobilityServiceTests(EmptyPlatformFactory factory) : IClassFixture<EmptyPlatformFactory>
{
    private readonly MobilityService.MobilityServiceClient _mobility = new(factory.Channel);
    private readonly WorkerService.WorkerServiceClient _workers = new(factory.Channel);

    [Fact]
    public async Task Changing_a_workers_city_is_a_relocation_flow()
    {
        var created = await _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker("w-mob-reloc", "fushun") });
        created.City = "dalian";
        await _workers.UpdateWorkerAsync(new UpdateWorkerRequest { Worker = created });

        var flows = await _mobility.GetFlowMatrixAsync(new GetFlowMatrixRequest
        {
            Granularity = FlowPeriodGranularity.Total, Filter = new FlowFilter { Sources = { FlowSource.Relocation } },
        });
        var flow = Assert.Single(flows.Flows, f => f.FromCity == "fushun");
        Assert.Equal(("dalian", 1L), (flow.ToCity, flow.Moves));
        Assert.True(flow.DistanceKm > 100);
        Assert.Equal([FlowSource.Relocation], flow.BySource.Select(s => s.Source));
    }

    [Fact]
    public async Task Nothing_to_fit_or_no_snapshot_is_a_failed_precondition()
    {
        var fit = await Assert.ThrowsAsync<RpcException>(() => _mobility.FitGravityModelAsync(new FitGravityModelRequest
        {
            Filter = new FlowFilter { Sources = { FlowSource.Application } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, fit.StatusCode);
        Assert.Contains("at least", fit.Status.Detail);
    }

    [Fact]
    public async Task Redeployment_pairs_the_shortage_with_the_surplus_city()
    {
        // Shenyang asks python 3 for 6 positions and has one seeker: ratio 6. Dalian has no python demand and two seekers
        // at level 4 (surplus 2); anshan one at level 2 (below the level). Only the dalian seekers are suggested.
        await new EnterpriseService.EnterpriseServiceClient(factory.Channel).CreateEnterpriseAsync(
            new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-mob", "shenyang") });
        var vacancy = Builders.Vacancy("v-mob-1", "e-mob", "shenyang", ("python", 3, 5));
        vacancy.Headcount = 6;
        await new VacancyService.VacancyServiceClient(factory.Channel).PostVacancyAsync(new PostVacancyRequest { Vacancy = vacancy });
        foreach (var (id, city, level, wish) in new[] { ("w-mob-sy", "shenyang", 3, 8000), ("w-mob-dl1", "dalian", 4, 7000), ("w-mob-dl2", "dalian", 4, 12000), ("w-mob-as", "anshan", 2, 6000) })
        {
            var w = Builders.Worker(id, city, ("python", level));
            w.SalaryWishMonthly = wish;
            await _workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = w });
        }
        var noSnapshot = await Assert.ThrowsAsync<RpcException>(() => _mobility.SuggestRedeploymentsAsync(new SuggestRedeploymentsRequest { Skill = "python" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, noSnapshot.StatusCode);
        await new ShortageService.ShortageServiceClient(factory.Channel).TakeSnapshotAsync(new TakeSnapshotRequest());

        var plan = await _mobility.SuggestRedeploymentsAsync(new SuggestRedeploymentsRequest { Skill = "python", ToCity = "shenyang" });
        var shortCity = Assert.Single(plan.ShortCities);
        Assert.Equal(("shenyang", 3, 6L, 1L), (shortCity.City, shortCity.RequiredLevel, shortCity.Demand, shortCity.Supply));
        Assert.Equal(9000, shortCity.MeanSalaryMonthly); // (7000 + 11000) / 2
        Assert.Equal(["dalian"], plan.SurplusCities.Select(s => s.City));
        Assert.Equal(["w-mob-dl1", "w-mob-dl2"], plan.Suggestions.Select(s => s.WorkerId)); // same score: higher salary difference first
        var first = plan.Suggestions[0];
        Assert.Equal(1.0, first.Coverage, 9);
        Assert.Equal(2000, first.SalaryDifference, 9);
        Assert.Equal(-3000, plan.Suggestions[1].SalaryDifference, 9);
        Assert.InRange(first.DistanceKm, 300, 450);

        // An analyst sees the plan without the seekers' ids; a training bureau of dalian sees them.
        var analyst = new MobilityService.MobilityServiceClient(factory.ChannelAs(PlatformRoles.Analyst, "analyst-1"));
        Assert.All((await analyst.SuggestRedeploymentsAsync(new SuggestRedeploymentsRequest { Skill = "python" })).Suggestions, s => Assert.Equal("", s.WorkerId));
        var bureau = new MobilityService.MobilityServiceClient(factory.ChannelAs(PlatformRoles.TrainingBureau, "bureau-dl", "dalian"));
        Assert.Equal(2, (await bureau.SuggestRedeploymentsAsync(new SuggestRedeploymentsRequest { Skill = "python" })).Suggestions.Count(s => s.WorkerId.Length > 0));
    }
}
