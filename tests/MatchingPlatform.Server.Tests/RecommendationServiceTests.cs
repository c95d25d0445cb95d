using Grpc.Core;
using Grpc.Health.V1;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>
/// End to end on the seeded demo dataset: a hand-made worker and vacancy are added through the API,
/// and the recommendations' explanations and gaps are checked against what the test works out itself.
/// </summary>
public sealed class RecommendationServiceTests(DemoPlatformFactory factory) : IClassFixture<DemoPlatformFactory>
{
    private readonly RecommendationService.RecommendationServiceClient _recommend = new(factory.Channel);
    private readonly WorkerService.WorkerServiceClient _workers = new(factory.Channel);
    private readonly EnterpriseService.EnterpriseServiceClient _enterprises = new(factory.Channel);
    private readonly VacancyService.VacancyServiceClient _vacancies = new(factory.Channel);
    private readonly TrainingService.TrainingServiceClient _training = new(factory.Channel);

    private async Task<(Worker Worker, Vacancy Vacancy)> HandCheckedPairAsync(string suffix)
    {
        // Welder in Anshan moving into industrial robotics: holds PLC at 4 and troubleshooting at 3.
        // The vacancy (same city) asks PLC 3 (importance 5), industrial robot programming 3 (importance 4)
        // and Python 2 (importance 2): one skill met, two missing.
        await _enterprises.CreateEnterpriseAsync(new CreateEnterpriseRequest { Enterprise = Builders.Enterprise("e-hand" + suffix, "anshan") });
        var vacancy = await _vacancies.PostVacancyAsync(new PostVacancyRequest
        {
            Vacancy = Builders.Vacancy("v-hand" + suffix, "e-hand" + suffix, "anshan",
                ("plc-programming", 3, 5), ("industrial-robot-programming", 3, 4), ("python", 2, 2)),
        });
        var worker = await _workers.CreateWorkerAsync(new CreateWorkerRequest
        {
            Worker = Builders.Worker("w-hand" + suffix, "anshan", ("plc-programming", 4), ("onet-troubleshooting", 3)),
        });
        return (worker, vacancy);
    }

    [Fact]
    public async Task Gap_for_the_hand_checked_pair_is_exactly_what_a_counsellor_would_say()
    {
        var (worker, vacancy) = await HandCheckedPairAsync("-gap");
        var gap = await _recommend.GetSkillGapAsync(new GetSkillGapRequest { WorkerId = worker.Id, VacancyId = vacancy.Id });

        // Coverage = sum(importance * min(held, required) / required) / sum(importance) = (5*1 + 4*0 + 2*0) / 11.
        Assert.Equal(5.0 / 11.0, gap.Coverage, 6);
        Assert.Equal(["plc-programming"], gap.Met.Select(m => m.Skill));
        // Most important gap first.
        Assert.Equal(["industrial-robot-programming", "python"], gap.Gaps.Select(g => g.Skill));
        Assert.All(gap.Gaps, g => Assert.True(g.Missing));
        Assert.Equal([3, 2], gap.Gaps.Select(g => g.RequiredLevel));
        Assert.Equal("Python", gap.Gaps[1].SkillNameEn);

        // Every programme offered teaches the skill to at least the level required, local ones first; and
        // programmes are offered whenever the catalogue has one that qualifies.
        foreach (var g in gap.Gaps)
        {
            var catalogue = await _training.ListTrainingProgrammesAsync(new ListTrainingProgrammesRequest { Skill = g.Skill, PageSize = 500 });
            var qualifying = catalogue.Programmes.Where(p => p.Teaches.Any(t => t.Skill == g.Skill && t.Level >= g.RequiredLevel)).ToList();
            Assert.Equal(Math.Min(3, qualifying.Count), g.Programmes.Count);
            Assert.All(g.Programmes, p => Assert.Contains(p.Teaches, t => t.Skill == g.Skill && t.Level >= g.RequiredLevel));
            if (qualifying.Any(p => p.City == "anshan")) Assert.Equal("anshan", g.Programmes[0].City);
        }
    }

