using MatchingPlatform.Core.Shortages;
using static MatchingPlatform.Core.Tests.Shortages.ShortageTestData;

namespace MatchingPlatform.Core.Tests.Shortages;

public sealed class AlertBacktestTests
{
    private static readonly ShortageKey Java = new("dalian", "software", "java");

    /// <summary>
    /// 24 weeks, three keys:
    /// Python: calm, then in shortage weeks 6-13 (an 8-week episode), calm again.
    /// Welding: a 3-week blip (weeks 2-4): too short to be an episode, so any alert on it is noise.
    /// Java: rising weeks 10-13 below the threshold, then in shortage weeks 14-19 (a 6-week episode).
    /// </summary>
    private static List<BacktestSnapshot> Series()
    {
        var snapshots = new List<BacktestSnapshot>();
        for (var w = 0; w < 24; w++)
        {
            var python = w is >= 6 and <= 13 ? 4.0 : 1.0;
            var welding = w is >= 2 and <= 4 ? 4.0 : 1.0;
            var java = w switch { 11 => 1.2, 12 => 1.6, 13 => 2.2, >= 14 and <= 19 => 4.0, _ => 1.0 };
            snapshots.Add(new BacktestSnapshot(Week(w), [AtRatio(Python, python), AtRatio(Welding, welding), AtRatio(Java, java)]));
        }
        return snapshots;
    }

    private static BacktestVariantResult RunOne(AlertRuleSet rules, BacktestOptions? options = null) =>
        Assert.Single(AlertBacktest.Run(Series(), [new RuleVariant("v", rules)], options).Variants);

    [Fact]
    public void Ground_truth_episodes_are_found_in_key_order()
    {
        var report = AlertBacktest.Run(Series(), []);
        Assert.Equal(24, report.Snapshots);
        Assert.Equal(3, report.Keys);
        Assert.Equal(
            [new BacktestEpisode(Java, 14, 19, Week(14).Start), new BacktestEpisode(Python, 6, 13, Week(6).Start)],
            report.Episodes);
        Assert.Empty(report.Variants);
    }

    [Fact]
    public void Default_rules_catch_both_episodes_one_early_and_count_the_blip_as_noise()
    {
        var result = RunOne(new AlertRuleSet());

        // Python opens on week 8 (third shortage week, lead +2); Java's trend opens on week 13 (lead -1);
        // Welding's blip opens on week 4 with no episode near: noise.
        Assert.Equal("v", result.Name);
        Assert.Equal((3, 2, 1), (result.Opened, result.OpenedSustained, result.OpenedRisingTrend));
        Assert.Equal((2, 1), (result.TrueAlerts, result.NoiseAlerts));
        Assert.Equal((2, 2), (result.EpisodesCaught, result.EpisodesTotal));
        Assert.Equal(0.5, result.MedianLeadSnapshots);
        Assert.Equal(0.5, result.MeanLeadSnapshots);
        Assert.Equal((3, 0), (result.Closed, result.StillOpen));
        Assert.Equal(0, result.Escalated);
        Assert.Equal(2 / 3.0, result.Precision);
        Assert.Equal(1.0, result.Recall);
    }

    [Fact]
    public void A_stricter_rule_drops_the_noise_and_pays_in_lead_time()
    {
        var result = RunOne(NoTrend(consecutive: 4));
        Assert.Equal((2, 2, 0), (result.Opened, result.OpenedSustained, result.OpenedRisingTrend));
        Assert.Equal((2, 0), (result.TrueAlerts, result.NoiseAlerts));
        Assert.Equal(3.0, result.MedianLeadSnapshots); // both open on their fourth shortage week
        Assert.Equal(3.0, result.MeanLeadSnapshots);
        Assert.Equal(1.0, result.Precision);
    }

    [Fact]
    public void A_looser_rule_catches_on_onset_and_opens_on_every_blip()
    {
        var result = RunOne(NoTrend(consecutive: 1));
        Assert.Equal((3, 2, 1), (result.Opened, result.TrueAlerts, result.NoiseAlerts));
        Assert.Equal(0.0, result.MedianLeadSnapshots);
        Assert.Equal(3, result.Closed);
    }

