using System.Globalization;
using Grpc.Core;
using MatchingPlatform.Analytics.Mobility;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Mobility;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Infrastructure.Auth;
using Domain = MatchingPlatform.Data.Mobility;
using Wire = MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Services;

/// <summary>
/// Cross-city mobility: flows and per-city statistics aggregated in the database (<see cref="MobilityRepository"/>),
/// the gravity model and redeployment suggestions (Analytics/Mobility). Maps proto to domain and back, nothing more.
/// Aggregates are for analysts (and admins). Redeployment suggestions are for analysts and training bureaus; a
/// suggestion names its seeker only to a caller who may see personal data in the seeker's city (admins, the bureau
/// of that city), others get the suggestion with an empty worker_id.
/// </summary>
internal sealed class MobilityGrpcService(
    MobilityRepository mobility,
    ShortageRepository shortages,
    SkillTaxonomy taxonomy,
    CityDirectory cities) : MobilityService.MobilityServiceBase
{
    private const int MaxCorridors = 100;
    private const int MaxSuggestions = 500;

    public override async Task<GetFlowMatrixResponse> GetFlowMatrix(GetFlowMatrixRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireRole(PlatformRoles.Analyst);
        var query = Filter(request.Filter, "filter") with
        {
            Granularity = request.Granularity switch
            {
                FlowPeriodGranularity.Unspecified or FlowPeriodGranularity.Year => PeriodGranularity.Year,
                FlowPeriodGranularity.Quarter => PeriodGranularity.Quarter,
                FlowPeriodGranularity.Total => PeriodGranularity.Total,
                _ => throw Requests.Invalid("granularity", "unknown granularity"),
            },
        };
        if (request.MinMoves < 0) throw Requests.Invalid("min_moves", "must not be negative");
        var pageSize = Requests.PageSize(request.PageSize);
        var skip = OffsetToken(request.PageToken);

        var rows = (await mobility.FlowsAsync(query, context.CancellationToken)).Where(r => r.Moves >= Math.Max(request.MinMoves, 1)).ToList();
        var response = new GetFlowMatrixResponse { TotalMoves = rows.Sum(r => r.Moves) };
        response.TotalBySource.AddRange(query.Sources.Distinct().Order().Select(s => Count(s, rows.Sum(r => r.BySource[s]))));
        foreach (var r in rows.Skip(skip).Take(pageSize))
        {
            var flow = new Wire.OdFlow { Period = r.Period.ToString(), FromCity = r.FromCity, ToCity = r.ToCity, Moves = r.Moves, DistanceKm = Km(r.FromCity, r.ToCity) };
            flow.BySource.AddRange(r.BySource.Select(kv => Count(kv.Key, kv.Value)));
            response.Flows.Add(flow);
        }
        if (skip + pageSize < rows.Count) response.NextPageToken = (skip + pageSize).ToString(CultureInfo.InvariantCulture);
        return response;
    }

    public override async Task<GetCityMobilityStatsResponse> GetCityMobilityStats(GetCityMobilityStatsRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireRole(PlatformRoles.Analyst);
        var filter = Filter(request.Filter, "filter");
        var only = Requests.Cities(request.Cities, "cities", cities).ToHashSet(StringComparer.Ordinal);
        var pageSize = Requests.PageSize(request.PageSize);
        var skip = OffsetToken(request.PageToken);
        var stats = await mobility.CityStatsAsync(new CityStatsQuery { Group = filter.Group, Sources = filter.Sources, From = filter.From, To = filter.To },
            context.CancellationToken);

        var listed = stats.Cities.Where(c => only.Count == 0 || only.Contains(c.CityCode))
            .OrderByDescending(c => c.NetFlow).ThenBy(c => c.CityCode, StringComparer.Ordinal).ToList();
        var response = new GetCityMobilityStatsResponse { Graduates = stats.Graduates, GraduatesInHomeProvince = stats.GraduatesInHomeProvince };
        if (stats.HomeProvinceRetention is { } retention) response.HomeProvinceRetention = retention;
        response.TopDigitalCities.AddRange(stats.TopDigitalCities);
        if (stats.DigitalTop2Share is { } share) response.DigitalTop2Share = share;
        response.TopDigitalHomeCities.AddRange(stats.TopDigitalHomeCities);
        if (stats.DigitalTop2ShareHome is { } shareHome) response.DigitalTop2ShareHome = shareHome;
        foreach (var c in listed.Skip(skip).Take(pageSize))
        {
            var city = cities.Find(c.CityCode);
            var row = new Wire.CityMobility
            {
                City = c.CityCode, CityNameEn = city?.NameEn ?? c.CityCode, CityNameZh = city?.NameZh ?? "",
                Inflow = c.Inflow, Outflow = c.Outflow, NetFlow = c.NetFlow,
                Workers = c.Talent.Workers, DigitalWorkers = c.Talent.DigitalWorkers, WorkersPer10K = c.Talent.WorkersPer10k,
                DigitalPer10K = c.Talent.DigitalPer10k, Population = c.Talent.Population, InHomeProvince = c.Talent.InHomeProvince,
                GraduatesFirstEmployed = c.Graduates?.Graduates ?? 0, GraduatesStillHere = c.Graduates?.StillInCity ?? 0,
                GraduateCityRetention = c.Graduates?.CityRetention ?? 0,
            };
            row.InflowBySource.AddRange(c.InflowBySource.Select(kv => Count(kv.Key, kv.Value)));
            row.OutflowBySource.AddRange(c.OutflowBySource.Select(kv => Count(kv.Key, kv.Value)));
            response.Cities.Add(row);
        }
        if (skip + pageSize < listed.Count) response.NextPageToken = (skip + pageSize).ToString(CultureInfo.InvariantCulture);
        return response;
    }

    public override async Task<FitGravityModelResponse> FitGravityModel(FitGravityModelRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireRole(PlatformRoles.Analyst);
        var filter = Filter(request.Filter, "filter") with { Granularity = PeriodGranularity.Total };
        var mass = request.Mass switch
        {
            GravityMass.Unspecified or GravityMass.Population => GravityMassKind.Population,
            GravityMass.Workforce => GravityMassKind.Workforce,
            _ => throw Requests.Invalid("mass", "unknown mass"),
        };
        var byProvince = request.Level switch
        {
            GravityLevel.Unspecified or GravityLevel.City => false,
            GravityLevel.Province => true,
            _ => throw Requests.Invalid("level", "unknown level"),
        };
        if (request.MinCorridorVolume < 0 || !double.IsFinite(request.MinCorridorVolume)) throw Requests.Invalid("min_corridor_volume", "must be 0 or more");
        var top = request.TopCorridors switch
        {
            0 => 10,
            < 1 or > MaxCorridors => throw Requests.Invalid("top_corridors", $"must be between 1 and {MaxCorridors}"),
            _ => request.TopCorridors,
        };

        var flows = (await mobility.FlowsAsync(filter, context.CancellationToken)).Select(r => new Analytics.Mobility.OdFlow(r.FromCity, r.ToCity, r.Moves)).ToList();
        var fit = MobilityAnalysis.TryFit(flows, await MobilityAnalysis.MassesAsync(mobility, cities, mass, context.CancellationToken), cities, mass, byProvince,
            out var problem);
        if (fit is null) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"the gravity model cannot be fitted: {problem}"));

        var response = new FitGravityModelResponse
        {
            Observations = fit.Observations, ZeroPairs = fit.ZeroPairs, SameLocationPairs = fit.SameLocationPairs, RSquared = fit.RSquared,
            AdjustedRSquared = fit.AdjustedRSquared, Cpc = fit.Cpc, CpcScaled = fit.CpcScaled, Scale = fit.Scale, TotalMoves = (long)flows.Sum(f => f.Volume),
        };
        response.Coefficients.AddRange(fit.Coefficients.Select(c => new GravityCoefficient
        {
            Name = c.Name, Estimate = c.Estimate, StandardError = c.StandardError, T = Finite(c.T), P = Finite(c.P),
        }));
        var (under, over) = fit.Corridors(request.MinCorridorVolume == 0 ? 3 : request.MinCorridorVolume, top);
        response.UnderPerforming.AddRange(under.Select(ToProto));
        response.OverPerforming.AddRange(over.Select(ToProto));
        return response;
    }

    public override async Task<SuggestRedeploymentsResponse> SuggestRedeployments(SuggestRedeploymentsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context).RequireRole(PlatformRoles.Analyst, PlatformRoles.TrainingBureau);
        var skill = Requests.Id(request.Skill, "skill");
        if (!taxonomy.HasSkill(skill)) throw Requests.Invalid("skill", $"unknown skill '{skill}'");
        var toCity = Requests.OptionalId(request.ToCity, "to_city");
        if (toCity is not null && !cities.Contains(toCity)) throw Requests.Invalid("to_city", $"unknown city '{toCity}'");
        if (request.MinRatio < 0 || !double.IsFinite(request.MinRatio)) throw Requests.Invalid("min_ratio", "must be a number, 0 or more");
        var max = request.MaxSuggestions switch
        {
            0 => 50,
            < 1 or > MaxSuggestions => throw Requests.Invalid("max_suggestions", $"must be between 1 and {MaxSuggestions}"),
            _ => request.MaxSuggestions,
        };

        var result = await MobilityAnalysis.RedeployAsync(mobility, shortages, cities, skill, new RedeploymentOptions
        {
            MinRatio = request.MinRatio > 0 ? request.MinRatio : 2.0, ToCity = toCity, MaxSuggestions = max,
        }, context.CancellationToken) ?? throw new RpcException(new Status(StatusCode.FailedPrecondition,
            "no shortage snapshot has been taken yet: call ShortageService.TakeSnapshot or run matchctl snapshot"));

        var (snapshotId, plan) = result;
        var response = new SuggestRedeploymentsResponse
        {
            SnapshotId = snapshotId, PropensitySource = plan.PropensitySource, CandidatesConsidered = plan.CandidatesConsidered,
        };
        response.ShortCities.AddRange(plan.Destinations.Select(d => new ShortCity
        {
            City = d.Balance.CityCode, RequiredLevel = d.Balance.RequiredLevel, Demand = d.Balance.Demand, Supply = d.Balance.Supply,
            Ratio = d.Balance.Ratio, OpenVacancies = d.OpenVacancies, MeanSalaryMonthly = d.MeanSalaryMonthly ?? 0,
        }));
        response.SurplusCities.AddRange(plan.Origins.Select(o => new SurplusCity
        {
            City = o.CityCode, ForCity = o.ForDestination, Level = o.Level, Supply = o.Supply, Demand = o.Demand,
        }));
        foreach (var s in plan.Suggestions)
        {
            var row = new Wire.RedeploymentSuggestion
            {
                WorkerId = caller.MaySeePersonalDataIn(s.FromCity) ? s.WorkerId : "", FromCity = s.FromCity, ToCity = s.ToCity, HeldLevel = s.HeldLevel, RequiredLevel = s.RequiredLevel,
                Coverage = s.Coverage, Propensity = s.Propensity, PropensityNormalised = s.PropensityNormalised, Score = s.Score,
                DistanceKm = Finite(s.DistanceKm),
            };
            if (s.SalaryWishMonthly is { } wish) row.SalaryWishMonthly = wish;
            if (s.DestinationSalaryMonthly is { } salary) row.DestinationSalaryMonthly = salary;
            if (s.SalaryDifference is { } difference) row.SalaryDifference = difference;
            response.Suggestions.Add(row);
        }
        return response;
    }

    /// <summary>The filter as a query (granularity: year), or InvalidArgument naming the field.</summary>
    private static FlowQuery Filter(FlowFilter? filter, string field)
    {
        if (filter is null) return new FlowQuery();
        var group = filter.Group switch
        {
            Wire.TalentGroup.Unspecified => Domain.TalentGroup.All,
            Wire.TalentGroup.Digital => Domain.TalentGroup.Digital,
            Wire.TalentGroup.Traditional => Domain.TalentGroup.Traditional,
            _ => throw Requests.Invalid($"{field}.group", "unknown talent group"),
        };
        var sources = new List<Domain.FlowSource>();
        for (var i = 0; i < filter.Sources.Count; i++)
        {
            var s = filter.Sources[i];
            if (s == Wire.FlowSource.Unspecified || !Enum.IsDefined(s)) throw Requests.Invalid($"{field}.sources[{i}]", "unknown flow source");
            sources.Add((Domain.FlowSource)(int)s);
        }
        var from = Date(filter.FromDate, $"{field}.from_date");
        var to = Date(filter.ToDate, $"{field}.to_date");
        if (from > to) throw Requests.Invalid($"{field}.to_date", "before from_date");
        return new FlowQuery
        {
            Group = group, Sources = sources.Count == 0 ? MobilityRepository.RealisedSources : sources.Distinct().ToArray(), From = from, To = to,
        };
    }

    private static DateOnly? Date(string text, string field) =>
        text.Length == 0 ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw Requests.Invalid(field, "must be a date YYYY-MM-DD");

    /// <summary>Page tokens of these computed listings are the number of rows already returned.</summary>
    private static int OffsetToken(string token) =>
        token.Length == 0 ? 0
        : int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var skip) && skip > 0 ? skip
        : throw Requests.Invalid("page_token", "not a token this listing issued");

    private static FlowCount Count(Domain.FlowSource source, long moves) => new() { Source = (Wire.FlowSource)(int)source, Moves = moves };

    private double Km(string from, string to) =>
        cities.Find(from) is not null && cities.Find(to) is not null ? cities.DistanceKm(from, to) : 0;

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;

    private static Corridor ToProto(CorridorFit c) => new()
    {
        From = c.Origin, To = c.Destination, Observed = c.Observed, Predicted = c.PredictedScaled, Ratio = Finite(c.Ratio), DistanceKm = c.DistanceKm,
    };
}
