using MatchingPlatform.Data.Resilience;
using MatchingPlatform.Server.Services;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Workforce-resilience index: the indicator repository (SQL aggregation), the warning reader (the alert outbox's
/// resilience events), the warning thresholds ("Resilience:Warnings", validated at start-up) and the gRPC service.
/// </summary>
internal static class ResilienceRegistration
{
    public const string WarningsSection = "Resilience:Warnings";

    public static IServiceCollection AddResilience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ResilienceRepository>();
        services.AddSingleton<ResilienceWarningRepository>();
        services.AddSingleton<ResilienceSnapshotter>();
        services.AddOptions<ResilienceWarningRules>().Bind(configuration.GetSection(WarningsSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResilienceWarningRules>, ResilienceRulesValidator>();
        services.AddSingleton<ResilienceSnapshotJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ResilienceSnapshotJob>());
        return services;
    }

    public static WebApplication MapResilience(this WebApplication app)
    {
        app.MapGrpcService<ResilienceGrpcService>();
        return app;
    }

    private sealed class ResilienceRulesValidator : IValidateOptions<ResilienceWarningRules>
    {
        public ValidateOptionsResult Validate(string? name, ResilienceWarningRules options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
