using MatchingPlatform.Core.Security;
using MatchingPlatform.Server.Infrastructure.Auth;
using System.Threading.Channels;
using Grpc.Core;
using MatchingPlatform.Ml.Training;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;

namespace MatchingPlatform.Server.Services;

internal sealed class ModelGrpcService(ModelManager models) : ModelService.ModelServiceBase
{
    public override Task<ModelInfo> GetModel(GetModelRequest request, ServerCallContext context)
    {
        var info = new ModelInfo { TrainingInProgress = models.TrainingInProgress };
        info.SkippedVersions.AddRange(models.Skipped.Select(s => $"{s.Version}: {s.Reason}"));
        if (models.Current is { } m)
        {
            info.Version = m.Version;
            info.Ranker = m.Ranker;
            info.CreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(m.Created);
            info.TrainingDataHash = m.TrainingDataHash;
            foreach (var (name, value) in m.Metrics) info.Metrics[name] = value;
            info.Features.AddRange(m.Features);
        }
        return Task.FromResult(info);
    }

    public override async Task Train(TrainRequest request, IServerStreamWriter<TrainProgress> responseStream, ServerCallContext context)
    {
        // Training rewrites what every recommendation is ranked by: administrators only.
        Caller.From(context).RequireRole(PlatformRoles.Admin);
        // Progress comes from the training thread; the stream is written from this call's thread only.
        var updates = Channel.CreateUnbounded<TrainingProgress>(new UnboundedChannelOptions { SingleReader = true });
        var training = models.StartTraining(request.Evaluate, new SynchronousProgress(p => updates.Writer.TryWrite(p)));
        _ = training.ContinueWith(_ => updates.Writer.TryComplete(), TaskScheduler.Default);

        await foreach (var p in updates.Reader.ReadAllAsync(context.CancellationToken))
            await responseStream.WriteAsync(new TrainProgress { Stage = p.Stage.ToString(), Message = p.Message }, context.CancellationToken);

        var saved = await training;
        var last = new TrainProgress { Stage = "Saved", Message = $"model {saved.Version} is serving", Version = saved.Version };
        foreach (var (name, value) in saved.Metadata.Metrics) last.Metrics[name] = value;
        await responseStream.WriteAsync(last, context.CancellationToken);
    }

    /// <summary>Progress&lt;T&gt; posts to a captured context; training reports from a pool thread, so call through directly.</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
