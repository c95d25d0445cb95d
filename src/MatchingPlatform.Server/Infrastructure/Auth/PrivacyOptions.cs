using MatchingPlatform.Data.Privacy;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure.Auth;

/// <summary>Bound from "Privacy": the key that seals workers' contact details in the database.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// The development key in appsettings.Development.json: public in the repository, so refused in every other
    /// environment (like the development signing key).
    /// </summary>
    public const string DevelopmentContactKey = "ZGV2ZWxvcG1lbnQtb25seS1jb250YWN0LWtleS0wMDA=";

    /// <summary>32 random bytes, base64.</summary>
    public string? ContactKey { get; set; }

    /// <summary>Stored with each sealed value, so a rotated key is recognised rather than mistaken.</summary>
    public string ContactKeyId { get; set; } = "k1";
}

internal sealed class PrivacyOptionsValidator(IHostEnvironment environment) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions o)
    {
        var errors = new List<string>();
        if (ContactCipher.KeyProblem(o.ContactKey) is { } problem)
            errors.Add($"Privacy:ContactKey: {problem}; set Privacy__ContactKey to 32 random bytes in base64 (e.g. `openssl rand -base64 32`)");
        else if (!environment.IsDevelopment() && o.ContactKey == PrivacyOptions.DevelopmentContactKey)
            errors.Add($"Privacy:ContactKey: the public development key is refused outside Development (environment '{environment.EnvironmentName}')");
        if (string.IsNullOrWhiteSpace(o.ContactKeyId) || o.ContactKeyId.Length > 64) errors.Add("Privacy:ContactKeyId must be 1 to 64 characters");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
