using MatchingPlatform.Core.Shortages;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Bound from "Shortages": when the snapshot job runs and what an alert stores.</summary>
public sealed class ShortageOptions
{
    public const string Section = "Shortages";

    /// <summary>Length of a snapshot period in days (7: one snapshot per Monday-to-Sunday week).</summary>
    public int PeriodDays { get; set; } = 7;

    /// <summary>How often the job checks whether the current period has its snapshot yet; 0 turns the job off (RPC and CLI still work).</summary>
    public int CheckIntervalSeconds { get; set; } = 300;

    /// <summary>
    /// On a database without any snapshot, replay this many past periods first (each as of its period's end), so
    /// trends and the consecutive-snapshot rules have history from the first day instead of after weeks.
    /// </summary>
    public int BackfillPeriodsWhenEmpty { get; set; } = 12;

    /// <summary>Near-qualified seekers stored with each alert; the count is always complete.</summary>
    public int NearQualifiedListLimit { get; set; } = 50;

    /// <summary>How often an alert stream looks for events written by another process or replica.</summary>
    public int AlertPollSeconds { get; set; } = 5;
}

internal sealed class ShortageOptionsValidator : IValidateOptions<ShortageOptions>
{
    public ValidateOptionsResult Validate(string? name, ShortageOptions o)
    {
        var errors = new List<string>();
        if (o.PeriodDays is < 1 or > 92) errors.Add("Shortages:PeriodDays must be between 1 and 92");
        if (o.CheckIntervalSeconds is < 0 or > 86_400) errors.Add("Shortages:CheckIntervalSeconds must be between 0 and 86400");
        if (o.BackfillPeriodsWhenEmpty is < 0 or > 520) errors.Add("Shortages:BackfillPeriodsWhenEmpty must be between 0 and 520");
        if (o.NearQualifiedListLimit is < 0 or > 10_000) errors.Add("Shortages:NearQualifiedListLimit must be between 0 and 10000");
        if (o.AlertPollSeconds is < 1 or > 3600) errors.Add("Shortages:AlertPollSeconds must be between 1 and 3600");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>"AlertRules" is bound to the Core rule set; its own Validate names each bad setting.</summary>
internal sealed class AlertRuleSetValidator : IValidateOptions<AlertRuleSet>
{
    public ValidateOptionsResult Validate(string? name, AlertRuleSet rules)
    {
        var errors = rules.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
