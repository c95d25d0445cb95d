using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Data.Import.Job51;

/// <summary>
/// What the value-pattern cells of a posting said. The scraper dropped fields a posting left out and
/// shifted the rest left (no experience: 工作经验 holds the education, 学历 holds [] or a language), so
/// these are recognised by their shape, never by their column. Unrecognised values (language
/// requirements such as 英语熟练) are kept in <see cref="Other"/>.
/// </summary>
/// <param name="Headcount">People wanted; null when unstated or 若干 (some).</param>
public sealed record PostingFacts(
    int? ExperienceYears, Education? Education, int? Headcount, DateOnly? PostedOn, IReadOnlyList<string> Other);

/// <summary>Cell-level reading of the 51job scrape, whose every cell is a Python list repr like <c>['...']</c>.</summary>
public static partial class Job51Cells
{
    private static readonly Dictionary<string, Education> Educations = new(StringComparer.Ordinal)
    {
        ["初中及以下"] = Education.JuniorSecondary,
        ["高中"] = Education.SeniorSecondary,
        ["中技"] = Education.SeniorSecondary,
        ["中专"] = Education.SeniorSecondary,
        ["大专"] = Education.Associate,
        ["本科"] = Education.Bachelor,
        ["硕士"] = Education.Master,
        ["博士"] = Education.Doctorate,
    };

    [GeneratedRegex(@"^(?:无工作经验|(?<years>\d+)(?:-\d+)?年(?:以上)?(?:工作)?经验)$")]
    private static partial Regex ExperiencePattern();

    [GeneratedRegex(@"^(?:(?<n>\d+)|若干)人$")]
    private static partial Regex HeadcountPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    /// <summary>
    /// The items of a Python list repr: <c>['a', "b's"]</c> → a, b's; <c>[]</c> → none. A cell that is not a
    /// list (the job-description column) is one item as it stands. Escapes (\' \" \\ \n \t \xhh \uhhhh) are decoded.
    /// </summary>
    public static IReadOnlyList<string> Unwrap(string cell)
    {
        var s = cell.Trim();
        if (s.Length == 0) return [];
        if (s.Length < 2 || s[0] != '[' || s[^1] != ']') return [s];
        var items = new List<string>();
        var i = 1;
        var end = s.Length - 1;
        while (i < end)
        {
            while (i < end && (s[i] == ',' || char.IsWhiteSpace(s[i]))) i++;
            if (i >= end) break;
            var quote = s[i];
            // Not a quoted item: the cell is not a repr after all, so keep the inside as text rather than guess.
            if (quote != '\'' && quote != '"') return [s[1..end].Trim()];
            var item = new StringBuilder();
            i++;
            while (i < end && s[i] != quote)
            {
                if (s[i] == '\\' && i + 1 < end) i = Escape(s, i + 1, item);
                else item.Append(s[i++]);
            }
            i++; // closing quote
            items.Add(item.ToString());
        }
        return items;
    }

    /// <summary>A cell as one trimmed string: its items joined by a space; empty for <c>[]</c>.</summary>
    public static string Text(string cell) => string.Join(' ', Unwrap(cell)).Trim();

    /// <summary>Sorts values into experience, education, headcount and date by their shape (first of each wins).</summary>
    public static PostingFacts Classify(IEnumerable<string> values)
    {
        int? experience = null, headcount = null;
        Education? education = null;
        DateOnly? date = null;
        var other = new List<string>();
        foreach (var raw in values)
        {
            var v = raw.Trim();
            if (v.Length == 0) continue;
            if (ExperiencePattern().Match(v) is { Success: true } e)
                experience ??= e.Groups["years"].Success ? int.Parse(e.Groups["years"].Value, CultureInfo.InvariantCulture) : 0;
            else if (Educations.TryGetValue(v, out var level)) education ??= level;
            else if (HeadcountPattern().Match(v) is { Success: true } h)
            {
                if (h.Groups["n"].Success) headcount ??= int.TryParse(h.Groups["n"].Value, CultureInfo.InvariantCulture, out var n) ? n : null;
            }
            else if (DatePattern().IsMatch(v) &&
                     DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                date ??= d;
            else other.Add(v);
        }
        return new PostingFacts(experience, education, headcount, date, other);
    }

    private static int Escape(string s, int i, StringBuilder item)
    {
        var c = s[i];
        int Hex(int digits)
        {
            if (i + digits < s.Length && int.TryParse(s.AsSpan(i + 1, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                && code is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
            {
                item.Append(char.ConvertFromUtf32(code));
                return i + 1 + digits;
            }
            item.Append('\\').Append(c);
            return i + 1;
        }
        switch (c)
        {
            case 'n': item.Append('\n'); return i + 1;
            case 't': item.Append('\t'); return i + 1;
            case 'r': item.Append('\r'); return i + 1;
            case 'x': return Hex(2);
            case 'u': return Hex(4);
            case 'U': return Hex(8);
            default: item.Append(c); return i + 1; // \\ \' \" and anything else: the character itself
        }
    }
}
