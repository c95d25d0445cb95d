using System.Globalization;
using System.Text.RegularExpressions;

namespace MatchingPlatform.Data.Import.Job51;

/// <summary>What the 公司信息 cell says about the employer.</summary>
/// <param name="Employees">Midpoint of the size band (<c>500-1000人</c> → 750, <c>少于50人</c> → 25, <c>10000人以上</c> → 10000).</param>
/// <param name="Industry">51job's industry text, possibly several industries separated by spaces.</param>
public sealed record CompanyInfo(string? Ownership, int? Employees, string? Industry);

/// <summary>Reads the 公司信息 cell and maps 51job industries onto the taxonomy's industry codes.</summary>
public static partial class Job51Company
{
    /// <summary>Where no keyword fits: the catch-all "business and professional services" sector.</summary>
    public const string FallbackIndustry = "professional-services";

    /// <summary>
    /// Keyword → industry code, tried in this order against each of the posting's industries in turn (the first,
    /// main industry first). Order matters where keywords overlap: 医疗设备 before 医疗.
    /// </summary>
    public static IReadOnlyList<(string Keyword, string IndustryCode)> IndustryKeywords { get; } =
    [
        ("计算机软件", "software-it"), ("计算机服务", "software-it"), ("计算机硬件", "software-it"),
        ("互联网", "internet"), ("网络游戏", "internet"),
        ("通信", "telecom"), ("电信", "telecom"),
        ("金融", "finance"), ("银行", "finance"), ("保险", "finance"), ("证券", "finance"), ("信托", "finance"),
        ("教育", "education"), ("培训", "education"), ("学术", "education"), ("科研", "education"),
        ("汽车", "automotive"),
        ("石油", "petrochemical"), ("化工", "petrochemical"),
        ("采掘", "mining"), ("冶炼", "mining"),
        ("医疗设备", "equipment-manufacturing"), ("机械", "equipment-manufacturing"), ("设备", "equipment-manufacturing"),
        ("仪器仪表", "equipment-manufacturing"), ("工业自动化", "equipment-manufacturing"), ("电子技术", "equipment-manufacturing"),
        ("半导体", "equipment-manufacturing"), ("航天", "equipment-manufacturing"), ("航空", "equipment-manufacturing"),
        ("医疗", "healthcare"), ("制药", "healthcare"), ("生物工程", "healthcare"), ("保健", "healthcare"),
        ("电力", "energy-utilities"), ("水利", "energy-utilities"), ("新能源", "energy-utilities"), ("环保", "energy-utilities"),
        ("房地产", "construction"), ("建筑", "construction"), ("装潢", "construction"),
        ("交通", "logistics"), ("物流", "logistics"),
        ("电子商务", "retail-ecommerce"), ("零售", "retail-ecommerce"), ("批发", "retail-ecommerce"), ("贸易", "retail-ecommerce"),
        ("快速消费品", "retail-ecommerce"), ("奢侈品", "retail-ecommerce"),
        ("酒店", "hospitality"), ("旅游", "hospitality"), ("餐饮", "hospitality"), ("生活服务", "hospitality"),
        ("农", "agriculture"),
        ("政府", "public-sector"), ("公共事业", "public-sector"), ("非营利", "public-sector"),
        ("专业服务", "professional-services"), ("中介服务", "professional-services"), ("外包服务", "professional-services"),
        ("法律", "professional-services"), ("广告", "professional-services"), ("会计", "professional-services"),
    ];

    [GeneratedRegex(@"^(?:(?<lo>\d+)-(?<hi>\d+)人|少于(?<under>\d+)人|(?<over>\d+)人以上)$")]
    private static partial Regex SizePattern();

    /// <summary>
    /// Parses <c>ownership| size| industry</c>. Like the posting cells, omitted parts are dropped, not left
    /// empty (<c>民营公司| 计算机软件</c>, or the industry alone), so the size is found by its shape, the last
    /// other part is the industry and a part before it the ownership.
    /// </summary>
    public static CompanyInfo Parse(string text)
    {
        var parts = text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        int? employees = null;
        var size = parts.FindIndex(p => SizePattern().IsMatch(p));
        if (size >= 0)
        {
            employees = Midpoint(SizePattern().Match(parts[size]));
            parts.RemoveAt(size);
        }
        return parts.Count switch
        {
            0 => new CompanyInfo(null, employees, null),
            1 => new CompanyInfo(null, employees, parts[0]),
            _ => new CompanyInfo(parts[0], employees, parts[^1]),
        };
    }

    /// <summary>The taxonomy industry for 51job's industry text; <see cref="FallbackIndustry"/> when nothing matches.</summary>
    public static string IndustryCode(string? industry)
    {
        foreach (var token in (industry ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            foreach (var (keyword, code) in IndustryKeywords)
                if (token.Contains(keyword, StringComparison.Ordinal)) return code;
        return FallbackIndustry;
    }

    private static int Midpoint(Match m)
    {
        static int N(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);
        if (m.Groups["under"].Success) return N(m.Groups["under"]) / 2;
        if (m.Groups["over"].Success) return N(m.Groups["over"]);
        return (N(m.Groups["lo"]) + N(m.Groups["hi"])) / 2;
    }
}
