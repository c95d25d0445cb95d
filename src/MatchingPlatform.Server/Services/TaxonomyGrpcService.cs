using Grpc.Core;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Services;

internal sealed class TaxonomyGrpcService(SkillTaxonomy taxonomy, CityDirectory cities) : TaxonomyService.TaxonomyServiceBase
{
    public override Task<ListSkillsResponse> ListSkills(ListSkillsRequest request, ServerCallContext context)
    {
        var response = new ListSkillsResponse();
        response.Skills.AddRange(taxonomy.Skills
            .Where(s => (request.Group.Length == 0 || s.Group == request.Group) && (!request.DigitalOnly || s.IsDigital))
            .Select(s => new Protos.V1.Skill { Code = s.Code, NameEn = s.NameEn, NameZh = s.NameZh, Group = s.Group, Digital = s.IsDigital }));
        return Task.FromResult(response);
    }

    public override Task<ListCitiesResponse> ListCities(ListCitiesRequest request, ServerCallContext context)
    {
        var response = new ListCitiesResponse();
        response.Cities.AddRange(cities.All.Select(c => new Protos.V1.City
        {
            Code = c.Code, NameEn = c.NameEn, NameZh = c.NameZh, Province = c.Province, Latitude = c.Latitude,
            Longitude = c.Longitude, Population = c.Population, InLiaoning = c.InLiaoning,
        }));
        return Task.FromResult(response);
    }
}
