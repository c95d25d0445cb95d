using MatchingPlatform.Analytics.Mobility;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Analytics.Tests.Mobility;

public sealed class GravityModelTests
{
    // Known model: ln F = a + b ln Mi + c ln Mj - d ln dist.
    private const double A = -6.0, B = 0.8, C = 1.1, D = 1.5;

    /// <summary>Twelve places on a rough grid around Liaoning with masses spread over two orders of magnitude.</summary>
    private static readonly GravityPlace[] Places = Enumerable.Range(0, 12)
        .Select(i => new GravityPlace($"p{i:00}", 38.5 + (i % 4) * 1.1 + (i / 4) * 0.37, 119.5 + (i / 4) * 1.9 + (i % 3) * 0.45,
            Math.Round(300_000 * Math.Pow(1.55, i))))
        .ToArray();

    private static double Km(GravityPlace a, GravityPlace b) => GeoDistance.Kilometres(a.Latitude, a.Longitude, b.Latitude, b.Longitude);

    private static double Model(GravityPlace o, GravityPlace d) => Math.Exp(A + B * Math.Log(o.Mass) + C * Math.Log(d.Mass) - D * Math.Log(Km(o, d)));

    private static List<OdFlow> Flows(Func<GravityPlace, GravityPlace, double> volume) =>
        (from o in Places from d in Places where o != d select new OdFlow(o.Code, d.Code, volume(o, d))).ToList();

    [Fact]
    public void Exact_flows_give_back_the_parameters_with_a_perfect_fit()
    {
        var fit = GravityModel.Fit(Flows(Model), Places);
        Assert.Equal(A, fit.Intercept, 6);
        Assert.Equal(B, fit.OriginMassExponent, 8);
        Assert.Equal(C, fit.DestinationMassExponent, 8);
        Assert.Equal(D, fit.DistanceDecay, 8);
        Assert.Equal(1.0, fit.RSquared, 10);
        Assert.Equal(1.0, fit.Cpc, 8);
        Assert.Equal(12 * 11, fit.Observations);
        Assert.Equal(0, fit.ZeroPairs);
    }

    [Fact]
    public void Noisy_flows_recover_the_parameters_within_their_standard_errors()
    {
        var rng = new Random(20240611);
        double Noise() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var fit = GravityModel.Fit(Flows((o, d) => Model(o, d) * Math.Exp(0.25 * Noise())), Places);
        double[] truth = [A, B, C, D];
        for (var k = 0; k < 4; k++)
        {
            var c = fit.Coefficients[k];
            Assert.True(c.StandardError > 0 && c.StandardError < (k == 0 ? 2.0 : 0.3), $"{c.Name}: SE {c.StandardError}");
            // Within 3.5 standard errors: fails by chance about 1 time in 2,000 per coefficient for a fresh seed (fixed here).
            Assert.True(Math.Abs(c.Estimate - truth[k]) < 3.5 * c.StandardError, $"{c.Name}: {c.Estimate} vs {truth[k]} (SE {c.StandardError})");
        }
        Assert.InRange(fit.RSquared, 0.9, 1.0);
        Assert.InRange(fit.CpcScaled, 0.8, 1.0);
        Assert.True(fit.Coefficients[3].P < 1e-6, "distance decay must be significant");
        Assert.Equal("distance", fit.Coefficients[3].Name);
    }

    [Fact]
    public void Zero_flows_are_left_out_of_the_regression_but_count_in_cpc()
    {
        // Drop every flow into p00: the remaining pairs still follow the model exactly.
        var flows = Flows(Model).Where(f => f.Destination != "p00").ToList();
        var fit = GravityModel.Fit(flows, Places);
        Assert.Equal(B, fit.OriginMassExponent, 8);
        Assert.Equal(12 * 11 - 11, fit.Observations); // p00 keeps its outflows
        Assert.Equal(11, fit.ZeroPairs); // p01..p11 -> p00 are evaluated with observed 0
        var zero = fit.Pairs.Where(p => p.Destination == "p00").ToList();
        Assert.All(zero, p => Assert.Equal(0, p.Observed));
        // The model predicts flow into p00 that nobody made, so CPC falls below 1.
        var expected = GravityModel.Cpc(fit.Pairs.Select(p => (p.Observed, p.Predicted)));
        Assert.Equal(expected, fit.Cpc, 12);
        Assert.True(fit.Cpc < 1);
    }

