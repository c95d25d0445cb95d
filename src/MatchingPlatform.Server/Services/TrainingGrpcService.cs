using Grpc.Core;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Protos.V1;
using MatchingPlatform.Server.Infrastructure;
using MatchingPlatform.Server.Mapping;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Geography;

namespace MatchingPlatform.Server.Services;

internal sealed class TrainingGrpcService(TrainingProgrammeRepository programmes, SkillTaxonomy taxonomy, CityDirectory cities)
    : TrainingService.TrainingServiceBase
{
    public override async Task<ListTrainingProgrammesResponse> ListTrainingProgrammes(ListTrainingProgrammesRequest request, ServerCallContext context)
    {
        var skill = Requests.OptionalId(request.Skill, "skill");
        if (skill is not null && !taxonomy.HasSkill(skill)) throw Requests.Invalid("skill", $"unknown skill '{skill}'");
        var city = Requests.OptionalId(request.City, "city");
        if (city is not null && !cities.Contains(city)) throw Requests.Invalid("city", $"unknown city '{city}'");
        var page = await programmes.ListAsync(Requests.PageSize(request.PageSize), Requests.PageToken(request.PageToken),
            skill, city, context.CancellationToken);
        var response = new ListTrainingProgrammesResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Programmes.AddRange(page.Items.Select(ProtoMapper.ToProto));
        return response;
    }
}
