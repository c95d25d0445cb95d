using System.Globalization;
using System.Text.RegularExpressions;

namespace MatchingPlatform.Data.Import.Job51;

/// <summary>A monthly salary range in whole CNY.</summary>
public readonly record struct MonthlySalary(int Min, int Max);

/// <summary>
/// Reads Chinese job-board salary strings into a monthly CNY range: <c>1-1.5万/月</c>, <c>6-8千/月</c>,
/// <c>20-40万/年</c> (÷12), <c>150元/天</c> (×21.75 working days), <c>100元/小时</c> (×8 h ×21.75),
/// <c>1万以上/月</c> (min = max = the stated floor: nothing above it is promised), <c>1.5千以下/月</c> (0 to the cap).
/// </summary>
public static partial class SalaryParser
{
    /// <summary>Average working days per month in Chinese labour law (365 − 104 weekend days − 11 holidays) / 12.</summary>
    public const double WorkingDaysPerMonth = 21.75;
    public const int HoursPerDay = 8;

    [GeneratedRegex(@"^(?<a>\d+(?:\.\d+)?)(?:-(?<b>\d+(?:\.\d+)?))?(?<unit>元|千|万)(?<bound>以上|以下)?/(?<per>月|年|天|小时)$")]
    private static partial Regex Pattern();

    /// <summary>The monthly range, or null when the text is not a salary this parser knows.</summary>
    public static MonthlySalary? Parse(string text)
    {
        var m = Pattern().Match(text.Trim().Replace(" ", ""));
        if (!m.Success) return null;
        var range = m.Groups["b"].Success;
        var bound = m.Groups["bound"].Value;
        if (range && bound.Length > 0) return null; // "1-2万以上" says two things at once
        var factor = Unit(m.Groups["unit"].Value) * PerMonth(m.Groups["per"].Value);
        var a = Amount(m.Groups["a"].Value, factor);
        var b = range ? Amount(m.Groups["b"].Value, factor) : a;
        if (a is null || b is null || a > b) return null;
        return bound switch
        {
            "以下" => new MonthlySalary(0, a.Value),
            _ => new MonthlySalary(a.Value, b.Value),
        };
    }

    private static double Unit(string unit) => unit switch { "万" => 10_000, "千" => 1_000, _ => 1 };

    private static double PerMonth(string per) => per switch
    {
        "年" => 1.0 / 12,
        "天" => WorkingDaysPerMonth,
        "小时" => WorkingDaysPerMonth * HoursPerDay,
        _ => 1,
    };

    private static int? Amount(string number, double factor)
    {
        var monthly = Math.Round(double.Parse(number, CultureInfo.InvariantCulture) * factor, MidpointRounding.AwayFromZero);
        return monthly <= int.MaxValue ? (int)monthly : null;
    }
}
