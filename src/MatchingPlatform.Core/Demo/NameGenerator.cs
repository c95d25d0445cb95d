namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Made-up pinyin names for people and firms. Names are random combinations of common syllables: plausible on
/// screen, never taken from a list of real people or companies.
/// </summary>
internal static class NameGenerator
{
    private static readonly string[] Surnames =
    [
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu", "Gao",
        "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie", "Han", "Tang", "Feng", "Yu", "Dong", "Xiao",
        "Cheng", "Cao", "Yuan", "Deng", "Fu", "Shen", "Zeng", "Peng", "Lü", "Su", "Lu", "Jiang", "Cai", "Jia",
        "Ding", "Wei", "Xue", "Ye", "Yan", "Pan", "Du", "Dai", "Xia", "Zhong", "Tian", "Ren", "Fan", "Fang",
        "Shi", "Yao", "Tan", "Liao", "Zou", "Xiong", "Jin", "Hao", "Kong", "Bai", "Cui", "Kang", "Mao", "Qiu",
    ];

    private static readonly string[] GivenSyllables =
    [
        "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "juan", "tao",
        "ming", "chao", "xiu", "xia", "ping", "gang", "gui", "hua", "hong", "bo", "lin", "hui", "ying", "yu", "dan",
        "xin", "hao", "kai", "rui", "ning", "peng", "fei", "lan", "feng", "jia", "yi", "zhen", "chen", "xue", "shu",
        "tian", "long", "bin", "qing", "wen", "zhi", "hai", "yun", "dong", "mei", "han", "xuan", "zi", "yao", "meng",
    ];

    private static readonly string[] BrandSyllables =
    [
        "Heng", "Tai", "Xin", "Hua", "Da", "Sheng", "Long", "Feng", "Yuan", "Jin", "Rui", "Bo", "Chuang", "Kai",
        "Tong", "Ding", "Hong", "Cheng", "Yu", "Jia", "An", "Ming", "Tian", "Hai", "Guang", "Zhong", "Xing", "Wei",
        "Fu", "Lian", "Bei", "Dong", "Shun", "Yi", "Kang", "Run", "Hui", "Qi", "Mao", "Ye",
    ];

    /// <summary>e.g. "Wang Jiahui".</summary>
    public static string Person(Random rng)
    {
        var surname = rng.Pick(Surnames);
        var given = rng.Pick(GivenSyllables);
        if (rng.Chance(0.7)) given += rng.Pick(GivenSyllables);
        return $"{surname} {char.ToUpperInvariant(given[0])}{given[1..]}";
    }

    /// <summary>A two-syllable brand such as "Hengtai".</summary>
    public static string Brand(Random rng)
    {
        var a = rng.Pick(BrandSyllables);
        string b;
        do b = rng.Pick(BrandSyllables); while (b == a);
        return a + b.ToLowerInvariant();
    }

    /// <summary>Firm name such as "Anshan Hengtai Steel Co., Ltd.", worded by industry and ownership.</summary>
    public static string Firm(Random rng, string cityName, string industryCode, string industryName, string ownership)
    {
        var noun = industryCode switch
        {
            "equipment-manufacturing" => rng.Chance(0.5) ? "Heavy Machinery" : "Equipment Manufacturing",
            "automotive" => rng.Chance(0.5) ? "Auto Parts" : "Automotive",
            "metallurgy-steel" => rng.Chance(0.6) ? "Steel" : "Metallurgical",
            "petrochemical" => rng.Chance(0.5) ? "Petrochemical" : "Chemical Industry",
            "shipbuilding" => rng.Chance(0.5) ? "Shipbuilding" : "Marine Engineering",
            "mining" => rng.Chance(0.5) ? "Mining" : "Coal and Mining",
            "construction" => "Construction Engineering",
            "logistics" => rng.Chance(0.5) ? "Logistics" : "Supply Chain",
            "software-it" => rng.Chance(0.5) ? "Software" : "Information Technology",
            "internet" => "Network Technology",
            "ai-bigdata" => rng.Chance(0.5) ? "Intelligent Technology" : "Data Technology",
            "telecom" => "Communications",
            "finance" => rng.Chance(0.5) ? "Financial Services" : "Insurance Agency",
            "retail-ecommerce" => rng.Chance(0.5) ? "Trading" : "E-commerce",
            "healthcare" => rng.Chance(0.5) ? "Health Care" : "Elderly Care Services",
            "education" => rng.Chance(0.5) ? "Education Technology" : "Training School",
            "hospitality" => rng.Chance(0.5) ? "Catering" : "Hotel Management",
            "agriculture" => "Agricultural Development",
            "public-sector" => "Community Services",
            "energy-utilities" => rng.Chance(0.5) ? "Energy" : "Thermal Power",
            "professional-services" => rng.Chance(0.5) ? "Business Services" : "Human Resources Services",
            _ => industryName,
        };
        var suffix = ownership switch
        {
            Ownership.StateOwned => rng.Chance(0.5) ? "Group Co., Ltd." : "Co., Ltd.",
            Ownership.ForeignInvested => "(Liaoning) Co., Ltd.",
            Ownership.JointVenture => "Joint Venture Co., Ltd.",
            _ => "Co., Ltd.",
        };
        return $"{cityName} {Brand(rng)} {noun} {suffix}";
    }
}

/// <summary>Ownership texts as enterprises declare them.</summary>
internal static class Ownership
{
    public const string StateOwned = "state-owned";
    public const string Private = "private";
    public const string ForeignInvested = "foreign-invested";
    public const string JointVenture = "joint-venture";
}
