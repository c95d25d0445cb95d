using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Bound from "Platform": where the shipped reference data lives and recommendation limits.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>Folder holding taxonomy/ and cities.csv; empty means data/ of the checkout, else the copy beside the binaries.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Candidates retrieval hands to the ranker per request (see RecommendationOptions.RetrievalCandidates).</summary>
    public int RetrievalCandidates { get; set; } = Ml.Recommendation.RecommendationOptions.DefaultRetrievalCandidates;

    /// <summary>Most postings one retrieval reads (0: no budget, exact); see SkillIndex.PostingBudget.</summary>
    public long RetrievalPostingBudget { get; set; } = Ml.Recommendation.RecommendationOptions.DefaultPostingBudget;

    public int DefaultK { get; set; } = 10;
    public int MaxK { get; set; } = 100;
}

internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformOptions o)
    {
        var errors = new List<string>();
        if (o.RetrievalCandidates is < 10 or > 100_000) errors.Add("Platform:RetrievalCandidates must be between 10 and 100000");
        if (o.RetrievalPostingBudget is < 0 or > 1_000_000_000) errors.Add("Platform:RetrievalPostingBudget must be between 0 (no budget) and 1000000000");
        if (o.MaxK is < 1 or > 1000) errors.Add("Platform:MaxK must be between 1 and 1000");
        if (o.DefaultK < 1 || o.DefaultK > o.MaxK) errors.Add("Platform:DefaultK must be between 1 and Platform:MaxK");
        if (o.RetrievalCandidates < o.MaxK) errors.Add("Platform:RetrievalCandidates must be at least Platform:MaxK");
        if (!string.IsNullOrWhiteSpace(o.DataDirectory) && !Directory.Exists(o.DataDirectory))
            errors.Add($"Platform:DataDirectory '{o.DataDirectory}' does not exist");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<Data.Providers.DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, Data.Providers.DatabaseOptions o)
    {
        var errors = o.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
