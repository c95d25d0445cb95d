using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Analytics.Mobility;

/// <summary>A city's demand and supply for one skill in a shortage snapshot (industries merged: demand added up, supply the largest).</summary>
public sealed record CitySkillBalance(string CityCode, int RequiredLevel, long Demand, long Supply)
{
    /// <summary>Demand per available seeker, dividing by at least one (as ShortageStat.Ratio).</summary>
    public double Ratio => Demand / (double)Math.Max(Supply, 1);
}

/// <summary>An active seeker holding the skill, with everything they hold and their monthly salary wish (CNY; null: not said).</summary>
public sealed record SeekerProfile(string WorkerId, string CityCode, int? SalaryWishMonthly, IReadOnlyList<SkillLevel> Skills);

/// <summary>An open vacancy of a destination city that requires the skill.</summary>
public sealed record VacancyOffer(string VacancyId, string CityCode, int Headcount, int SalaryMinMonthly, int SalaryMaxMonthly,
    IReadOnlyList<SkillRequirement> Requirements);

/// <summary>Active seekers per city holding the skill at exactly <see cref="Level"/>.</summary>
public sealed record SkillSupply(string CityCode, int Level, long Seekers);

public sealed record RedeploymentOptions
{
    /// <summary>A destination is short when its demand / supply ratio is at least this.</summary>
    public double MinRatio { get; init; } = 2.0;

    /// <summary>Only this destination city (null: every short city).</summary>
    public string? ToCity { get; init; }

    public int MaxSuggestions { get; init; } = 50;

    /// <summary>Weight of the skill match (coverage of the destination's vacancies) in the score.</summary>
    public double MatchWeight { get; init; } = 0.7;

    /// <summary>Weight of the corridor propensity (normalised to the best corridor of the plan) in the score.</summary>
    public double CorridorWeight { get; init; } = 0.3;
}

/// <summary>A short destination: its balance, its open vacancies requiring the skill and their mean monthly salary.</summary>
public sealed record ShortDestination(CitySkillBalance Balance, int OpenVacancies, long OpenHeadcount, double? MeanSalaryMonthly);

/// <summary>A surplus origin for a destination: seekers holding the skill at the destination's level exceed the origin's own demand.</summary>
public sealed record SurplusOrigin(string CityCode, string ForDestination, int Level, long Supply, long Demand)
{
    public long Surplus => Supply - Demand;
}

/// <summary>
/// One seeker to approach. <see cref="Score"/> = MatchWeight x <see cref="Coverage"/> + CorridorWeight x
/// <see cref="PropensityNormalised"/>. <see cref="SalaryDifference"/> is the destination's mean salary minus the seeker's
/// wish (positive: the destination pays more than asked); null when either is unknown.
/// </summary>
public sealed record RedeploymentSuggestion(
    string WorkerId, string FromCity, string ToCity, int HeldLevel, int RequiredLevel, double Coverage, double Propensity,
    double PropensityNormalised, double Score, double DistanceKm, int? SalaryWishMonthly, double? DestinationSalaryMonthly, double? SalaryDifference);

public sealed record RedeploymentPlan(
    string SkillCode, string PropensitySource, IReadOnlyList<ShortDestination> Destinations, IReadOnlyList<SurplusOrigin> Origins,
    IReadOnlyList<RedeploymentSuggestion> Suggestions, int CandidatesConsidered);

