using MatchingPlatform.Core.Shortages;
using static MatchingPlatform.Core.Tests.Shortages.ShortageTestData;

namespace MatchingPlatform.Core.Tests.Shortages;

public sealed class AlertRuleEngineTests
{
    private static readonly IReadOnlyList<(SnapshotPeriod Period, IReadOnlyDictionary<ShortageKey, ShortageStat> Stats)> NoHistory = [];

    // ---- opening: the sustained rule ---------------------------------------------------------------

    [Fact]
    public void A_single_noisy_snapshot_does_not_open_an_alert()
    {
        // One week far above the threshold, surrounded by calm weeks: N = 3 must absorb it.
        var replay = EngineReplay.Run(NoTrend(consecutive: 3), Python, 1.0, 1.0, 9.0, 1.0, 1.0, 1.0);
        Assert.Empty(replay.OpenedAt());
    }

    [Fact]
    public void Two_noisy_snapshots_in_a_row_do_not_open_with_three_required()
    {
        var replay = EngineReplay.Run(NoTrend(consecutive: 3), Python, 1.0, 4.0, 4.0, 1.0, 4.0, 4.0, 1.0);
        Assert.Empty(replay.OpenedAt());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Sustained_opens_on_the_Nth_consecutive_shortage_snapshot_dated_from_the_first(int n)
    {
        // Shortage from week 2 on.
        var replay = EngineReplay.Run(NoTrend(consecutive: n), Python, 1.0, 1.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0);

        var openedAt = Assert.Single(replay.OpenedAt());
        Assert.Equal(2 + n - 1, openedAt);
        var opening = Assert.Single(replay.Decisions[openedAt].Opened);
        Assert.Equal(AlertRule.Sustained, opening.Rule);
        Assert.Equal(Week(2).Start, opening.Since);
        Assert.Equal(Python, opening.Stat.Key);
        Assert.Equal(4.0, opening.Stat.Ratio);
        Assert.Equal(AlertSeverity.Watch, opening.Severity);
    }

    [Fact]
    public void Shortage_needs_both_ratio_and_demand()
    {
        var rules = NoTrend(consecutive: 1) with { RatioThreshold = 3.0, MinDemand = 5 };
        // Ratio 4 with demand 4 (no supply: divides by one) is too small a market to alert on.
        var tooSmall = new ShortageStat(Python, 3, DemandHeadcount: 4, OpenVacancies: 1, Supply: 0);
        Assert.Empty(AlertRuleEngine.Evaluate(rules, Week(0), [tooSmall], NoHistory, []).Opened);

        var justEnough = new ShortageStat(Python, 3, DemandHeadcount: 5, OpenVacancies: 1, Supply: 0);
        Assert.Single(AlertRuleEngine.Evaluate(rules, Week(0), [justEnough], NoHistory, []).Opened);

        // The threshold is inclusive: ratio exactly 3.0 is a shortage, 2.9 is not.
        Assert.Single(AlertRuleEngine.Evaluate(rules, Week(0), [AtRatio(Python, 3.0)], NoHistory, []).Opened);
        Assert.Empty(AlertRuleEngine.Evaluate(rules, Week(0), [AtRatio(Python, 2.9)], NoHistory, []).Opened);
    }

    [Theory]
    [InlineData(AlertSeverity.Watch, 4.0)]
    [InlineData(AlertSeverity.Warning, 5.0)]
    [InlineData(AlertSeverity.Critical, 12.0)]
    public void Opening_severity_follows_the_current_ratio(AlertSeverity expected, double ratio)
    {
        var opening = Assert.Single(AlertRuleEngine.Evaluate(NoTrend(consecutive: 1), Week(0), [AtRatio(Python, ratio)], NoHistory, []).Opened);
        Assert.Equal(expected, opening.Severity);
    }

    [Fact]
    public void Since_is_the_start_of_a_run_longer_than_N()
    {
        // No alert is open although the key has been in shortage for four weeks (e.g. the rules just changed).
        var rules = NoTrend(consecutive: 3, clearAfter: 2); // HistoryNeeded 3: three earlier weeks are read
        var history = Enumerable.Range(0, 3).Select(i => (Week(i), ToMap(AtRatio(Python, 4.0)))).ToList();

        var opening = Assert.Single(AlertRuleEngine.Evaluate(rules, Week(3), [AtRatio(Python, 4.0)], history, []).Opened);
        Assert.Equal(Week(0).Start, opening.Since);
    }

    [Fact]
    public void History_beyond_HistoryNeeded_is_not_read()
    {
        var rules = NoTrend(consecutive: 3, clearAfter: 2);
        Assert.Equal(3, rules.HistoryNeeded);
        var history = Enumerable.Range(0, 8).Select(i => (Week(i), ToMap(AtRatio(Python, 4.0)))).ToList();

        // Passing more history than needed must not change the decision, or production (which loads HistoryNeeded
        // snapshots) and a caller with the whole table would disagree.
        var all = Assert.Single(AlertRuleEngine.Evaluate(rules, Week(8), [AtRatio(Python, 4.0)], history, []).Opened);
        var needed = Assert.Single(AlertRuleEngine.Evaluate(rules, Week(8), [AtRatio(Python, 4.0)], history[^3..], []).Opened);
        Assert.Equal(needed, all);
        Assert.Equal(Week(5).Start, all.Since);
    }

    [Fact]
    public void A_gap_in_periods_breaks_the_run()
    {
        var replay = new EngineReplay(NoTrend(consecutive: 3));
        replay.Step(Week(0), AtRatio(Python, 4.0));
        replay.Step(Week(1), AtRatio(Python, 4.0));
        // Week 2 was never snapshotted: nobody knows whether the shortage held.
        Assert.Empty(replay.Step(Week(3), AtRatio(Python, 4.0)).Opened);
        Assert.Empty(replay.Step(Week(4), AtRatio(Python, 4.0)).Opened);
        var opening = Assert.Single(replay.Step(Week(5), AtRatio(Python, 4.0)).Opened);
        Assert.Equal(Week(3).Start, opening.Since);
    }

    [Fact]
    public void A_gap_right_before_the_current_period_breaks_the_run()
    {
        var rules = NoTrend(consecutive: 3);
        var history = new List<(SnapshotPeriod, IReadOnlyDictionary<ShortageKey, ShortageStat>)>
        {
            (Week(0), ToMap(AtRatio(Python, 4.0))),
            (Week(1), ToMap(AtRatio(Python, 4.0))),
        };
        Assert.Single(AlertRuleEngine.Evaluate(rules, Week(2), [AtRatio(Python, 4.0)], history, []).Opened);
        Assert.Empty(AlertRuleEngine.Evaluate(rules, Week(3), [AtRatio(Python, 4.0)], history, []).Opened);
    }

    [Fact]
    public void Periods_of_another_length_do_not_chain()
    {
        // Switching from weekly to fortnightly snapshots starts the runs afresh.
        var rules = NoTrend(consecutive: 2);
        var fortnight = new SnapshotPeriod(Week(2).Start, 14);
        var history = new List<(SnapshotPeriod, IReadOnlyDictionary<ShortageKey, ShortageStat>)> { (Week(1), ToMap(AtRatio(Python, 4.0))) };
        Assert.Empty(AlertRuleEngine.Evaluate(rules, fortnight, [AtRatio(Python, 4.0)], history, []).Opened);
    }

    [Fact]
    public void A_key_absent_from_a_snapshot_breaks_the_run()
    {
        var replay = EngineReplay.Run(NoTrend(consecutive: 3), Python, 4.0, 4.0, null, 4.0, 4.0, 4.0);
        Assert.Equal([5], replay.OpenedAt());
        Assert.Equal(Week(3).Start, replay.Decisions[5].Opened[0].Since);
    }

    // ---- opening: the trend rule -------------------------------------------------------------------

    [Fact]
    public void Rising_trend_opens_before_the_sustained_rule_could()
    {
        // Rising by half over four weeks, crossing the threshold only at week 4.
        double?[] ratios = [1.0, 1.4, 1.8, 2.4, 3.2, 3.6, 4.0, 4.4];
        var withTrend = EngineReplay.Run(new AlertRuleSet(), Python, ratios);
        var sustainedOnly = EngineReplay.Run(NoTrend(), Python, ratios);

        var trendAt = Assert.Single(withTrend.OpenedAt());
        var sustainedAt = Assert.Single(sustainedOnly.OpenedAt());
        Assert.Equal(3, trendAt); // the first week with four rising ratios
        Assert.Equal(6, sustainedAt); // third week at or above 3.0
        var opening = withTrend.Decisions[trendAt].Opened[0];
        Assert.Equal(AlertRule.RisingTrend, opening.Rule);
        Assert.Equal(AlertSeverity.Watch, opening.Severity); // below the Watch threshold still means Watch
        Assert.Equal(Week(0).Start, opening.Since); // the first week of the trend window
    }

    [Fact]
    public void Sustained_wins_when_both_rules_hold()
    {
        double?[] ratios = [3.0, 3.5, 4.0, 5.0];
        var replay = EngineReplay.Run(new AlertRuleSet { ConsecutiveSnapshots = 4 }, Python, ratios);
        var opening = Assert.Single(replay.Decisions[3].Opened);
        Assert.Equal(AlertRule.Sustained, opening.Rule);
        Assert.Equal(AlertSeverity.Warning, opening.Severity);
    }

    public static TheoryData<string, double?[]> TrendFailures => new()
    {
        // The passing series is 1.0, 1.4, 1.8, 2.4 (defaults: 4 snapshots, newest >= 1.5, growth >= 1.5, demand >= 5).
        { "flat step", [1.0, 1.4, 1.4, 2.4] },
        { "falling step", [1.0, 1.8, 1.4, 2.4] },
        { "key absent in the window", [null, 1.4, 1.8, 2.4] },
        { "too little growth", [1.7, 1.8, 2.0, 2.4] },
        { "newest ratio too low", [0.4, 0.6, 0.9, 1.4] },
        { "window longer than the series", [1.4, 1.8, 2.4] },
    };

    [Theory]
    [MemberData(nameof(TrendFailures))]
    public void Trend_fails_when_any_condition_fails(string why, double?[] ratios)
    {
        var replay = EngineReplay.Run(new AlertRuleSet(), Python, ratios);
        Assert.True(replay.OpenedAt().Length == 0, why);

        // The same rules do open on the passing series, so each failure above is down to its one change.
        Assert.Equal([3], EngineReplay.Run(new AlertRuleSet(), Python, 1.0, 1.4, 1.8, 2.4).OpenedAt());
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void Trend_needs_real_demand_in_the_newest_snapshot(int newestDemand, bool opens)
    {
        // Supply 1, so ratio = demand: rising 1 -> newest, and never a shortage at MinDemand 5 before the newest week.
        var replay = new EngineReplay(new AlertRuleSet());
        int[] demand = [newestDemand - 3, newestDemand - 2, newestDemand - 1, newestDemand];
        for (var i = 0; i < demand.Length; i++)
            replay.Step(Week(i), new ShortageStat(Python, 3, demand[i], OpenVacancies: 1, Supply: 1));

        Assert.Equal(opens ? new[] { 3 } : [], replay.OpenedAt());
        if (opens) Assert.Equal(AlertRule.RisingTrend, replay.Decisions[3].Opened[0].Rule);
    }

    [Fact]
    public void Growth_from_a_zero_ratio_counts_as_growth()
    {
        var rules = new AlertRuleSet();
        var replay = new EngineReplay(rules);
        int[] demand = [0, 2, 4, 8];
        for (var i = 0; i < demand.Length; i++)
            replay.Step(Week(i), new ShortageStat(Python, 3, demand[i], 1, Supply: 2));
        Assert.Equal([3], replay.OpenedAt());
    }

    [Fact]
    public void Trend_off_never_opens_on_a_trend()
    {
        var replay = EngineReplay.Run(NoTrend(), Python, 1.0, 1.4, 1.8, 2.4, 2.9, 2.95);
        Assert.Empty(replay.OpenedAt());
    }

    // ---- escalation --------------------------------------------------------------------------------

    [Fact]
    public void Severity_escalates_upward_only()
    {
        var rules = NoTrend(consecutive: 1, clearAfter: 2);
        var replay = EngineReplay.Run(rules, Python, 4.0, 6.0, 4.0, 12.0, 6.0, 3.5);

        Assert.Equal(AlertSeverity.Watch, replay.Decisions[0].Opened[0].Severity);
        Assert.Equal(AlertSeverity.Warning, Assert.Single(replay.Decisions[1].Escalated).Severity);
        Assert.Empty(replay.Decisions[2].Escalated); // back to 4.0: no de-escalation
        var critical = Assert.Single(replay.Decisions[3].Escalated);
        Assert.Equal(AlertSeverity.Critical, critical.Severity);
        Assert.Equal(12.0, critical.Stat.Ratio);
        Assert.Equal(1, critical.AlertId);
        Assert.Empty(replay.Decisions[4].Escalated);
        Assert.Empty(replay.Decisions[5].Escalated);
        Assert.Equal(AlertSeverity.Critical, Assert.Single(replay.Open).Severity);
        Assert.Equal(1, replay.Decisions.Sum(d => d.Opened.Count));
    }

    [Fact]
    public void Severity_can_skip_a_level()
    {
        var open = new OpenAlert(7, Python, AlertRule.Sustained, AlertSeverity.Watch, Week(0).Start);
        var decisions = AlertRuleEngine.Evaluate(NoTrend(), Week(5), [AtRatio(Python, 10.0)], NoHistory, [open]);
        var escalation = Assert.Single(decisions.Escalated);
        Assert.Equal((7L, AlertSeverity.Critical), (escalation.AlertId, escalation.Severity));
        Assert.Empty(decisions.Opened);
        Assert.Empty(decisions.Closed);
    }

    [Fact]
    public void No_escalation_while_neither_rule_holds()
    {
        // Ratio 12 would be Critical, but demand 12 < MinDemand 20: not a shortage, so the high ratio means nothing.
        var rules = NoTrend() with { MinDemand = 20 };
        var open = new OpenAlert(7, Python, AlertRule.Sustained, AlertSeverity.Watch, Week(0).Start);
        var stat = new ShortageStat(Python, 3, DemandHeadcount: 12, OpenVacancies: 2, Supply: 1);
        var decisions = AlertRuleEngine.Evaluate(rules, Week(5), [stat], NoHistory, [open]);
        Assert.Equal(0, decisions.Count);
    }

    [Fact]
    public void A_trend_that_holds_can_escalate()
    {
        var rules = new AlertRuleSet { Severities = new SeverityThresholds { Watch = 1.0, Warning = 2.0, Critical = 10.0 } };
        var open = new OpenAlert(3, Python, AlertRule.RisingTrend, AlertSeverity.Watch, Week(0).Start);
        var history = new[] { 1.0, 1.4, 1.8 }.Select((r, i) => (Week(i), ToMap(AtRatio(Python, r)))).ToList();
        var decisions = AlertRuleEngine.Evaluate(rules, Week(3), [AtRatio(Python, 2.4)], history, [open]);
        Assert.Equal(AlertSeverity.Warning, Assert.Single(decisions.Escalated).Severity);
    }

    // ---- closing -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Closes_after_M_clear_snapshots_and_not_before(int m)
    {
        // Opens at week 0 (N = 1), clears from week 2 on.
        var replay = EngineReplay.Run(NoTrend(consecutive: 1, clearAfter: m), Python, 4.0, 4.0, 1.0, 1.0, 1.0, 1.0, 1.0);

        var closedAt = Assert.Single(replay.ClosedAt());
        Assert.Equal(2 + m - 1, closedAt);
        var closing = Assert.Single(replay.Decisions[closedAt].Closed);
        Assert.Equal((1L, Python), (closing.AlertId, closing.Key));
        Assert.Equal(1.0, closing.Stat!.Ratio);
        Assert.Empty(replay.Open);
    }

    [Fact]
    public void One_shortage_snapshot_restarts_the_clear_count()
    {
        var replay = EngineReplay.Run(NoTrend(consecutive: 1, clearAfter: 3), Python, 4.0, 1.0, 1.0, 4.0, 1.0, 1.0, 1.0);
        Assert.Equal([6], replay.ClosedAt());
        Assert.Equal([0], replay.OpenedAt()); // the shortage week 3 found the alert still open: no second alert
    }

    [Fact]
    public void A_key_absent_from_the_snapshot_counts_as_clear()
    {
        var replay = EngineReplay.Run(NoTrend(consecutive: 1, clearAfter: 2), Python, 4.0, null, null);
        Assert.Equal([2], replay.ClosedAt());
        var closing = Assert.Single(replay.Decisions[2].Closed);
        Assert.Null(closing.Stat); // no demand left: nothing to carry
        Assert.Equal(Python, closing.Key);
    }

    [Fact]
    public void An_open_alert_on_a_key_absent_now_closes_with_M_equal_one()
    {
        var open = new OpenAlert(9, Python, AlertRule.Sustained, AlertSeverity.Warning, Week(0).Start);
        var decisions = AlertRuleEngine.Evaluate(NoTrend(clearAfter: 1), Week(4), [AtRatio(Welding, 1.0)], NoHistory, [open]);
        Assert.Equal(new AlertClosing(9, Python, null), Assert.Single(decisions.Closed));
        Assert.Empty(decisions.Opened);
    }

    [Fact]
    public void A_gap_keeps_the_alert_open_until_M_connected_clear_snapshots()
    {
        var replay = new EngineReplay(NoTrend(consecutive: 1, clearAfter: 2));
        replay.Step(Week(0), AtRatio(Python, 4.0));
        replay.Step(Week(1), AtRatio(Python, 1.0));
        // Week 2 missing: week 1 and week 3 are not two consecutive clear snapshots.
        Assert.Empty(replay.Step(Week(3), AtRatio(Python, 1.0)).Closed);
        Assert.Single(replay.Step(Week(4), AtRatio(Python, 1.0)).Closed);
    }

    [Fact]
    public void A_snapshot_where_the_trend_held_is_not_clear()
    {
        // M = 3, T = 4: the trend held at week 3 (1.0 -> 2.9, below the threshold); weeks 4 and 5 are clear.
        // Deciding week 5 needs the trend at week 3, whose window starts at week 0: five snapshots of history.
        var rules = new AlertRuleSet { ClearAfterSnapshots = 3 };
        Assert.Equal(6, rules.HistoryNeeded);
        var replay = EngineReplay.Run(rules, Python, 1.0, 1.6, 2.4, 2.9, 1.0, 1.0, 1.0);

        Assert.Equal([3], replay.OpenedAt());
        Assert.Equal(AlertRule.RisingTrend, replay.Decisions[3].Opened[0].Rule);
        Assert.Equal([6], replay.ClosedAt());
    }

    [Fact]
    public void Closing_does_not_reopen_in_the_same_snapshot_and_a_new_run_opens_a_new_alert()
    {
        var replay = EngineReplay.Run(NoTrend(consecutive: 2, clearAfter: 1), Python, 4.0, 4.0, 1.0, 4.0, 4.0);
        Assert.Equal([1, 4], replay.OpenedAt());
        Assert.Equal([2], replay.ClosedAt());
        Assert.Equal(2, Assert.Single(replay.Open).AlertId);
        Assert.Equal(Week(3).Start, replay.Open.Single().Since);
    }

    // ---- order and guards --------------------------------------------------------------------------

    [Fact]
    public void Decisions_come_in_ordinal_key_order_whatever_the_input_order()
    {
        // Upper case sorts before lower case ordinally, unlike most cultures: the order must not depend on culture.
        ShortageKey[] sorted =
        [
            new("Dalian", "software", "python"),
            new("anshan", "steel", "arc-welding"),
            new("dalian", "Software", "sql"),
            new("dalian", "software", "Python"),
            new("dalian", "software", "python"),
        ];
        var scrambled = new[] { sorted[3], sorted[0], sorted[4], sorted[2], sorted[1] };
        var rules = NoTrend(consecutive: 1, clearAfter: 1);

        var opened = AlertRuleEngine.Evaluate(rules, Week(0), [.. scrambled.Select(k => AtRatio(k, 4.0))], NoHistory, []).Opened;
        Assert.Equal(sorted, opened.Select(o => o.Stat.Key));

        var open = scrambled.Select((k, i) => new OpenAlert(i + 1, k, AlertRule.Sustained, AlertSeverity.Watch, Week(0).Start)).ToList();
        var escalated = AlertRuleEngine.Evaluate(rules, Week(1), [.. scrambled.Select(k => AtRatio(k, 20.0))], NoHistory, open).Escalated;
        Assert.Equal(sorted, escalated.Select(e => e.Stat.Key));

        // Closing mixes keys still present (ratio 1) and keys gone from the snapshot.
        var closed = AlertRuleEngine.Evaluate(rules, Week(1), [AtRatio(sorted[4], 1.0), AtRatio(sorted[1], 1.0)], NoHistory, open).Closed;
        Assert.Equal(sorted, closed.Select(c => c.Key));
    }

    [Fact]
    public void Same_inputs_give_the_same_decisions()
    {
        var history = new[] { 1.0, 1.4, 1.8 }.Select((r, i) => (Week(i), ToMap(AtRatio(Python, r), AtRatio(Welding, 4.0)))).ToList();
        var current = new[] { AtRatio(Welding, 4.0), AtRatio(Python, 2.4) };
        var a = AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(3), current, history, []);
        var b = AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(3), Enumerable.Reverse(current).ToArray(), history, []);
        Assert.Equal(a.Opened, b.Opened);
        Assert.Equal([Welding, Python], a.Opened.Select(o => o.Stat.Key));
        Assert.Equal([AlertRule.Sustained, AlertRule.RisingTrend], a.Opened.Select(o => o.Rule));
    }

