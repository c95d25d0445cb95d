using System.Globalization;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;
using SkiaSharp;

namespace MatchingPlatform.Cli.Reports;

/// <summary>Which names a chart shows.</summary>
public enum ChartLanguage
{
    /// <summary>English / pinyin names (<see cref="City.NameEn"/>, <see cref="Skill.NameEn"/>); renders with any font.</summary>
    English,

    /// <summary>Chinese names (<see cref="City.NameZh"/>, <see cref="Skill.NameZh"/>); needs a CJK-capable font.</summary>
    Chinese,
}

/// <summary>
/// The language and font of chart text. <see cref="Detect"/> picks Chinese only when the renderer (Skia)
/// can find an installed font with CJK glyphs, and English otherwise, so charts never show empty boxes.
/// </summary>
/// <param name="Language">Which names to draw.</param>
/// <param name="FontName">The font family to draw with; for English, the plotting library's default sans font.</param>
public sealed record ChartLabels(ChartLanguage Language, string FontName)
{
    /// <summary>Characters a CJK font must have for Chinese labels to be chosen: city suffix, common skill words.</summary>
    internal const string ChineseProbe = "沈阳大连鞍山市焊接技能数据分析";

    /// <summary>Sans fonts preferred for English labels, in order; the first one installed wins.</summary>
    internal static readonly string[] PreferredSans =
        ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica", "Segoe UI"];

    /// <summary>English labels in an installed sans font (else the plotting library's default); always renderable.</summary>
    public static ChartLabels English { get; } = new(ChartLanguage.English, FindSansFont());

    public bool IsChinese => Language == ChartLanguage.Chinese;

    /// <summary>
    /// Chinese when Skia (the renderer) resolves an installed font that has glyphs for <see cref="ChineseProbe"/>,
    /// English otherwise. Never throws: any failure of the font lookup means English.
    /// </summary>
    public static ChartLabels Detect()
    {
        var font = FindCjkFont();
        return font is null ? English : new ChartLabels(ChartLanguage.Chinese, font);
    }

    /// <summary>
    /// The first installed font of <see cref="PreferredSans"/>. Without fontconfig, Skia's default typeface is
    /// whatever it scanned first (often DejaVu Serif), so ScottPlot's default is not reliably a sans font.
    /// </summary>
    public static string FindSansFont()
    {
        try
        {
            var installed = new HashSet<string>(SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
            return PreferredSans.FirstOrDefault(installed.Contains) ?? ScottPlot.Fonts.Default;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return "sans-serif";
        }
    }

    /// <summary>The family name of an installed font able to draw Chinese, or null when there is none.</summary>
    public static string? FindCjkFont()
    {
        try
        {
            using var typeface = SKFontManager.Default.MatchCharacter('沈');
            if (typeface is null || string.IsNullOrWhiteSpace(typeface.FamilyName)) return null;
            // A fallback match can be a font with only some CJK coverage; demand the whole probe.
            return typeface.ContainsGlyphs(ChineseProbe) ? typeface.FamilyName : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    public string CityName(City? city, string code) =>
        city is null ? code : Pick(city.NameEn, city.NameZh);

    public string SkillName(Skill? skill, string code) =>
        skill is null ? code : Pick(skill.NameEn, skill.NameZh);

    /// <summary>Skill groups have no translated names in the taxonomy: the slug is shown in both languages.</summary>
    public string GroupName(string group) => group;

    internal string BarsTitle => IsChinese ? "各城市技能缺口前三（需求 / 供给）" : "Top skill shortages by city (demand / supply)";
    internal string BarsAxis => IsChinese
        ? "需求人数 / 可用求职者（城市按未满足需求总量排序）"
        : "demand headcount / available seekers  (cities ordered by total unmet demand)";
    internal string HeatmapTitle => IsChinese ? "城市 × 技能类别缺口比" : "Shortage ratio by city and skill group";
    internal string HeatmapColorbar => IsChinese ? "Σ需求 / Σ供给" : "sum demand / sum supply";
    internal string HeatmapColorbarCapped(double cap) =>
        IsChinese
            ? string.Create(CultureInfo.InvariantCulture, $"Σ需求 / Σ供给（≥ {cap:0.#} 同色）")
            : string.Create(CultureInfo.InvariantCulture, $"sum demand / sum supply (colour capped at {cap:0.#})");
    internal string CityAxis => IsChinese ? "城市" : "city";
    internal string GroupAxis => IsChinese ? "技能类别" : "skill group";

    private string Pick(string english, string chinese) =>
        IsChinese && !string.IsNullOrWhiteSpace(chinese) ? chinese : english;
}
