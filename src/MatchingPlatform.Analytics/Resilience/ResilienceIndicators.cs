namespace MatchingPlatform.Analytics.Resilience;

/// <summary>The four dimensions of workforce resilience, three secondary indicators each.</summary>
public enum ResilienceDimension
{
    /// <summary>How well the workforce absorbs a shock: insurance, certified skills, a diversified employment base.</summary>
    Resistance = 1,
    /// <summary>How fast people get back to work: re-employment rate, days to re-employment, vacancy fill rate.</summary>
    Recovery = 2,
    /// <summary>How readily the workforce moves to new work: digital skills, training completion, occupation changes.</summary>
    Adaptability = 3,
    /// <summary>How far the labour market is turning towards new industries: digital vacancies, graduates kept, digital inflow.</summary>
    Transformation = 4,
}

/// <summary>Whether a larger value of an indicator means more resilience (benefit) or less (cost).</summary>
public enum IndicatorDirection
{
    HigherIsBetter = 1,
    LowerIsBetter = 2,
}

/// <summary>Where an indicator's values come from.</summary>
public enum IndicatorSource
{
    /// <summary>Aggregated by SQL from the platform's own data (Data/Resilience/ResilienceRepository).</summary>
    Platform = 1,
    /// <summary>Imported from a city-quarter CSV (statistics the platform does not hold).</summary>
    External = 2,
}

/// <summary>One secondary indicator: its code (the CSV's <c>indicator</c> column for external ones), dimension, direction and meaning.</summary>
public sealed record ResilienceIndicator(string Code, ResilienceDimension Dimension, IndicatorDirection Direction, IndicatorSource Source,
    string Unit, string Definition);

/// <summary>The twelve indicators of the index (definitions in docs/resilience.md).</summary>
public static class ResilienceIndicators
{
    public const string UnemploymentInsuranceCoverage = "ui_coverage";
    public const string CertifiedSkillShare = "certified_skill_share";
    public const string IndustryDiversity = "industry_diversity";
    public const string ReemploymentRate = "reemployment_rate";
    public const string DaysToReemployment = "days_to_reemployment";
    public const string VacancyFillRate = "vacancy_fill_rate";
    public const string DigitalSkillShare = "digital_skill_share";
    public const string TrainingCompletionRate = "training_completion_rate";
    public const string OccupationChangeShare = "occupation_change_share";
    public const string DigitalVacancyShare = "digital_vacancy_share";
    public const string GraduateRetention = "graduate_retention";
    public const string NetDigitalInflow = "net_digital_inflow";

    private const IndicatorDirection Up = IndicatorDirection.HigherIsBetter;
    private const IndicatorDirection Down = IndicatorDirection.LowerIsBetter;

    /// <summary>In dimension order, three per dimension.</summary>
    public static readonly IReadOnlyList<ResilienceIndicator> All =
    [
        new(UnemploymentInsuranceCoverage, ResilienceDimension.Resistance, Up, IndicatorSource.External, "share",
            "Workers covered by unemployment insurance over the employed workforce (imported statistic)."),
        new(CertifiedSkillShare, ResilienceDimension.Resistance, Up, IndicatorSource.Platform, "share",
            "Workers registered in the city by the quarter's end holding at least one skill at level 4 or 5 (certified/advanced), over all of them."),
        new(IndustryDiversity, ResilienceDimension.Resistance, Up, IndicatorSource.Platform, "0..1",
            "Shannon entropy of the industries of the work-history spells in the city that overlap the quarter, over ln(number of industries present in the panel): 0 = one industry, 1 = evenly spread."),
        new(ReemploymentRate, ResilienceDimension.Recovery, Up, IndicatorSource.Platform, "share",
            "Seekers living in the city who were hired in the quarter, over the seekers with any interaction in the quarter (the policy panel's outcome)."),
        new(DaysToReemployment, ResilienceDimension.Recovery, Down, IndicatorSource.Platform, "days",
            "Mean days from a seeker's first application to the hire, over the hires of the quarter of seekers living in the city."),
        new(VacancyFillRate, ResilienceDimension.Recovery, Up, IndicatorSource.Platform, "share",
            "Hires in the quarter into the city's vacancies over the headcount of the vacancies posted in the city in the quarter (capped at 1)."),
        new(DigitalSkillShare, ResilienceDimension.Adaptability, Up, IndicatorSource.Platform, "share",
            "Workers registered in the city by the quarter's end holding a digital skill at level 3 or above (the mobility module's digital talent), over all of them."),
        new(TrainingCompletionRate, ResilienceDimension.Adaptability, Up, IndicatorSource.External, "share",
            "Participants who completed a subsidised training programme over those who started one (imported statistic)."),
        new(OccupationChangeShare, ResilienceDimension.Adaptability, Up, IndicatorSource.Platform, "share",
            "Work-history spells starting in the quarter in the city whose occupation belongs to another occupation group (the occupation's industry) than the worker's previous spell, over the spells starting then that have a previous spell."),
        new(DigitalVacancyShare, ResilienceDimension.Transformation, Up, IndicatorSource.Platform, "share",
            "Headcount of the vacancies posted in the city in the quarter that require at least one digital skill, over all posted headcount."),
        new(GraduateRetention, ResilienceDimension.Transformation, Up, IndicatorSource.Platform, "share",
            "Graduates (graduation year up to the quarter's year) whose first job was in the city and whose latest job is still there, over those graduates (Data/Mobility's retention)."),
        new(NetDigitalInflow, ResilienceDimension.Transformation, Up, IndicatorSource.Platform, "per 10,000 residents",
            "Realised moves of digital talent into the city minus those out of it in the quarter (Data/Mobility's flows), per 10,000 residents."),
    ];

    public static ResilienceIndicator? Find(string code) => All.FirstOrDefault(i => i.Code == code);

    /// <summary>The lower-case name used in storage, on the wire and in the CSV: index, resistance, recovery, adaptability, transformation.</summary>
    public static string Name(ResilienceDimension d) => d switch
    {
        ResilienceDimension.Resistance => "resistance",
        ResilienceDimension.Recovery => "recovery",
        ResilienceDimension.Adaptability => "adaptability",
        ResilienceDimension.Transformation => "transformation",
        _ => throw new ArgumentOutOfRangeException(nameof(d), d, null),
    };

    public static readonly IReadOnlyList<ResilienceDimension> Dimensions =
        [ResilienceDimension.Resistance, ResilienceDimension.Recovery, ResilienceDimension.Adaptability, ResilienceDimension.Transformation];
}