/// <summary>
/// Pairs a skill shortage in one city with a surplus of the same skill in another and ranks the seekers to approach.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Destinations: cities whose snapshot ratio for the skill is at least <see cref="RedeploymentOptions.MinRatio"/>
/// (optionally only <see cref="RedeploymentOptions.ToCity"/>), worst first.</item>
/// <item>Origins of a destination: other cities where the active seekers holding the skill at the destination's required
/// level outnumber the city's own demand for the skill (0 when it has none).</item>
/// <item>Candidates: seekers in those origins at or above the required level. Skill match = headcount-weighted mean of
/// <see cref="GapAnalyzer"/> coverage over the destination's open vacancies requiring the skill (1 when none is open:
/// the snapshot's demand is all there is to go by).</item>
/// <item>Corridor propensity: <see cref="CorridorPropensity.Share"/> from origin to destination, divided by the largest
/// share among the corridors of the plan, so that it is in [0, 1] like the match.</item>
/// <item>A seeker eligible for several destinations is suggested once, for the one with the best score. Ordered by score,
/// then by salary difference (higher first, unknown last), then worker id.</item>
/// </list>
/// </remarks>
public static class RedeploymentPlanner
{
    public static RedeploymentPlan Plan(
        string skillCode, IReadOnlyList<CitySkillBalance> balances, IReadOnlyList<SkillSupply> supply, IReadOnlyList<SeekerProfile> seekers,
        IReadOnlyList<VacancyOffer> vacancies, CorridorPropensity propensity, Func<string, string, double> distanceKm, RedeploymentOptions? options = null)
    {
        options ??= new RedeploymentOptions();
        var demandByCity = balances.ToDictionary(b => b.CityCode, b => b.Demand, StringComparer.Ordinal);
        var destinations = balances
            .Where(b => b.Ratio >= options.MinRatio && (options.ToCity is null || b.CityCode == options.ToCity))
            .OrderByDescending(b => b.Ratio).ThenBy(b => b.CityCode, StringComparer.Ordinal)
            .Select(b =>
            {
                var offers = vacancies.Where(v => v.CityCode == b.CityCode).ToList();
                var paid = offers.Where(v => v.SalaryMaxMonthly > 0).ToList();
                double? salary = paid.Count == 0 ? null
                    : paid.Sum(v => v.Headcount * (v.SalaryMinMonthly + v.SalaryMaxMonthly) / 2.0) / paid.Sum(v => (double)v.Headcount);
                return new ShortDestination(b, offers.Count, offers.Sum(v => (long)v.Headcount), salary);
            })
            .ToList();

        var origins = new List<SurplusOrigin>();
        var pairs = new List<(SeekerProfile Seeker, ShortDestination To, int Held, double Coverage, double Share)>();
        foreach (var d in destinations)
        {
            var level = d.Balance.RequiredLevel;
            var destinationOffers = vacancies.Where(v => v.CityCode == d.Balance.CityCode).ToList();
            var surplus = supply.Where(s => s.Level >= level && s.CityCode != d.Balance.CityCode)
                .GroupBy(s => s.CityCode, StringComparer.Ordinal)
                .Select(g => new SurplusOrigin(g.Key, d.Balance.CityCode, level, g.Sum(s => s.Seekers), demandByCity.GetValueOrDefault(g.Key)))
                .Where(o => o.Supply > o.Demand)
                .OrderByDescending(o => o.Surplus).ThenBy(o => o.CityCode, StringComparer.Ordinal)
                .ToList();
            origins.AddRange(surplus);
            var originCodes = surplus.Select(o => o.CityCode).ToHashSet(StringComparer.Ordinal);
            foreach (var s in seekers.Where(s => originCodes.Contains(s.CityCode)))
            {
                var held = s.Skills.Where(k => k.SkillCode == skillCode).Select(k => k.Level).DefaultIfEmpty(0).Max();
                if (held < level) continue;
                pairs.Add((s, d, held, Coverage(s, destinationOffers), propensity.Share(s.CityCode, d.Balance.CityCode)));
            }
        }

        var maxShare = pairs.Count == 0 ? 0 : pairs.Max(p => p.Share);
        var suggestions = pairs
            .Select(p =>
            {
                var normalised = maxShare > 0 ? p.Share / maxShare : 0;
                var salary = p.To.MeanSalaryMonthly;
                return new RedeploymentSuggestion(p.Seeker.WorkerId, p.Seeker.CityCode, p.To.Balance.CityCode, p.Held, p.To.Balance.RequiredLevel,
                    p.Coverage, p.Share, normalised, options.MatchWeight * p.Coverage + options.CorridorWeight * normalised,
                    distanceKm(p.Seeker.CityCode, p.To.Balance.CityCode), p.Seeker.SalaryWishMonthly, salary,
                    salary is { } s && p.Seeker.SalaryWishMonthly is { } wish ? s - wish : null);
            })
            .GroupBy(s => s.WorkerId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.Score).ThenBy(s => s.ToCity, StringComparer.Ordinal).First())
            .OrderByDescending(s => s.Score)
            .ThenByDescending(s => s.SalaryDifference ?? double.NegativeInfinity)
            .ThenBy(s => s.WorkerId, StringComparer.Ordinal)
            .Take(options.MaxSuggestions)
            .ToArray();
        return new RedeploymentPlan(skillCode, propensity.Source, destinations, origins, suggestions, pairs.Select(p => p.Seeker.WorkerId).Distinct().Count());
    }

    /// <summary>Headcount-weighted mean coverage of the offers; 1 without offers.</summary>
    public static double Coverage(SeekerProfile seeker, IReadOnlyList<VacancyOffer> offers)
    {
        if (offers.Count == 0) return 1;
        double weighted = 0, total = 0;
        foreach (var v in offers)
        {
            weighted += v.Headcount * GapAnalyzer.Analyze(seeker.Skills, v.Requirements).Coverage;
            total += v.Headcount;
        }
        return total > 0 ? weighted / total : 1;
    }

    /// <summary>
    /// Merges a snapshot's rows of one skill per city: demand adds up over industries; supply is the largest (each
    /// industry's row counts the seekers at or above its own level, so rows overlap); the required level is the
    /// demand-weighted mean level rounded half up.
    /// </summary>
    public static IReadOnlyList<CitySkillBalance> MergeIndustries(IEnumerable<(string CityCode, int RequiredLevel, long Demand, long Supply)> rows) =>
        rows.GroupBy(r => r.CityCode, StringComparer.Ordinal)
            .Select(g =>
            {
                var demand = g.Sum(r => r.Demand);
                var level = demand > 0 ? (int)Math.Floor(g.Sum(r => r.RequiredLevel * (double)r.Demand) / demand + 0.5) : g.Max(r => r.RequiredLevel);
                return new CitySkillBalance(g.Key, Math.Clamp(level, SkillLevel.Min, SkillLevel.Max), demand, g.Max(r => r.Supply));
            })
            .OrderBy(b => b.CityCode, StringComparer.Ordinal)
            .ToArray();
}
