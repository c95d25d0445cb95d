using MatchingPlatform.Core.Security;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure.Auth;

/// <summary>Bound from "Auth": how bearer tokens are validated.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC-SHA256 key (at least 32 bytes), shared with whoever issues tokens.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = AccessTokens.DefaultIssuer;
    public string Audience { get; set; } = AccessTokens.DefaultAudience;
}

internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        var errors = new List<string>();
        if (AccessTokens.KeyProblem(o.SigningKey) is { } problem)
            errors.Add($"Auth:SigningKey: {problem}; set Auth__SigningKey to a random secret of at least {AccessTokens.MinimumKeyBytes} bytes");
        else if (!environment.IsDevelopment() && o.SigningKey == AccessTokens.DevelopmentSigningKey)
            errors.Add($"Auth:SigningKey: the public development key is refused outside Development (environment '{environment.EnvironmentName}'); configure a real secret");
        if (string.IsNullOrWhiteSpace(o.Issuer)) errors.Add("Auth:Issuer is required");
        if (string.IsNullOrWhiteSpace(o.Audience)) errors.Add("Auth:Audience is required");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
