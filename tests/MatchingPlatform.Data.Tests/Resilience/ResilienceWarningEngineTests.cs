using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Resilience;

namespace MatchingPlatform.Data.Tests.Resilience;

/// <summary>
/// Resilience warnings decided by the shortage alerts' own rule engine (no second engine): sustained low scores, a fast
/// fall, escalation, closing after clear quarters and gaps. Pure: no database.
/// </summary>
public sealed class ResilienceWarningEngineTests
{
    private static readonly ResilienceWarningRules Rules = new(); // level 35 / 25 / 15, 2 quarters, clear after 2, fall 3 quarters by 20%

    private static Quarter Q(int i) => Quarter.FromOrdinal(new Quarter(2025, 1).Ordinal + i);

    private static CityResilienceScores S(double index) => new("anshan", new Dictionary<string, double> { ["index"] = index });

    /// <summary>Replays quarters 0..n-1 (null = no snapshot) and returns each quarter's decisions, keeping open warnings as the store would.</summary>
    private static List<ResilienceDecisions> Replay(params double?[] scores)
    {
        var history = new List<(Quarter, IReadOnlyList<CityResilienceScores>)>();
        var open = new List<OpenResilienceWarning>();
        var all = new List<ResilienceDecisions>();
        long nextId = 1;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] is not { } score) { all.Add(new ResilienceDecisions([], [], [])); continue; }
            var d = ResilienceWarningEngine.Evaluate(Rules, Q(i), [S(score)], history, open);
            foreach (var (id, _) in d.Closed) open.RemoveAll(o => o.Id == id);
            foreach (var (id, severity, _) in d.Escalated)
            {
                var o = open.Single(x => x.Id == id);
                open[open.IndexOf(o)] = o with { Severity = severity };
            }
            foreach (var o in d.Opened) open.Add(new OpenResilienceWarning(nextId++, o.City, o.Subject, o.Rule, o.Severity, o.Since));
            history.Add((Q(i), [S(score)]));
            all.Add(d);
        }
        return all;
    }

    [Fact]
    public void A_score_at_or_below_the_level_for_two_quarters_opens_a_warning_dated_from_the_first()
    {
        var d = Replay(35, 30);
        Assert.Empty(d[0].Opened); // one low quarter is not enough
        var o = Assert.Single(d[1].Opened);
        Assert.Equal(("anshan", "index", ResilienceWarningRule.BelowLevel, AlertSeverity.Watch, Q(0), 30.0), o);
    }

    [Fact]
    public void A_lower_score_escalates_and_a_recovery_for_two_quarters_closes()
    {
        var d = Replay(30, 30, 20, 40, 40);
        Assert.Single(d[1].Opened);
        Assert.Equal((1L, AlertSeverity.Warning, 20.0), Assert.Single(d[2].Escalated));
        Assert.Empty(d[3].Closed); // one clear quarter keeps it open
        Assert.Equal((1L, (double?)40.0), Assert.Single(d[4].Closed));
    }

    [Fact]
    public void A_fast_fall_opens_a_warning_before_the_level_is_reached()
    {
        // 80 -> 70 -> 60: strictly falling over 3 quarters, down by 25% (>= 20%).
        var d = Replay(80, 70, 60);
        var o = Assert.Single(d[2].Opened);
        Assert.Equal((ResilienceWarningRule.FallingFast, AlertSeverity.Watch, Q(0)), (o.Rule, o.Severity, o.Since));
        // A slow fall (80 -> 79 -> 78) and a fall with a pause (80 -> 60 -> 60 -> 50) do not.
        Assert.All(Replay(80, 79, 78), x => Assert.Empty(x.Opened));
        Assert.All(Replay(80, 60, 60), x => Assert.Empty(x.Opened));
    }

    [Fact]
    public void A_missing_quarter_breaks_the_run()
    {
        var d = Replay(30, null, 30);
        Assert.All(d, x => Assert.Empty(x.Opened));
    }

    [Fact]
    public void The_rules_are_validated_and_map_onto_the_engine()
    {
        Assert.NotEmpty((Rules with { WarningLevel = 50 }).Validate());
        Assert.NotEmpty((Rules with { FallingQuarters = 2 }).Validate());
        Assert.Throws<ArgumentException>(() => ResilienceWarningEngine.Evaluate(Rules with { Level = 0 }, Q(0), [], [], []));
        var set = Rules.ToAlertRuleSet();
        Assert.Empty(set.Validate());
        Assert.Equal(100 / 35.0, set.RatioThreshold, 9);
        Assert.Equal(1.25, set.Trend.MinGrowth, 12);
        Assert.Equal(35.0, ResilienceWarningEngine.Decode(ResilienceWarningEngine.Encode("a", "index", 35)));
        Assert.Equal(Q(3), Quarter.FromEnginePeriod(Q(3).AsEnginePeriod()));
        Assert.Equal(Q(2).AsEnginePeriod(), Q(3).AsEnginePeriod().Previous);
    }
}
