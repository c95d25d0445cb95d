using MatchingPlatform.Data;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Evaluation;
using MatchingPlatform.Ml.Models;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Training;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Owns the learned ranker's life: at start it loads the newest valid version from the model store (refused
/// versions are logged and the previous one keeps serving); without one it trains a first version in the
/// background while the retrieval fallback serves; it trains on request (ModelService.Train); and it picks up
/// versions written by another process (matchctl train). Every change is one atomic swap of the ranker
/// holder: a request reads the ranker once and uses that instance throughout, so none fails or mixes models.
/// </summary>
internal sealed partial class ModelManager(
    ModelStore store,
    RankerHolder rankers,
    RecommendationEngine engine,
    DatasetReader reader,
    IOptions<ModelOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ModelManager> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private Task<SavedModel>? _training;
    private IReadOnlyList<string> _lastSeen = ["(never looked)"];

    /// <summary>Metadata of the version serving; null while the retrieval fallback serves.</summary>
    public ModelMetadata? Current { get; private set; }

    /// <summary>Versions on disk that were refused, with the reason.</summary>
    public IReadOnlyList<SkippedVersion> Skipped { get; private set; } = [];

    public bool TrainingInProgress
    {
        get { lock (_gate) return _training is { IsCompleted: false }; }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Registered after DatabaseInitializer, whose StartAsync built the index this model's features read.
        LoadNewest();
        if (Current is null && options.Value.TrainOnStartWhenMissing)
        {
            LogTrainingOnStart(options.Value.Directory);
            _ = ObserveAsync(StartTraining(options.Value.EvaluateOnTrain, progress: null));
        }

        var interval = options.Value.ReloadIntervalSeconds;
        if (interval == 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!TrainingInProgress) LoadNewest();
        }
    }

    /// <summary>Swaps in the newest valid version on disk if it is not the one serving.</summary>
    public void LoadNewest()
    {
        // Listing folders is cheap; loading zips is not. Nothing new on disk since the last look: nothing to do.
        var versions = store.Versions();
        if (versions.SequenceEqual(_lastSeen)) return;
        _lastSeen = versions;
        var result = store.LoadNewestValid();
        foreach (var s in result.Skipped.Where(s => Skipped.All(k => k.Version != s.Version)))
            LogRefused(s.Version, s.Reason);
        Skipped = result.Skipped;
        if (result.Ranker is null || result.Metadata is null || result.Metadata.Version == Current?.Version) return;
        Swap(result.Ranker, result.Metadata);
    }

    /// <summary>
    /// Starts a training run on the stored data; the new version is saved and swapped in when it completes.
    /// Runs on the thread pool, bounded by the host's lifetime rather than the caller's, so a client that goes
    /// away does not waste a finished model. Throws <see cref="StateConflictException"/> when a run is in progress.
    /// </summary>
    public Task<SavedModel> StartTraining(bool evaluate, IProgress<TrainingProgress>? progress)
    {
        lock (_gate)
        {
            if (_training is { IsCompleted: false })
                throw new StateConflictException("a training run is already in progress");
            var ct = lifetime.ApplicationStopping;
            _training = Task.Run(() => TrainAsync(evaluate, progress, ct), ct);
            return _training;
        }
    }

    private async Task<SavedModel> TrainAsync(bool evaluate, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var batch = await reader.ReadAllAsync(ct);
        if (batch.Interactions.Count == 0)
            throw new StateConflictException("there are no interactions to learn from: record some, or import a log");
        var data = new TrainingData(batch.Workers, batch.Vacancies, batch.Interactions, engine);
        IReadOnlyDictionary<string, double>? metrics = null;
        if (evaluate)
        {
            var report = Evaluator.Run(data, new EvaluationOptions(), progress, ct);
            metrics = report.Metrics();
        }
        var trained = RankerTrainer.Train(data, new TrainingOptions(), progress, ct);
        var saved = store.Save(trained, metrics);
        Swap(saved.Ranker, saved.Metadata);
        return saved;
    }

    private void Swap(LightGbmRanker ranker, ModelMetadata metadata)
    {
        var previous = rankers.Swap(ranker);
        Current = metadata;
        LogSwapped(metadata.Version, previous.Name, previous.ModelVersion ?? "-");
    }

    private async Task ObserveAsync(Task<SavedModel> training)
    {
        try
        {
            await training;
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            LogTrainingFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model version {Version} refused: {Reason}")]
    private partial void LogRefused(string version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Now serving model {Version} (replaced {PreviousRanker} {PreviousVersion})")]
    private partial void LogSwapped(string version, string previousRanker, string previousVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "No valid model in {Directory}: training a first version in the background; the retrieval ranking serves meanwhile")]
    private partial void LogTrainingOnStart(string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training failed; the current ranker keeps serving")]
    private partial void LogTrainingFailed(Exception ex);
}
