using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MatchingPlatform.Core.Security;

/// <summary>The roles a caller can hold; a token carries exactly one.</summary>
public static class PlatformRoles
{
    public const string JobSeeker = "job_seeker";
    public const string Enterprise = "enterprise";
    public const string TrainingBureau = "training_bureau";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [JobSeeker, Enterprise, TrainingBureau, Analyst, Admin];
}

/// <summary>
/// Claim names in the platform's tokens. <c>sub</c> is whom the caller acts as: the worker id of a job seeker,
/// the enterprise id of an enterprise, the bureau id of a training bureau; a bureau's jurisdiction is one
/// <c>city</c> claim per city code.
/// </summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string City = "city";
}

/// <summary>Who a token is for: its role, whom it acts as, and (training bureaus) the cities of its jurisdiction.</summary>
public sealed record AccessTokenRequest(string Role, string Subject, IReadOnlyList<string> Cities, TimeSpan Lifetime);

/// <summary>
/// Issues and describes the validation of the platform's JWT bearer tokens (HMAC-SHA256 with a shared signing key).
/// One implementation for everyone who issues tokens: <c>matchctl token</c> for development, the benchmark's
/// client, and the tests; the server validates with <see cref="ValidationParameters"/>.
/// </summary>
public static class AccessTokens
{
    public const string DefaultIssuer = "matching-platform";

    /// <summary>
    /// The development key (also in the server's appsettings.Development.json). It is public in the repository, so
    /// tokens signed with it prove nothing: the server refuses it in every environment but Development.
    /// </summary>
    public const string DevelopmentSigningKey = "development-only-signing-key-do-not-use-in-production";
    public const string DefaultAudience = "matching-platform";

    /// <summary>HMAC-SHA256 needs at least 256 bits of key.</summary>
    public const int MinimumKeyBytes = 32;

    public static string Issue(AccessTokenRequest request, string signingKey, DateTimeOffset now,
        string issuer = DefaultIssuer, string audience = DefaultAudience)
    {
        if (!PlatformRoles.All.Contains(request.Role))
            throw new ArgumentException($"unknown role '{request.Role}' (one of {string.Join(", ", PlatformRoles.All)})", nameof(request));
        if (string.IsNullOrWhiteSpace(request.Subject)) throw new ArgumentException("a token needs a subject", nameof(request));
        var claims = new List<Claim> { new(PlatformClaims.Subject, request.Subject), new(PlatformClaims.Role, request.Role) };
        claims.AddRange(request.Cities.Select(c => new Claim(PlatformClaims.City, c)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + request.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public static TokenValidationParameters ValidationParameters(string signingKey, string issuer = DefaultIssuer, string audience = DefaultAudience) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKey = Key(signingKey),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = PlatformClaims.Subject,
        RoleClaimType = PlatformClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    /// <summary>Null when the key is usable, else why not (never echoing the key).</summary>
    public static string? KeyProblem(string? signingKey) =>
        string.IsNullOrWhiteSpace(signingKey) ? "no signing key is configured"
        : Encoding.UTF8.GetByteCount(signingKey) < MinimumKeyBytes ? $"the signing key is shorter than {MinimumKeyBytes} bytes"
        : null;

    private static SymmetricSecurityKey Key(string signingKey) =>
        KeyProblem(signingKey) is { } problem ? throw new ArgumentException(problem, nameof(signingKey))
        : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey));
}
