using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Training programmes of vocational colleges and training centres in every Liaoning city. First every skill that a
/// vacancy requires gets a programme (so every skill gap has a remedy), digital ones in several cities; the rest of
/// the catalogue follows local demand. The catalogue is a snapshot at the end of the window, after the subsidy pilot
/// began, so programmes in pilot cities are mostly subsidised.
/// </summary>
internal sealed class ProgrammeFactory(DemoContext ctx)
{
    private const int MinPerCity = 3;

    private static readonly string[] PublicProviders =
    [
        "{0} Vocational and Technical College", "{0} Public Employment Training Base", "{0} Technician College",
        "{0} Vocational Skills Training Centre", "{0} Senior Technical School",
    ];

    public IReadOnlyList<TrainingProgramme> Create(Random rng, IReadOnlyList<Vacancy> vacancies)
    {
        // Demand for a skill = openings x importance, province-wide and per city.
        var provinceDemand = new Dictionary<string, double>(StringComparer.Ordinal);
        var cityDemand = new Dictionary<(string City, string Skill), double>();
        foreach (var v in vacancies)
            foreach (var r in v.Requirements)
            {
                var w = v.Headcount * r.Importance;
                provinceDemand[r.SkillCode] = provinceDemand.GetValueOrDefault(r.SkillCode) + w;
                cityDemand[(v.CityCode, r.SkillCode)] = cityDemand.GetValueOrDefault((v.CityCode, r.SkillCode)) + w;
            }
        var required = provinceDemand.Keys.Order(StringComparer.Ordinal).Select(c => ctx.Taxonomy.FindSkill(c)!).ToArray();
        // Without vacancies there is no demand to follow: the fill then draws from the whole taxonomy.
        var fillPool = required.Length > 0 ? required : ctx.Skills.ToArray();
        var providers = Providers(rng);
        var result = new List<TrainingProgramme>();

        string TopCity(string skill) => ctx.LiaoningCities.Select(c => c.Code)
            .OrderByDescending(c => cityDemand.GetValueOrDefault((c, skill))).ThenBy(c => c, StringComparer.Ordinal).First();

        // 1. Coverage: every required skill, grouped 1-3 per programme within its skill group.
        foreach (var group in required.GroupBy(s => s.Group, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var skills = group.OrderByDescending(s => provinceDemand[s.Code]).ThenBy(s => s.Code, StringComparer.Ordinal).ToArray();
            for (var i = 0; i < skills.Length;)
            {
                var take = Math.Min(rng.Between(1, 3), skills.Length - i);
                var chunk = skills.AsSpan(i, take).ToArray();
                i += take;
                var home = TopCity(chunk[0].Code);
                result.Add(Programme(rng, result.Count, home, chunk, providers));
                // Digital skills are taught in several cities: both hubs and one more city.
                if (chunk[0].IsDigital)
                {
                    foreach (var hub in ctx.HubCities.Where(h => h != home))
                        result.Add(Programme(rng, result.Count, hub, chunk, providers));
                    var other = ctx.EnterpriseCities.Sample(rng);
                    if (other != home && !ctx.IsHub(other)) result.Add(Programme(rng, result.Count, other, chunk, providers));
                }
            }
        }

        // 2. Fill: every city gets a few, then the rest by economic size, teaching what local employers ask for.
        var perCity = result.GroupBy(p => p.CityCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        while (result.Count < ctx.Options.Programmes || ctx.LiaoningCities.Any(c => perCity.GetValueOrDefault(c.Code) < MinPerCity))
        {
            var city = ctx.LiaoningCities.FirstOrDefault(c => perCity.GetValueOrDefault(c.Code) < MinPerCity)?.Code
                ?? ctx.EnterpriseCities.Sample(rng);
            var weights = fillPool.Select(s => (cityDemand.GetValueOrDefault((city, s.Code)) + 0.05 * provinceDemand.GetValueOrDefault(s.Code))
                * (s.IsDigital ? 1.5 : 1.0)).ToArray(); // the pilot and provincial plans push digital upskilling
            var anchor = fillPool[rng.PickIndex(weights)];
            var mates = ctx.SkillsInGroup(anchor.Group)
                .Where(s => s.Code != anchor.Code && (required.Length == 0 || provinceDemand.ContainsKey(s.Code))).ToArray();
            var chunk = new List<Skill> { anchor };
            for (var k = rng.Between(0, 2); k > 0 && mates.Length > 0; k--)
            {
                var m = rng.Pick(mates);
                if (!chunk.Contains(m)) chunk.Add(m);
            }
            result.Add(Programme(rng, result.Count, city, chunk, providers));
            perCity[city] = perCity.GetValueOrDefault(city) + 1;
        }
        return result;
    }

    private TrainingProgramme Programme(Random rng, int index, string city, IReadOnlyList<Skill> skills,
        Dictionary<string, string[]> providers)
    {
        var level = 2 + rng.PickIndex([0.3, 0.45, 0.25]);
        var digital = skills.Any(s => s.IsDigital);
        var weeks = Math.Clamp(2 + 3 * skills.Count + rng.Between(0, 8) + (level >= 4 ? 4 : 0), 1, 52);
        var cost = (int)(Math.Round(450 * weeks * (digital ? 1.6 : 1.0) * ctx.WageIndex(city) * rng.LogNormalFactor(0.2) / 100) * 100);
        var label = level switch { 2 => "basic", 3 => "intermediate", _ => "advanced" };
        return new TrainingProgramme
        {
            Id = $"tp-{index + 1:D4}",
            Title = $"{string.Join(", ", skills.Select(s => s.NameEn))} ({label})",
            Provider = rng.Pick(providers[city]),
            CityCode = city,
            Teaches = skills.Select(s => new SkillLevel(s.Code, level)).ToArray(),
            DurationWeeks = weeks,
            CostCny = Math.Max(0, cost),
            Subsidised = rng.Chance(ctx.IsPilot(city) ? CalibrationProfile.PilotSubsidisedShare : CalibrationProfile.SubsidisedShare),
        };
    }

    /// <summary>Two to four public providers per city, plus private training schools (more of them in the hubs).</summary>
    private Dictionary<string, string[]> Providers(Random rng)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var c in ctx.LiaoningCities)
        {
            var names = PublicProviders.Take(rng.Between(2, 4)).Select(f => string.Format(System.Globalization.CultureInfo.InvariantCulture, f, c.NameEn)).ToList();
            for (var k = ctx.IsHub(c.Code) ? 3 : 1; k > 0; k--) names.Add($"{c.NameEn} {NameGenerator.Brand(rng)} Vocational Training School");
            result[c.Code] = names.Distinct(StringComparer.Ordinal).ToArray();
        }
        return result;
    }
}