    [Fact]
    public void Cpc_is_the_common_part_of_two_distributions()
    {
        Assert.Equal(1.0, GravityModel.Cpc([(3, 3), (5, 5)]));
        // 2 * (1 + 2) / (3 + 3 + 1 + 2) = 6 / 9
        Assert.Equal(6 / 9.0, GravityModel.Cpc([(1, 3), (2, 3)]), 12);
        Assert.Equal(0, GravityModel.Cpc([(4, 0), (0, 4)]));
    }

    [Fact]
    public void Corridors_above_the_minimum_volume_ranked_by_observed_over_predicted()
    {
        var flows = Flows(Model).Select(f => f with { Volume = Math.Round(f.Volume * 50) }).ToList();
        // p03 -> p07 four times the model, p05 -> p02 a quarter of it: the two corridors that stand out.
        flows = flows.Select(f => (f.Origin, f.Destination) switch
        {
            ("p03", "p07") => f with { Volume = f.Volume * 4 },
            ("p05", "p02") => f with { Volume = Math.Round(f.Volume / 4) },
            _ => f,
        }).ToList();
        var fit = GravityModel.Fit(flows, Places);
        var (under, over) = fit.Corridors(minVolume: 5, top: 3);
        Assert.Equal(("p03", "p07"), (over[0].Origin, over[0].Destination));
        Assert.Equal(("p05", "p02"), (under[0].Origin, under[0].Destination));
        Assert.All(under.Concat(over), c => Assert.True(c.Observed >= 5));
        Assert.All(under, c => Assert.True(c.Ratio < 1));
        Assert.All(over, c => Assert.True(c.Ratio > 1));
        Assert.True(over[0].Ratio > 1 && under[0].Ratio < 1);
    }

    [Fact]
    public void Too_few_flows_or_collinear_regressors_are_refused_with_a_reason()
    {
        var few = Flows(Model).Take(4).ToList();
        Assert.Contains("at least", Assert.Throws<GravityFitException>(() => GravityModel.Fit(few, Places)).Message);
        var sameMass = Places.Select(p => p with { Mass = 1000 }).ToArray();
        Assert.Contains("collinear", Assert.Throws<GravityFitException>(() => GravityModel.Fit(Flows(Model), sameMass)).Message);
    }

    [Fact]
    public void Places_at_one_location_are_left_out_and_counted()
    {
        var twin = Places[0] with { Code = "twin" };
        var places = Places.Append(twin).ToArray();
        var flows = Flows(Model).Append(new OdFlow("p00", "twin", 10)).Append(new OdFlow("twin", "p05", 3)).ToList();
        var fit = GravityModel.Fit(flows, places);
        Assert.Equal(2, fit.SameLocationPairs); // p00 <-> twin, both ways
        Assert.DoesNotContain(fit.Pairs, p => (p.Origin, p.Destination) is ("p00", "twin") or ("twin", "p00"));
    }

    [Fact]
    public void Provinces_add_up_flows_and_masses()
    {
        var cities = new CityDirectory(
        [
            new City("a1", "A1", "A1", "PA", "1", 40, 120, 100, false), new City("a2", "A2", "A2", "PA", "2", 40, 122, 300, false),
            new City("b1", "B1", "B1", "PB", "3", 45, 125, 50, false),
        ]);
        var masses = new Dictionary<string, double> { ["a1"] = 100, ["a2"] = 300, ["b1"] = 50 };
        var (flows, places) = PlaceAggregation.ToProvinces(
            [new OdFlow("a1", "a2", 7), new OdFlow("a1", "b1", 2), new OdFlow("a2", "b1", 3), new OdFlow("b1", "a2", 1)], cities, masses);
        Assert.Equal([new OdFlow("PA", "PB", 5), new OdFlow("PB", "PA", 1)], flows.OrderBy(f => f.Origin));
        var pa = places.Single(p => p.Code == "PA");
        Assert.Equal(400, pa.Mass);
        Assert.Equal(121.5, pa.Longitude, 12); // mass-weighted: (120 * 100 + 122 * 300) / 400
    }

    [Fact]
    public void Propensity_from_the_model_is_the_predicted_share_of_the_origin()
    {
        var fit = GravityModel.Fit(Flows(Model), Places);
        var propensity = CorridorPropensity.FromGravity(fit);
        var total = Places.Where(p => p.Code != "p01").Sum(p => propensity.Share("p01", p.Code));
        Assert.Equal(1.0, total, 10);
        Assert.Equal(0, propensity.Share("p01", "p01"));
        var observed = CorridorPropensity.FromObserved([new OdFlow("x", "y", 3)], ["x", "y", "z"]);
        Assert.Equal(4 / 5.0, observed.Share("x", "y"), 12); // (3 + 1) / (3 + 2)
        Assert.Equal(1 / 5.0, observed.Share("x", "z"), 12);
    }
}