    [Theory]
    [InlineData(0, 1, 2)] // Java's trend alert opens one week before onset: noise without an early window
    [InlineData(1, 2, 1)]
    [InlineData(4, 2, 1)]
    public void The_early_window_decides_whether_an_early_alert_is_a_warning_or_noise(int earlyWindow, int trueAlerts, int noise)
    {
        var result = RunOne(new AlertRuleSet(), new BacktestOptions { EarlyWindow = earlyWindow });
        Assert.Equal((trueAlerts, noise), (result.TrueAlerts, result.NoiseAlerts));
        Assert.Equal(trueAlerts == 2 ? 2 : 1, result.EpisodesCaught);
        // Java is then caught by nothing: its trend alert stays open through the episode, so no second alert.
        Assert.Equal(trueAlerts == 2 ? 0.5 : 2.0, result.MedianLeadSnapshots);
    }

    [Fact]
    public void Episode_length_and_reference_rule_are_parameters()
    {
        // Nine weeks: neither run is an episode, so every alert is noise and there is nothing to catch.
        var none = RunOne(new AlertRuleSet(), new BacktestOptions { EpisodeMinSnapshots = 9 });
        Assert.Equal((0, 3, 0, 0), (none.TrueAlerts, none.NoiseAlerts, none.EpisodesCaught, none.EpisodesTotal));
        Assert.Null(none.MedianLeadSnapshots);
        Assert.Null(none.MeanLeadSnapshots);
        Assert.Null(none.Recall);

        // Three weeks: the Welding blip becomes an episode too, and its alert is true.
        var blip = RunOne(new AlertRuleSet(), new BacktestOptions { EpisodeMinSnapshots = 3 });
        Assert.Equal((3, 0, 3, 3), (blip.TrueAlerts, blip.NoiseAlerts, blip.EpisodesCaught, blip.EpisodesTotal));

        // A reference threshold above every ratio: no episode at all.
        Assert.Equal(0, RunOne(new AlertRuleSet(), new BacktestOptions { ReferenceRatioThreshold = 5 }).EpisodesTotal);
        // Demand 40 per row: a reference minimum above it leaves no episode either.
        Assert.Equal(0, RunOne(new AlertRuleSet(), new BacktestOptions { ReferenceMinDemand = 41 }).EpisodesTotal);
    }

    [Fact]
    public void Lead_time_is_taken_from_the_first_alert_of_an_episode()
    {
        // One 8-week episode under the reference rule (ratio >= 3 throughout); the variant's threshold 3.5 is missed
        // in week 3 of it, so its alert closes and a second one opens. Both are true; the lead is the first one's.
        double[] ratios = [1.0, 4.0, 4.0, 3.2, 4.0, 4.0, 4.0, 4.0, 4.0, 1.0];
        var snapshots = ratios.Select((r, w) => new BacktestSnapshot(Week(w), [AtRatio(Python, r)])).ToList();
        var rules = NoTrend(consecutive: 1, clearAfter: 1) with { RatioThreshold = 3.5 };
        var result = Assert.Single(AlertBacktest.Run(snapshots, [new RuleVariant("v", rules)]).Variants);

        Assert.Equal((2, 2, 0), (result.Opened, result.TrueAlerts, result.NoiseAlerts));
        Assert.Equal((1, 1), (result.EpisodesCaught, result.EpisodesTotal));
        Assert.Equal(0.0, result.MedianLeadSnapshots);
        Assert.Equal(0.0, result.MeanLeadSnapshots);
    }

