using System.Text.Json;
using System.Text.Json.Nodes;
using MatchingPlatform.Ml.Models;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;

namespace MatchingPlatform.Ml.Tests;

public sealed class ModelStoreTests : IDisposable
{
    private static readonly DateTimeOffset T1 = new(2026, 11, 28, 10, 15, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "matching-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private ModelStore Store(DateTimeOffset at) => new(_root, new FixedTime(at));

    private static double[] Scores(ICandidateRanker ranker)
    {
        var engine = DemoWorld.Engine();
        var worker = DemoWorld.Data.Workers.First(w => w.Skills.Count > 3);
        var vacancies = engine.VacancyIndex.Search(RecommendationEngine.HeldTerms(worker), 50).Items.Select(r => r.Item).ToArray();
        var features = engine.Features(vacancies.Select(v => new MatchPair(worker, v, DemoWorld.Options.End)).ToArray(),
            RankingDirection.VacanciesForWorker, ranker.Signals);
        var output = ranker.Score(RankingRequest.ForWorker(worker,
            vacancies.Select((v, i) => new RankingCandidate(worker, v, features[i].SkillOverlap, features[i])).ToArray()));
        return [.. output.Scores, .. output.Contributions.SelectMany(c => c), .. features.SelectMany(f => f.Values.ToArray())];
    }

    [Fact]
    public void A_saved_version_loads_back_scoring_exactly_as_the_trained_model()
    {
        var saved = Store(T1).Save(DemoWorld.Model, new Dictionary<string, double> { ["ndcg@10"] = 0.5 });

        Assert.Equal("ranker-20261128T101500Z", saved.Version);
        Assert.Equal(saved.Version, saved.Ranker.ModelVersion);
        foreach (var file in new[] { ModelStore.MetadataFile, ModelStore.VacancyRankerFile, ModelStore.CandidateRankerFile,
                     ModelStore.FactorModelFile, ModelStore.FactorVocabularyFile, ModelStore.PopularityFile })
            Assert.True(File.Exists(Path.Combine(_root, saved.Version, file)), file);

        var loaded = Store(T1).LoadNewestValid();

        Assert.Empty(loaded.Skipped);
        Assert.NotNull(loaded.Ranker);
        Assert.Equal(saved.Version, loaded.Ranker.ModelVersion);
        Assert.True(loaded.Ranker.IsLearned);
        Assert.Equal(Scores(DemoWorld.Model.Ranker), Scores(loaded.Ranker));
        var metadata = loaded.Metadata!;
        Assert.Equal(MatchFeatures.Names, metadata.Features);
        Assert.Equal(DemoWorld.Model.Summary.DataHash, metadata.TrainingDataHash);
        Assert.Equal(DemoWorld.Model.Summary.Counts, metadata.Rows);
        Assert.Equal(T1, metadata.Created);
        Assert.Equal(0.5, metadata.Metrics["ndcg@10"]);
    }

    [Fact]
    public void Scores_without_attribution_and_the_attribution_of_a_few_equal_the_full_scoring()
    {
        // The request path scores every candidate without attributions and explains the k it returns; both must be
        // what the full scoring says, for the trained model and for one loaded back from the store.
        var saved = Store(T1).Save(DemoWorld.Model);
        var loaded = Store(T1).LoadNewestValid().Ranker!;
        var engine = DemoWorld.Engine();
        var worker = DemoWorld.Data.Workers.First(w => w.Skills.Count > 3);
        var vacancies = engine.VacancyIndex.Search(RecommendationEngine.HeldTerms(worker), 80).Items.Select(r => r.Item).ToArray();
        foreach (var ranker in new ICandidateRanker[] { DemoWorld.Model.Ranker, loaded, saved.Ranker })
            foreach (var direction in new[] { RankingDirection.VacanciesForWorker, RankingDirection.CandidatesForVacancy })
            {
                var features = engine.Features(vacancies.Select(v => new MatchPair(worker, v, DemoWorld.Options.End)).ToArray(), direction, ranker.Signals);
                var candidates = vacancies.Select((v, i) => new RankingCandidate(worker, v, features[i].SkillOverlap, features[i])).ToArray();
                var request = direction == RankingDirection.VacanciesForWorker
                    ? RankingRequest.ForWorker(worker, candidates)
                    : RankingRequest.ForVacancy(vacancies[0], candidates);
                var full = ranker.Score(request);
                Assert.Equal(full.Scores, ranker.ScoreOnly(request));
                int[] some = [5, 0, 79, 12, 12];
                var explained = ranker.Explain(request, some);
                Assert.Equal(some.Length, explained.Count);
                for (var i = 0; i < some.Length; i++) Assert.Equal(full.Contributions[some[i]], explained[i]);
            }
    }

    [Fact]
    public void Versions_are_ordered_by_time_and_a_second_save_in_the_same_second_gets_a_suffix()
    {
        Store(T1).Save(DemoWorld.Model);
        Store(T1).Save(DemoWorld.Model);
        Store(T1.AddSeconds(-30)).Save(DemoWorld.Model);
        Directory.CreateDirectory(Path.Combine(_root, "ranker-not-a-version"));

        Assert.Equal(["ranker-20261128T101500Z-2", "ranker-20261128T101500Z", "ranker-20261128T101430Z"], Store(T1).Versions());
        Assert.Equal("ranker-20261128T101500Z-2", Store(T1).LoadNewestValid().Ranker?.ModelVersion);
    }

    [Fact]
    public void A_corrupt_zip_is_skipped_with_a_reason_and_the_next_version_loads()
    {
        var older = Store(T1).Save(DemoWorld.Model);
        var newer = Store(T1.AddHours(1)).Save(DemoWorld.Model);
        File.WriteAllBytes(Path.Combine(newer.Directory, ModelStore.VacancyRankerFile), [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);

        var result = Store(T1).LoadNewestValid();

        Assert.Equal(older.Version, result.Ranker?.ModelVersion);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(newer.Version, skipped.Version);
        Assert.Contains(ModelStore.VacancyRankerFile, skipped.Reason);
        Assert.Contains("unreadable", skipped.Reason);
    }

    [Fact]
    public void A_version_trained_on_another_feature_list_is_refused()
    {
        var saved = Store(T1).Save(DemoWorld.Model);
        var path = Path.Combine(saved.Directory, ModelStore.MetadataFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["Features"]!.AsArray().RemoveAt(MatchFeatures.Count - 1);
        File.WriteAllText(path, json.ToJsonString());

        var result = Store(T1).LoadNewestValid();

        Assert.Null(result.Ranker);
        var skipped = Assert.Single(result.Skipped);
        Assert.StartsWith("feature list differs", skipped.Reason);
    }

    [Fact]
    public void Missing_files_and_an_empty_store_load_nothing()
    {
        Assert.Null(Store(T1).LoadNewestValid().Ranker);
        Assert.Empty(Store(T1).LoadNewestValid().Skipped);

        var saved = Store(T1).Save(DemoWorld.Model);
        File.Delete(Path.Combine(saved.Directory, ModelStore.PopularityFile));
        var result = Store(T1).LoadNewestValid();
        Assert.Null(result.Ranker);
        Assert.Equal($"{ModelStore.PopularityFile} is missing", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void Metadata_is_plain_json()
    {
        var saved = Store(T1).Save(DemoWorld.Model);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(saved.Directory, ModelStore.MetadataFile)));
        Assert.Equal(saved.Version, doc.RootElement.GetProperty("Version").GetString());
        Assert.Equal(MatchFeatures.Count, doc.RootElement.GetProperty("Features").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("Rows").GetProperty("VacancyRows").GetInt32() > 0);
    }
}
