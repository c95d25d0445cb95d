using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Ml.Training;

/// <summary>A (worker, vacancy) pair as a dictionary key.</summary>
public readonly record struct PairKey(string WorkerId, string VacancyId);

/// <summary>What the log says about one pair: its grade and when it was first and last touched.</summary>
public sealed record PairLabel(int Grade, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>
/// Graded relevance from the feedback log: hire 4 &gt; interview 3 &gt; apply 2 &gt; view 1 &gt; impression only 0,
/// and a pair's grade is the maximum over its events.
/// </summary>
/// <remarks>
/// <b>Reject does not grade.</b> It is the enterprise's decision after the worker applied or was interviewed, so the
/// pair keeps the grade of what the worker did: the worker's interest was real, which is what the vacancy direction
/// predicts; and in the demo log (as on real platforms) a reject also records an offer that came after the headcount
/// was filled, which is a good match. A pair whose only event is a reject is in the log with grade 0.
/// </remarks>
public static class InteractionGrades
{
    public const int ImpressionOnly = 0;
    public const int View = 1;
    public const int Apply = 2;
    public const int Interview = 3;
    public const int Hire = 4;
    public const int Max = Hire;

    /// <summary>The grade an event earns; null for <see cref="InteractionType.Reject"/>, which earns none.</summary>
    public static int? Of(InteractionType type) => type switch
    {
        InteractionType.Impression => ImpressionOnly,
        InteractionType.View => View,
        InteractionType.Apply => Apply,
        InteractionType.Interview => Interview,
        InteractionType.Hire => Hire,
        InteractionType.Reject => null,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The grade from which a pair counts as positive, for a threshold stated as an event type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Reject or impression, which cannot mark a positive.</exception>
    public static int Threshold(InteractionType positiveFrom) =>
        Of(positiveFrom) is { } grade and > ImpressionOnly
            ? grade
            : throw new ArgumentOutOfRangeException(nameof(positiveFrom), positiveFrom, "a positive starts at view, apply, interview or hire");

    /// <summary>The label of every pair in <paramref name="interactions"/>.</summary>
    public static Dictionary<PairKey, PairLabel> Label(IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var labels = new Dictionary<PairKey, PairLabel>();
        foreach (var i in interactions)
        {
            var key = new PairKey(i.WorkerId, i.VacancyId);
            var grade = Of(i.Type) ?? ImpressionOnly;
            labels[key] = labels.TryGetValue(key, out var l)
                ? new PairLabel(Math.Max(l.Grade, grade), Earlier(l.FirstAt, i.OccurredAt), Later(l.LastAt, i.OccurredAt))
                : new PairLabel(grade, i.OccurredAt, i.OccurredAt);
        }
        return labels;
    }

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
