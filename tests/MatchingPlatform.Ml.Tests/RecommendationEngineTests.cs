using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using static MatchingPlatform.Ml.Tests.TestWorld;

namespace MatchingPlatform.Ml.Tests;

public class RecommendationEngineTests
{
    private static string[] Ids(VacancyRecommendations r) => [.. r.Recommendations.Select(x => x.Vacancy.Id)];
    private static string[] Ids(CandidateRecommendations r) => [.. r.Candidates.Select(x => x.Worker.Id)];

    [Fact]
    public void A_workers_top_vacancy_is_the_one_using_their_rare_skill()
    {
        var engine = Engine();
        engine.Load(
            [
                Vacancy("common-1", "shenyang", Req("sql", 3)),
                Vacancy("common-2", "shenyang", Req("sql", 3)),
                Vacancy("common-3", "shenyang", Req("sql", 3)),
                Vacancy("rare", "shenyang", Req("python", 3)),
            ],
            [], [Employer], []);

        var result = engine.RecommendVacancies(Worker("w", "shenyang", Has("sql", 3), Has("python", 3)), 10);

        Assert.Equal(["rare", "common-1", "common-2", "common-3"], Ids(result));
        // ln 5 / (ln 5 + ln 7/3) and ln 7/3 / (ln 5 + ln 7/3).
        Assert.Equal(0.6551123365561732, result.Recommendations[0].Score, 9);
        Assert.Equal(0.3448876634438268, result.Recommendations[1].Score, 9);
        Assert.Equal(1, result.Recommendations[0].Rank);
        Assert.Equal("Shenyang Robotics", result.Recommendations[0].EnterpriseName);
        Assert.Equal(4, result.Ranking.CandidatesConsidered);
    }

    [Fact]
    public void Vacancy_filters_apply_during_retrieval()
    {
        var engine = Engine();
        var low = Vacancy("low-pay", "shenyang", Req("sql", 2)) with { SalaryMinMonthly = 4000, SalaryMaxMonthly = 7000 };
        var factory = Vacancy("factory", "shenyang", Req("sql", 2)) with { IndustryCode = "manufacturing" };
        engine.Load(
            [
                Vacancy("sy", "shenyang", Req("sql", 2)),
                Vacancy("as", "anshan", Req("sql", 2)),
                Vacancy("dl", "dalian", Req("sql", 2)),
                Vacancy("bj", "beijing", Req("sql", 2)),
                low, factory,
            ],
            [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 2));

        Assert.Equal(["as", "bj", "dl", "factory", "low-pay", "sy"], Ids(engine.RecommendVacancies(worker, 10)).Order());
        Assert.Equal(["dl"], Ids(engine.RecommendVacancies(worker, 10, new VacancyQuery { Cities = ["dalian"] })));
        // Anshan is ~87 km from Shenyang, Dalian ~ 350 km, Beijing ~ 620 km.
        Assert.Equal(["as", "factory", "low-pay", "sy"],
            Ids(engine.RecommendVacancies(worker, 10, new VacancyQuery { MaxDistanceKm = 150 })).Order());
        Assert.DoesNotContain("bj", Ids(engine.RecommendVacancies(worker, 10, new VacancyQuery { LiaoningOnly = true })));
        Assert.Empty(Ids(engine.RecommendVacancies(worker, 10, new VacancyQuery { LiaoningOnly = true, Cities = ["beijing"] })));
        Assert.Equal(["factory"], Ids(engine.RecommendVacancies(worker, 10, new VacancyQuery { Industries = ["manufacturing"] })));
        Assert.DoesNotContain("low-pay", Ids(engine.RecommendVacancies(worker, 10, new VacancyQuery { MinSalaryMonthly = 8000 })));
    }