    [Fact]
    public void An_alert_after_its_episode_ended_is_noise()
    {
        // The Python episode (weeks 6-13) with ratio 4; rules asking ratio 4.5 never fire on it, and a second,
        // sharper but short shortage in weeks 16-18 (ratio 6) fires N = 3 at week 18: after the episode, so noise.
        var snapshots = Series().Select((s, w) => s with
        {
            Stats = [.. s.Stats.Select(st => st.Key == Python && w is >= 16 and <= 18 ? AtRatio(Python, 6.0) : st)],
        }).ToList();
        var result = Assert.Single(AlertBacktest.Run(snapshots, [new RuleVariant("v", NoTrend(consecutive: 3) with { RatioThreshold = 4.5 })]).Variants);
        Assert.Equal((1, 0, 1), (result.Opened, result.TrueAlerts, result.NoiseAlerts));
        Assert.Equal(0, result.EpisodesCaught);
    }

    [Fact]
    public void A_gap_in_periods_ends_an_episode()
    {
        // In shortage in every stored week, but week 4 was never stored: two runs of 4, neither an episode of 6.
        var snapshots = Enumerable.Range(0, 9).Where(w => w != 4)
            .Select(w => new BacktestSnapshot(Week(w), [AtRatio(Python, 4.0)])).ToList();
        var report = AlertBacktest.Run(snapshots, [new RuleVariant("v", NoTrend(consecutive: 3))]);
        Assert.Empty(report.Episodes);
        // The engine sees the gap too: it opens on week 2 and, after the gap, does not reopen (the alert stays open).
        Assert.Equal(1, report.Variants[0].Opened);

        var connected = Enumerable.Range(0, 9).Select(w => new BacktestSnapshot(Week(w), [AtRatio(Python, 4.0)])).ToList();
        Assert.Equal([new BacktestEpisode(Python, 0, 8, Week(0).Start)], AlertBacktest.Run(connected, []).Episodes);
    }

    [Fact]
    public void Escalations_and_open_alerts_at_the_end_are_counted()
    {
        var snapshots = new[] { 4.0, 4.0, 6.0, 12.0, 12.0 }.Select((r, w) => new BacktestSnapshot(Week(w), [AtRatio(Python, r)])).ToList();
        var result = Assert.Single(AlertBacktest.Run(snapshots, [new RuleVariant("v", NoTrend(consecutive: 1))]).Variants);
        Assert.Equal((1, 2, 0, 1), (result.Opened, result.Escalated, result.Closed, result.StillOpen));
    }

    [Fact]
    public void The_replay_matches_the_engine_driven_snapshot_by_snapshot()
    {
        // Random walks on a dozen keys with gaps in periods: the backtest must agree with a plain engine loop.
        var random = new Random(3);
        var keys = Enumerable.Range(0, 12).Select(i => new ShortageKey($"city-{i % 3}", "ind", $"skill-{i}")).ToArray();
        var ratios = keys.ToDictionary(k => k, _ => 1.0);
        var snapshots = new List<BacktestSnapshot>();
        for (var w = 0; w < 80; w++)
        {
            if (w % 17 == 9) continue; // an occasional missing week
            foreach (var k in keys) ratios[k] = Math.Clamp(ratios[k] + random.NextDouble() * 1.6 - 0.75, 0.1, 15);
            snapshots.Add(new BacktestSnapshot(Week(w), [.. keys.Where(_ => random.NextDouble() > 0.05).Select(k => AtRatio(k, Math.Round(ratios[k], 1)))]));
        }

        var variants = AlertBacktest.StandardVariants(new AlertRuleSet());
        var report = AlertBacktest.Run(snapshots, variants);
        Assert.True(report.Episodes.Count > 0, "the random walk should contain episodes");
        for (var v = 0; v < variants.Count; v++)
        {
            var replay = new EngineReplay(variants[v].Rules);
            foreach (var s in snapshots) replay.Step(s.Period, [.. s.Stats]);
            var opened = replay.Decisions.SelectMany(d => d.Opened).ToList();
            var result = report.Variants[v];
            Assert.Equal(variants[v].Name, result.Name);
            Assert.Equal(opened.Count(o => o.Rule == AlertRule.Sustained), result.OpenedSustained);
            Assert.Equal(opened.Count(o => o.Rule == AlertRule.RisingTrend), result.OpenedRisingTrend);
            Assert.Equal(replay.Decisions.Sum(d => d.Escalated.Count), result.Escalated);
            Assert.Equal(replay.Decisions.Sum(d => d.Closed.Count), result.Closed);
            Assert.Equal(replay.Open.Count, result.StillOpen);
            Assert.Equal(result.Opened, result.TrueAlerts + result.NoiseAlerts);
            Assert.InRange(result.EpisodesCaught, 0, report.Episodes.Count);
        }
    }

