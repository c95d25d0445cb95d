using System.Threading.RateLimiting;
using MatchingPlatform.Core.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Bound from "RateLimits": a token bucket per caller, so one client cannot starve the others.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained calls per second per caller.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Calls a caller may make at once after being idle.</summary>
    public int Burst { get; set; } = 400;
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions o)
    {
        var errors = new List<string>();
        if (o.PermitsPerSecond is < 1 or > 1_000_000) errors.Add("RateLimits:PermitsPerSecond must be between 1 and 1000000");
        if (o.Burst < 1 || o.Burst > 1_000_000) errors.Add("RateLimits:Burst must be between 1 and 1000000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal static class RateLimiting
{
    /// <summary>
    /// One bucket per caller: the token's role and subject when authenticated, else the remote address. A refused
    /// call gets gRPC RESOURCE_EXHAUSTED (a trailers-only response) rather than HTTP 429, which clients would see
    /// as UNAVAILABLE and retry at once.
    /// </summary>
    public static IServiceCollection AddPerCallerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var o = limits.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!o.Enabled) return RateLimitPartition.GetNoLimiter("off");
                var user = http.User;
                var key = user.Identity?.IsAuthenticated == true
                    ? $"{user.FindFirst(PlatformClaims.Role)?.Value}:{user.FindFirst(PlatformClaims.Subject)?.Value}"
                    : "ip:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = o.Burst, TokensPerPeriod = o.PermitsPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0, AutoReplenishment = true,
                });
            });
            limiter.OnRejected = (rejected, _) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["grpc-message"] = "rate limit exceeded: slow down and retry";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }
}
