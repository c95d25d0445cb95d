using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Training;

namespace MatchingPlatform.Ml.Tests;

/// <summary>The ranker trained on the demo log: ordering, cold start, the request path, concurrency, determinism.</summary>
public class LearnedRankerTests
{
    private static LightGbmRanker Ranker => DemoWorld.Model.Ranker;

    /// <summary>A Shenyang worker from the demo data with a few skills, and two unseen vacancies: one made for them, one not.</summary>
    private static (Worker Worker, Vacancy Good, Vacancy Poor) Contrast(string? workerId = null)
    {
        var worker = DemoWorld.Data.Workers
            .Where(w => w.CityCode == "shenyang" && w.Skills.Count >= 4 && w.History.Count > 0)
            .OrderBy(w => w.Id, StringComparer.Ordinal).First();
        if (workerId is not null) worker = worker with { Id = workerId };
        var template = DemoWorld.Data.Vacancies.First(v => v.Status == VacancyStatus.Open);
        var lacking = DemoWorld.Reference.Taxonomy.Skills.Select(s => s.Code)
            .Where(c => worker.Skills.All(s => s.SkillCode != c)).Order(StringComparer.Ordinal).Take(5)
            .Select(c => new SkillRequirement(c, 3, 5));
        var good = template with
        {
            Id = "test-good", CityCode = worker.CityCode,
            Requirements = [.. worker.Skills.Select(s => new SkillRequirement(s.SkillCode, s.Level, 5))],
            MinEducation = Education.Unspecified, MinExperienceYears = 0,
            SalaryMinMonthly = (worker.SalaryWishMonthly ?? 6000) + 500, SalaryMaxMonthly = (worker.SalaryWishMonthly ?? 6000) + 3000,
            OccupationCode = worker.History[^1].OccupationCode ?? template.OccupationCode,
        };
        var poor = good with
        {
            Id = "test-poor", CityCode = "chengdu",
            Requirements = [new SkillRequirement(worker.Skills[0].SkillCode, worker.Skills[0].Level, 5), .. lacking],
        };
        return (worker, good, poor);
    }

    private static double[] Scores(RecommendationEngine engine, Worker worker, params Vacancy[] vacancies)
    {
        var at = DemoWorld.Options.End;
        var features = engine.Features(vacancies.Select(v => new MatchPair(worker, v, at)).ToArray(), RankingDirection.VacanciesForWorker, Ranker.Signals);
        var candidates = vacancies.Select((v, i) => new RankingCandidate(worker, v, features[i].SkillOverlap, features[i])).ToArray();
        return [.. Ranker.Score(RankingRequest.ForWorker(worker, candidates)).Scores];
    }

    [Fact]
    public void A_vacancy_covering_all_the_workers_skills_in_their_city_ranks_above_one_sharing_a_skill_far_away()
    {
        var engine = DemoWorld.Engine();
        var (worker, good, poor) = Contrast();
        var scores = Scores(engine, worker, poor, good);
        Assert.True(scores[1] > scores[0], $"good {scores[1]} <= poor {scores[0]}");

        // The candidate direction, for the well-matched vacancy: the worker holding everything it asks, in its city,
        // above one holding a single one of its skills far away. (LambdaRank scores compare within one request only.)
        var far = worker with { Id = "far-worker", CityCode = "chengdu", Skills = [worker.Skills[0]] };
        var at = DemoWorld.Options.End;
        var features = engine.Features([new MatchPair(worker, good, at), new MatchPair(far, good, at)], RankingDirection.CandidatesForVacancy, Ranker.Signals);
        var candidates = Ranker.Score(RankingRequest.ForVacancy(good,
            [new RankingCandidate(worker, good, features[0].SkillOverlap, features[0]), new RankingCandidate(far, good, features[1].SkillOverlap, features[1])])).Scores;
        Assert.True(candidates[0] > candidates[1], $"fit worker {candidates[0]} <= far worker {candidates[1]}");
    }

    [Fact]
    public void A_cold_worker_and_cold_vacancies_get_useful_factor_scores_from_side_features()
    {
        var (worker, good, poor) = Contrast(workerId: "never-seen-worker");
        var factor = Ranker.ModelSignals.Factor;
        var at = DemoWorld.Options.End;
        var scores = factor.Score([new MatchPair(worker, good, at), new MatchPair(worker, poor, at)]);
        Assert.All(scores, s => Assert.True(double.IsFinite(s)));
        Assert.True(scores[0] > scores[1], $"factor: good {scores[0]} <= poor {scores[1]}");

        var ranked = Scores(DemoWorld.Engine(), worker, poor, good);
        Assert.True(ranked[1] > ranked[0], $"ranker: good {ranked[1]} <= poor {ranked[0]}");
    }