    [Fact]
    public async Task Recommendations_explain_themselves_and_their_gaps_match_an_independent_count()
    {
        var (worker, vacancy) = await HandCheckedPairAsync("-rec");
        var response = await _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = worker.Id, K = 20 });

        Assert.True(response.Ranking.Fallback);
        Assert.Contains("no learned model", response.Ranking.Note);
        Assert.InRange(response.Recommendations.Count, 1, 20);
        Assert.Equal(Enumerable.Range(1, response.Recommendations.Count), response.Recommendations.Select(r => r.Rank));
        Assert.True(response.Recommendations.Zip(response.Recommendations.Skip(1)).All(p => p.First.Score >= p.Second.Score));

        // The hand-made vacancy shares the worker's strongest skill in the same city: it must be retrieved.
        var mine = Assert.Single(response.Recommendations, r => r.VacancyId == vacancy.Id);
        Assert.Equal(0, mine.DistanceKm);
        Assert.Equal(["plc-programming"], mine.Explanation.MatchedSkills);
        Assert.Contains("same city", mine.Explanation.Summary);
        Assert.Equal("Shenyang Robotics Co.", mine.EnterpriseName);

        // For every recommendation, recompute matched skills and gaps from the stored vacancy.
        var held = worker.Skills.ToDictionary(s => s.Skill, s => s.Level);
        foreach (var r in response.Recommendations)
        {
            var v = await _vacancies.GetVacancyAsync(new GetVacancyRequest { Id = r.VacancyId });
            Assert.Equal(VacancyStatus.Open, v.Status);
            var met = v.Requirements.Where(q => held.GetValueOrDefault(q.Skill) >= q.Level).Select(q => q.Skill).ToHashSet();
            var gaps = v.Requirements.Where(q => held.GetValueOrDefault(q.Skill) < q.Level).ToDictionary(q => q.Skill);
            Assert.Equal(met, r.Explanation.MatchedSkills.ToHashSet());
            Assert.Equal(gaps.Keys.ToHashSet(), r.Gaps.Select(g => g.Skill).ToHashSet());
            foreach (var g in r.Gaps)
            {
                Assert.Equal(gaps[g.Skill].Level, g.RequiredLevel);
                Assert.Equal(held.GetValueOrDefault(g.Skill), g.HeldLevel);
                Assert.Equal(!held.ContainsKey(g.Skill), g.Missing);
            }
            // Retrieval only returns vacancies sharing at least one skill with the worker.
            Assert.Contains(v.Requirements, q => held.ContainsKey(q.Skill));
            Assert.Equal(MatchingPlatform.Ml.Ranking.MatchFeatures.Names, r.Explanation.Features.Select(f => f.Name));
        }
    }

    [Fact]
    public async Task Filters_restrict_results()
    {
        var (worker, _) = await HandCheckedPairAsync("-filter");
        var dalian = await _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest
        {
            WorkerId = worker.Id, K = 10, Filter = new VacancyFilter { Cities = { "dalian" } },
        });
        Assert.All(dalian.Recommendations, r => Assert.Equal("dalian", r.City));
        var near = await _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest
        {
            WorkerId = worker.Id, K = 10, Filter = new VacancyFilter { MaxDistanceKm = 120 },
        });
        Assert.All(near.Recommendations, r => Assert.InRange(r.DistanceKm, 0, 120));
        var liaoning = await _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest
        {
            WorkerId = worker.Id, K = 10, Filter = new VacancyFilter { LiaoningOnly = true },
        });
        var taxonomy = new TaxonomyService.TaxonomyServiceClient(factory.Channel);
        var inLiaoning = (await taxonomy.ListCitiesAsync(new ListCitiesRequest())).Cities.Where(c => c.InLiaoning).Select(c => c.Code).ToHashSet();
        Assert.All(liaoning.Recommendations, r => Assert.Contains(r.City, inLiaoning));
    }

    [Fact]
    public async Task Posting_and_closing_change_recommendations_at_once()
    {
        var (worker, vacancy) = await HandCheckedPairAsync("-live");
        var k100 = new RecommendVacanciesRequest { WorkerId = worker.Id, K = 100, Filter = new VacancyFilter { Cities = { "anshan" } } };
        Assert.Contains((await _recommend.RecommendVacanciesAsync(k100)).Recommendations, r => r.VacancyId == vacancy.Id);
        await _vacancies.CloseVacancyAsync(new CloseVacancyRequest { Id = vacancy.Id });
        Assert.DoesNotContain((await _recommend.RecommendVacanciesAsync(k100)).Recommendations, r => r.VacancyId == vacancy.Id);
        var ex = await Assert.ThrowsAsync<RpcException>(() => _recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = vacancy.Id }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
    }

    [Fact]
    public async Task Candidates_for_a_vacancy_include_the_matching_worker_with_their_gaps()
    {
        var (worker, vacancy) = await HandCheckedPairAsync("-cand");
        var response = await _recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = vacancy.Id, K = 100 });
        Assert.True(response.Ranking.Fallback);
        var me = Assert.Single(response.Candidates, c => c.WorkerId == worker.Id);
        Assert.Equal(["industrial-robot-programming", "python"], me.Gaps.Select(g => g.Skill));
        Assert.Equal(5.0 / 11.0, me.Coverage, 6);
        Assert.All(response.Candidates, c => Assert.NotEqual("", c.Explanation.Summary));
    }

    [Fact]
    public async Task Recommendation_errors_name_the_field()
    {
        var (worker, vacancy) = await HandCheckedPairAsync("-err");
        async Task Expect(StatusCode code, string text, Func<Task> call)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(code, ex.StatusCode);
            Assert.Contains(text, ex.Status.Detail);
        }
        await Expect(StatusCode.InvalidArgument, "k:", () => _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = worker.Id, K = 101 }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "k:", () => _recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = vacancy.Id, K = -1 }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "worker_id", () => _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest()).ResponseAsync);
        await Expect(StatusCode.NotFound, "w-nobody", () => _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = "w-nobody" }).ResponseAsync);
        await Expect(StatusCode.NotFound, "v-nothing", () => _recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = "v-nothing" }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "filter.cities[1]", () => _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest
        {
            WorkerId = worker.Id, Filter = new VacancyFilter { Cities = { "dalian", "gotham" } },
        }).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, "filter.max_distance_km", () => _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest
        {
            WorkerId = worker.Id, Filter = new VacancyFilter { MaxDistanceKm = -3 },
        }).ResponseAsync);
        await Expect(StatusCode.NotFound, "vacancy", () => _recommend.GetSkillGapAsync(new GetSkillGapRequest { WorkerId = worker.Id, VacancyId = "v-missing" }).ResponseAsync);
    }

    [Fact]
    public async Task Training_programmes_are_listed_by_skill_and_paged()
    {
        var all = new List<TrainingProgramme>();
        var token = "";
        do
        {
            var page = await _training.ListTrainingProgrammesAsync(new ListTrainingProgrammesRequest { Skill = "python", PageSize = 2, PageToken = token });
            all.AddRange(page.Programmes);
            token = page.NextPageToken;
        } while (token != "");
        Assert.NotEmpty(all);
        Assert.All(all, p => Assert.Contains(p.Teaches, t => t.Skill == "python"));
        Assert.Equal(all.Count, all.Select(p => p.Id).Distinct().Count());

        var ex = await Assert.ThrowsAsync<RpcException>(() => _training.ListTrainingProgrammesAsync(new ListTrainingProgrammesRequest { Skill = "alchemy" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("skill:", ex.Status.Detail);
    }

    [Fact]
    public async Task Taxonomy_health_and_reflection_answer()
    {
        var taxonomy = new TaxonomyService.TaxonomyServiceClient(factory.Channel);
        var cities = await taxonomy.ListCitiesAsync(new ListCitiesRequest());
        Assert.Equal(14, cities.Cities.Count(c => c.InLiaoning));
        var digital = await taxonomy.ListSkillsAsync(new ListSkillsRequest { DigitalOnly = true });
        Assert.Contains(digital.Skills, s => s.Code == "machine-learning" && s.NameZh == "机器学习");
        Assert.All(digital.Skills, s => Assert.True(s.Digital));

        var health = new Health.HealthClient(factory.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(factory.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("talent.v1.RecommendationService", services);
        Assert.Contains("talent.v1.WorkerService", services);
    }
}
