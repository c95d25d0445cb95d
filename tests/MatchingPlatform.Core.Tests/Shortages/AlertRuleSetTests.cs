using MatchingPlatform.Core.Shortages;

namespace MatchingPlatform.Core.Tests.Shortages;

public sealed class AlertRuleSetTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new AlertRuleSet().Validate());
    }

    public static TheoryData<string, AlertRuleSet> InvalidRules => new()
    {
        { "AlertRules:RatioThreshold", new AlertRuleSet { RatioThreshold = 0 } },
        { "AlertRules:RatioThreshold", new AlertRuleSet { RatioThreshold = double.NaN } },
        { "AlertRules:RatioThreshold", new AlertRuleSet { RatioThreshold = double.PositiveInfinity } },
        { "AlertRules:MinDemand", new AlertRuleSet { MinDemand = 0 } },
        { "AlertRules:ConsecutiveSnapshots", new AlertRuleSet { ConsecutiveSnapshots = 0 } },
        { "AlertRules:ConsecutiveSnapshots", new AlertRuleSet { ConsecutiveSnapshots = 53 } },
        { "AlertRules:ClearAfterSnapshots", new AlertRuleSet { ClearAfterSnapshots = 0 } },
        { "AlertRules:Trend:Snapshots", new AlertRuleSet { Trend = new TrendRule { Snapshots = 2 } } },
        { "AlertRules:Trend:MinRatio", new AlertRuleSet { Trend = new TrendRule { MinRatio = 0 } } },
        { "AlertRules:Trend:MinGrowth", new AlertRuleSet { Trend = new TrendRule { MinGrowth = 0.9 } } },
        { "AlertRules:Trend:MinDemand", new AlertRuleSet { Trend = new TrendRule { MinDemand = 0 } } },
        { "AlertRules:Severities", new AlertRuleSet { Severities = new SeverityThresholds { Watch = 6, Warning = 5 } } },
        { "AlertRules:Severities", new AlertRuleSet { Severities = new SeverityThresholds { Watch = 0 } } },
        { "AlertRules:Severities", new AlertRuleSet { Severities = new SeverityThresholds { Critical = double.PositiveInfinity } } },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public void Each_problem_is_reported_once_naming_its_setting(string setting, AlertRuleSet rules)
    {
        var error = Assert.Single(rules.Validate());
        Assert.StartsWith(setting + " ", error);
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var rules = new AlertRuleSet { MinDemand = 0, ClearAfterSnapshots = 0, Trend = new TrendRule { Snapshots = 1 } };
        var errors = rules.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("AlertRules:MinDemand"));
        Assert.Contains(errors, e => e.Contains("AlertRules:ClearAfterSnapshots"));
        Assert.Contains(errors, e => e.Contains("AlertRules:Trend:Snapshots"));
    }

    [Fact]
    public void A_disabled_trend_rule_is_not_validated()
    {
        var rules = new AlertRuleSet { Trend = new TrendRule { Enabled = false, Snapshots = 0, MinGrowth = 0 } };
        Assert.Empty(rules.Validate());
    }

    [Theory]
    [InlineData(3, 2, true, 4, 5)] // closing looks at the trend two snapshots back: 2 + 4 - 1
    [InlineData(3, 1, true, 4, 4)]
    [InlineData(6, 2, true, 4, 6)]
    [InlineData(3, 2, false, 4, 3)]
    [InlineData(2, 5, false, 4, 5)]
    public void HistoryNeeded_covers_every_rule(int consecutive, int clearAfter, bool trend, int trendSnapshots, int expected)
    {
        var rules = new AlertRuleSet
        {
            ConsecutiveSnapshots = consecutive,
            ClearAfterSnapshots = clearAfter,
            Trend = new TrendRule { Enabled = trend, Snapshots = trendSnapshots },
        };
        Assert.Equal(expected, rules.HistoryNeeded);
    }

    [Theory]
    [InlineData(0.5, AlertSeverity.Watch)]
    [InlineData(2.99, AlertSeverity.Watch)]
    [InlineData(3.0, AlertSeverity.Watch)]
    [InlineData(4.99, AlertSeverity.Watch)]
    [InlineData(5.0, AlertSeverity.Warning)]
    [InlineData(9.99, AlertSeverity.Warning)]
    [InlineData(10.0, AlertSeverity.Critical)]
    [InlineData(250.0, AlertSeverity.Critical)]
    public void Severity_thresholds_are_inclusive(double ratio, AlertSeverity expected)
    {
        Assert.Equal(expected, new SeverityThresholds().For(ratio));
    }
}
