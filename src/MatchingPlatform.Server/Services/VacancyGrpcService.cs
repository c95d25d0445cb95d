using MatchingPlatform.Server.Infrastructure.Auth;
using Grpc.Core;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;
using Domain = MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Server.Services;

/// <summary>Posting and closing vacancies; the retrieval index follows every change before the call returns.</summary>
internal sealed class VacancyGrpcService(VacancyRepository vacancies, ProfileValidator validator, RecommendationEngine engine)
    : VacancyService.VacancyServiceBase
{
    public override async Task<Vacancy> PostVacancy(PostVacancyRequest request, ServerCallContext context)
    {
        var proto = Requests.Required(request.Vacancy, "vacancy");
        Caller.From(context).RequireEnterprise(proto.EnterpriseId);
        var errors = new List<ValidationError>();
        var vacancy = ProtoMapper.ToDomain(proto, errors);
        errors.AddRange(validator.Validate(vacancy));
        Requests.ThrowIfInvalid(errors, "vacancy");
        var stored = await vacancies.PostAsync(vacancy, context.CancellationToken);
        engine.UpsertVacancy(stored);
        return ProtoMapper.ToProto(stored);
    }

    public override async Task<Vacancy> GetVacancy(GetVacancyRequest request, ServerCallContext context)
    {
        var id = Requests.Id(request.Id, "id");
        var vacancy = await vacancies.GetAsync(id, context.CancellationToken) ?? throw Requests.NotFound("vacancy", id);
        return ProtoMapper.ToProto(vacancy);
    }

    public override async Task<Vacancy> CloseVacancy(CloseVacancyRequest request, ServerCallContext context)
    {
        var id = Requests.Id(request.Id, "id");
        // Vacancies are public, so saying that one does not exist leaks nothing; whose it is decides who may close it.
        var existing = await vacancies.GetAsync(id, context.CancellationToken) ?? throw Requests.NotFound("vacancy", id);
        Caller.From(context).RequireEnterprise(existing.EnterpriseId);
        var vacancy = await vacancies.CloseAsync(id, context.CancellationToken) ?? throw Requests.NotFound("vacancy", id);
        engine.RemoveVacancy(id);
        return ProtoMapper.ToProto(vacancy);
    }

    public override async Task<ListVacanciesResponse> ListVacancies(ListVacanciesRequest request, ServerCallContext context)
    {
        var status = request.Status == VacancyStatus.Unspecified
            ? (Domain.VacancyStatus?)null
            : ProtoMapper.Enum<Domain.VacancyStatus>((int)request.Status, "status", []);
        if (status is { } s && !Enum.IsDefined(s)) throw Requests.Invalid("status", $"unknown value {(int)request.Status}");
        var page = await vacancies.ListAsync(Requests.PageSize(request.PageSize), Requests.PageToken(request.PageToken),
            Requests.OptionalId(request.EnterpriseId, "enterprise_id"), Requests.OptionalId(request.City, "city"), status,
            context.CancellationToken);
        var response = new ListVacanciesResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Vacancies.AddRange(page.Items.Select(ProtoMapper.ToProto));
        return response;
    }
}
