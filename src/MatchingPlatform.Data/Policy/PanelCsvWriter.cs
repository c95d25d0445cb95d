using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MatchingPlatform.Data.Policy;

/// <summary>One panel row to write: the period already formatted (an integer, or a quarter like 2025-Q4), treated-from null for never treated.</summary>
public sealed record PanelCsvRecord(string Unit, string Period, double Outcome, string? TreatedFrom);

/// <summary>
/// Writes a unit-period panel in the format <see cref="PanelCsvReader"/> reads: a header with the four column names,
/// then one row per unit and period; a never-treated unit's treated-from cell is empty; outcomes round-trip exactly.
/// </summary>
public static class PanelCsvWriter
{
    public static void Write(TextWriter writer, PanelColumns columns, IEnumerable<PanelCsvRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = Environment.NewLine }, leaveOpen: true);
        foreach (var name in new[] { columns.Unit, columns.Time, columns.Outcome, columns.TreatedFrom }) csv.WriteField(name);
        csv.NextRecord();
        foreach (var r in rows)
        {
            csv.WriteField(r.Unit);
            csv.WriteField(r.Period);
            csv.WriteField(r.Outcome.ToString("R", CultureInfo.InvariantCulture));
            csv.WriteField(r.TreatedFrom ?? "");
            csv.NextRecord();
        }
        csv.Flush();
    }
}
