using System.Globalization;

namespace MatchingPlatform.Analytics.Policy;

/// <summary>What a reference row estimates.</summary>
public enum ReferenceKind { GroupTime, Simple, Group, Dynamic, Calendar, GroupOverall, DynamicOverall, CalendarOverall }

/// <summary>
/// One number pair of R did's output (ref_attgt.csv / ref_aggte.csv): <see cref="Key"/> is the cohort for ATT(g,t)
/// and group rows, the event time for dynamic rows, the period for calendar rows; <see cref="Period"/> is t of ATT(g,t).
/// </summary>
public sealed record ReferenceValue(string Scenario, ReferenceKind Kind, int? Key, int? Period, double Estimate, double StandardError)
{
    /// <summary>
    /// From R did's names: <paramref name="type"/> "attgt" for att_gt rows, else aggte's type (simple, group, dynamic,
    /// calendar) with <paramref name="overall"/> marking the type's overall value.
    /// </summary>
    public static ReferenceValue FromR(string scenario, string type, bool overall, int? key, int? period, double estimate, double standardError)
    {
        var kind = (type, overall) switch
        {
            ("attgt", _) => ReferenceKind.GroupTime,
            ("simple", _) => ReferenceKind.Simple,
            ("group", false) => ReferenceKind.Group,
            ("group", true) => ReferenceKind.GroupOverall,
            ("dynamic", false) => ReferenceKind.Dynamic,
            ("dynamic", true) => ReferenceKind.DynamicOverall,
            ("calendar", false) => ReferenceKind.Calendar,
            ("calendar", true) => ReferenceKind.CalendarOverall,
            _ => throw new ArgumentException($"unknown R did output type '{type}'", nameof(type)),
        };
        return new ReferenceValue(scenario, kind, key, period, estimate, standardError);
    }
}

/// <summary>One compared row: ours against the reference, each criterion pass/fail.</summary>
public sealed record ComparisonRow(string Label, double ReferenceEstimate, double OurEstimate, double ReferenceSe, double OurSe,
    bool EstimatePasses, bool SePasses)
{
    public bool Passes => EstimatePasses && SePasses;
    public double EstimateDifference => OurEstimate - ReferenceEstimate;
    public double SeRelativeDifference => OurSe / ReferenceSe - 1;
}

/// <summary>
/// Compares our group-time effects and aggregations with R did's reference: point estimates must agree to three
/// decimals (|difference| &lt; 0.0005) and standard errors within <see cref="SeTolerance"/> relative.
/// A reference row we have no estimate for fails.
/// </summary>
public static class ReferenceComparison
{
    public const double EstimateTolerance = 0.0005;
    public const double SeTolerance = 0.05;

    public static IReadOnlyList<ComparisonRow> Compare(GroupTimeResult result, IEnumerable<ReferenceValue> reference)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(reference);
        var simple = Aggregations.Simple(result);
        var group = Aggregations.Group(result);
        var dynamic = Aggregations.Dynamic(result);
        var calendar = Aggregations.Calendar(result);
        var rows = new List<ComparisonRow>();
        foreach (var r in reference)
        {
            (string Label, double Est, double Se)? ours = r.Kind switch
            {
                ReferenceKind.GroupTime => result.Cells.FirstOrDefault(c => c.Group == r.Key && c.Period == r.Period) is { } c
                    ? ($"ATT({r.Key},{r.Period})", c.Att, c.StandardError) : null,
                ReferenceKind.Simple => ("simple ATT", simple.Overall, simple.OverallStandardError),
                ReferenceKind.Group => Component(group, r, "group"),
                ReferenceKind.Dynamic => Component(dynamic, r, "event time"),
                ReferenceKind.Calendar => Component(calendar, r, "calendar"),
                ReferenceKind.GroupOverall => ("group overall", group.Overall, group.OverallStandardError),
                ReferenceKind.DynamicOverall => ("dynamic overall", dynamic.Overall, dynamic.OverallStandardError),
                ReferenceKind.CalendarOverall => ("calendar overall", calendar.Overall, calendar.OverallStandardError),
                _ => null,
            };
            if (ours is not { } o)
            {
                rows.Add(new ComparisonRow(Label(r), r.Estimate, double.NaN, r.StandardError, double.NaN, false, false));
                continue;
            }
            rows.Add(new ComparisonRow(o.Label, r.Estimate, o.Est, r.StandardError, o.Se,
                Math.Abs(o.Est - r.Estimate) < EstimateTolerance,
                Math.Abs(o.Se / r.StandardError - 1) <= SeTolerance));
        }
        return rows;
    }

    private static (string, double, double)? Component(Aggregation a, ReferenceValue r, string name) =>
        a.Components.FirstOrDefault(c => c.Key == r.Key) is { } c
            ? (string.Create(CultureInfo.InvariantCulture, $"{name} {r.Key}"), c.Estimate, c.StandardError) : null;

    private static string Label(ReferenceValue r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Kind} {r.Key} {r.Period}");
}
