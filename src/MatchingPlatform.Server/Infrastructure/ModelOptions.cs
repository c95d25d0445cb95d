using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Bound from "Models": where model versions live and when the server trains or reloads them.</summary>
public sealed class ModelOptions
{
    public const string Section = "Models";

    /// <summary>Folder of model versions (relative to the working directory: models/ of the checkout).</summary>
    public string Directory { get; set; } = "models";

    /// <summary>Train a first version in the background when no valid version exists at start (serving falls back meanwhile).</summary>
    public bool TrainOnStartWhenMissing { get; set; } = true;

    /// <summary>How often to look for a newer version written by another process (matchctl train); 0 turns it off.</summary>
    public int ReloadIntervalSeconds { get; set; } = 30;

    /// <summary>Evaluate on a temporal hold-out before saving, so each version records its metrics.</summary>
    public bool EvaluateOnTrain { get; set; }
}

internal sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Directory)) errors.Add("Models:Directory is required");
        if (o.ReloadIntervalSeconds is < 0 or > 86_400) errors.Add("Models:ReloadIntervalSeconds must be between 0 and 86400");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
