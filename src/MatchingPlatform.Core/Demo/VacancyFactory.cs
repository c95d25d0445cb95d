using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Vacancies posted by the generated employers. Requirements are the occupation's skill profile with noise (a
/// skill dropped or added, a level one up or down), the way real postings vary around a job family.
/// </summary>
internal sealed class VacancyFactory(DemoContext ctx)
{
    private readonly Dictionary<string, WeightedTable<OccupationTraits>?> _homeTables = new(StringComparer.Ordinal);

    public IReadOnlyList<Vacancy> Create(Random rng, IReadOnlyList<Enterprise> enterprises)
    {
        // Bigger employers post more, but not proportionally more.
        var anyEmployer = new WeightedTable<Enterprise>(enterprises.Select(e => (e, Math.Sqrt(e.Employees ?? 1))));
        // AI/data roles are posted mostly by digital firms in the hubs, but also by banks, factories and
        // retailers everywhere: present in every city, concentrated in Shenyang and Dalian.
        var aiEmployer = new WeightedTable<Enterprise>(enterprises.Select(e => (e, Math.Sqrt(e.Employees ?? 1)
            * (ctx.Taxonomy.FindIndustry(e.IndustryCode)!.IsDigital ? 5 : 1) * (ctx.IsHub(e.CityCode) ? 2 : 1))));
        var aiCodes = ctx.AiData.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var cross = ctx.CrossIndustry.Where(t => !aiCodes.Contains(t.Code)).ToArray();
        var crossTable = cross.Length == 0 ? null : new WeightedTable<OccupationTraits>(cross.Select(t => (t, t.EmploymentWeight)));

        var result = new List<Vacancy>(ctx.Options.Vacancies);
        for (var i = 0; i < ctx.Options.Vacancies; i++)
        {
            Enterprise employer;
            OccupationTraits occupation;
            if (ctx.AiData.Count > 0 && rng.Chance(CalibrationProfile.AiDataVacancyShare))
            {
                employer = aiEmployer.Sample(rng);
                occupation = rng.Pick(ctx.AiData);
            }
            else
            {
                employer = anyEmployer.Sample(rng);
                var home = HomeTable(employer.IndustryCode, aiCodes);
                occupation = home is not null && (crossTable is null || !rng.Chance(CalibrationProfile.CrossIndustryShare))
                    ? home.Sample(rng)
                    : crossTable?.Sample(rng) ?? rng.Pick(ctx.Occupations);
            }
            result.Add(Create(rng, i, employer, occupation));
        }
        return result;
    }

    private Vacancy Create(Random rng, int index, Enterprise employer, OccupationTraits occupation)
    {
        var o = ctx.Options;
        var minExperience = rng.PickIndex([0.3, 0.2, 0.2, 0.15, 0.1, 0.05]) switch
        {
            0 => 0, 1 => 1, 2 => 2, 3 => 3, 4 => 5, _ => 8,
        };
        var education = occupation.TypicalEducation;
        if (rng.Chance(0.35)) education = (Education)Math.Max((int)Education.JuniorSecondary, (int)education - 1);
        else if (rng.Chance(0.08)) education = (Education)Math.Min((int)Education.Doctorate, (int)education + 1);

        var salaryMin = RoundToHundred(occupation.BaseMonthlySalary * ctx.WageIndex(employer.CityCode)
            * (1 + 0.05 * minExperience) * rng.LogNormalFactor(0.12));
        var salaryMax = RoundToHundred(salaryMin * rng.Uniform(1.2, 1.7));

        var posted = rng.Between(o.Start, o.End.AddDays(-1));
        // Old postings are more likely to be closed: P(closed) = 3 x share x age^2 over the window, mean = share.
        var age = (o.End - posted) / (o.End - o.Start);
        var closed = rng.Chance(3 * (1 - CalibrationProfile.OpenVacancyShare) * age * age);
        DateTimeOffset? closedAt = closed ? Min(o.End, posted.AddDays(rng.Between(14, 150))) : null;

        var requirements = Requirements(rng, occupation.Occupation);
        var headcount = Headcount(rng, occupation);
        var title = minExperience >= 5 ? $"Senior {occupation.Occupation.NameEn}" : occupation.Occupation.NameEn;
        return new Vacancy
        {
            Id = $"v-{index + 1:D6}",
            EnterpriseId = employer.Id,
            Title = title,
            CityCode = employer.CityCode,
            IndustryCode = employer.IndustryCode,
            OccupationCode = occupation.Code,
            Requirements = requirements,
            MinEducation = education,
            MinExperienceYears = minExperience,
            SalaryMinMonthly = salaryMin,
            SalaryMaxMonthly = salaryMax,
            Headcount = headcount,
            Status = closed ? VacancyStatus.Closed : VacancyStatus.Open,
            PostedAt = posted,
            ClosedAt = closedAt,
            Description = $"{occupation.Occupation.NameZh} - {employer.Name}, {ctx.CityName(employer.CityCode)}: "
                + $"{headcount} opening{(headcount > 1 ? "s" : "")}.",
        };
    }

