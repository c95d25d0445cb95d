using MatchingPlatform.Data.Policy;

namespace MatchingPlatform.Analytics.Tests.Policy;

public sealed class PanelCsvReaderTests
{
    private static readonly PanelColumns Columns = new("city", "quarter", "rate", "pilot_from");

    private static PanelCsv Read(string text) => PanelCsvReader.Read(new StringReader(text), "panel.csv", Columns);

    [Fact]
    public void Reads_quarters_and_never_tokens()
    {
        var csv = Read("""
            city,quarter,rate,pilot_from
            anshan,2025Q3,0.10,2025Q4
            anshan,2025-Q4,0.12,2025Q4
            dalian,2025Q3,0.08,
            dalian,2025Q4,0.09,never
            fuxin,2025Q3,0.05,NA
            fuxin,2025Q4,0.06,0
            """);
        Assert.Empty(csv.Rejected);
        Assert.True(csv.Quarterly);
        Assert.Equal(6, csv.Rows.Count);
        Assert.Equal(QuarterPeriods.Ordinal(2025, 4), csv.Rows[1].Period);
        Assert.Equal(QuarterPeriods.Ordinal(2025, 4), csv.Rows[0].TreatedFrom);
        Assert.All(csv.Rows.Skip(2), r => Assert.Null(r.TreatedFrom));
        Assert.Equal("2025Q4", csv.FormatPeriod(csv.Rows[1].Period));
    }

    [Fact]
    public void Reports_each_bad_row_with_its_line()
    {
        var csv = Read("""
            city,quarter,rate,pilot_from
            anshan,2025,0.10,2026
            anshan,2025,0.11,2026
            anshan,2026,n/a,2026
            benxi,2025,0.2,2026
            benxi,2026,0.3,2027
            ,2026,0.3,
            fuxin,2025Q1,0.3,
            fuxin,soon,0.3,
            fuxin,2026,0.3,yes
            """);
        Assert.Equal(
        [
            (3L, "duplicate"), (4L, "not a finite number"), (6L, "differs from line 5"), (7L, "empty unit"),
            (8L, "mixes quarters"), (9L, "neither an integer"), (10L, "treated-from 'yes'"),
        ], csv.Rejected.Select(r => (r.Line, Match(r.Reason))).ToArray());
        Assert.Equal(2, csv.Rows.Count);
        Assert.Equal(9, csv.RowsRead);
        Assert.Contains("panel.csv:3:", csv.Rejected[0].ToString());

        string Match(string reason) => new[] { "duplicate", "not a finite number", "differs from line 5", "empty unit", "mixes quarters", "neither an integer", "treated-from 'yes'" }
            .FirstOrDefault(reason.Contains) ?? reason;
    }

    [Fact]
    public void A_missing_column_names_the_option()
    {
        var ex = Assert.Throws<InvalidDataException>(() => PanelCsvReader.Read(new StringReader("city,quarter,rate\nx,1,2\n"), "p.csv", Columns));
        Assert.Contains("--treated-from", ex.Message);
    }

    [Fact]
    public void Quoted_fields_spanning_lines_report_the_line_the_record_starts_on()
    {
        var csv = Read("city,quarter,rate,pilot_from\n\"an\nshan\",2025,0.1,\nbenxi,2025,bad,\n");
        Assert.Equal(4L, Assert.Single(csv.Rejected).Line);
    }
}
