using MatchingPlatform.Server.Infrastructure.Auth;
using Grpc.Core;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;

namespace MatchingPlatform.Server.Services;

internal sealed class EnterpriseGrpcService(EnterpriseRepository enterprises, ProfileValidator validator, RecommendationEngine engine)
    : EnterpriseService.EnterpriseServiceBase
{
    public override async Task<Enterprise> CreateEnterprise(CreateEnterpriseRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireEnterprise(Requests.Required(request.Enterprise, "enterprise").Id);
        var enterprise = Validated(request.Enterprise);
        var stored = await enterprises.CreateAsync(enterprise, context.CancellationToken);
        engine.UpsertEnterprise(stored);
        return ProtoMapper.ToProto(stored);
    }

    public override async Task<Enterprise> GetEnterprise(GetEnterpriseRequest request, ServerCallContext context)
    {
        var id = Requests.Id(request.Id, "id");
        var enterprise = await enterprises.GetAsync(id, context.CancellationToken) ?? throw Requests.NotFound("enterprise", id);
        return ProtoMapper.ToProto(enterprise);
    }

    public override async Task<Enterprise> UpdateEnterprise(UpdateEnterpriseRequest request, ServerCallContext context)
    {
        Caller.From(context).RequireEnterprise(Requests.Required(request.Enterprise, "enterprise").Id);
        var enterprise = Validated(request.Enterprise);
        if (enterprise.Version <= 0) throw Requests.Invalid("enterprise.version", "required: send back the version you read");
        var stored = await enterprises.UpdateAsync(enterprise, context.CancellationToken) ?? throw Requests.NotFound("enterprise", enterprise.Id);
        engine.UpsertEnterprise(stored);
        return ProtoMapper.ToProto(stored);
    }

    public override async Task<DeleteEnterpriseResponse> DeleteEnterprise(DeleteEnterpriseRequest request, ServerCallContext context)
    {
        var id = Requests.Id(request.Id, "id");
        Caller.From(context).RequireEnterprise(id);
        if (!await enterprises.DeleteAsync(id, context.CancellationToken)) throw Requests.NotFound("enterprise", id);
        return new DeleteEnterpriseResponse();
    }

    private Core.Profiles.Enterprise Validated(Enterprise proto)
    {
        var enterprise = ProtoMapper.ToDomain(proto);
        Requests.ThrowIfInvalid(validator.Validate(enterprise), "enterprise");
        return enterprise;
    }
}
