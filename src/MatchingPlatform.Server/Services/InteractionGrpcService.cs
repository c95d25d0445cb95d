using Grpc.Core;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;
using Domain = MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Server.Services;

internal sealed class InteractionGrpcService(InteractionRepository interactions, ProfileValidator validator, TimeProvider clock)
    : InteractionService.InteractionServiceBase
{
    public override async Task<Interaction> RecordInteraction(RecordInteractionRequest request, ServerCallContext context)
    {
        var errors = new List<ValidationError>();
        if (request.Type == InteractionType.Unspecified) errors.Add(new ValidationError("type", "required"));
        var type = ProtoMapper.Enum<Domain.InteractionType>((int)request.Type, "type", errors);
        var at = request.OccurTime is null ? clock.GetUtcNow() : request.OccurTime.ToDateTimeOffset();
        var interaction = new Domain.Interaction(0, request.WorkerId, request.VacancyId, type, at);
        if (errors.Count == 0) errors.AddRange(validator.Validate(interaction));
        ProfileValidator.ThrowIfAny(errors);
        var stored = await interactions.RecordAsync(interaction, context.CancellationToken);
        return ProtoMapper.ToProto(stored);
    }
}
