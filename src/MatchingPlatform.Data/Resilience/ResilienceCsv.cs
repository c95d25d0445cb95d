using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MatchingPlatform.Data.Resilience;

/// <summary>What a resilience CSV gave: the accepted values and every refused row with its line number.</summary>
public sealed record ResilienceCsvResult(IReadOnlyList<ResilienceValue> Accepted, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// Reads external resilience indicators from a city-quarter CSV with the header <c>city,quarter,indicator,value</c>
/// (any column order; docs/resilience.md): city is a city code, quarter "YYYY-Qn", indicator one of the allowed codes,
/// value a finite number written with a dot. A bad row is refused with its line number and never stops the others;
/// a second row for the same city, quarter and indicator is refused as a duplicate.
/// </summary>
public static class ResilienceCsv
{
    public static readonly IReadOnlyList<string> Header = ["city", "quarter", "indicator", "value"];

    /// <exception cref="FormatException">The header lacks one of the four columns.</exception>
    public static ResilienceCsvResult Read(TextReader reader, IReadOnlySet<string> cities, IReadOnlySet<string> indicators)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null };
        using var csv = new CsvParser(reader, config);
        if (!csv.Read()) throw new FormatException("the file is empty: expected the header city,quarter,indicator,value");
        var header = csv.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var index = Header.ToDictionary(h => h, h => Array.IndexOf(header, h));
        if (index.Where(kv => kv.Value < 0).Select(kv => kv.Key).ToArray() is { Length: > 0 } missing)
            throw new FormatException($"line 1: the header lacks {string.Join(", ", missing)} (expected city,quarter,indicator,value)");

        var accepted = new List<ResilienceValue>();
        var rejected = new List<RejectedRow>();
        var seen = new Dictionary<(string, Quarter, string), int>();
        while (csv.Read())
        {
            var line = csv.RawRow;
            var record = csv.Record!;
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            string Field(string name) => index[name] < record.Length ? record[index[name]].Trim() : "";
            var city = Field("city");
            var quarterText = Field("quarter");
            var indicator = Field("indicator");
            var valueText = Field("value");
            string? problem = null;
            if (city.Length == 0) problem = "city: required";
            else if (!cities.Contains(city)) problem = $"city: unknown city '{city}'";
            if (problem is null && !Quarter.TryParse(quarterText, out _)) problem = $"quarter: '{quarterText}' is not YYYY-Qn";
            if (problem is null && !indicators.Contains(indicator))
                problem = $"indicator: '{indicator}' is not an imported indicator ({string.Join(", ", indicators.Order(StringComparer.Ordinal))})";
            double value = 0;
            if (problem is null && (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)))
                problem = $"value: '{valueText}' is not a finite number";
            if (problem is null)
            {
                var key = (city, Quarter.Parse(quarterText), indicator);
                if (seen.TryGetValue(key, out var first)) problem = $"duplicate of line {first} ({city} {quarterText} {indicator})";
                else
                {
                    seen[key] = line;
                    accepted.Add(new ResilienceValue(city, key.Item2, indicator, value));
                }
            }
            if (problem is not null) rejected.Add(new RejectedRow(line, problem));
        }
        return new ResilienceCsvResult(accepted, rejected);
    }

    /// <summary>Writes values in the format <see cref="Read"/> reads.</summary>
    public static void Write(TextWriter writer, IEnumerable<ResilienceValue> values)
    {
        writer.WriteLine(string.Join(",", Header));
        foreach (var v in values)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{v.CityCode},{v.Quarter},{v.Indicator},{v.Value:R}"));
    }
}
