using System.Globalization;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Validation;

namespace MatchingPlatform.Data.Import.ProjectFormat;

/// <summary>
/// The textual forms of values in the project formats. CSV cells and JSON strings go through the same
/// functions, so both formats accept and refuse exactly the same enum names and dates.
/// </summary>
internal static class ProjectValues
{
    // Date-only means midnight UTC; a time without an offset is UTC too. Never the machine's local zone:
    // the same file must import to the same instants everywhere.
    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// Parses an enum by member name, case-insensitively. Numbers are refused even when they name a member:
    /// "3" in a file is far more likely a column mix-up than a deliberate <c>Bachelor</c>.
    /// </summary>
    public static bool TryParseEnum<T>(string text, out T value, out string error) where T : struct, Enum
    {
        var trimmed = text.Trim();
        foreach (var name in Enum.GetNames<T>())
        {
            if (!string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase)) continue;
            value = Enum.Parse<T>(name);
            error = "";
            return true;
        }
        value = default;
        error = $"unknown value '{Echo.Clip(trimmed)}'; expected one of {string.Join(", ", Enum.GetNames<T>())}";
        return false;
    }

    public static bool TryParseInstant(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text.Trim(), InstantFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out value);

    /// <summary>ISO 8601 with the offset kept, so a round trip returns the same instant and the same offset.</summary>
    public static string FormatInstant(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public const string InstantHint = "expected an ISO 8601 date or date-time, e.g. 2025-03-01 or 2025-03-01T09:30:00+08:00";

    /// <summary>Parses <c>python:4;sql:3</c> (skill:level); errors name the item, e.g. <c>skills[1].level</c>.</summary>
    public static IReadOnlyList<SkillLevel> ParseSkillLevels(string text, string field, List<ValidationError> errors) =>
        ParseItems(text, field, ["skill", "level"], errors, (code, n) => new SkillLevel(code, n[0]));

    /// <summary>Parses <c>python:4:5;sql:3:4</c> (skill:level:importance).</summary>
    public static IReadOnlyList<SkillRequirement> ParseRequirements(string text, string field, List<ValidationError> errors) =>
        ParseItems(text, field, ["skill", "level", "importance"], errors, (code, n) => new SkillRequirement(code, n[0], n[1]));

    private static List<T> ParseItems<T>(string text, string field, string[] parts, List<ValidationError> errors,
        Func<string, int[], T> make)
    {
        var result = new List<T>();
        var items = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < items.Length; i++)
        {
            var values = items[i].Split(':', StringSplitOptions.TrimEntries);
            if (values.Length != parts.Length)
            {
                errors.Add(new($"{field}[{i}]", $"expected {string.Join(':', parts)}, got '{Echo.Clip(items[i])}'"));
                continue;
            }
            var numbers = new int[parts.Length - 1];
            var ok = true;
            for (var j = 1; j < parts.Length; j++)
            {
                if (int.TryParse(values[j], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[j - 1])) continue;
                errors.Add(new($"{field}[{i}].{parts[j]}", $"not an integer: '{Echo.Clip(values[j])}'"));
                ok = false;
            }
            if (ok) result.Add(make(values[0], numbers));
        }
        return result;
    }
}
