namespace MatchingPlatform.Data.Import.Kandij;

/// <summary>
/// The job board's Industry labels mapped onto the platform's industries (data/taxonomy/industries.csv).
/// Labels with no fitting sector (Other, Arts, Sports, Personal Services, Science) are left out: the
/// importer then uses the industry of the matched O*NET occupation instead.
/// </summary>
internal static class KandijIndustries
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Accounting & Finance"] = "finance",
        ["Clerical & Administrative"] = "professional-services",
        ["Construction & Extraction"] = "construction",
        ["Customer Service"] = "professional-services",
        ["Education, Training, & Library"] = "education",
        ["Engineering & Architecture"] = "professional-services",
        ["Food and Beverages"] = "hospitality",
        ["Healthcare & Medical"] = "healthcare",
        ["Human Resources"] = "professional-services",
        ["Information Technology"] = "software-it",
        ["Insurance"] = "finance",
        ["Legal Services"] = "professional-services",
        ["Management & Business"] = "professional-services",
        ["Manufacturing & Production"] = "equipment-manufacturing",
        ["Marketing & Advertising"] = "professional-services",
        ["Media & Communication"] = "professional-services",
        ["Merchandising, Purchasing & Retail"] = "retail-ecommerce",
        ["Military & Government"] = "public-sector",
        ["Office Administration"] = "professional-services",
        ["Public Utilities & Services"] = "energy-utilities",
        ["Real Estate & Building Maintenance"] = "professional-services",
        ["Research"] = "professional-services",
        ["Retail"] = "retail-ecommerce",
        ["Sales & Sales Management"] = "retail-ecommerce",
        ["Transportation"] = "logistics",
        ["Transportation & Logistics"] = "logistics",
        ["Travel, Hospitality & Restaurant"] = "hospitality",
    };

    public static IEnumerable<string> Industries => Map.Values.Distinct();

    public static string? Find(string? label) => label is null ? null : Map.GetValueOrDefault(label.Trim());
}