    [Fact]
    public void Liaoning_only_sees_cities_registered_after_start_up()
    {
        var cities = new Core.Geography.CityDirectory([Cities.Find("shenyang")!]);
        var engine = new RecommendationEngine(Taxonomy, cities, new RankerHolder(), time: new FixedTime(Now));
        var worker = Worker("w", "shenyang", Has("sql", 2));
        engine.Load([Vacancy("tl", "tieling", Req("sql", 2))], [], [], []);
        Assert.Empty(engine.RecommendVacancies(worker, 10, new VacancyQuery { LiaoningOnly = true }).Recommendations);

        cities.Register(new Core.Geography.City("tieling", "Tieling", "铁岭市", "Liaoning", "2112", 42.2863, 123.8423, 2_400_000, true));
        Assert.Equal(["tl"], Ids(engine.RecommendVacancies(worker, 10, new VacancyQuery { LiaoningOnly = true })));
    }

    [Fact]
    public void Salary_floor_defaults_to_the_workers_wish_and_an_explicit_floor_overrides_it()
    {
        var engine = Engine();
        engine.Load(
            [
                Vacancy("low-pay", "shenyang", Req("sql", 2)) with { SalaryMinMonthly = 4000, SalaryMaxMonthly = 7000 },
                Vacancy("good-pay", "shenyang", Req("sql", 2)) with { SalaryMinMonthly = 9000, SalaryMaxMonthly = 14000 },
            ],
            [], [], []);
        var picky = Worker("w", "shenyang", Has("sql", 2)) with { SalaryWishMonthly = 10000 };

        Assert.Equal(["good-pay"], Ids(engine.RecommendVacancies(picky, 10)));
        Assert.Equal(["good-pay", "low-pay"], Ids(engine.RecommendVacancies(picky, 10, new VacancyQuery { MinSalaryMonthly = 5000 })));
        Assert.Equal(2, engine.RecommendVacancies(picky with { SalaryWishMonthly = null }, 10).Recommendations.Count);
    }

    [Fact]
    public void Closed_vacancies_are_never_returned()
    {
        var engine = Engine();
        engine.Load(
            [
                Vacancy("open", "shenyang", Req("sql", 2)),
                Vacancy("closed", "shenyang", Req("sql", 2)) with { Status = VacancyStatus.Closed },
            ],
            [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 2));
        Assert.Equal(["open"], Ids(engine.RecommendVacancies(worker, 10)));
        Assert.Equal(1, engine.VacancyCount);
    }

    [Fact]
    public void Posting_then_closing_a_vacancy_is_visible_to_the_next_query()
    {
        var engine = Engine();
        engine.Load([Vacancy("old", "shenyang", Req("sql", 2))], [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 2), Has("python", 3));

        var posted = Vacancy("new", "shenyang", Req("python", 3));
        engine.UpsertVacancy(posted);
        Assert.Equal(["new", "old"], Ids(engine.RecommendVacancies(worker, 10)));

        engine.UpsertVacancy(posted with { Status = VacancyStatus.Closed, ClosedAt = Now });
        Assert.Equal(["old"], Ids(engine.RecommendVacancies(worker, 10)));
        Assert.Null(engine.FindVacancy("new"));

        Assert.True(engine.RemoveVacancy("old"));
        Assert.Empty(engine.RecommendVacancies(worker, 10).Recommendations);
    }

    [Fact]
    public void Replacing_a_workers_skills_is_visible_to_the_next_query()
    {
        var engine = Engine();
        engine.Load([], [Worker("w1", "shenyang", Has("python", 3)), Worker("w2", "shenyang", Has("sql", 3))], [], []);
        var pythonJob = Vacancy("py", "shenyang", Req("python", 3));
        var weldingJob = Vacancy("weld", "shenyang", Req("welding", 2));

        Assert.Equal(["w1"], Ids(engine.RecommendCandidates(pythonJob, 10)));
        Assert.Empty(Ids(engine.RecommendCandidates(weldingJob, 10)));

        // Skills from a mutable list: the engine must copy them, or this later mutation would corrupt the index.
        var skills = new List<Core.Skills.SkillLevel> { Has("welding", 2) };
        engine.UpsertWorker(Worker("w1", "shenyang") with { Skills = skills });
        skills.Add(Has("python", 5));

        Assert.Empty(Ids(engine.RecommendCandidates(pythonJob, 10)));
        Assert.Equal(["w1"], Ids(engine.RecommendCandidates(weldingJob, 10)));

        Assert.True(engine.RemoveWorker("w1"));
        Assert.Empty(Ids(engine.RecommendCandidates(weldingJob, 10)));
        Assert.Equal(1, engine.WorkerCount);
    }

