using MatchingPlatform.Data.Mobility;
using MatchingPlatform.Server.Services;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Cross-city mobility: the repository (flows aggregated in the database) and the gRPC service.</summary>
internal static class MobilityRegistration
{
    public static IServiceCollection AddMobility(this IServiceCollection services)
    {
        services.AddSingleton<MobilityRepository>();
        return services;
    }

    public static WebApplication MapMobility(this WebApplication app)
    {
        app.MapGrpcService<MobilityGrpcService>();
        return app;
    }
}
