using System.Collections.Frozen;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// The named figures the demo dataset is calibrated to. Each cites the sentence of DESIGN.md ("the setting")
/// it reproduces, or says why a figure was chosen when the design gives none. The unit tests recompute every
/// calibrated figure from generated data, so changing a constant here shows up there.
/// </summary>
public static class CalibrationProfile
{
    // ---- Geography -------------------------------------------------------------------------------------

    /// <summary>DESIGN.md: "over 70% of digital talent concentrated in Shenyang and Dalian".</summary>
    public static readonly IReadOnlyList<string> DigitalHubCities = ["shenyang", "dalian"];

    /// <summary>
    /// Probability that an incidental digital skill (CAD, office software, DCS operation... in a non-digital
    /// occupation) is kept outside the hubs, relative to 1 in them. Together with the hubs' larger share of
    /// digital occupations this puts over 70% of digitally skilled Liaoning workers in Shenyang and Dalian.
    /// </summary>
    public const double IncidentalDigitalKeepOutsideHubs = 0.15;

    /// <summary>Relative chance that a worker of a hub city is in a digital occupation (IT, internet, AI/data).</summary>
    public const double DigitalOccupationHubBoost = 3.0;

    /// <summary>Outside the hubs, digital occupations are this much rarer than the province-wide mix.</summary>
    public const double DigitalOccupationElsewhere = 0.35;

