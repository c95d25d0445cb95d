namespace MatchingPlatform.Data.Import.Onet;

/// <summary>
/// Guesses the platform industry (data/taxonomy/industries.csv) of an O*NET occupation from its SOC code.
/// SOC classifies what people do, not where, so this is a guess: the industry that employs most of the
/// group, or the closest of the platform's 21 sectors. Keys are SOC code prefixes; the longest matching
/// prefix wins, so a minor group (e.g. 13-2 financial specialists) can override its major group (13).
/// </summary>
public static class SocIndustryMap
{
    /// <summary>Used when no prefix matches (a code outside the 2018 SOC major groups).</summary>
    public const string Fallback = "professional-services";

    private static readonly (string Prefix, string Industry)[] Table =
    [
        ("11", "professional-services"),   // Management
        ("13", "professional-services"),   // Business and Financial Operations
        ("13-2", "finance"),               //   Financial Specialists
        ("15", "software-it"),             // Computer and Mathematical
        ("15-2", "ai-bigdata"),            //   Mathematical Science (statisticians, data scientists)
        ("17", "equipment-manufacturing"), // Architecture and Engineering
        ("17-1", "construction"),          //   Architects, Surveyors, and Cartographers
        ("19", "professional-services"),   // Life, Physical, and Social Science
        ("21", "public-sector"),           // Community and Social Service
        ("23", "professional-services"),   // Legal
        ("25", "education"),               // Educational Instruction and Library
        ("27", "professional-services"),   // Arts, Design, Entertainment, Sports, and Media
        ("29", "healthcare"),              // Healthcare Practitioners and Technical
        ("31", "healthcare"),              // Healthcare Support
        ("33", "public-sector"),           // Protective Service
        ("35", "hospitality"),             // Food Preparation and Serving Related
        ("37", "professional-services"),   // Building and Grounds Cleaning and Maintenance (facility services)
        ("39", "hospitality"),             // Personal Care and Service
        ("41", "retail-ecommerce"),        // Sales and Related
        ("43", "professional-services"),   // Office and Administrative Support
        ("45", "agriculture"),             // Farming, Fishing, and Forestry
        ("47", "construction"),            // Construction and Extraction
        ("47-5", "mining"),                //   Extraction Workers
        ("49", "equipment-manufacturing"), // Installation, Maintenance, and Repair
        ("51", "equipment-manufacturing"), // Production
        ("53", "logistics"),               // Transportation and Material Moving
        ("55", "public-sector"),           // Military Specific
    ];

    /// <summary>Every industry code the table can return, so a loader can check them against its taxonomy.</summary>
    public static IEnumerable<string> Industries => Table.Select(t => t.Industry).Append(Fallback).Distinct();

    public static string Guess(string socCode) =>
        Table.Where(t => socCode.StartsWith(t.Prefix, StringComparison.Ordinal))
             .OrderByDescending(t => t.Prefix.Length)
             .Select(t => t.Industry)
             .FirstOrDefault() ?? Fallback;
}
