using MatchingPlatform.Data.Resilience;

namespace MatchingPlatform.Data.Tests.Resilience;

public sealed class ResilienceCsvTests
{
    private static readonly HashSet<string> Cities = ["shenyang", "anshan"];
    private static readonly HashSet<string> Indicators = ["ui_coverage", "training_completion_rate"];

    [Fact]
    public void Good_rows_are_accepted_and_bad_ones_refused_with_their_line_numbers()
    {
        var csv = """
            quarter,city,indicator,value
            2025-Q1,shenyang,ui_coverage,0.71
            2025-Q1,atlantis,ui_coverage,0.5
            2025Q1,anshan,ui_coverage,0.5
            2025-Q1,anshan,unemployment,0.5
            2025-Q1,anshan,ui_coverage,NaN
            2025-Q1,anshan,ui_coverage,abc

            2025-Q2,anshan,training_completion_rate,0.66
            2025-Q1,shenyang,ui_coverage,0.72
            """;
        var result = ResilienceCsv.Read(new StringReader(csv), Cities, Indicators);
        Assert.Equal([new ResilienceValue("shenyang", new Quarter(2025, 1), "ui_coverage", 0.71),
            new ResilienceValue("anshan", new Quarter(2025, 2), "training_completion_rate", 0.66)], result.Accepted);
        Assert.Equal([3, 4, 5, 6, 7, 10], result.Rejected.Select(r => r.Line));
        Assert.StartsWith("city:", result.Rejected[0].Reason);
        Assert.StartsWith("quarter:", result.Rejected[1].Reason);
        Assert.StartsWith("indicator:", result.Rejected[2].Reason);
        Assert.StartsWith("value:", result.Rejected[3].Reason);
        Assert.Contains("duplicate of line 2", result.Rejected[5].Reason);
    }

    [Fact]
    public void A_header_without_the_four_columns_is_refused_and_written_files_read_back()
    {
        Assert.Throws<FormatException>(() => ResilienceCsv.Read(new StringReader("city,quarter,value\n"), Cities, Indicators));
        var values = new[] { new ResilienceValue("anshan", new Quarter(2026, 3), "ui_coverage", 0.123456789) };
        var writer = new StringWriter();
        ResilienceCsv.Write(writer, values);
        Assert.Equal(values, ResilienceCsv.Read(new StringReader(writer.ToString()), Cities, Indicators).Accepted);
    }
}
