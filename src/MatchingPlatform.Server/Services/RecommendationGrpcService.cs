using MatchingPlatform.Core.Security;
using MatchingPlatform.Server.Infrastructure.Auth;
using Grpc.Core;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;
using Microsoft.Extensions.Options;
using Domain = MatchingPlatform.Ml.Recommendation;

namespace MatchingPlatform.Server.Services;

/// <summary>
/// Matching in both directions. Profiles are read from the database (the source of truth), the
/// in-memory engine retrieves, ranks and explains; this class only checks the request and maps.
/// </summary>
internal sealed class RecommendationGrpcService(
    RecommendationEngine engine, WorkerRepository workers, VacancyRepository vacancies, InteractionRepository interactions,
    CityDirectory cities, IOptions<PlatformOptions> options) : RecommendationService.RecommendationServiceBase
{
    public override async Task<RecommendVacanciesResponse> RecommendVacancies(RecommendVacanciesRequest request, ServerCallContext context)
    {
        var workerId = Requests.Id(request.WorkerId, "worker_id");
        Caller.From(context).RequireWorker(workerId);
        var k = K(request.K);
        var filter = request.Filter ?? new VacancyFilter();
        foreach (var (city, i) in filter.Cities.Select((c, i) => (c, i)))
            if (!cities.Contains(city)) throw Requests.Invalid($"filter.cities[{i}]", $"unknown city '{Clip(city)}'");
        if (filter.MinSalaryMonthly < 0) throw Requests.Invalid("filter.min_salary_monthly", "must not be negative");
        if (filter.MaxDistanceKm < 0 || double.IsNaN(filter.MaxDistanceKm)) throw Requests.Invalid("filter.max_distance_km", "must not be negative");
        var worker = await workers.GetAsync(workerId, context.CancellationToken) ?? throw Requests.NotFound("worker", workerId);

        var result = engine.RecommendVacancies(worker, k, new VacancyQuery
        {
            Cities = filter.Cities.ToArray(), LiaoningOnly = filter.LiaoningOnly, MinSalaryMonthly = filter.MinSalaryMonthly,
            Industries = filter.Industries.ToArray(), MaxDistanceKm = filter.MaxDistanceKm,
        });
        var response = new RecommendVacanciesResponse { Ranking = ToProto(result.Ranking) };
        response.Recommendations.AddRange(result.Recommendations.Select(r =>
        {
            var p = new Protos.V1.VacancyRecommendation
            {
                Rank = r.Rank, Score = r.Score, VacancyId = r.Vacancy.Id, Title = r.Vacancy.Title,
                EnterpriseId = r.Vacancy.EnterpriseId, EnterpriseName = r.EnterpriseName ?? "", City = r.Vacancy.CityCode,
                Industry = r.Vacancy.IndustryCode, SalaryMinMonthly = r.Vacancy.SalaryMinMonthly,
                SalaryMaxMonthly = r.Vacancy.SalaryMaxMonthly, DistanceKm = Finite(r.DistanceKm), Coverage = r.Coverage,
                Explanation = ToProto(r.Explanation),
            };
            p.Gaps.AddRange(r.Gaps.Select(ToProto));
            return p;
        }));
        return response;
    }

    public override async Task<RecommendCandidatesResponse> RecommendCandidates(RecommendCandidatesRequest request, ServerCallContext context)
    {
        var vacancyId = Requests.Id(request.VacancyId, "vacancy_id");
        var k = K(request.K);
        var filter = request.Filter ?? new CandidateFilter();
        foreach (var (city, i) in filter.Cities.Select((c, i) => (c, i)))
            if (!cities.Contains(city)) throw Requests.Invalid($"filter.cities[{i}]", $"unknown city '{Clip(city)}'");
        var vacancy = await vacancies.GetAsync(vacancyId, context.CancellationToken) ?? throw Requests.NotFound("vacancy", vacancyId);
        // Shortlists are for the enterprise that posted the vacancy.
        Caller.From(context).RequireEnterprise(vacancy.EnterpriseId);
        if (vacancy.Status != Core.Profiles.VacancyStatus.Open)
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"vacancy '{vacancyId}' is closed"));

        var result = engine.RecommendCandidates(vacancy, k, new CandidateQuery
        {
            Cities = filter.Cities.ToArray(), IncludePassive = filter.IncludePassive,
        });
        // Contact details only for candidates who applied to this vacancy: applying is the seeker's consent.
        var ids = result.Candidates.Select(c => c.Worker.Id).ToArray();
        var applicants = await interactions.ApplicantsAsync(vacancy.Id, ids, context.CancellationToken);
        var contacts = await workers.GetContactsAsync(applicants.ToArray(), context.CancellationToken);
        var response = new RecommendCandidatesResponse { Ranking = ToProto(result.Ranking) };
        response.Candidates.AddRange(result.Candidates.Select(c =>
        {
            var p = new Protos.V1.CandidateRecommendation
            {
                Rank = c.Rank, Score = c.Score, WorkerId = c.Worker.Id, DisplayName = c.Worker.DisplayName,
                City = c.Worker.CityCode, Education = (Education)c.Worker.Education, ExperienceYears = c.Worker.ExperienceYears,
                DistanceKm = Finite(c.DistanceKm), Coverage = c.Coverage, Explanation = ToProto(c.Explanation),
            };
            p.Gaps.AddRange(c.Gaps.Select(ToProto));
            if (contacts.TryGetValue(c.Worker.Id, out var contact)) p.Contact = ProtoMapper.ToProto(contact);
            return p;
        }));
        return response;
    }

    public override async Task<GetSkillGapResponse> GetSkillGap(GetSkillGapRequest request, ServerCallContext context)
    {
        var workerId = Requests.Id(request.WorkerId, "worker_id");
        var vacancyId = Requests.Id(request.VacancyId, "vacancy_id");
        // The worker asks about their own gap; an enterprise about a candidate for its own vacancy (vacancies are public,
        // workers are not: a job seeker is refused before anything about another worker is looked up).
        var caller = Caller.From(context);
        if (caller.Role != PlatformRoles.Enterprise) caller.RequireWorker(workerId);
        var vacancy = await vacancies.GetAsync(vacancyId, context.CancellationToken) ?? throw Requests.NotFound("vacancy", vacancyId);
        if (caller.Role == PlatformRoles.Enterprise) caller.RequireEnterprise(vacancy.EnterpriseId);
        var worker = await workers.GetAsync(workerId, context.CancellationToken) ?? throw Requests.NotFound("worker", workerId);
        var (report, gaps) = engine.AnalyzeGap(worker, vacancy);
        var response = new GetSkillGapResponse { Coverage = report.Coverage };
        response.Gaps.AddRange(gaps.Select(ToProto));
        response.Met.AddRange(report.Met.Select(m => new SkillRequirement { Skill = m.SkillCode, Level = m.Level, Importance = m.Importance }));
        return response;
    }

    private int K(int requested)
    {
        var o = options.Value;
        if (requested == 0) return o.DefaultK;
        if (requested < 0 || requested > o.MaxK) throw Requests.Invalid("k", $"must be between 1 and {o.MaxK}");
        return requested;
    }

    private static Protos.V1.RankingInfo ToProto(Domain.RankingInfo r) => new()
    {
        Ranker = r.Ranker, ModelVersion = r.ModelVersion ?? "", Fallback = r.Fallback, Note = r.Note ?? "",
        CandidatesConsidered = r.CandidatesConsidered,
    };

    private static Explanation ToProto(MatchExplanation e)
    {
        var p = new Explanation { Summary = e.Summary };
        p.Features.AddRange(e.Features.Select(f => new Protos.V1.FeatureContribution
        {
            Name = f.Name, Value = Finite(f.Value), Contribution = Finite(f.Contribution),
        }));
        p.MatchedSkills.AddRange(e.MatchedSkills);
        return p;
    }

    private static SkillGap ToProto(RecommendedGap g)
    {
        var p = new SkillGap
        {
            Skill = g.Gap.SkillCode, SkillNameEn = g.Skill?.NameEn ?? "", SkillNameZh = g.Skill?.NameZh ?? "",
            RequiredLevel = g.Gap.RequiredLevel, HeldLevel = g.Gap.HeldLevel, Importance = g.Gap.Importance, Missing = g.Gap.IsMissing,
        };
        p.Programmes.AddRange(g.Programmes.Select(ProtoMapper.ToProto));
        return p;
    }

    // Unknown distances are NaN inside (a missing value for the ranker); on the wire they read as -1.
    private static double Finite(double v) => double.IsFinite(v) ? v : -1;

    private static string Clip(string s) => Core.Validation.Echo.Clip(s);
}