    [Fact]
    public void Candidates_exclude_passive_workers_unless_asked_and_filter_by_city()
    {
        var engine = Engine();
        engine.Load([],
            [
                Worker("active-sy", "shenyang", Has("sql", 3)),
                Worker("passive-sy", "shenyang", Has("sql", 3)) with { ActivelySeeking = false },
                Worker("active-dl", "dalian", Has("sql", 3)),
            ],
            [], []);
        var job = Vacancy("job", "shenyang", Req("sql", 3));

        Assert.Equal(["active-dl", "active-sy"], Ids(engine.RecommendCandidates(job, 10)));
        Assert.Equal(["active-dl", "active-sy", "passive-sy"], Ids(engine.RecommendCandidates(job, 10, new CandidateQuery { IncludePassive = true })));
        Assert.Equal(["active-sy"], Ids(engine.RecommendCandidates(job, 10, new CandidateQuery { Cities = ["shenyang"] })));
    }

    [Fact]
    public void Candidate_scores_match_hand_computation()
    {
        var engine = Engine();
        engine.Load([],
            [
                Worker("w1", "shenyang", Has("python", 4), Has("sql", 2)),
                Worker("w2", "shenyang", Has("python", 2), Has("sql", 5)),
                Worker("w3", "shenyang", Has("sql", 1)),
                Worker("w4", "shenyang", Has("welding", 3)),
            ],
            [], []);
        var result = engine.RecommendCandidates(Vacancy("job", "shenyang", Req("python", 4, 5), Req("sql", 2, 3)), 10);

        Assert.Equal(["w1", "w2", "w3"], Ids(result));
        // Max = ln 3 + 3/5 ln 7/3; w2 = (ln 3 x 2/4 + 3/5 ln 7/3) / max; w3 = 3/5 ln 7/3 x 1/2 / max.
        Assert.Equal(1.0, result.Candidates[0].Score, 12);
        Assert.Equal(0.6581772127790538, result.Candidates[1].Score, 9);
        Assert.Equal(0.1581772127790538, result.Candidates[2].Score, 9);
        // w2: python 2 of 4 at importance 5, sql met at importance 3: (5 x 0.5 + 3) / 8.
        Assert.Equal(5.5 / 8, result.Candidates[1].Coverage, 12);
    }