    // ---- standard variants and validation -----------------------------------------------------------

    [Fact]
    public void Standard_variants_start_with_the_configured_rules_and_never_repeat_a_rule_set()
    {
        var configured = new AlertRuleSet();
        var variants = AlertBacktest.StandardVariants(configured);

        Assert.Equal("configured", variants[0].Name);
        Assert.Same(configured, variants[0].Rules);
        Assert.Equal(variants.Count, variants.Select(v => v.Name).Distinct().Count());
        Assert.Equal(variants.Count, variants.Select(v => v.Rules).Distinct().Count());
        Assert.All(variants, v => Assert.Empty(v.Rules.Validate()));

        // Defaults are N = 3, ratio 3, trend on: those variations equal "configured" and are left out.
        Assert.Equal(["configured", "N=1", "N=2", "N=4", "ratio>=2", "ratio>=5", "trend off"], variants.Select(v => v.Name));
        var byName = variants.ToDictionary(v => v.Name, v => v.Rules);
        Assert.Equal(configured with { ConsecutiveSnapshots = 1 }, byName["N=1"]);
        Assert.Equal(configured with { RatioThreshold = 2.0 }, byName["ratio>=2"]);
        Assert.False(byName["trend off"].Trend.Enabled);
    }

    [Fact]
    public void Standard_variants_vary_around_a_custom_configuration()
    {
        var configured = new AlertRuleSet { ConsecutiveSnapshots = 6, RatioThreshold = 4, Trend = new TrendRule { Enabled = false, Snapshots = 5 } };
        var names = AlertBacktest.StandardVariants(configured).Select(v => v.Name).ToList();
        Assert.Equal(["configured", "N=1", "N=2", "N=3", "N=4", "ratio>=2", "ratio>=3", "ratio>=5", "trend on"], names);
        var trendOn = AlertBacktest.StandardVariants(configured).Single(v => v.Name == "trend on").Rules;
        Assert.True(trendOn.Trend.Enabled);
        Assert.Equal(5, trendOn.Trend.Snapshots); // the configured trend settings, switched on
    }

    [Fact]
    public void Snapshots_out_of_order_are_rejected()
    {
        List<BacktestSnapshot> snapshots = [new(Week(1), []), new(Week(0), [])];
        var ex = Assert.Throws<ArgumentException>(() => AlertBacktest.Run(snapshots, []));
        Assert.Equal("snapshots", ex.ParamName);
        Assert.Throws<ArgumentException>(() => AlertBacktest.Run([new(Week(1), []), new(Week(1), [])], []));
    }

    [Fact]
    public void Invalid_or_ambiguous_variants_are_rejected_by_name()
    {
        var invalid = Assert.Throws<ArgumentException>(() =>
            AlertBacktest.Run(Series(), [new RuleVariant("tight", new AlertRuleSet { MinDemand = 0 })]));
        Assert.Contains("'tight'", invalid.Message);
        Assert.Contains("AlertRules:MinDemand", invalid.Message);

        var duplicate = Assert.Throws<ArgumentException>(() =>
            AlertBacktest.Run(Series(), [new RuleVariant("a", new AlertRuleSet()), new RuleVariant("a", NoTrend())]));
        Assert.Contains("'a'", duplicate.Message);
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_setting()
    {
        var ex = Assert.Throws<ArgumentException>(() => AlertBacktest.Run(Series(), [], new BacktestOptions { EpisodeMinSnapshots = 0 }));
        Assert.Contains("EpisodeMinSnapshots", ex.Message);
        Assert.Empty(new BacktestOptions().Validate());
        Assert.Single(new BacktestOptions { EarlyWindow = -1 }.Validate(), e => e.StartsWith("EarlyWindow"));
    }
}