public sealed class RedeploymentPlannerTests
{
    private static readonly SkillRequirement[] PythonJob = [new("python", 3, 4), new("sql", 2, 2)];

    [Fact]
    public void Seekers_of_surplus_cities_ranked_by_match_and_corridor()
    {
        // shenyang: 10 demand, 1 seeker -> ratio 10, short. dalian: demand 1, 3 seekers at level >= 3 -> surplus 2.
        // anshan: no demand, 1 seeker at level 4 -> surplus 1. fushun: 1 seeker at level 2 only -> not eligible.
        CitySkillBalance[] balances = [new("shenyang", 3, 10, 1), new("dalian", 3, 1, 3)];
        SkillSupply[] supply = [new("shenyang", 3, 1), new("dalian", 3, 2), new("dalian", 5, 1), new("anshan", 4, 1), new("fushun", 2, 1)];
        SeekerProfile[] seekers =
        [
            new("w-dl-full", "dalian", 9000, [new("python", 3), new("sql", 2)]),   // coverage 1
            new("w-dl-half", "dalian", null, [new("python", 5)]),                  // coverage 4/6
            new("w-as", "anshan", 15000, [new("python", 4), new("sql", 3)]),       // coverage 1, weaker corridor
            new("w-fs", "fushun", 8000, [new("python", 2)]),                      // below the level
        ];
        VacancyOffer[] offers = [new("v1", "shenyang", 3, 8000, 12000, PythonJob), new("v2", "shenyang", 1, 10000, 14000, PythonJob)];
        var propensity = CorridorPropensity.FromObserved(
            [new OdFlow("dalian", "shenyang", 9), new OdFlow("anshan", "shenyang", 1), new OdFlow("anshan", "dalian", 3)],
            ["shenyang", "dalian", "anshan", "fushun"]);

        var plan = RedeploymentPlanner.Plan("python", balances, supply, seekers, offers, propensity, (a, b) => a == b ? 0 : 100);

        var destination = Assert.Single(plan.Destinations);
        Assert.Equal("shenyang", destination.Balance.CityCode);
        Assert.Equal((3 * 10000 + 1 * 12000) / 4.0, destination.MeanSalaryMonthly!.Value, 9);
        Assert.Equal(["dalian", "anshan"], plan.Origins.Select(o => o.CityCode)); // surplus 2, then 1
        Assert.Equal(["w-dl-full", "w-as", "w-dl-half"], plan.Suggestions.Select(s => s.WorkerId));

        // dalian -> shenyang: (9 + 1) / (9 + 3) = 10/12 is the best corridor (normalised 1); anshan -> shenyang (1 + 1) / (4 + 3) = 2/7.
        var best = plan.Suggestions[0];
        Assert.Equal(1.0, best.Coverage, 12);
        Assert.Equal(0.7 + 0.3, best.Score, 12);
        Assert.Equal(10500 - 9000, best.SalaryDifference!.Value, 9);
        var anshan = plan.Suggestions[1];
        Assert.Equal(0.7 + 0.3 * (2 / 7.0) / (10 / 12.0), anshan.Score, 12);
        Assert.Equal(10500 - 15000, anshan.SalaryDifference!.Value, 9);
        Assert.Null(plan.Suggestions[2].SalaryDifference); // no wish given
        // python (importance 4) met, sql (importance 2) missing: coverage 4/6; best corridor.
        Assert.Equal(0.7 * 4 / 6.0 + 0.3, plan.Suggestions[2].Score, 12);
    }

    [Fact]
    public void No_short_city_or_no_surplus_gives_an_empty_plan()
    {
        CitySkillBalance[] balances = [new("shenyang", 3, 2, 2)];
        var plan = RedeploymentPlanner.Plan("python", balances, [new SkillSupply("dalian", 3, 5)], [], [],
            CorridorPropensity.FromObserved([], []), (_, _) => 0);
        Assert.Empty(plan.Destinations);
        Assert.Empty(plan.Suggestions);
    }

    [Fact]
    public void Industries_merge_into_one_balance_per_city()
    {
        var merged = RedeploymentPlanner.MergeIndustries([("shenyang", 3, 6, 2), ("shenyang", 4, 2, 1), ("dalian", 2, 1, 4)]);
        // (3 x 6 + 4 x 2) / 8 = 3.25 -> 3; demand 8; supply the largest, 2.
        Assert.Equal([new CitySkillBalance("dalian", 2, 1, 4), new CitySkillBalance("shenyang", 3, 8, 2)], merged);
    }
}
