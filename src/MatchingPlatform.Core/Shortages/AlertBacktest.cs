using System.Globalization;

namespace MatchingPlatform.Core.Shortages;

/// <summary>One stored snapshot to replay: its period and every row of it.</summary>
public sealed record BacktestSnapshot(SnapshotPeriod Period, IReadOnlyList<ShortageStat> Stats);

/// <summary>A named set of alert rules to replay history with.</summary>
public sealed record RuleVariant(string Name, AlertRuleSet Rules);

/// <summary>
/// The ground truth the variants are judged against. It is deliberately independent of every variant: an
/// "episode" is a run of at least <see cref="EpisodeMinSnapshots"/> consecutive snapshots in which a key's ratio is
/// at least <see cref="ReferenceRatioThreshold"/> with demand at least <see cref="ReferenceMinDemand"/>; a shortage
/// that lasts that long is one a training bureau should have heard about.
/// </summary>
public sealed record BacktestOptions
{
    public double ReferenceRatioThreshold { get; init; } = 3.0;
    public int ReferenceMinDemand { get; init; } = 5;
    public int EpisodeMinSnapshots { get; init; } = 6;
    /// <summary>An alert opened at most this many snapshots before an episode starts is an early warning, not noise.</summary>
    public int EarlyWindow { get; init; } = 4;

    /// <summary>Every problem with the options, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(ReferenceRatioThreshold > 0) || double.IsInfinity(ReferenceRatioThreshold))
            errors.Add($"ReferenceRatioThreshold must be a positive number (got {ReferenceRatioThreshold}).");
        if (ReferenceMinDemand < 1) errors.Add($"ReferenceMinDemand must be at least 1 (got {ReferenceMinDemand}).");
        if (EpisodeMinSnapshots < 1) errors.Add($"EpisodeMinSnapshots must be at least 1 (got {EpisodeMinSnapshots}).");
        if (EarlyWindow < 0) errors.Add($"EarlyWindow must be 0 or more (got {EarlyWindow}).");
        return errors;
    }
}

/// <summary>
/// A ground-truth shortage episode: snapshots <see cref="OnsetIndex"/> to <see cref="EndIndex"/> (inclusive, indexes
/// into the replayed list) were all in shortage under the reference rule.
/// </summary>
public sealed record BacktestEpisode(ShortageKey Key, int OnsetIndex, int EndIndex, DateOnly Onset)
{
    public int Length => EndIndex - OnsetIndex + 1;
}

/// <summary>How one rule variant did over the replayed history; one row of the backtest table.</summary>
/// <param name="Opened">Alerts opened, by either rule.</param>
/// <param name="StillOpen">Alerts open after the last snapshot.</param>
/// <param name="TrueAlerts">Opened within an episode of their key, or at most EarlyWindow snapshots before one starts.</param>
/// <param name="NoiseAlerts">Every other opened alert.</param>
/// <param name="EpisodesCaught">Episodes that at least one true alert was attributed to.</param>
/// <param name="MedianLeadSnapshots">
/// Over caught episodes, the first attributed alert's open index minus the episode's onset index; negative is an early
/// warning. Null when nothing was caught.
/// </param>
public sealed record BacktestVariantResult(
    string Name,
    int Opened,
    int OpenedSustained,
    int OpenedRisingTrend,
    int Escalated,
    int Closed,
    int StillOpen,
    int TrueAlerts,
    int NoiseAlerts,
    int EpisodesCaught,
    int EpisodesTotal,
    double? MedianLeadSnapshots,
    double? MeanLeadSnapshots)
{
    /// <summary>True alerts over opened alerts; null when nothing opened.</summary>
    public double? Precision => Opened == 0 ? null : TrueAlerts / (double)Opened;

    /// <summary>Episodes caught over episodes; null when there was no episode.</summary>
    public double? Recall => EpisodesTotal == 0 ? null : EpisodesCaught / (double)EpisodesTotal;
}

/// <summary>The whole replay: the ground truth and one result per variant, in the order the variants were given.</summary>
public sealed record BacktestReport(
    int Snapshots,
    int Keys,
    IReadOnlyList<BacktestEpisode> Episodes,
    IReadOnlyList<BacktestVariantResult> Variants);