    /// <summary>An industry's own occupations by prevalence, without the AI/data ones (drawn separately); null if none.</summary>
    private WeightedTable<OccupationTraits>? HomeTable(string industry, HashSet<string> aiCodes)
    {
        if (!_homeTables.TryGetValue(industry, out var table))
        {
            var home = ctx.HomeOccupations(industry).Where(t => !aiCodes.Contains(t.Code)).ToArray();
            _homeTables[industry] = table = home.Length == 0 ? null
                : new WeightedTable<OccupationTraits>(home.Select(t => (t, t.EmploymentWeight)));
        }
        return table;
    }

    /// <summary>The occupation profile with posting-to-posting noise; never empty, no skill twice.</summary>
    public IReadOnlyList<SkillRequirement> Requirements(Random rng, Occupation occupation)
    {
        var result = new List<SkillRequirement>(occupation.Skills.Count + 1);
        foreach (var r in occupation.Skills)
        {
            if (r.Importance <= 3 && rng.Chance(0.2)) continue;
            var level = r.Level;
            if (rng.Chance(0.25)) level = Math.Clamp(level + (rng.Chance(0.5) ? 1 : -1), SkillLevel.Min, SkillLevel.Max);
            result.Add(r with { Level = level });
        }
        if (result.Count == 0) result.Add(occupation.Skills[0]);
        if (rng.Chance(0.35) && RelatedSkill(rng, occupation, result) is { } extra)
            result.Add(new SkillRequirement(extra, rng.Between(2, 3), rng.Between(2, 3)));
        result.Sort((a, b) => a.Importance != b.Importance ? b.Importance.CompareTo(a.Importance)
            : string.CompareOrdinal(a.SkillCode, b.SkillCode));
        return result;
    }

    /// <summary>A skill from the same group as one of the profile's skills that the posting does not list yet.</summary>
    private string? RelatedSkill(Random rng, Occupation occupation, List<SkillRequirement> current)
    {
        var anchor = ctx.Taxonomy.FindSkill(rng.Pick(occupation.Skills).SkillCode)!;
        var candidates = ctx.SkillsInGroup(anchor.Group).Where(s => current.All(r => r.SkillCode != s.Code)).ToArray();
        return candidates.Length == 0 ? null : rng.Pick(candidates).Code;
    }

    private static int Headcount(Random rng, OccupationTraits occupation)
    {
        // Factories and warehouses hire in batches; professional roles one or two at a time.
        var (continueChance, cap) = occupation.TraditionalManufacturing ? (0.7, 10)
            : occupation.EmploymentWeight >= 2 ? (0.6, 10)
            : (0.45, 6);
        var n = 1;
        while (n < cap && rng.Chance(continueChance)) n++;
        return n;
    }

    private static int RoundToHundred(double x) => (int)Math.Max(100, Math.Round(x / 100) * 100);
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
