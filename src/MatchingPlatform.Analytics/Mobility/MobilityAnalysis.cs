using MatchingPlatform.Core.Geography;
using MatchingPlatform.Data.Mobility;
using MatchingPlatform.Data.Shortages;

namespace MatchingPlatform.Analytics.Mobility;

/// <summary>
/// Connects the database aggregates (Data/Mobility, Data/Shortages) to the models of this folder: masses for the gravity
/// model, a fit that reports why it cannot be made, and a redeployment plan from the latest shortage snapshot. The
/// server's MobilityService and matchctl's mobility reports both call these, so the composition exists once.
/// </summary>
public static class MobilityAnalysis
{
    /// <summary>Population per city from the directory, or registered workers per city from the database.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> MassesAsync(MobilityRepository mobility, CityDirectory cities, GravityMassKind mass,
        CancellationToken ct) =>
        mass == GravityMassKind.Workforce
            ? (await mobility.TalentAsync(ct)).ToDictionary(t => t.CityCode, t => (double)t.Workers, StringComparer.Ordinal)
            : cities.All.ToDictionary(c => c.Code, c => (double)c.Population, StringComparer.Ordinal);

    /// <summary>The fit at city or province level; null with the reason when the flows cannot identify the model.</summary>
    public static GravityFit? TryFit(IReadOnlyList<OdFlow> flows, IReadOnlyDictionary<string, double> masses, CityDirectory cities,
        GravityMassKind mass, bool byProvince, out string? problem)
    {
        problem = null;
        try
        {
            var options = new GravityOptions { Mass = mass };
            if (!byProvince) return GravityModel.Fit(flows, PlaceAggregation.Cities(cities, masses), options);
            var (provinceFlows, places) = PlaceAggregation.ToProvinces(flows, cities, masses);
            return GravityModel.Fit(provinceFlows, places, options);
        }
        catch (GravityFitException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>
    /// The plan for <paramref name="skill"/> from the latest shortage snapshot; null when no snapshot has been taken.
    /// Propensity comes from a gravity fit (population masses) on every realised move, or from the observed shares
    /// when the flows are too few to fit it.
    /// </summary>
    public static async Task<(long SnapshotId, RedeploymentPlan Plan)?> RedeployAsync(MobilityRepository mobility, ShortageRepository shortages,
        CityDirectory cities, string skill, RedeploymentOptions options, CancellationToken ct)
    {
        var rows = new List<Core.Shortages.ShortageStat>();
        string? token = null;
        ShortageStatsPage page;
        do
        {
            page = await shortages.ListStatsAsync(new ShortageStatFilter { SkillCode = skill }, 500, token, ct);
            rows.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        if (page.Snapshot is null) return null;

        var balances = RedeploymentPlanner.MergeIndustries(rows.Select(r => (r.Key.CityCode, r.RequiredLevel, (long)r.DemandHeadcount, (long)r.Supply)));
        var supply = (await mobility.SeekersByCityAndLevelAsync(skill, ct)).Select(s => new SkillSupply(s.CityCode, s.Level, s.Seekers)).ToArray();
        var destinations = balances.Where(b => b.Ratio >= options.MinRatio && (options.ToCity is null || b.CityCode == options.ToCity)).ToList();
        var minLevel = destinations.Count == 0 ? 1 : destinations.Min(d => d.RequiredLevel);
        var seekers = destinations.Count == 0 ? []
            : (await mobility.SeekersWithSkillAsync(skill, minLevel, supply.Select(s => s.CityCode).Distinct().ToArray(), ct))
                .Select(s => new SeekerProfile(s.WorkerId, s.CityCode, s.SalaryWishMonthly, s.Skills)).ToArray();
        var offers = (await mobility.OpenVacanciesRequiringAsync(skill, destinations.Select(d => d.CityCode).ToArray(), ct))
            .Select(v => new VacancyOffer(v.VacancyId, v.CityCode, v.Headcount, v.SalaryMinMonthly, v.SalaryMaxMonthly, v.Requirements)).ToArray();

        var flows = (await mobility.FlowsAsync(new FlowQuery { Granularity = PeriodGranularity.Total }, ct))
            .Select(r => new OdFlow(r.FromCity, r.ToCity, r.Moves)).ToList();
        var fit = TryFit(flows, await MassesAsync(mobility, cities, GravityMassKind.Population, ct), cities, GravityMassKind.Population, byProvince: false, out _);
        var propensity = fit is not null ? CorridorPropensity.FromGravity(fit) : CorridorPropensity.FromObserved(flows, cities.All.Select(c => c.Code));
        double Km(string a, string b) => cities.Find(a) is not null && cities.Find(b) is not null ? cities.DistanceKm(a, b) : double.NaN;
        return (page.Snapshot.Id, RedeploymentPlanner.Plan(skill, balances, supply, seekers, offers, propensity, Km, options));
    }
}
