using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Employers spread over Liaoning cities by economic size, with industries that fit the city (steel in Anshan and
/// Benxi, petrochemicals in Panjin and Fushun, equipment in Shenyang...) and plausible ownership and size.
/// </summary>
internal sealed class EnterpriseFactory(DemoContext ctx)
{
    private readonly Dictionary<string, WeightedTable<string>> _industryByCity = new(StringComparer.Ordinal);

    public IReadOnlyList<Enterprise> Create(Random rng)
    {
        var count = ctx.Options.Enterprises;
        var result = new List<Enterprise>(count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        // Every city gets an employer first (when there are enough), so no city is without vacancies.
        var seeded = count >= 2 * ctx.LiaoningCities.Count ? ctx.LiaoningCities.Count : 0;
        for (var i = 0; i < count; i++)
        {
            var city = i < seeded ? ctx.LiaoningCities[i].Code : ctx.EnterpriseCities.Sample(rng);
            var industry = IndustryTable(city).Sample(rng);
            var ownership = PickOwnership(rng, industry);
            string name;
            do name = NameGenerator.Firm(rng, ctx.CityName(city), industry, ctx.Taxonomy.FindIndustry(industry)!.NameEn, ownership);
            while (!names.Add(name));
            var created = ctx.Options.Start.AddDays(-rng.Between(30, 3650));
            result.Add(new Enterprise
            {
                Id = $"e-{i + 1:D5}",
                Name = name,
                CityCode = city,
                IndustryCode = industry,
                Ownership = ownership,
                Employees = Employees(rng, industry, ownership),
                Version = 1,
                CreatedAt = created,
                UpdatedAt = rng.Between(created, ctx.Options.End),
            });
        }
        return result;
    }

    /// <summary>Industries of a city's employers: national base weight times the city's affinity.</summary>
    public WeightedTable<string> IndustryTable(string city)
    {
        if (!_industryByCity.TryGetValue(city, out var table))
            _industryByCity[city] = table = new WeightedTable<string>(ctx.Industries
                .Where(i => ctx.HomeOccupations(i.Code).Count > 0)
                .Select(i => (i.Code, ctx.IndustryBase(i.Code) * ctx.Affinity(city, i.Code))));
        return table;
    }

    private static string PickOwnership(Random rng, string industry)
    {
        // Heavy industry and utilities are largely state-owned in the north-east; cars are joint ventures;
        // tech and services are mostly private.
        var (state, foreign, jv) = industry switch
        {
            "metallurgy-steel" or "petrochemical" or "mining" or "shipbuilding" or "energy-utilities" => (0.55, 0.05, 0.10),
            "public-sector" or "education" or "healthcare" => (0.5, 0.02, 0.03),
            "automotive" => (0.15, 0.15, 0.35),
            "equipment-manufacturing" => (0.3, 0.1, 0.1),
            "finance" or "telecom" => (0.45, 0.05, 0.05),
            "software-it" or "internet" or "ai-bigdata" => (0.05, 0.1, 0.05),
            _ => (0.1, 0.05, 0.05),
        };
        var x = rng.NextDouble();
        return x < state ? Ownership.StateOwned
            : x < state + foreign ? Ownership.ForeignInvested
            : x < state + foreign + jv ? Ownership.JointVenture
            : Ownership.Private;
    }

    private static int Employees(Random rng, string industry, string ownership)
    {
        double median = ownership switch
        {
            Ownership.StateOwned => 800,
            Ownership.JointVenture => 600,
            Ownership.ForeignInvested => 300,
            _ => 60,
        };
        if (industry is "metallurgy-steel" or "petrochemical" or "shipbuilding" or "automotive") median *= 2;
        return (int)Math.Clamp(Math.Round(median * rng.LogNormalFactor(1.0)), 3, 150_000);
    }
}