    [Fact]
    public void Through_the_engine_a_learned_ranker_reports_itself_and_explains_with_its_contributions()
    {
        var holder = new RankerHolder(Ranker);
        var engine = DemoWorld.Engine(holder);
        var worker = Contrast().Worker;

        var result = engine.RecommendVacancies(worker, 10);

        Assert.Equal(new RankingInfo(LightGbmRanker.RankerName, null, false, null, result.Ranking.CandidatesConsidered), result.Ranking);
        Assert.Equal(10, result.Recommendations.Count);
        Assert.True(result.Recommendations.Zip(result.Recommendations.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        foreach (var r in result.Recommendations)
        {
            Assert.True(double.IsFinite(r.Features.FactorScore));
            Assert.True(r.Features.VacancyPopularity >= 0);
            Assert.Equal(1.0, r.Explanation.Features.Sum(f => Math.Abs(f.Contribution)), 9);
            Assert.Equal(r.Features.FactorScore, r.Explanation.Features.Single(f => f.Name == "factor_score").Value);
        }
        // The tree model's contributions spread over several features, not the fallback's single one.
        Assert.True(result.Recommendations[0].Explanation.Features.Count(f => f.Contribution != 0) >= 3);

        var vacancy = result.Recommendations[0].Vacancy;
        var candidates = engine.RecommendCandidates(vacancy, 5);
        Assert.Equal(LightGbmRanker.RankerName, candidates.Ranking.Ranker);
        Assert.Equal(5, candidates.Candidates.Count);
    }

    [Fact]
    public void A_requests_features_are_exactly_those_of_the_training_feature_path()
    {
        var engine = DemoWorld.Engine(new RankerHolder(Ranker));
        var worker = Contrast().Worker;
        var recommendations = engine.RecommendVacancies(worker, 20).Recommendations;

        var batch = engine.Features(
            recommendations.Select(r => new MatchPair(worker, r.Vacancy, DemoWorld.Options.End)).ToArray(),
            RankingDirection.VacanciesForWorker, Ranker.Signals);

        Assert.Equal(recommendations.Select(r => r.Features.Values.ToArray()), batch.Select(f => f.Values.ToArray()));
    }

    [Fact]
    public async Task Concurrent_requests_score_exactly_as_sequential_ones()
    {
        var engine = DemoWorld.Engine();
        var workers = DemoWorld.Data.Workers.Where(w => w.Skills.Count > 0).Take(24).ToArray();
        var requests = workers.Select(w =>
        {
            var vacancies = engine.VacancyIndex.Search(RecommendationEngine.HeldTerms(w), 60).Items.Select(r => r.Item).ToArray();
            var features = engine.Features(vacancies.Select(v => new MatchPair(w, v, DemoWorld.Options.End)).ToArray(), RankingDirection.VacanciesForWorker, Ranker.Signals);
            return RankingRequest.ForWorker(w, vacancies.Select((v, i) => new RankingCandidate(w, v, features[i].SkillOverlap, features[i])).ToArray());
        }).ToArray();
        var sequential = requests.Select(r => Ranker.Score(r).Scores.ToArray()).ToArray();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => requests.Select((r, i) => Task.Run(() => (i, Ranker.Score(r).Scores.ToArray())))));

        Assert.All(concurrent, c => Assert.Equal(sequential[c.i], c.Item2));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        // A third of the log and two folds keep this quick while still exercising out-of-fold factor scores.
        var log = DemoWorld.Data.Interactions;
        var data = DemoWorld.TrainingData([.. log.Take(log.Count / 3)]);
        var options = DemoWorld.FastOptions with { FactorFolds = 2 };
        var first = RankerTrainer.Train(data, options);
        var second = RankerTrainer.Train(data, options);

        Assert.Equal(first.Summary.DataHash, second.Summary.DataHash);
        Assert.Equal(first.Summary.Counts, second.Summary.Counts);
        var (worker, good, poor) = Contrast();
        var pairs = DemoWorld.Data.Vacancies.Take(40).Append(good).Append(poor).Select(v => new MatchPair(worker, v, DemoWorld.Options.End)).ToArray();
        var f1 = data.Engine.Features(pairs, RankingDirection.VacanciesForWorker, first.Ranker.Signals);
        var f2 = data.Engine.Features(pairs, RankingDirection.VacanciesForWorker, second.Ranker.Signals);
        Assert.Equal(f1.Select(f => f.FactorScore), f2.Select(f => f.FactorScore));
        RankingRequest Request(FeatureVector[] f) =>
            RankingRequest.ForWorker(worker, pairs.Select((p, i) => new RankingCandidate(worker, p.Vacancy, f[i].SkillOverlap, f[i])).ToArray());
        Assert.Equal(first.Ranker.Score(Request(f1)).Scores, second.Ranker.Score(Request(f2)).Scores);
    }
}