    /// <summary>
    /// DESIGN.md: "an old industrial base ... with talent outflow". Where leavers go, as relative weights;
    /// non-Liaoning cities not listed get <see cref="OtherDestinationWeight"/>.
    /// </summary>
    public static readonly FrozenDictionary<string, double> OutflowDestinations = new Dictionary<string, double>
    {
        ["beijing"] = 0.28, ["shanghai"] = 0.18, ["shenzhen"] = 0.16, ["hangzhou"] = 0.08,
        ["guangzhou"] = 0.06, ["tianjin"] = 0.07,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public const double OtherDestinationWeight = 0.03;

    /// <summary>
    /// Chance that a worker aged at most <see cref="YoungAgeLimit"/> now lives outside Liaoning. Young graduates
    /// leave most (DESIGN.md: "talent outflow"; the mobility module reports graduate retention).
    /// </summary>
    public const double YoungOutflowProbability = 0.45;

    public const int YoungAgeLimit = 27;

    /// <summary>Outflow chance for workers aged 28-45 and over 45; keeps 10-15% of all workers outside Liaoning.</summary>
    public const double PrimeOutflowProbability = 0.08;

    public const double OlderOutflowProbability = 0.03;

    /// <summary>Share of outside-Liaoning workers whose history starts in Liaoning (leavers rather than locals).</summary>
    public const double OutsideWorkersFromLiaoning = 0.8;

    /// <summary>Liaoning workers whose history includes a spell outside the province (return migrants).</summary>
    public const double ReturnMigrantShare = 0.07;

    /// <summary>Liaoning workers who moved between Liaoning cities (mostly towards Shenyang and Dalian).</summary>
    public const double IntraProvinceMoverShare = 0.15;

    // ---- Age and industry ------------------------------------------------------------------------------

    /// <summary>
    /// Age distribution of platform users as (first age, last age, weight). DESIGN.md: "many of them over 45";
    /// 40% of workers are over 45, as in Liaoning's ageing workforce.
    /// </summary>
    public static readonly IReadOnlyList<(int From, int To, double Weight)> AgeBands =
    [
        (18, 24, 0.10), (25, 34, 0.24), (35, 45, 0.26), (46, 54, 0.25), (55, 64, 0.15),
    ];

    /// <summary>
    /// DESIGN.md: "35% of workers in traditional manufacturing and many of them over 45". Chance that a Liaoning
    /// worker's current (or last) job is in a traditional manufacturing industry, by age: under 35, 35-45, over 45.
    /// The age-weighted mean is about 0.35.
    /// </summary>
    public static readonly (double Under35, double From35To45, double Over45) TraditionalManufacturingShare = (0.27, 0.34, 0.42);

    /// <summary>Traditional-manufacturing share among workers outside Liaoning (service and tech economies).</summary>
    public const double TraditionalManufacturingShareOutside = 0.12;

    /// <summary>Relative chance of a digital occupation by age band (under 35, 35-45, over 45).</summary>
    public static readonly (double Under35, double From35To45, double Over45) DigitalOccupationByAge = (1.6, 0.9, 0.25);

    /// <summary>
    /// DESIGN.md: "many of them over 45 with little digital training". Keep probability of an incidental digital
    /// skill by age band (under 35, 35-45, over 45).
    /// </summary>
    public static readonly (double Under35, double From35To45, double Over45) IncidentalDigitalKeepByAge = (1.0, 0.7, 0.3);

    // ---- Supply and demand -----------------------------------------------------------------------------

    /// <summary>DESIGN.md: "a 1:10 supply-demand ratio for AI engineers and data analysts".</summary>
    public static readonly IReadOnlyList<string> AiDataOccupations = ["ai-engineer", "data-analyst"];

    public const double AiDataDemandPerSeeker = 10.0;

    /// <summary>Share of AI/data vacancies among all vacancies (they are few, but each has several openings).</summary>
    public const double AiDataVacancyShare = 0.06;

    /// <summary>The AI and big-data industry, whose skilled roles earn <see cref="AiSalaryPremium"/>.</summary>
    public const string AiIndustry = "ai-bigdata";

    /// <summary>Pay premium of scarce AI/data talent (DESIGN.md: "a 1:10 supply-demand ratio").</summary>
    public const double AiSalaryPremium = 1.3;

    /// <summary>Workers actively seeking (supply in shortage statistics); chosen so ~60% of profiles are seekers.</summary>
    public const double ActivelySeekingShare = 0.6;

    /// <summary>Workers without a current job (all of them seek); the rest of the seekers search on the job.</summary>
    public const double UnemployedShare = 0.2;

    /// <summary>About three vacancies in four are still open at the end of the window.</summary>
    public const double OpenVacancyShare = 0.75;

    // ---- Policy pilot ----------------------------------------------------------------------------------

    /// <summary>
    /// The simulated training-subsidy pilot: four old-industry cities (steel, petrochemicals, coal), none of them a
    /// digital hub, so the pilot targets the workers DESIGN.md says lack digital training.
    /// </summary>
    public static readonly IReadOnlyList<string> PilotCities = ["anshan", "fushun", "benxi", "jinzhou"];

    /// <summary>Chance that a programme is subsidised in a pilot city (the catalogue is the snapshot at the window's end).</summary>
    public const double PilotSubsidisedShare = 0.75;

    public const double SubsidisedShare = 0.3;

    /// <summary>
    /// Treatment effect the policy evaluation should find: after the pilot starts, an interview of a worker living in
    /// a pilot city leads to an offer this many times as often. Offers still need headcount left and a worker not yet
    /// hired, so the measured uplift in hires is smaller (about 1.2 at default size).
    /// </summary>
    public const double PilotHireUplift = 1.4;

    // ---- Cities ----------------------------------------------------------------------------------------

    /// <summary>
    /// Economic size and wage level of the cities the generator knows by name. GDP is the approximate 2023 figure
    /// in 100 million CNY (rounded; it only sets relative weights). WageIndex is the relative salary level,
    /// Shenyang = 1. Affinity multiplies an industry's weight in that city (steel in Anshan/Benxi, petrochemicals
    /// in Panjin/Fushun/Liaoyang/Dalian, equipment in Shenyang, ships in Dalian/Huludao...).
    /// </summary>
    public static readonly FrozenDictionary<string, CityEconomy> Cities = new Dictionary<string, CityEconomy>
    {
        ["shenyang"] = new(8100, 1.00, Affinity(("equipment-manufacturing", 3), ("automotive", 3.5), ("software-it", 2.5),
            ("ai-bigdata", 2.5), ("internet", 2), ("telecom", 1.5), ("finance", 1.5), ("healthcare", 1.3), ("education", 1.3))),
        ["dalian"] = new(8750, 1.08, Affinity(("shipbuilding", 4), ("petrochemical", 2), ("software-it", 3), ("ai-bigdata", 2.5),
            ("internet", 2), ("logistics", 2), ("equipment-manufacturing", 1.5), ("finance", 1.5), ("hospitality", 1.5))),
        ["anshan"] = new(1850, 0.85, Affinity(("metallurgy-steel", 7), ("mining", 2.5), ("equipment-manufacturing", 1.3))),
        ["fushun"] = new(1000, 0.82, Affinity(("petrochemical", 6), ("mining", 3), ("energy-utilities", 1.5))),
        ["benxi"] = new(950, 0.84, Affinity(("metallurgy-steel", 6), ("mining", 3), ("healthcare", 1.5))),
        ["dandong"] = new(950, 0.78, Affinity(("agriculture", 2.5), ("logistics", 1.8), ("equipment-manufacturing", 1.5), ("hospitality", 1.5))),
        ["jinzhou"] = new(1200, 0.80, Affinity(("petrochemical", 2.5), ("equipment-manufacturing", 1.5), ("agriculture", 1.8), ("logistics", 1.5))),
        ["yingkou"] = new(1500, 0.83, Affinity(("metallurgy-steel", 3), ("logistics", 2.5), ("petrochemical", 1.5), ("mining", 1.5))),
        ["fuxin"] = new(650, 0.74, Affinity(("mining", 4), ("energy-utilities", 3), ("agriculture", 3))),
        ["liaoyang"] = new(900, 0.80, Affinity(("petrochemical", 5), ("equipment-manufacturing", 1.5))),
        ["panjin"] = new(1450, 0.92, Affinity(("petrochemical", 6), ("mining", 3), ("agriculture", 2))),
        ["tieling"] = new(750, 0.73, Affinity(("agriculture", 3), ("equipment-manufacturing", 1.5), ("energy-utilities", 2))),
        ["chaoyang"] = new(1050, 0.76, Affinity(("agriculture", 3), ("mining", 2), ("metallurgy-steel", 1.5))),
        ["huludao"] = new(950, 0.76, Affinity(("shipbuilding", 3.5), ("petrochemical", 2), ("metallurgy-steel", 2))),
        ["beijing"] = new(0, 1.90, Affinity(("internet", 4), ("ai-bigdata", 4), ("software-it", 3), ("finance", 2.5), ("professional-services", 2))),
        ["shanghai"] = new(0, 1.85, Affinity(("internet", 3.5), ("ai-bigdata", 3), ("software-it", 3), ("finance", 3), ("automotive", 1.5))),
        ["shenzhen"] = new(0, 1.75, Affinity(("internet", 4), ("ai-bigdata", 3), ("software-it", 3), ("telecom", 3), ("retail-ecommerce", 1.5))),
        ["hangzhou"] = new(0, 1.55, Affinity(("internet", 4), ("retail-ecommerce", 3), ("ai-bigdata", 2.5), ("software-it", 2))),
        ["guangzhou"] = new(0, 1.45, Affinity(("retail-ecommerce", 2.5), ("automotive", 2), ("internet", 2), ("logistics", 1.5))),
        ["tianjin"] = new(0, 1.25, Affinity(("petrochemical", 2), ("equipment-manufacturing", 1.5), ("logistics", 2))),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Wage level of a Liaoning city not in <see cref="Cities"/>.</summary>
    public const double DefaultLiaoningWageIndex = 0.8;

    /// <summary>Wage level of an outside city not in <see cref="Cities"/>.</summary>
    public const double DefaultOutsideWageIndex = 1.3;

    /// <summary>
    /// Share of platform users by city blends population with economic size: people register where jobs are,
    /// so the hubs carry about half of Liaoning's users although they hold 39% of its residents.
    /// </summary>
    public const double WorkerWeightFromGdp = 0.5;

    // ---- Industries ------------------------------------------------------------------------------------

    /// <summary>
    /// Base weight of each industry among employers, before city affinity. Industries not listed weigh 3.
    /// Traditional manufacturing is strong, as in an old industrial base.
    /// </summary>
    public static readonly FrozenDictionary<string, double> IndustryBase = new Dictionary<string, double>
    {
        ["equipment-manufacturing"] = 10, ["automotive"] = 5, ["metallurgy-steel"] = 4, ["petrochemical"] = 4,
        ["shipbuilding"] = 1.5, ["mining"] = 2, ["construction"] = 7, ["logistics"] = 7, ["software-it"] = 5,
        ["internet"] = 2.5, ["ai-bigdata"] = 2, ["telecom"] = 1.5, ["finance"] = 4, ["retail-ecommerce"] = 9,
        ["healthcare"] = 6, ["education"] = 4, ["hospitality"] = 7, ["agriculture"] = 3, ["public-sector"] = 2,
        ["energy-utilities"] = 3, ["professional-services"] = 6,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public const double DefaultIndustryBase = 3;

    /// <summary>
    /// Occupations that any employer hires (an accountant in a steel mill, a data analyst in a bank), so vacancies
    /// and histories are not confined to an occupation's home industry.
    /// </summary>
    public static readonly IReadOnlyList<string> CrossIndustryOccupations =
    [
        "accountant", "hr-specialist", "administrative-assistant", "sales-representative", "marketing-specialist",
        "security-guard", "data-analyst", "it-operations-engineer", "warehouse-keeper", "customer-service-rep",
        "safety-officer", "maintenance-electrician", "forklift-operator", "truck-driver",
    ];

    /// <summary>Share of a firm's vacancies (and of workers' jobs) in the cross-industry occupations.</summary>
    public const double CrossIndustryShare = 0.22;

    private static FrozenDictionary<string, double> Affinity(params (string Industry, double Factor)[] pairs) =>
        pairs.ToFrozenDictionary(p => p.Industry, p => p.Factor, StringComparer.Ordinal);
}

/// <summary>Economic profile of a city: GDP (100 million CNY; 0 when only used as a destination), wage level, industry affinities.</summary>
public sealed record CityEconomy(double Gdp, double WageIndex, FrozenDictionary<string, double> IndustryAffinity);