    [Fact]
    public void Nothing_to_do_gives_None()
    {
        Assert.Same(AlertDecisions.None, AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(0), [AtRatio(Python, 1.0)], NoHistory, []));
        Assert.Same(AlertDecisions.None, AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(0), [], NoHistory, []));
    }

    [Fact]
    public void Two_open_alerts_on_one_key_are_rejected_naming_the_key()
    {
        OpenAlert[] open =
        [
            new(1, Python, AlertRule.Sustained, AlertSeverity.Watch, Week(0).Start),
            new(2, Welding, AlertRule.Sustained, AlertSeverity.Watch, Week(0).Start),
            new(3, Python, AlertRule.RisingTrend, AlertSeverity.Warning, Week(1).Start),
        ];
        var ex = Assert.Throws<ArgumentException>(() => AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(2), [], NoHistory, open));
        Assert.Contains(Python.ToString(), ex.Message);
        Assert.Equal("open", ex.ParamName);
    }

    [Fact]
    public void Two_rows_for_one_key_are_rejected_naming_the_key()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(0), [AtRatio(Python, 1.0), AtRatio(Python, 2.0)], NoHistory, []));
        Assert.Contains(Python.ToString(), ex.Message);
    }

    [Fact]
    public void History_out_of_order_or_not_before_the_current_period_is_rejected()
    {
        var empty = ToMap();
        List<(SnapshotPeriod, IReadOnlyDictionary<ShortageKey, ShortageStat>)> unordered = [(Week(1), empty), (Week(0), empty)];
        Assert.Throws<ArgumentException>(() => AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(2), [], unordered, []));

        // The classic slip: the current snapshot loaded back as the newest history entry.
        List<(SnapshotPeriod, IReadOnlyDictionary<ShortageKey, ShortageStat>)> includesCurrent = [(Week(1), empty), (Week(2), empty)];
        var ex = Assert.Throws<ArgumentException>(() => AlertRuleEngine.Evaluate(new AlertRuleSet(), Week(2), [], includesCurrent, []));
        Assert.Equal("history", ex.ParamName);
    }

    [Fact]
    public void Invalid_rules_are_rejected_naming_the_setting()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            AlertRuleEngine.Evaluate(new AlertRuleSet { ConsecutiveSnapshots = 0 }, Week(0), [], NoHistory, []));
        Assert.Contains("AlertRules:ConsecutiveSnapshots", ex.Message);
    }
}
