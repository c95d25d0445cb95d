using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// What the generator needs to know about an occupation beyond its skill profile: typical education, pay,
/// how common it is, and how digital it is. Education, pay and prevalence come from the O*NET-SOC major group
/// (the taxonomy links every occupation to one), so a new occupation in the CSV needs no code change.
/// </summary>
internal sealed record OccupationTraits(
    Occupation Occupation,
    Education TypicalEducation,
    int BaseMonthlySalary,
    double EmploymentWeight,
    double DigitalIntensity,
    bool IsDigital,
    bool TraditionalManufacturing)
{
    public string Code => Occupation.Code;
    public string IndustryCode => Occupation.IndustryCode;

    /// <summary>
    /// Importance-weighted share of digital skills at or above which the occupation is a digital one (its digital
    /// skills are its trade, not incidental tools like CAD or office software).
    /// </summary>
    public const double DigitalThreshold = 0.5;

    public static OccupationTraits Create(Occupation o, SkillTaxonomy taxonomy)
    {
        var industry = taxonomy.FindIndustry(o.IndustryCode)!;
        double total = 0, digital = 0;
        foreach (var r in o.Skills)
        {
            total += r.Importance;
            if (taxonomy.FindSkill(r.SkillCode)!.IsDigital) digital += r.Importance;
        }
        var intensity = total == 0 ? 0 : digital / total;
        var (education, salary, weight) = BySoc(o.OnetSoc);
        // Skilled AI and big-data roles (not annotators) are paid a shortage premium.
        if (o.IndustryCode == CalibrationProfile.AiIndustry && salary >= 8000) salary = (int)(salary * CalibrationProfile.AiSalaryPremium);
        return new OccupationTraits(o, education, salary, weight, intensity,
            industry.IsDigital || intensity >= DigitalThreshold, industry.TraditionalManufacturing);
    }

    /// <summary>
    /// Typical education, base monthly salary in Shenyang (CNY) and relative prevalence by SOC group: rough
    /// 2020s levels for north-east China; only their ratios matter to matching.
    /// </summary>
    private static (Education, int, double) BySoc(string? soc)
    {
        if (string.IsNullOrEmpty(soc) || soc.Length < 4) return (Education.Bachelor, 9000, 1.0);
        var minor = soc[..4]; // "17-2", "17-3"...
        return soc[..2] switch
        {
            "11" => (Education.Bachelor, 10500, 0.8),
            "13" => (Education.Bachelor, 7000, 1.2),
            "15" => (Education.Bachelor, 11000, 1.0),
            "17" => minor == "17-3" ? (Education.Associate, 7000, 1.4) : (Education.Bachelor, 9000, 1.0),
            "19" => minor is "19-4" or "19-5" ? (Education.Associate, 6200, 1.0) : (Education.Master, 9000, 0.4),
            "21" => (Education.Bachelor, 5200, 0.8),
            "25" => soc.StartsWith("25-2011", StringComparison.Ordinal) ? (Education.Associate, 4800, 1.0) : (Education.Bachelor, 6500, 1.0),
            "27" => (Education.Bachelor, 7000, 0.8),
            "29" => soc.StartsWith("29-1215", StringComparison.Ordinal) ? (Education.Master, 11000, 0.6)
                : minor == "29-2" ? (Education.Associate, 6000, 1.0) : (Education.Bachelor, 7500, 1.2),
            "31" => (Education.SeniorSecondary, 4500, 2.0),
            "33" => (Education.SeniorSecondary, 3800, 1.8),
            "35" => (Education.JuniorSecondary, 4500, 2.2),
            "37" => (Education.JuniorSecondary, 3800, 1.8),
            "39" => (Education.SeniorSecondary, 4200, 1.5),
            "41" => (Education.SeniorSecondary, 6000, 2.0),
            "43" => (Education.Associate, 4500, 2.0),
            "45" => (Education.JuniorSecondary, 3800, 2.0),
            "47" => (Education.JuniorSecondary, 6000, 2.2),
            "49" => (Education.SeniorSecondary, 6500, 2.0),
            "51" => (Education.SeniorSecondary, 5800, 3.0),
            "53" => (Education.JuniorSecondary, 6000, 2.2),
            _ => (Education.Associate, 6000, 1.0),
        };
    }
}
