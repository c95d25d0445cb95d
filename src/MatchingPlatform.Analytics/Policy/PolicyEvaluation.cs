using System.Text.Json.Serialization;

namespace MatchingPlatform.Analytics.Policy;

public sealed record PolicyEvaluationOptions
{
    public GroupTimeOptions GroupTime { get; init; } = new();
    /// <summary>Placebo repetitions per statistic; 0 skips the placebo test.</summary>
    public int PlaceboRepetitions { get; init; } = PlaceboTest.DefaultRepetitions;
    /// <summary>Multiplier-bootstrap draws for the event study's uniform band.</summary>
    public int BootstrapRepetitions { get; init; } = 1000;
    public int Seed { get; init; } = PlaceboTest.DefaultSeed;
}

/// <summary>Size of the estimation panel after pre-processing.</summary>
public sealed record PanelSummary(int Units, int Periods, int FirstPeriod, int LastPeriod, int NeverTreatedUnits,
    IReadOnlyDictionary<int, int> UnitsPerCohort, IReadOnlyList<string> Notes);

/// <summary>Everything one evaluation computes, in the order the command prints it.</summary>
public sealed record PolicyEvaluationReport(
    PanelSummary Panel,
    GroupTimeOptions Options,
    TwfeResult Twfe,
    IReadOnlyList<GroupTimeCell> GroupTime,
    [property: JsonIgnore] GroupTimeResult GroupTimeResult,
    AggregationSummary Simple,
    AggregationSummary Dynamic,
    AggregationSummary Group,
    AggregationSummary Calendar,
    EventStudyResult EventStudy,
    PreTrendTest? PreTrend,
    PlaceboSummary? PlaceboSimpleAtt,
    PlaceboSummary? PlaceboTwfe,
    IReadOnlyList<string> Notes);

/// <summary>An aggregation without its influence functions (what a report shows and serialises).</summary>
public sealed record AggregationSummary(AggregationType Type, IReadOnlyList<AggregateComponent> Components,
    double Overall, double OverallStandardError, double OverallCiLow, double OverallCiHigh)
{
    public static AggregationSummary Of(Aggregation a) =>
        new(a.Type, a.Components, a.Overall, a.OverallStandardError, a.OverallCiLow, a.OverallCiHigh);
}

/// <summary>A placebo result with the distribution summarised (quantiles instead of every repetition).</summary>
public sealed record PlaceboSummary(PlaceboStatistic Statistic, double RealEstimate, int Repetitions, int AtLeastAsExtreme,
    double PValue, double PValueAddOne, double PlaceboMean, double PlaceboSd, double Placebo2_5, double Placebo97_5, int Seed)
{
    public static PlaceboSummary Of(PlaceboResult r)
    {
        var sorted = r.PlaceboEstimates.Where(double.IsFinite).Order().ToArray();
        var mean = sorted.Length > 0 ? sorted.Average() : double.NaN;
        var sd = sorted.Length > 1 ? Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / (sorted.Length - 1)) : double.NaN;
        double Q(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
        return new PlaceboSummary(r.Statistic, r.RealEstimate, r.Repetitions, r.AtLeastAsExtreme, r.PValue, r.PValueAddOne,
            mean, sd, Q(0.025), Q(0.975), r.Seed);
    }
}

/// <summary>Runs every estimator on one panel: TWFE, ATT(g,t), the four aggregations, the event study, the pre-test and the placebo tests.</summary>
public static class PolicyEvaluation
{
    public static PolicyEvaluationReport Run(PolicyPanel panel, PolicyEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        options ??= new PolicyEvaluationOptions();
        var twfe = TwoWayFixedEffects.Estimate(panel);
        var gt = GroupTimeEffects.Estimate(panel, options.GroupTime);
        var dynamic = Aggregations.Dynamic(gt);
        PlaceboSummary? placeboAtt = null, placeboTwfe = null;
        if (options.PlaceboRepetitions > 0)
        {
            placeboAtt = PlaceboSummary.Of(PlaceboTest.Run(panel, PlaceboStatistic.SimpleAtt, options.GroupTime, options.PlaceboRepetitions, options.Seed));
            placeboTwfe = PlaceboSummary.Of(PlaceboTest.Run(panel, PlaceboStatistic.Twfe, options.GroupTime, options.PlaceboRepetitions, options.Seed));
        }
        var summary = new PanelSummary(panel.UnitCount, panel.PeriodCount, panel.Periods[0], panel.Periods[^1], panel.NeverTreatedCount,
            panel.Cohorts.ToDictionary(g => g, g => panel.Cohort.Count(c => c == g)), panel.Notes);
        return new PolicyEvaluationReport(summary, options.GroupTime, twfe, gt.Cells, gt,
            AggregationSummary.Of(Aggregations.Simple(gt)), AggregationSummary.Of(dynamic),
            AggregationSummary.Of(Aggregations.Group(gt)), AggregationSummary.Of(Aggregations.Calendar(gt)),
            EventStudy.FromDynamic(dynamic, options.BootstrapRepetitions, options.Seed), gt.PreTrendWaldTest(),
            placeboAtt, placeboTwfe, [.. panel.Notes, .. gt.Notes]);
    }
}
