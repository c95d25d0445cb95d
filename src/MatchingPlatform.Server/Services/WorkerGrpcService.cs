using MatchingPlatform.Core.Security;
using MatchingPlatform.Server.Infrastructure.Auth;
using Grpc.Core;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;

namespace MatchingPlatform.Server.Services;

/// <summary>Job seekers' profiles. Every change is reflected in the candidate index before the call returns.</summary>
internal sealed class WorkerGrpcService(WorkerRepository workers, ProfileValidator validator, RecommendationEngine engine)
    : WorkerService.WorkerServiceBase
{
    public override async Task<Worker> CreateWorker(CreateWorkerRequest request, ServerCallContext context)
    {
        // A job seeker registers themself (the token names the worker id they will have); admins register anyone.
        Caller.From(context).RequireWorker(Requests.Required(request.Worker, "worker").Id);
        var worker = Validated(request.Worker);
        var stored = await workers.CreateAsync(worker, context.CancellationToken);
        engine.UpsertWorker(stored with { Contact = null }); // the index never holds personal contact data
        return ProtoMapper.ToProto(stored);
    }

    public override async Task<Worker> GetWorker(GetWorkerRequest request, ServerCallContext context)
    {
        var id = Requests.Id(request.Id, "id");
        Caller.From(context).RequireWorker(id);
        var worker = await workers.GetAsync(id, context.CancellationToken) ?? throw Requests.NotFound("worker", id);
        return ProtoMapper.ToProto(worker);
    }

    public override async Task<Worker> UpdateWorker(UpdateWorkerRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireWorker(Requests.Required(request.Worker, "worker").Id);
        var worker = Validated(request.Worker);
        if (worker.Version <= 0) throw Requests.Invalid("worker.version", "required: send back the version you read");
        var stored = await workers.UpdateAsync(worker, context.CancellationToken) ?? throw Requests.NotFound("worker", worker.Id);
        engine.UpsertWorker(stored with { Contact = null }); // the index never holds personal contact data
        return ProtoMapper.ToProto(stored);
    }

    public override async Task<DeleteWorkerResponse> DeleteWorker(DeleteWorkerRequest request, ServerCallContext context)
    {
        var id = Requests.Id(request.Id, "id");
        Caller.From(context).RequireWorker(id);
        var interactions = await workers.DeleteAsync(id, context.CancellationToken) ?? throw Requests.NotFound("worker", id);
        engine.RemoveWorker(id);
        return new DeleteWorkerResponse { InteractionsDeleted = interactions };
    }

    public override async Task<ListWorkersResponse> ListWorkers(ListWorkersRequest request, ServerCallContext context)
    {
        // Listing profiles is an administrator's task: nobody else may enumerate job seekers.
        Caller.From(context).RequireRole(PlatformRoles.Admin);
        var page = await workers.ListAsync(Requests.PageSize(request.PageSize), Requests.PageToken(request.PageToken),
            Requests.OptionalId(request.City, "city"), context.CancellationToken);
        var response = new ListWorkersResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Workers.AddRange(page.Items.Select(ProtoMapper.ToProto));
        return response;
    }

    private Core.Profiles.Worker Validated(Worker proto)
    {
        var errors = new List<ValidationError>();
        var worker = ProtoMapper.ToDomain(proto, errors);
        errors.AddRange(validator.Validate(worker));
        Requests.ThrowIfInvalid(errors, "worker");
        return worker;
    }
}
