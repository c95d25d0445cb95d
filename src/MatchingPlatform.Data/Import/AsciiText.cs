using System.Globalization;
using System.Text;

namespace MatchingPlatform.Data.Import;

/// <summary>Reduces free text from foreign sources to lowercase ASCII, for ids and for comparisons.</summary>
internal static class AsciiText
{
    /// <summary>
    /// Lowercase, with accents removed (é -> e) and every run of other characters turned into
    /// <paramref name="separator"/>, trimmed of separators at both ends. Apostrophes are dropped rather
    /// than separating, so "Macy's" gives "macys", not "macy-s".
    /// </summary>
    public static string Fold(string text, char separator)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSeparator = false;
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark || ch is '\'' or '’') continue;
            var c = char.ToLowerInvariant(ch);
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingSeparator && sb.Length > 0) sb.Append(separator);
                pendingSeparator = false;
                sb.Append(c);
            }
            else pendingSeparator = true;
        }
        return sb.ToString();
    }

    /// <summary>An id fragment: <see cref="Fold"/> with hyphens, cut to <paramref name="maxLength"/> without a trailing hyphen.</summary>
    public static string Slug(string text, int maxLength)
    {
        var slug = Fold(text, '-');
        return slug.Length <= maxLength ? slug : slug[..maxLength].TrimEnd('-');
    }
}
