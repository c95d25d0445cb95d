namespace MatchingPlatform.Core.Shortages;

/// <summary>An alert that is open when a snapshot is evaluated, as stored.</summary>
public sealed record OpenAlert(long AlertId, ShortageKey Key, AlertRule Rule, AlertSeverity Severity, DateOnly Since);

/// <summary>Open a new alert on <see cref="Stat"/>'s key. <see cref="Since"/> is the first period of the run that raised it.</summary>
public sealed record AlertOpening(ShortageStat Stat, AlertRule Rule, AlertSeverity Severity, DateOnly Since);

/// <summary>Raise an open alert's severity.</summary>
public sealed record AlertEscalation(long AlertId, ShortageStat Stat, AlertSeverity Severity);

/// <summary>Close an open alert. <see cref="Stat"/> is null when the key has no demand left in the snapshot.</summary>
public sealed record AlertClosing(long AlertId, ShortageKey Key, ShortageStat? Stat);

/// <summary>What one snapshot does to the alerts; applied in the same transaction as the snapshot.</summary>
public sealed record AlertDecisions(
    IReadOnlyList<AlertOpening> Opened,
    IReadOnlyList<AlertEscalation> Escalated,
    IReadOnlyList<AlertClosing> Closed)
{
    public static readonly AlertDecisions None = new([], [], []);
    public int Count => Opened.Count + Escalated.Count + Closed.Count;
}

