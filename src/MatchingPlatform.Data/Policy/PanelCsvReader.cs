using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MatchingPlatform.Data.Import;

namespace MatchingPlatform.Data.Policy;

/// <summary>Which CSV columns hold the unit, the period, the outcome and the first treated period.</summary>
public sealed record PanelColumns(string Unit, string Time, string Outcome, string TreatedFrom);

/// <summary>One accepted panel row: <see cref="TreatedFrom"/> is null for a never-treated unit.</summary>
public sealed record PanelRow(string Unit, int Period, double Outcome, int? TreatedFrom, long Line);

/// <summary>
/// A parsed panel file: the observations of the good rows, the rejected rows with their lines, and whether periods
/// were written as quarters ("2025Q3"), in which case <see cref="PanelRow.Period"/> is a quarter ordinal
/// (<see cref="QuarterPeriods"/>).
/// </summary>
public sealed record PanelCsv(IReadOnlyList<PanelRow> Rows, IReadOnlyList<RejectedRow> Rejected, bool Quarterly, long RowsRead)
{
    public string FormatPeriod(int period) => Quarterly ? QuarterPeriods.Format(period) : period.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Reads a unit-period panel from CSV (one row per unit and period, header row first). Periods are integers (years,
/// or any evenly spaced count) or quarters written 2025Q3 / 2025-Q3; the treated-from column uses the same scale,
/// and empty, 0, NA, never or inf mean never treated. Rows are rejected, with their 1-based line, when the unit is
/// empty, the period or the outcome does not parse as a finite number, the (unit, period) pair repeats, a unit's
/// treated-from value differs from its first row's, or the period notation differs from the file's first row.
/// </summary>
public static class PanelCsvReader
{
    private static readonly string[] NeverTokens = ["", "0", "na", "nan", "never", "inf", "none", "null"];

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty or the header lacks a named column.</exception>
    public static PanelCsv ReadFile(string path, PanelColumns columns)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"panel file not found: {Path.GetFullPath(path)}", path);
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path), columns);
    }

    public static PanelCsv Read(TextReader text, string fileName, PanelColumns columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(columns);
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            MissingFieldFound = null,
        });
        if (!csv.Read()) throw new InvalidDataException($"{fileName}: empty file (no header row)");
        csv.ReadHeader();
        var header = (csv.HeaderRecord ?? []).Select(h => h.Trim()).ToArray();
        int Column(string name, string option)
        {
            var i = Array.FindIndex(header, h => h == name);
            if (i < 0) i = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (i < 0) throw new InvalidDataException($"{fileName}: no column '{name}' ({option}); the header has {string.Join(", ", header)}");
            return i;
        }
        int unitCol = Column(columns.Unit, "--unit"), timeCol = Column(columns.Time, "--time"),
            outcomeCol = Column(columns.Outcome, "--outcome"), treatedCol = Column(columns.TreatedFrom, "--treated-from");

        var accepted = new List<PanelRow>();
        var rejected = new List<RejectedRow>();
        var firstLineOf = new Dictionary<(string, int), long>();
        var treatedFromOf = new Dictionary<string, (int? Value, long Line)>(StringComparer.Ordinal);
        bool? quarterly = null;
        long rows = 0;
        while (csv.Read())
        {
            rows++;
            var line = CsvTable.StartLine(csv.Parser);
            var fields = csv.Parser.Record ?? [];
            void Reject(string reason) => rejected.Add(new RejectedRow(fileName, line, reason));
            if (fields.Length != header.Length)
            {
                Reject($"{fields.Length} fields where the header has {header.Length}");
                continue;
            }
            var unit = fields[unitCol].Trim();
            if (unit.Length == 0)
            {
                Reject($"empty unit ({columns.Unit})");
                continue;
            }
            if (!TryParsePeriod(fields[timeCol], out var period, out var isQuarter))
            {
                Reject($"period '{fields[timeCol].Trim()}' ({columns.Time}) is neither an integer nor a quarter like 2025Q3");
                continue;
            }
            quarterly ??= isQuarter;
            if (quarterly != isQuarter)
            {
                Reject($"period '{fields[timeCol].Trim()}' mixes {(isQuarter ? "quarters" : "integers")} into a file of {(quarterly.Value ? "quarters" : "integers")}");
                continue;
            }
            var rawOutcome = fields[outcomeCol].Trim();
            if (!double.TryParse(rawOutcome, NumberStyles.Float, CultureInfo.InvariantCulture, out var outcome) || !double.IsFinite(outcome))
            {
                Reject($"outcome '{rawOutcome}' ({columns.Outcome}) is not a finite number");
                continue;
            }
            int? treatedFrom = null;
            var rawTreated = fields[treatedCol].Trim();
            if (!NeverTokens.Contains(rawTreated.ToLowerInvariant()))
            {
                if (!TryParsePeriod(rawTreated, out var g, out var gQuarter) || gQuarter != quarterly)
                {
                    Reject($"treated-from '{rawTreated}' ({columns.TreatedFrom}) is not a period like the time column's, nor empty/0/NA/never");
                    continue;
                }
                treatedFrom = g;
            }
            if (treatedFromOf.TryGetValue(unit, out var first) && first.Value != treatedFrom)
            {
                Reject($"unit {unit}: treated-from '{rawTreated}' differs from line {first.Line} (a unit's first treated period cannot change over time)");
                continue;
            }
            if (firstLineOf.TryGetValue((unit, period), out var earlier))
            {
                Reject($"unit {unit}, period {fields[timeCol].Trim()} already on line {earlier} (duplicate unit-period)");
                continue;
            }
            treatedFromOf.TryAdd(unit, (treatedFrom, line));
            firstLineOf[(unit, period)] = line;
            accepted.Add(new PanelRow(unit, period, outcome, treatedFrom, line));
        }
        return new PanelCsv(accepted, rejected, quarterly ?? false, rows);
    }

    private static bool TryParsePeriod(string raw, out int period, out bool isQuarter)
    {
        raw = raw.Trim();
        isQuarter = false;
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out period)) return true;
        // R writes integer columns of data frames as 2004 but some tools as 2004.0.
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
        {
            period = (int)d;
            return true;
        }
        isQuarter = true;
        return QuarterPeriods.TryParse(raw, out period);
    }
}

/// <summary>Quarters as consecutive integers (ordinal = year · 4 + quarter − 1), so event time counts quarters.</summary>
public static class QuarterPeriods
{
    public static int Ordinal(int year, int quarter) => year * 4 + quarter - 1;

    public static int Ordinal(DateTimeOffset instant) => Ordinal(instant.UtcDateTime.Year, (instant.UtcDateTime.Month - 1) / 3 + 1);

    public static DateTimeOffset Start(int ordinal) => new(ordinal / 4, ordinal % 4 * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Format(int ordinal) => string.Create(CultureInfo.InvariantCulture, $"{ordinal / 4}Q{ordinal % 4 + 1}");

    /// <summary>2025Q3, 2025-Q3, 2025 Q3 (case-insensitive).</summary>
    public static bool TryParse(string raw, out int ordinal)
    {
        ordinal = 0;
        var s = raw.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var q = s.IndexOf('Q', StringComparison.Ordinal);
        if (q <= 0 || q != s.Length - 2) return false;
        if (!int.TryParse(s.AsSpan(0, q), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1) return false;
        var quarter = s[^1] - '0';
        if (quarter is < 1 or > 4) return false;
        ordinal = Ordinal(year, quarter);
        return true;
    }
}