    [Fact]
    public void K_and_n_bound_the_results()
    {
        var engine = Engine(new RecommendationOptions { RetrievalCandidates = 3 });
        engine.Load([.. Enumerable.Range(0, 10).Select(i => Vacancy($"v{i}", "shenyang", Req("sql", 2)))], [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 2));

        var two = engine.RecommendVacancies(worker, 2);
        Assert.Equal(["v0", "v1"], Ids(two));
        Assert.Equal(3, two.Ranking.CandidatesConsidered);

        // k above N: retrieval widens to k rather than returning fewer than asked.
        var five = engine.RecommendVacancies(worker, 5);
        Assert.Equal(5, five.Recommendations.Count);
        Assert.Equal(5, five.Ranking.CandidatesConsidered);
        Assert.Equal([1, 2, 3, 4, 5], five.Recommendations.Select(r => r.Rank));

        Assert.Throws<ArgumentOutOfRangeException>(() => engine.RecommendVacancies(worker, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.RecommendVacancies(worker, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.RecommendVacancies(worker, 5, new VacancyQuery { MaxDistanceKm = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.RecommendCandidates(Vacancy("q", "shenyang"), 0));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_coverage_then_salary_fit_then_id()
    {
        var engine = Engine();
        engine.Load(
            [
                // The same retrieval score (the worker's only skill, sql, fully met) for all four.
                Vacancy("a-partial", "shenyang", Req("sql", 3), Req("excel", 3)),
                Vacancy("d-full-lowpay", "shenyang", Req("sql", 3)) with { SalaryMinMonthly = 6000, SalaryMaxMonthly = 9000 },
                Vacancy("c-full", "shenyang", Req("sql", 3)) with { SalaryMinMonthly = 8000, SalaryMaxMonthly = 10000 },
                Vacancy("b-full", "shenyang", Req("sql", 3)) with { SalaryMinMonthly = 8000, SalaryMaxMonthly = 10000 },
            ],
            [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 3)) with { SalaryWishMonthly = 8000 };

        var first = engine.RecommendVacancies(worker, 10);
        Assert.All(first.Recommendations, r => Assert.Equal(1.0, r.Score, 12));
        Assert.Equal(["b-full", "c-full", "d-full-lowpay", "a-partial"], Ids(first));
        Assert.Equal(Ids(first), Ids(engine.RecommendVacancies(worker, 10)));
    }

    [Fact]
    public void Explanation_summarises_the_match_and_contributions_sum_to_one()
    {
        var engine = Engine();
        engine.Load([Vacancy("job", "shenyang", Req("python", 3, 5), Req("sql", 3, 4), Req("excel", 3, 3), Req("machine-learning", 2, 5))],
            [], [Employer], []);
        var worker = Worker("w", "shenyang", Has("python", 4), Has("sql", 3), Has("excel", 2));

        var r = Assert.Single(engine.RecommendVacancies(worker, 10).Recommendations);

        Assert.Equal("Holds 2 of 4 required skills (python, sql); below the level asked in excel (2 of 3); missing machine-learning; same city",
            r.Explanation.Summary);
        Assert.Equal(["python", "sql"], r.Explanation.MatchedSkills);
        Assert.Equal(MatchFeatures.Names, r.Explanation.Features.Select(f => f.Name));
        Assert.Equal(1.0, r.Explanation.Features.Sum(f => f.Contribution), 9);
        // Coverage (5 + 4 + 3 x 2/3 + 0) / 17.
        Assert.Equal(11.0 / 17, r.Coverage, 12);
        Assert.Equal(11.0 / 17, r.Explanation.Features.Single(f => f.Name == "coverage").Value, 12);
        Assert.Equal(1.0, r.Explanation.Features.Single(f => f.Name == "same_city").Value);
        Assert.Equal(0.0, r.DistanceKm);
        // Retrieval's per-skill contributions add up to the retrieval score.
        Assert.Equal(r.RetrievalScore, r.Explanation.SkillContributions.Sum(s => s.Contribution), 12);
        Assert.Equal(["machine-learning", "excel"], r.Gaps.Select(g => g.Gap.SkillCode));
        Assert.Equal("Machine learning", r.Gaps[0].Skill?.NameEn);
    }

    [Fact]
    public void Explanation_names_the_distance_for_another_city()
    {
        var engine = Engine();
        engine.Load([Vacancy("job", "dalian", Req("sql", 3))], [], [], []);
        var r = Assert.Single(engine.RecommendVacancies(Worker("w", "shenyang", Has("sql", 3)), 10).Recommendations);
        Assert.InRange(r.DistanceKm, 330, 370);
        Assert.Matches(@"^Holds 1 of 1 required skills \(sql\); 3\d\d km away$", r.Explanation.Summary);
    }

    [Fact]
    public void Gaps_carry_programmes_in_the_workers_city_first()
    {
        var engine = Engine();
        engine.Load([Vacancy("job", "dalian", Req("sql", 2), Req("machine-learning", 2))], [], [],
            [
                Programme("p-dalian", "dalian", "machine-learning", 3, subsidised: true, weeks: 4),
                Programme("p-shenyang", "shenyang", "machine-learning", 3, weeks: 20),
                Programme("p-too-basic", "shenyang", "machine-learning", 1),
                Programme("p-beijing", "beijing", "machine-learning", 4, weeks: 10),
                Programme("p-anshan", "anshan", "machine-learning", 2, weeks: 12),
            ]);

        var r = Assert.Single(engine.RecommendVacancies(Worker("w", "shenyang", Has("sql", 2)), 10).Recommendations);
        var gap = Assert.Single(r.Gaps);
        Assert.True(gap.Gap.IsMissing);
        Assert.Equal(2, gap.Gap.RequiredLevel);
        // Worker's city first, then subsidised, then shortest; at most three; none below the level required.
        Assert.Equal(["p-shenyang", "p-dalian", "p-beijing"], gap.Programmes.Select(p => p.Id));
    }

    [Fact]
    public void Fallback_ranking_is_reported()
    {
        var engine = Engine();
        engine.Load([Vacancy("job", "shenyang", Req("sql", 3))], [], [], []);
        var ranking = engine.RecommendVacancies(Worker("w", "shenyang", Has("sql", 3)), 10).Ranking;
        Assert.Equal(new RankingInfo("retrieval-score", null, true, "no learned model loaded: ordered by retrieval score", 1), ranking);
    }

    private sealed class SalaryRanker(string name, Action? onScore = null) : ICandidateRanker
    {
        public string Name => name;
        public string? ModelVersion => "v7";
        public bool IsLearned => true;

        public RankerOutput Score(RankingRequest request)
        {
            onScore?.Invoke();
            var scores = request.Candidates.Select(c => c.Vacancy.SalaryMaxMonthly / 10000.0).ToArray();
            var contributions = request.Candidates.Select(c =>
            {
                var v = new double[MatchFeatures.Count];
                v[MatchFeatures.SalaryFit] = 0.6;
                v[MatchFeatures.DistanceKm] = -0.2;
                v[MatchFeatures.SkillOverlap] = 0.2;
                return (IReadOnlyList<double>)v;
            }).ToArray();
            return new RankerOutput(scores, contributions);
        }
    }

    [Fact]
    public void After_swapping_the_ranker_the_next_request_uses_it()
    {
        var engine = Engine(out var holder);
        engine.Load(
            [
                Vacancy("skilled", "shenyang", Req("sql", 3), Req("python", 3)) with { SalaryMaxMonthly = 9000 },
                Vacancy("rich", "shenyang", Req("sql", 3), Req("welding", 3)) with { SalaryMaxMonthly = 20000 },
            ],
            [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 3), Has("python", 3));
        Assert.Equal(["skilled", "rich"], Ids(engine.RecommendVacancies(worker, 10)));

        var previous = holder.Swap(new SalaryRanker("salary-model"));
        Assert.Same(RetrievalScoreRanker.Instance, previous);

        var result = engine.RecommendVacancies(worker, 10);
        Assert.Equal(["rich", "skilled"], Ids(result));
        Assert.Equal(new RankingInfo("salary-model", "v7", false, null, 2), result.Ranking);
        Assert.Equal(2.0, result.Recommendations[0].Score, 12);
        // Signed shares of the absolute attribution: 0.6 / 1.0, -0.2 / 1.0, 0.2 / 1.0.
        var features = result.Recommendations[0].Explanation.Features.ToDictionary(f => f.Name, f => f.Contribution);
        Assert.Equal(0.6, features["salary_fit"], 12);
        Assert.Equal(-0.2, features["distance_km"], 12);
        Assert.Equal(0.2, features["skill_overlap"], 12);
    }

    [Fact]
    public void A_request_uses_the_ranker_it_started_with_even_if_swapped_mid_request()
    {
        var engine = Engine(out var holder);
        engine.Load([Vacancy("job", "shenyang", Req("sql", 3))], [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 3));
        holder.Swap(new SalaryRanker("first", onScore: () => holder.Swap(new SalaryRanker("second"))));

        Assert.Equal("first", engine.RecommendVacancies(worker, 10).Ranking.Ranker);
        Assert.Equal("second", engine.RecommendVacancies(worker, 10).Ranking.Ranker);
        Assert.False(holder.TrySwap(RetrievalScoreRanker.Instance, new SalaryRanker("third")));
        Assert.True(holder.TrySwap(holder.Current, RetrievalScoreRanker.Instance));
        Assert.Equal("retrieval-score", engine.RecommendVacancies(worker, 10).Ranking.Ranker);
    }

    [Fact]
    public void Features_of_an_unretrieved_pair_match_what_retrieval_reports()
    {
        var engine = Engine();
        var job = Vacancy("job", "dalian", Req("sql", 3)) with { MinExperienceYears = 10, MinEducation = Education.Master, PostedAt = Now.AddDays(-30) };
        engine.Load([job, Vacancy("other", "shenyang", Req("sql", 2))], [], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 3)) with { SalaryWishMonthly = 9000 };

        var viaRequest = engine.RecommendVacancies(worker, 10).Recommendations.Single(r => r.Vacancy.Id == "job").Features;
        var direct = engine.Features(worker, job);
        Assert.Equal(viaRequest.Values.ToArray(), direct.Values.ToArray());
        Assert.Equal(30, direct.VacancyAgeDays, 9);
        Assert.Equal(0.5, direct.ExperienceFit, 12);
        Assert.Equal(0.8, direct.EducationFit, 12);
        Assert.False(direct.SameCity);
    }

    [Fact]
    public async Task Concurrent_queries_during_updates_never_throw_nor_see_a_vacancy_closed_before_they_started()
    {
        var engine = Engine();
        engine.Load([.. Enumerable.Range(0, 50).Select(i => Vacancy($"base{i:D2}", "shenyang", Req("sql", 2)))],
            [.. Enumerable.Range(0, 50).Select(i => Worker($"w{i:D2}", "shenyang", Has("sql", 2)))], [], []);
        var worker = Worker("w", "shenyang", Has("sql", 2), Has("python", 3));
        var job = Vacancy("job", "shenyang", Req("sql", 2), Req("python", 3));

        // closedAt[id] = value of the sequence when RemoveVacancy returned for id.
        var closedAt = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        long sequence = 0;
        var writerDone = 0;
        const int rounds = 1000;

        var writer = Task.Run(() =>
        {
            try
            {
                for (var i = 0; i < rounds; i++)
                {
                    var id = $"hot{i:D3}";
                    // Python makes the new vacancy rank first for the worker: a stale read would surface at once.
                    engine.UpsertVacancy(Vacancy(id, "shenyang", Req("python", 3)));
                    engine.UpsertWorker(Worker($"w{i % 50:D2}", "shenyang", Has(i % 2 == 0 ? "python" : "sql", 3)));
                    if (i % 2 == 0) engine.UpsertVacancy(Vacancy(id, "shenyang", Req("python", 3)) with { Status = VacancyStatus.Closed });
                    else engine.RemoveVacancy(id);
                    closedAt[id] = Interlocked.Increment(ref sequence);
                }
            }
            finally { Volatile.Write(ref writerDone, 1); }
        });

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var queries = 0;
            while (Volatile.Read(ref writerDone) == 0 || queries < 20)
            {
                var startedAt = Interlocked.Read(ref sequence);
                foreach (var r in engine.RecommendVacancies(worker, 5).Recommendations)
                {
                    Assert.Equal(VacancyStatus.Open, r.Vacancy.Status);
                    if (closedAt.TryGetValue(r.Vacancy.Id, out var closed))
                        Assert.True(closed > startedAt, $"{r.Vacancy.Id} closed at {closed}, returned by a query started at {startedAt}");
                }
                var candidates = engine.RecommendCandidates(job, 10).Candidates;
                Assert.All(candidates, c => Assert.InRange(c.Score, 0, 1));
                queries++;
            }
            return queries;
        })).ToArray();

        await writer;
        var counts = await Task.WhenAll(readers);
        Assert.All(counts, c => Assert.True(c >= 20));
        Assert.Equal(50, engine.VacancyCount);
        Assert.Equal(50, engine.WorkerCount);
    }
}
