using MatchingPlatform.Core.Shortages;

namespace MatchingPlatform.Core.Tests.Shortages;

/// <summary>Builders shared by the shortage tests: weekly periods from Monday 2024-01-01 and stats by ratio.</summary>
internal static class ShortageTestData
{
    public static readonly ShortageKey Python = new("shenyang", "software", "python");
    public static readonly ShortageKey Welding = new("anshan", "steel", "arc-welding");

    /// <summary>Week <paramref name="i"/> of the test calendar; week 0 starts Monday 2024-01-01.</summary>
    public static SnapshotPeriod Week(int i) => new(new DateOnly(2024, 1, 1).AddDays(7 * i), 7);

    /// <summary>A row with the given ratio: supply 10, demand ratio x 10 (so ratios with one decimal are exact enough).</summary>
    public static ShortageStat AtRatio(ShortageKey key, double ratio, int supply = 10) =>
        new(key, RequiredLevel: 3, DemandHeadcount: (int)Math.Round(ratio * supply), OpenVacancies: 2, Supply: supply);

    /// <summary>Sustained-rule-only rules, so tests of N and M are not disturbed by the trend rule.</summary>
    public static AlertRuleSet NoTrend(int consecutive = 3, int clearAfter = 2) => new()
    {
        ConsecutiveSnapshots = consecutive,
        ClearAfterSnapshots = clearAfter,
        Trend = new TrendRule { Enabled = false },
    };

    public static IReadOnlyDictionary<ShortageKey, ShortageStat> ToMap(params ShortageStat[] stats) =>
        stats.ToDictionary(s => s.Key);
}

/// <summary>
/// Drives <see cref="AlertRuleEngine"/> snapshot by snapshot the way the snapshot job does: the last HistoryNeeded
/// snapshots as history, open alerts fed back, decisions applied with increasing alert ids.
/// </summary>
internal sealed class EngineReplay(AlertRuleSet rules)
{
    private readonly List<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)> _history = [];
    private readonly Dictionary<ShortageKey, OpenAlert> _open = [];
    private long _nextId = 1;

    public IReadOnlyCollection<OpenAlert> Open => _open.Values;
    public List<AlertDecisions> Decisions { get; } = [];

    public AlertDecisions Step(SnapshotPeriod period, params ShortageStat[] stats)
    {
        var from = Math.Max(0, _history.Count - rules.HistoryNeeded);
        var decisions = AlertRuleEngine.Evaluate(rules, period, stats, _history[from..], [.. _open.Values]);
        foreach (var c in decisions.Closed) Assert.True(_open.Remove(c.Key));
        foreach (var e in decisions.Escalated) _open[e.Stat.Key] = _open[e.Stat.Key] with { Severity = e.Severity };
        foreach (var o in decisions.Opened) _open.Add(o.Stat.Key, new OpenAlert(_nextId++, o.Stat.Key, o.Rule, o.Severity, o.Since));
        _history.Add((period, ShortageTestData.ToMap(stats)));
        Decisions.Add(decisions);
        return decisions;
    }

    /// <summary>One key over consecutive weeks from week 0; a null ratio leaves the key out of that snapshot.</summary>
    public static EngineReplay Run(AlertRuleSet rules, ShortageKey key, params double?[] ratios)
    {
        var replay = new EngineReplay(rules);
        for (var i = 0; i < ratios.Length; i++)
            replay.Step(ShortageTestData.Week(i), ratios[i] is { } r ? [ShortageTestData.AtRatio(key, r)] : []);
        return replay;
    }

    /// <summary>The index of every snapshot that opened an alert.</summary>
    public int[] OpenedAt() => [.. Decisions.Select((d, i) => (d, i)).Where(x => x.d.Opened.Count > 0).Select(x => x.i)];

    /// <summary>The index of every snapshot that closed an alert.</summary>
    public int[] ClosedAt() => [.. Decisions.Select((d, i) => (d, i)).Where(x => x.d.Closed.Count > 0).Select(x => x.i)];
}