/// <summary>
/// Replays stored snapshots through <see cref="AlertRuleEngine"/> once per rule variant, exactly as the snapshot job
/// does (the last <see cref="AlertRuleSet.HistoryNeeded"/> snapshots as history, open alerts fed back, decisions
/// applied), and scores the alerts against ground-truth episodes, so thresholds can be chosen from data rather than
/// guessed. Pure: no I/O, the caller loads the snapshots.
/// </summary>
public static class AlertBacktest
{
    /// <param name="snapshots">Stored snapshots in chronological order (strictly increasing periods; gaps allowed).</param>
    /// <param name="variants">Rule sets to compare; names must be unique.</param>
    /// <param name="options">The ground truth's definition; defaults when null.</param>
    /// <remarks>
    /// Indexes and lead times count snapshots in <paramref name="snapshots"/>, which equals periods when the list has no
    /// gaps. A gap in periods ends an episode, as it ends a run in the engine. An alert that opened more than
    /// EarlyWindow snapshots before an episode is noise even if it stayed open through it: opening that early is not
    /// a warning a bureau can act on.
    /// </remarks>
    public static BacktestReport Run(
        IReadOnlyList<BacktestSnapshot> snapshots, IReadOnlyList<RuleVariant> variants, BacktestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(variants);
        options ??= new BacktestOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid backtest options: " + string.Join(" ", problems), nameof(options));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in variants)
        {
            if (!names.Add(variant.Name))
                throw new ArgumentException($"Two rule variants are named '{variant.Name}'.", nameof(variants));
            var invalid = variant.Rules.Validate();
            if (invalid.Count > 0)
                throw new ArgumentException($"Rule variant '{variant.Name}' is invalid: " + string.Join(" ", invalid), nameof(variants));
        }

        var timeline = Index(snapshots);
        var episodes = FindEpisodes(timeline, options);
        var episodesByKey = new Dictionary<ShortageKey, List<int>>();
        for (var e = 0; e < episodes.Count; e++)
        {
            if (!episodesByKey.TryGetValue(episodes[e].Key, out var list)) episodesByKey[episodes[e].Key] = list = [];
            list.Add(e);
        }

        var results = new List<BacktestVariantResult>(variants.Count);
        foreach (var variant in variants)
            results.Add(Replay(variant, snapshots, timeline, episodes, episodesByKey, options));

        var keys = timeline.SelectMany(t => t.Stats.Keys).Distinct().Count();
        return new BacktestReport(snapshots.Count, keys, episodes, results);
    }

    /// <summary>
    /// The configured rules ("configured") and one-setting-at-a-time variations of them: N = 1..4 consecutive
    /// snapshots, ratio threshold 2 / 3 / 5, and the trend rule switched off or on. A variation equal to a variant
    /// already listed is left out, so every row of the table is a different rule set.
    /// </summary>
    public static IReadOnlyList<RuleVariant> StandardVariants(AlertRuleSet configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var candidates = new List<RuleVariant> { new("configured", configured) };
        foreach (var n in new[] { 1, 2, 3, 4 })
            candidates.Add(new($"N={n}", configured with { ConsecutiveSnapshots = n }));
        foreach (var threshold in new[] { 2.0, 3.0, 5.0 })
            candidates.Add(new($"ratio>={threshold.ToString(CultureInfo.InvariantCulture)}", configured with { RatioThreshold = threshold }));
        candidates.Add(new("trend off", configured with { Trend = configured.Trend with { Enabled = false } }));
        candidates.Add(new("trend on", configured with { Trend = configured.Trend with { Enabled = true } }));

        // Records compare by value (nested TrendRule and SeverityThresholds included), so this drops true duplicates.
        var result = new List<RuleVariant>();
        foreach (var candidate in candidates)
            if (!result.Any(r => r.Rules == candidate.Rules))
                result.Add(candidate);
        return result;
    }

    private static (SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)[] Index(
        IReadOnlyList<BacktestSnapshot> snapshots)
    {
        var timeline = new (SnapshotPeriod, IReadOnlyDictionary<ShortageKey, ShortageStat>)[snapshots.Count];
        for (var i = 0; i < snapshots.Count; i++)
        {
            if (i > 0 && snapshots[i].Period.Start <= snapshots[i - 1].Period.Start)
                throw new ArgumentException(
                    $"Snapshots must be in chronological order: {snapshots[i].Period} (index {i}) does not follow {snapshots[i - 1].Period}.",
                    nameof(snapshots));
            var stats = new Dictionary<ShortageKey, ShortageStat>(snapshots[i].Stats.Count);
            foreach (var stat in snapshots[i].Stats)
                if (!stats.TryAdd(stat.Key, stat))
                    throw new ArgumentException($"Snapshot {snapshots[i].Period} has two rows for {stat.Key}.", nameof(snapshots));
            timeline[i] = (snapshots[i].Period, stats);
        }
        return timeline;
    }

