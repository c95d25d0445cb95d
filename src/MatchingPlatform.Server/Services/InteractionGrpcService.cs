using MatchingPlatform.Core.Security;
using MatchingPlatform.Server.Infrastructure.Auth;
using Grpc.Core;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;
using Domain = MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Server.Services;

internal sealed class InteractionGrpcService(InteractionRepository interactions, VacancyRepository vacancies, ProfileValidator validator, TimeProvider clock)
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
        await AuthorizeAsync(Caller.From(context), interaction, context.CancellationToken);
        var stored = await interactions.RecordAsync(interaction, context.CancellationToken);
        return ProtoMapper.ToProto(stored);
    }

    /// <summary>
    /// A job seeker records their own impressions, views and applications; an enterprise records interviews, hires
    /// and rejections on its own vacancies; administrators (importers, back office) record anything.
    /// </summary>
    private async Task AuthorizeAsync(Caller caller, Domain.Interaction interaction, CancellationToken ct)
    {
        if (caller.IsAdmin) return;
        if (caller.Role == PlatformRoles.JobSeeker
            && interaction.Type is Domain.InteractionType.Impression or Domain.InteractionType.View or Domain.InteractionType.Apply)
        {
            caller.RequireWorker(interaction.WorkerId);
            return;
        }
        if (caller.Role == PlatformRoles.Enterprise
            && interaction.Type is Domain.InteractionType.Interview or Domain.InteractionType.Hire or Domain.InteractionType.Reject)
        {
            var vacancy = await vacancies.GetAsync(interaction.VacancyId, ct);
            if (vacancy is not null && caller.OwnsEnterprise(vacancy.EnterpriseId)) return;
        }
        throw Caller.Denied();
    }
}
