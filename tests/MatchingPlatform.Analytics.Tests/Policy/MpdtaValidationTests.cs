using MatchingPlatform.Analytics.Policy;
using MatchingPlatform.Data.Policy;
using Xunit.Abstractions;

namespace MatchingPlatform.Analytics.Tests.Policy;

/// <summary>
/// Reproduces R did 2.5.1 on mpdta (Callaway and Sant'Anna's example data) from the reference shipped in
/// ../shared/data/did_mpdta: every ATT(g,t) and aggregation to three decimals, standard errors within 5%.
/// </summary>
public sealed class MpdtaValidationTests(ITestOutputHelper output)
{
    private const string Folder = "did_mpdta";

    [SharedDataFact(Folder)]
    public void Group_time_effects_and_aggregations_match_R_did_for_every_scenario_without_covariates()
    {
        var folder = SharedData.PathOf(Folder)!;
        var panel = ToPanel(DidReferenceReader.ReadPanel(folder));
        Assert.Equal(500, panel.UnitCount);
        Assert.Equal(5, panel.PeriodCount);
        foreach (var (scenario, notYet) in DidReferenceReader.Scenarios)
        {
            var reference = DidReferenceReader.ReadReference(folder, scenario);
            var result = GroupTimeEffects.Estimate(panel, new GroupTimeOptions { Control = notYet ? ControlGroup.NotYetTreated : ControlGroup.NeverTreated });
            var rows = ReferenceComparison.Compare(result, reference.Values.Select(ToValue));
            foreach (var r in rows)
                output.WriteLine($"{scenario} {r.Label}: att {r.OurEstimate:F6} vs {r.ReferenceEstimate:F6}, se {r.OurSe:F6} vs {r.ReferenceSe:F6} ({r.SeRelativeDifference:+0.00%;-0.00%})");
            Assert.Equal(12 + 1 + 4 + 8 + 5, rows.Count);
            Assert.All(rows, r => Assert.True(r.Passes, $"{scenario} {r.Label}"));

            var pre = result.PreTrendWaldTest();
            Assert.NotNull(pre);
            output.WriteLine($"{scenario} pre-test W {pre.Statistic:F4} vs {reference.PreTestW:F4}, p {pre.PValue:F5} vs {reference.PreTestPValue:F5}");
            Assert.Equal(reference.PreTestW!.Value, pre.Statistic, 3);
        }
    }

    internal static PolicyPanel ToPanel(PanelCsv csv)
    {
        Assert.Empty(csv.Rejected);
        return PolicyPanel.Create(csv.Rows.Select(r => new PanelObservation(r.Unit, r.Period, r.Outcome, r.TreatedFrom)));
    }

    internal static ReferenceValue ToValue(DidReferenceRow r) =>
        ReferenceValue.FromR(r.Scenario, r.Type, r.Overall, r.Key, r.Period, r.Estimate, r.StandardError);
}
