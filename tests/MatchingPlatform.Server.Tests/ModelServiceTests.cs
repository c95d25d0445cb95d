using Grpc.Core;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MatchingPlatform.Server.Tests;

/// <summary>A demo server on which one model is trained through ModelService.Train before the tests run.</summary>
public sealed class TrainedPlatform : IAsyncLifetime
{
    public DemoPlatformFactory Factory { get; } = new();
    public List<TrainProgress> Progress { get; } = [];
    public string Version { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var client = new ModelService.ModelServiceClient(Factory.Channel);
        using var call = client.Train(new TrainRequest());
        await foreach (var p in call.ResponseStream.ReadAllAsync()) Progress.Add(p);
        Version = Progress[^1].Version;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ModelServiceTests(TrainedPlatform platform) : IClassFixture<TrainedPlatform>
{
    private readonly RecommendationService.RecommendationServiceClient _recommend = new(platform.Factory.Channel);
    private readonly ModelService.ModelServiceClient _models = new(platform.Factory.Channel);

    [Fact]
    public async Task Training_streams_progress_and_the_new_version_serves()
    {
        Assert.True(platform.Progress.Count >= 3);
        Assert.StartsWith("ranker-", platform.Version);
        Assert.True(Directory.Exists(Path.Combine(platform.Factory.Services.GetRequiredService<Ml.Models.ModelStore>().Directory, platform.Version)));
        // Another test may have trained a newer version since: compare with whatever serves now.
        var info = await _models.GetModelAsync(new GetModelRequest());
        var serving = Serving();
        Assert.Equal(serving, info.Version);
        Assert.Equal("lightgbm-lambdarank", info.Ranker);
        Assert.Equal(MatchFeatures.Names, info.Features);
        Assert.False(info.TrainingInProgress);

        var response = await _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = "w-000001", K = 10 });
        Assert.False(response.Ranking.Fallback);
        Assert.Equal("lightgbm-lambdarank", response.Ranking.Ranker);
        Assert.Equal(serving, response.Ranking.ModelVersion);
        Assert.True(response.Recommendations.Zip(response.Recommendations.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        // The learned model's explanation carries real per-feature contributions, not 100% skill overlap.
        Assert.Contains(response.Recommendations, r => r.Explanation.Features.Count(f => f.Contribution != 0) > 1);
        var candidates = await _recommend.RecommendCandidatesAsync(new RecommendCandidatesRequest { VacancyId = OpenVacancy(), K = 5 });
        Assert.Equal(serving, candidates.Ranking.ModelVersion);
    }

    [Fact]
    public async Task A_second_training_run_while_one_is_running_is_refused()
    {
        var manager = platform.Factory.Services.GetRequiredService<ModelManager>();
        var first = manager.StartTraining(evaluate: false, progress: null);
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = _models.Train(new TrainRequest());
            await foreach (var _ in call.ResponseStream.ReadAllAsync()) { }
        });
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("already in progress", ex.Status.Detail);
        await first;
    }

    [Fact]
    public async Task Swapping_models_under_concurrent_requests_loses_none_and_never_mixes_them()
    {
        var holder = platform.Factory.Services.GetRequiredService<RankerHolder>();
        var learned = holder.Current;
        Assert.True(learned.IsLearned);
        using var stop = new CancellationTokenSource();

        // Swap between the fallback and the learned model as fast as possible while 8 callers recommend.
        var swapper = Task.Run(async () =>
        {
            var swaps = 0;
            while (!stop.IsCancellationRequested)
            {
                holder.Swap(swaps++ % 2 == 0 ? RetrievalScoreRanker.Instance : learned);
                await Task.Delay(1);
            }
            holder.Swap(learned);
            return swaps;
        });
        var callers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var seen = new List<RankingInfo>();
            for (var n = 0; n < 25; n++)
            {
                var r = await _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = $"w-{(i * 25 + n) % 400 + 1:000000}", K = 10 });
                seen.Add(r.Ranking);
                // Features, scores and explanation come from one ranker: the fallback explains everything by skill
                // overlap, the learned model never does.
                var overlapOnly = r.Recommendations.All(x => x.Explanation.Features.Count(f => f.Contribution != 0) <= 1);
                if (r.Recommendations.Count > 3) Assert.Equal(r.Ranking.Fallback, overlapOnly);
            }
            return seen;
        })).ToArray();
        var results = (await Task.WhenAll(callers)).SelectMany(x => x).ToList();
        await stop.CancelAsync();
        var swapCount = await swapper;

        Assert.Equal(200, results.Count);
        Assert.True(swapCount > 10, $"only {swapCount} swaps happened");
        Assert.All(results, r => Assert.Equal(r.Fallback ? "retrieval-score" : "lightgbm-lambdarank", r.Ranker));
        Assert.All(results.Where(r => !r.Fallback), r => Assert.Equal(learned.ModelVersion, r.ModelVersion));
        Assert.Contains(results, r => r.Fallback);
        Assert.Contains(results, r => !r.Fallback);
    }

    [Fact]
    public async Task A_corrupt_newer_version_is_refused_and_the_current_one_keeps_serving()
    {
        var manager = platform.Factory.Services.GetRequiredService<ModelManager>();
        var store = platform.Factory.Services.GetRequiredService<Ml.Models.ModelStore>();
        var serving = Serving();
        var good = Path.Combine(store.Directory, serving);
        var corrupt = Path.Combine(store.Directory, "ranker-29991231T235959Z");
        Directory.CreateDirectory(corrupt);
        foreach (var file in Directory.GetFiles(good)) File.Copy(file, Path.Combine(corrupt, Path.GetFileName(file)));
        await File.WriteAllTextAsync(Path.Combine(corrupt, Ml.Models.ModelStore.VacancyRankerFile), "not a zip");

        manager.LoadNewest();
        var info = await _models.GetModelAsync(new GetModelRequest());
        Assert.Equal(serving, info.Version);
        Assert.Contains(info.SkippedVersions, s => s.StartsWith("ranker-29991231T235959Z"));
        var response = await _recommend.RecommendVacanciesAsync(new RecommendVacanciesRequest { WorkerId = "w-000002" });
        Assert.Equal(serving, response.Ranking.ModelVersion);
        Directory.Delete(corrupt, recursive: true);
    }

    private string Serving() => platform.Factory.Services.GetRequiredService<RankerHolder>().Current.ModelVersion!;

    private string OpenVacancy()
    {
        var engine = platform.Factory.Services.GetRequiredService<Ml.Recommendation.RecommendationEngine>();
        return engine.VacancyIndex.Find("v-000001") is not null ? "v-000001"
            : new VacancyService.VacancyServiceClient(platform.Factory.Channel)
                .ListVacancies(new ListVacanciesRequest { Status = VacancyStatus.Open, PageSize = 1 }).Vacancies[0].Id;
    }
}