    /// <summary>Ground-truth episodes, ordered by key then onset.</summary>
    private static List<BacktestEpisode> FindEpisodes(
        (SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)[] timeline, BacktestOptions options)
    {
        var keys = timeline.SelectMany(t => t.Stats.Keys).Distinct().ToList();
        keys.Sort(ShortageKeyOrder.Instance);

        var episodes = new List<BacktestEpisode>();
        foreach (var key in keys)
        {
            var runStart = -1;
            for (var i = 0; i <= timeline.Length; i++)
            {
                // A period gap ends the run just like a snapshot out of shortage; i == Length flushes the last run.
                var connected = i > 0 && i < timeline.Length && timeline[i].Period == timeline[i - 1].Period.Next;
                var inShortage = i < timeline.Length
                    && timeline[i].Stats.GetValueOrDefault(key) is { } s
                    && s.Ratio >= options.ReferenceRatioThreshold && s.DemandHeadcount >= options.ReferenceMinDemand;

                if (runStart >= 0 && !(inShortage && connected))
                {
                    if (i - runStart >= options.EpisodeMinSnapshots)
                        episodes.Add(new BacktestEpisode(key, runStart, i - 1, timeline[runStart].Period.Start));
                    runStart = -1;
                }
                if (inShortage && runStart < 0) runStart = i;
            }
        }
        return episodes;
    }

    private static BacktestVariantResult Replay(
        RuleVariant variant,
        IReadOnlyList<BacktestSnapshot> snapshots,
        (SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)[] timeline,
        List<BacktestEpisode> episodes,
        Dictionary<ShortageKey, List<int>> episodesByKey,
        BacktestOptions options)
    {
        var rules = variant.Rules;
        var open = new Dictionary<ShortageKey, OpenAlert>();
        long nextId = 1;
        int sustained = 0, trend = 0, escalated = 0, closed = 0, trueAlerts = 0, noise = 0;
        var firstLead = new int?[episodes.Count];

        for (var i = 0; i < snapshots.Count; i++)
        {
            // What the snapshot job loads: the stored snapshots just before this one, at most HistoryNeeded of them.
            var from = Math.Max(0, i - rules.HistoryNeeded);
            var history = new ArraySegment<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)>(timeline, from, i - from);
            var decisions = AlertRuleEngine.Evaluate(rules, snapshots[i].Period, snapshots[i].Stats, history, [.. open.Values]);

            foreach (var closing in decisions.Closed)
            {
                open.Remove(closing.Key);
                closed++;
            }
            foreach (var escalation in decisions.Escalated)
            {
                var key = escalation.Stat.Key;
                open[key] = open[key] with { Severity = escalation.Severity };
                escalated++;
            }
            foreach (var opening in decisions.Opened)
            {
                var key = opening.Stat.Key;
                open.Add(key, new OpenAlert(nextId++, key, opening.Rule, opening.Severity, opening.Since));
                if (opening.Rule == AlertRule.Sustained) sustained++;
                else trend++;

                var episode = Attribute(key, i, episodes, episodesByKey, options.EarlyWindow);
                if (episode < 0)
                {
                    noise++;
                    continue;
                }
                trueAlerts++;
                firstLead[episode] ??= i - episodes[episode].OnsetIndex;
            }
        }

        var leads = firstLead.Where(l => l.HasValue).Select(l => l!.Value).Order().ToArray();
        return new BacktestVariantResult(
            variant.Name, sustained + trend, sustained, trend, escalated, closed, open.Count, trueAlerts, noise,
            leads.Length, episodes.Count, Median(leads), leads.Length == 0 ? null : leads.Average());
    }

    /// <summary>
    /// The episode an alert opened at <paramref name="index"/> belongs to: the key's episode that contains it, else
    /// the nearest one starting at most <paramref name="earlyWindow"/> snapshots later; -1 when none (noise).
    /// </summary>
    private static int Attribute(
        ShortageKey key, int index, List<BacktestEpisode> episodes, Dictionary<ShortageKey, List<int>> episodesByKey, int earlyWindow)
    {
        if (!episodesByKey.TryGetValue(key, out var candidates)) return -1;
        // Episodes of one key are in onset order and never overlap, so the first one not yet over is the only
        // candidate: either it contains the index or it is the next to start.
        foreach (var e in candidates)
        {
            var episode = episodes[e];
            if (episode.EndIndex < index) continue;
            return episode.OnsetIndex - earlyWindow <= index ? e : -1;
        }
        return -1;
    }

    private static double? Median(int[] sorted) => sorted.Length == 0
        ? null
        : sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
}
