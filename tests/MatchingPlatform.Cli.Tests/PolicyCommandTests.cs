using System.Globalization;
using System.Text.Json;
using MatchingPlatform.Cli;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Data.Policy;
using MatchingPlatform.Data.Resilience;

namespace MatchingPlatform.Cli.Tests;

/// <summary>
/// matchctl evaluate-policy --demo with a resilience outcome, end to end: the default demo generated into a scratch
/// database, the index scored over the window, the panel written out and the estimates read from --json.
/// </summary>
[Collection("console")] // Spectre.Console writes to the process console: run these one at a time.
public sealed class PolicyCommandTests() : ScratchFolder("matchctl-policy-tests-")
{
    /// <summary>The demo's pilot starts 2025-10-31: treated from 2025-Q4; its data starts 2024-11-02, so 2024-Q4 is partial and left out.</summary>
    private static readonly Quarter PilotQuarter = Quarter.Containing(new DemoDataOptions().PilotStart);
    private static readonly IReadOnlyList<Quarter> Window = Quarter.Range(new Quarter(2025, 1), new Quarter(2026, 3));
    private const int LiaoningCities = 14;

    private async Task<(JsonElement Report, string PanelFile)> RunDemoAsync(string outcome, params string[] extra)
    {
        var json = Path.Combine(Scratch, outcome + ".json");
        var panel = Path.Combine(Scratch, outcome + ".csv");
        Assert.Equal(0, await Matchctl.RunAsync(["evaluate-policy", "--demo", "--outcome", outcome, "--placebo", "100", "--json", json, "--panel-out", panel, .. extra]));
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        return (document.RootElement.Clone(), panel);
    }

    private static void AssertFinite(JsonElement element, string property, bool positive = false)
    {
        var value = element.GetProperty(property).GetDouble();
        Assert.True(double.IsFinite(value), $"{property} = {value}");
        if (positive) Assert.True(value > 0, $"{property} = {value}");
    }

    [Fact]
    public async Task The_resilience_index_of_the_demo_gives_a_full_city_quarter_panel_and_finite_estimates()
    {
        var (report, panelFile) = await RunDemoAsync("resilience-index");

        // The panel written out: every Liaoning city in every quarter of the window, the pilot cities treated from the pilot quarter.
        var read = PanelCsvReader.ReadFile(panelFile, new PanelColumns("city", "quarter", "resilience-index", "treated_from"));
        Assert.Empty(read.Rejected);
        Assert.Equal(LiaoningCities * Window.Count, read.Rows.Count);
        Assert.All(read.Rows.GroupBy(r => r.Unit), city => Assert.Equal(Window.Select(q => q.Ordinal), city.Select(r => r.Period).Order()));
        Assert.Equal(CalibrationProfile.PilotCities.Order(StringComparer.Ordinal),
            read.Rows.Where(r => r.TreatedFrom is not null).Select(r => r.Unit).Distinct().Order(StringComparer.Ordinal));
        Assert.All(read.Rows.Where(r => r.TreatedFrom is not null), r => Assert.Equal(PilotQuarter.Ordinal, r.TreatedFrom));
        Assert.All(read.Rows, r => Assert.InRange(r.Outcome, 0, 100));

        // The estimation panel and the estimates.
        var panel = report.GetProperty("Panel");
        Assert.Equal(LiaoningCities, panel.GetProperty("Units").GetInt32());
        Assert.Equal(Window.Count, panel.GetProperty("Periods").GetInt32());
        Assert.Equal(LiaoningCities - CalibrationProfile.PilotCities.Count, panel.GetProperty("NeverTreatedUnits").GetInt32());
        Assert.Equal(CalibrationProfile.PilotCities.Count,
            panel.GetProperty("UnitsPerCohort").GetProperty(PilotQuarter.Ordinal.ToString(CultureInfo.InvariantCulture)).GetInt32());
        var twfe = report.GetProperty("Twfe");
        AssertFinite(twfe, "Coefficient");
        AssertFinite(twfe, "StandardError", positive: true);
        Assert.Equal(LiaoningCities * Window.Count, twfe.GetProperty("Observations").GetInt32());
        var simple = report.GetProperty("Simple");
        AssertFinite(simple, "Overall");
        AssertFinite(simple, "OverallStandardError", positive: true);
        var placebo = report.GetProperty("PlaceboSimpleAtt");
        Assert.Equal(100, placebo.GetProperty("Repetitions").GetInt32());
        Assert.InRange(placebo.GetProperty("PValue").GetDouble(), 0, 1);

        // The written panel is an ordinary --panel input and gives the same estimate.
        var again = Path.Combine(Scratch, "again.json");
        Assert.Equal(0, await Matchctl.RunAsync(["evaluate-policy", "--panel", panelFile, "--unit", "city", "--time", "quarter", "--outcome", "resilience-index",
            "--treated-from", "treated_from", "--placebo", "0", "--json", again]));
        using var second = JsonDocument.Parse(await File.ReadAllTextAsync(again));
        Assert.Equal(twfe.GetProperty("Coefficient").GetDouble(), second.RootElement.GetProperty("Twfe").GetProperty("Coefficient").GetDouble(), 10);
    }

    [Fact]
    public async Task The_synthetic_training_completion_uplift_built_into_the_demo_is_recovered()
    {
        // DemoExternalIndicators adds 0.08 to training completion in the pilot cities from the pilot quarter (noise ±0.02):
        // a known effect, so a wrong treated group or timing would show here.
        var (report, _) = await RunDemoAsync("training_completion_rate");
        Assert.InRange(report.GetProperty("Simple").GetProperty("Overall").GetDouble(), 0.06, 0.10);
        Assert.InRange(report.GetProperty("Twfe").GetProperty("Coefficient").GetDouble(), 0.06, 0.10);
    }

    [Fact]
    public async Task Bad_choices_are_refused_before_any_work()
    {
        Assert.Equal(2, await Matchctl.RunAsync(["evaluate-policy", "--demo", "--outcome", "happiness"]));
        Assert.Equal(2, await Matchctl.RunAsync(["evaluate-policy", "--demo", "--external", "none"])); // re-employment takes no imported indicators
        Assert.Equal(2, await Matchctl.RunAsync(["evaluate-policy", "--panel", "x.csv", "--panel-out", "y.csv"]));
    }
}