/// <summary>
/// Decides, from the current snapshot, the snapshots before it and the open alerts, which alerts open,
/// escalate and close. Pure: the same inputs always give the same decisions (in key order), which is what
/// lets the backtest replay history with the very code that runs in production.
/// </summary>
/// <remarks>
/// Only an unbroken chain of periods counts: walking back from the current period, the engine stops at the first
/// history entry that is not exactly the previous period (a snapshot that was never taken, or a change of period
/// length). A run of shortage snapshots, a trend window or a run of clear snapshots is never counted across such a
/// gap, because nobody knows what happened in the missing period.
/// </remarks>
public static class AlertRuleEngine
{
    /// <param name="rules">Validated rules.</param>
    /// <param name="period">The period of <paramref name="current"/>.</param>
    /// <param name="current">Every row of the current snapshot.</param>
    /// <param name="history">
    /// Earlier snapshots, oldest first, newest last (at most <see cref="AlertRuleSet.HistoryNeeded"/> are read),
    /// each with its period. A key absent from a snapshot had no open demand then.
    /// </param>
    /// <param name="open">Alerts open before this snapshot; at most one per key.</param>
    /// <exception cref="ArgumentException">
    /// The rules are invalid, the history is not in strictly increasing period order before <paramref name="period"/>,
    /// a key appears twice in <paramref name="current"/>, or two open alerts share a key.
    /// </exception>
    public static AlertDecisions Evaluate(
        AlertRuleSet rules,
        SnapshotPeriod period,
        IReadOnlyList<ShortageStat> current,
        IReadOnlyList<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)> history,
        IReadOnlyList<OpenAlert> open)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(open);

        // Cheap next to a snapshot, and it turns a mis-configured rule set into a clear message instead of odd alerts.
        var problems = rules.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid alert rules: " + string.Join(" ", problems), nameof(rules));

        var timeline = Timeline.Build(rules, period, current, history);

        var openByKey = new Dictionary<ShortageKey, OpenAlert>(open.Count);
        foreach (var alert in open)
            if (!openByKey.TryAdd(alert.Key, alert))
                throw new ArgumentException(
                    $"At most one open alert per key: alerts {openByKey[alert.Key].AlertId} and {alert.AlertId} are both open on {alert.Key}.",
                    nameof(open));

        // Every key that can change: those with demand now (they may open or escalate) and those with an open
        // alert (they may close even when their demand vanished). Sorted so the output order never depends on
        // dictionary or database order.
        var keys = new List<ShortageKey>(timeline.Current.Count + openByKey.Count);
        keys.AddRange(timeline.Current.Keys);
        foreach (var key in openByKey.Keys)
            if (!timeline.Current.ContainsKey(key))
                keys.Add(key);
        keys.Sort(ShortageKeyOrder.Instance);

        var evaluator = new Evaluator(rules, timeline);
        List<AlertOpening>? opened = null;
        List<AlertEscalation>? escalated = null;
        List<AlertClosing>? closed = null;
        foreach (var key in keys)
        {
            var stat = timeline.Current.GetValueOrDefault(key);
            if (openByKey.TryGetValue(key, out var alert))
            {
                if (evaluator.Active(key, timeline.Last))
                {
                    // Active implies the key has a row now. Severity only ever goes up: a ratio that eases while the
                    // shortage persists keeps the alert's severity, so bureaus do not get see-saw notifications.
                    var severity = rules.Severities.For(stat!.Ratio);
                    if (severity > alert.Severity)
                        (escalated ??= []).Add(new AlertEscalation(alert.AlertId, stat, severity));
                }
                else if (evaluator.ClearFor(key, rules.ClearAfterSnapshots))
                {
                    (closed ??= []).Add(new AlertClosing(alert.AlertId, key, stat));
                }
            }
            else if (stat is not null && evaluator.TryOpen(key, stat) is { } opening)
            {
                (opened ??= []).Add(opening);
            }
        }

        return opened is null && escalated is null && closed is null
            ? AlertDecisions.None
            : new AlertDecisions(opened ?? [], escalated ?? [], closed ?? []);
    }

    /// <summary>
    /// The unbroken chain of snapshots ending with the current one, oldest first. Index <see cref="Last"/> is the
    /// current snapshot; index 0 is the oldest snapshot that is still connected to it without a gap.
    /// </summary>
    private sealed class Timeline
    {
        private Timeline(SnapshotPeriod[] periods, IReadOnlyDictionary<ShortageKey, ShortageStat>[] stats)
        {
            Periods = periods;
            Stats = stats;
        }

        public SnapshotPeriod[] Periods { get; }
        public IReadOnlyDictionary<ShortageKey, ShortageStat>[] Stats { get; }
        public int Last => Stats.Length - 1;
        public IReadOnlyDictionary<ShortageKey, ShortageStat> Current => Stats[Last];

        public ShortageStat? At(int index, ShortageKey key) => Stats[index].GetValueOrDefault(key);

        public static Timeline Build(
            AlertRuleSet rules,
            SnapshotPeriod period,
            IReadOnlyList<ShortageStat> current,
            IReadOnlyList<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)> history)
        {
            // Out-of-order history is a caller bug (for instance the current snapshot loaded back as history), not a
            // gap: silently treating it as a gap would disable every multi-snapshot rule without anyone noticing.
            for (var i = 0; i < history.Count; i++)
            {
                var next = i + 1 < history.Count ? history[i + 1].Period : period;
                if (history[i].Period.Start >= next.Start)
                    throw new ArgumentException(
                        $"History must be oldest first and before the current period {period}: entry {i} ({history[i].Period}) is not before {next}.",
                        nameof(history));
            }

            var currentByKey = new Dictionary<ShortageKey, ShortageStat>(current.Count);
            foreach (var stat in current)
                if (!currentByKey.TryAdd(stat.Key, stat))
                    throw new ArgumentException($"The current snapshot has two rows for {stat.Key}.", nameof(current));

            // Walk back from the newest history entry while each one is exactly the period before; the first gap
            // ends the chain. Reading at most HistoryNeeded entries keeps decisions independent of how much history
            // a caller happens to pass.
            var chain = new List<(SnapshotPeriod, IReadOnlyDictionary<ShortageKey, ShortageStat>)> { (period, currentByKey) };
            var expected = period.Previous;
            var oldestReadable = Math.Max(0, history.Count - rules.HistoryNeeded);
            for (var i = history.Count - 1; i >= oldestReadable && history[i].Period == expected; i--)
            {
                chain.Add((history[i].Period, history[i].Stats));
                expected = expected.Previous;
            }
            chain.Reverse();
            return new Timeline([.. chain.Select(c => c.Item1)], [.. chain.Select(c => c.Item2)]);
        }
    }

    /// <summary>The two rules, applied to one key at one index of the timeline.</summary>
    private readonly struct Evaluator(AlertRuleSet rules, Timeline timeline)
    {
        private bool InShortage(ShortageKey key, int index) =>
            timeline.At(index, key) is { } s && s.Ratio >= rules.RatioThreshold && s.DemandHeadcount >= rules.MinDemand;

        /// <summary>Either rule holds: what keeps an alert open and what counts as "not clear".</summary>
        public bool Active(ShortageKey key, int index) => InShortage(key, index) || TrendHolds(key, index);

        /// <summary>
        /// The ratio rose strictly at every step of the <see cref="TrendRule.Snapshots"/> snapshots ending at
        /// <paramref name="index"/>, and the newest one is high enough, has grown enough and has real demand.
        /// A window that reaches past the chain (not enough history, or a gap) does not hold.
        /// </summary>
        public bool TrendHolds(ShortageKey key, int index)
        {
            var trend = rules.Trend;
            if (!trend.Enabled) return false;
            var first = index - trend.Snapshots + 1;
            if (first < 0) return false;

            // The newest snapshot's own conditions first: they rule out almost every key without walking back.
            var newest = timeline.At(index, key);
            if (newest is null || newest.Ratio < trend.MinRatio || newest.DemandHeadcount < trend.MinDemand) return false;

            var later = newest;
            for (var i = index - 1; i >= first; i--)
            {
                // A key absent from a snapshot had no demand there: the trend is broken, not merely unknown.
                var earlier = timeline.At(i, key);
                if (earlier is null || !(later.Ratio > earlier.Ratio)) return false;
                later = earlier;
            }

            // "later" is now the oldest of the window. A zero oldest ratio (a row without demand) rising to a
            // positive one is unbounded growth.
            return later.Ratio == 0 || newest.Ratio / later.Ratio >= trend.MinGrowth;
        }

        /// <summary>Neither rule held in the current snapshot nor in the <paramref name="snapshots"/>-1 before it.</summary>
        public bool ClearFor(ShortageKey key, int snapshots)
        {
            // Fewer connected snapshots than required (a gap, or history still being built): keep the alert open.
            if (timeline.Last + 1 < snapshots) return false;
            for (var i = timeline.Last; i > timeline.Last - snapshots; i--)
                if (Active(key, i))
                    return false;
            return true;
        }

        /// <summary>An opening for a key without an open alert, or null when neither rule fires.</summary>
        public AlertOpening? TryOpen(ShortageKey key, ShortageStat stat)
        {
            var last = timeline.Last;
            var run = 0;
            while (run <= last && InShortage(key, last - run))
                run++;

            // The sustained rule wins when both hold: it is the stronger statement. Since is the start of the whole
            // visible run, which can be longer than N (e.g. after the rules were changed or on first deployment).
            if (run >= rules.ConsecutiveSnapshots)
                return new AlertOpening(stat, AlertRule.Sustained, rules.Severities.For(stat.Ratio), timeline.Periods[last - run + 1].Start);

            if (TrendHolds(key, last))
                return new AlertOpening(stat, AlertRule.RisingTrend, rules.Severities.For(stat.Ratio),
                    timeline.Periods[last - rules.Trend.Snapshots + 1].Start);

            return null;
        }
    }
}

/// <summary>The output order of alert decisions: city, then industry, then skill, each compared ordinally.</summary>
internal sealed class ShortageKeyOrder : IComparer<ShortageKey>
{
    public static readonly ShortageKeyOrder Instance = new();

    public int Compare(ShortageKey x, ShortageKey y)
    {
        var c = string.CompareOrdinal(x.CityCode, y.CityCode);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.IndustryCode, y.IndustryCode);
        return c != 0 ? c : string.CompareOrdinal(x.SkillCode, y.SkillCode);
    }
}
