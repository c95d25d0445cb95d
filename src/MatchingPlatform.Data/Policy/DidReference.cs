using System.Globalization;
using MatchingPlatform.Data.Import;

namespace MatchingPlatform.Data.Policy;

/// <summary>The R did 2.5.1 reference for one scenario of ../shared/data/did_mpdta: its values and pre-test.</summary>
public sealed record DidReference(string Scenario, IReadOnlyList<DidReferenceRow> Values, double? PreTestW, double? PreTestPValue);

/// <summary>
/// One estimate of R did's output. <see cref="Type"/> is "attgt" (ref_attgt.csv) or aggte's type (simple, group,
/// dynamic, calendar); <see cref="Overall"/> marks an aggregation's overall value. <see cref="Key"/> is the cohort
/// (attgt, group), event time (dynamic) or period (calendar); <see cref="Period"/> is t of an attgt row.
/// </summary>
public sealed record DidReferenceRow(string Scenario, string Type, bool Overall, int? Key, int? Period, double Estimate, double StandardError);

/// <summary>
/// Reads the did_mpdta folder: the mpdta panel (county teen employment, lemp by countyreal and year, first.treat 0 =
/// never) and R did's reference outputs (ref_attgt.csv, ref_aggte.csv, ref_pretest.csv) for a scenario.
/// </summary>
public static class DidReferenceReader
{
    public static readonly PanelColumns MpdtaColumns = new("countyreal", "year", "lemp", "first.treat");

    /// <summary>The scenarios without covariates (xformla = ~1) and whether each used not-yet-treated controls.</summary>
    public static readonly IReadOnlyList<(string Scenario, bool NotYetTreated)> Scenarios =
        [("mpdta_nev_dr", false), ("mpdta_nyt_dr", true), ("mpdta_nev_ipw", false)];

    /// <exception cref="DirectoryNotFoundException">The folder is absent.</exception>
    public static PanelCsv ReadPanel(string folder)
    {
        RequireFolder(folder);
        return PanelCsvReader.ReadFile(Path.Combine(folder, "mpdta.csv"), MpdtaColumns);
    }

    public static DidReference ReadReference(string folder, string scenario)
    {
        RequireFolder(folder);
        var values = new List<DidReferenceRow>();
        foreach (var row in CsvTable.Read(Path.Combine(folder, "ref_attgt.csv"), "NA", "scenario", "group", "t", "att", "se"))
        {
            if (row["scenario"] != scenario) continue;
            values.Add(new DidReferenceRow(scenario, "attgt", false, Int(row, "group"), Int(row, "t"), Num(row, "att"), Num(row, "se")));
        }
        var overall = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var row in CsvTable.Read(Path.Combine(folder, "ref_aggte.csv"), "NA", "scenario", "type", "egt", "att_egt", "se_egt", "overall_att", "overall_se"))
        {
            if (row["scenario"] != scenario) continue;
            var type = row["type"] ?? throw new InvalidDataException($"{row.File}:{row.Line}: empty type");
            overall.TryAdd(type, (Num(row, "overall_att"), Num(row, "overall_se")));
            if (type is not ("simple" or "group" or "dynamic" or "calendar"))
                throw new InvalidDataException($"{row.File}:{row.Line}: unknown aggregation type '{type}'");
            if (type != "simple") values.Add(new DidReferenceRow(scenario, type, false, Int(row, "egt"), null, Num(row, "att_egt"), Num(row, "se_egt")));
        }
        foreach (var (type, o) in overall) values.Add(new DidReferenceRow(scenario, type, true, null, null, o.Item1, o.Item2));
        if (values.Count == 0) throw new InvalidDataException($"{folder}: no reference rows for scenario {scenario}");

        double? w = null, p = null;
        var pretest = Path.Combine(folder, "ref_pretest.csv");
        if (File.Exists(pretest))
            foreach (var row in CsvTable.Read(pretest, "NA", "scenario", "W", "Wpval"))
                if (row["scenario"] == scenario)
                {
                    w = Num(row, "W");
                    p = Num(row, "Wpval");
                }
        return new DidReference(scenario, values, w, p);
    }

    private static void RequireFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"did_mpdta reference folder not found: {Path.GetFullPath(folder)} (expected ../shared/data/did_mpdta with mpdta.csv and R did's ref_*.csv)");
    }

    private static int Int(CsvRow row, string column) =>
        int.TryParse(row[column], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{row.File}:{row.Line}: {column} '{row[column]}' is not an integer");

    private static double Num(CsvRow row, string column) =>
        double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{row.File}:{row.Line}: {column} '{row[column]}' is not a number");
}
