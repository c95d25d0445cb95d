using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Ml.Models;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Server.Infrastructure.Auth;
using MatchingPlatform.Server.Services;
using MatchingPlatform.Core.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Registrations, grouped so Program.cs reads as a table of contents.</summary>
internal static class ServiceCollectionExtensions
{
    public static WebApplicationBuilder AddMatchingPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<PlatformOptions>().Bind(builder.Configuration.GetSection(PlatformOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlatformOptions>, PlatformOptionsValidator>();
        services.AddOptions<DemoDataSettings>().Bind(builder.Configuration.GetSection(DemoDataSettings.Section));
        services.AddAuth(builder.Configuration);
        services.AddPerCallerRateLimits(builder.Configuration);
        services.AddStorage(builder.Configuration);
        services.AddMatching();

        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorMappingInterceptor>();
            o.MaxReceiveMessageSize = Limits.MaxReceiveMessageSize;
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });
        services.AddGrpcReflection();
        services.AddModels(builder.Configuration);
        // Order matters: the database and index are ready before the model manager loads or trains a model.
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.AddHostedService(sp => sp.GetRequiredService<ModelManager>());
        services.AddShortages(builder.Configuration);
        services.AddMobility();
        services.AddResilience(builder.Configuration);
        services.AddGrpcHealthChecks().AddCheck<DatabaseInitializer>("ready");
        return builder;
    }

    /// <summary>
    /// JWT bearer authentication for every RPC (the fallback policy: a service added later is protected without
    /// remembering to be), roles from the token; ownership is checked in the services (see <see cref="Caller"/>).
    /// </summary>
    private static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            // Validation runs first (ValidateOnStart); a missing key never reaches here in a started server.
            if (AccessTokens.KeyProblem(auth.Value.SigningKey) is not null) return;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = AccessTokens.ValidationParameters(auth.Value.SigningKey!, auth.Value.Issuer, auth.Value.Audience);
        });
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // Contact details are sealed before they reach the database; WorkerRepository takes the cipher.
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var privacy = sp.GetRequiredService<IOptions<PrivacyOptions>>().Value;
            return Data.Privacy.ContactCipher.FromBase64(privacy.ContactKey!, privacy.ContactKeyId);
        });
        return services;
    }

    private static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(sp => ConnectionFactories.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton<ReferenceDataRepository>();
        services.AddSingleton<WorkerRepository>();
        services.AddSingleton<EnterpriseRepository>();
        services.AddSingleton<VacancyRepository>();
        services.AddSingleton<TrainingProgrammeRepository>();
        services.AddSingleton<InteractionRepository>();
        services.AddSingleton<DatasetWriter>();
        return services;
    }

    private static IServiceCollection AddMatching(this IServiceCollection services)
    {
        services.AddSingleton(sp => ReferenceData.Load(
            ReferenceData.ResolveDataDirectory(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.DataDirectory)));
        services.AddSingleton(sp => sp.GetRequiredService<ReferenceData>().Taxonomy);
        services.AddSingleton(sp => sp.GetRequiredService<ReferenceData>().Cities);
        services.AddSingleton(sp => new ProfileValidator(
            sp.GetRequiredService<ReferenceData>().Taxonomy, sp.GetRequiredService<ReferenceData>().Cities));
        services.AddSingleton(_ => new RankerHolder());
        services.AddSingleton(sp => RecommendationEngineFactory.Create(sp));
        return services;
    }

    private static IServiceCollection AddModels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelOptions>().Bind(configuration.GetSection(ModelOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>();
        services.AddSingleton(sp => new ModelStore(sp.GetRequiredService<IOptions<ModelOptions>>().Value.Directory,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DatasetReader>();
        services.AddSingleton<ModelManager>();
        return services;
    }

    /// <summary>Shortage snapshots (a background job in this process) and the alerts they raise.</summary>
    private static IServiceCollection AddShortages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShortageOptions>().Bind(configuration.GetSection(ShortageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShortageOptions>, ShortageOptionsValidator>();
        services.AddOptions<AlertRuleSet>().Bind(configuration.GetSection("AlertRules")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertRuleSet>, AlertRuleSetValidator>();
        services.AddSingleton<ShortageRepository>();
        services.AddSingleton<AlertRepository>();
        services.AddSingleton<ShortageSnapshotter>();
        services.AddSingleton<AlertSignal>();
        services.AddSingleton<ShortageSnapshotJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ShortageSnapshotJob>());
        return services;
    }

    public static WebApplication MapMatchingPlatform(this WebApplication app)
    {
        app.UseAuthentication();
        // After authentication: the limiter's buckets are per caller, read from the token.
        app.UseRateLimiter();
        app.UseAuthorization();
        // Authenticated, within its rate: a body that is not the method's message is the client's error, said as such.
        app.UseMiddleware<RequestFrameValidation>();
        app.MapGrpcService<WorkerGrpcService>();
        app.MapGrpcService<EnterpriseGrpcService>();
        app.MapGrpcService<VacancyGrpcService>();
        app.MapGrpcService<InteractionGrpcService>();
        app.MapGrpcService<RecommendationGrpcService>();
        app.MapGrpcService<TrainingGrpcService>();
        app.MapGrpcService<TaxonomyGrpcService>();
        app.MapGrpcService<ModelGrpcService>();
        app.MapGrpcService<ShortageGrpcService>();
        app.MapGrpcService<AlertGrpcService>();
        app.MapMobility();
        app.MapResilience();
        // Load balancers and orchestrators probe health without credentials.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        // Reflection describes the API, nothing stored: open to tools like grpcurl in Development, authenticated elsewhere.
        var reflection = app.MapGrpcReflectionService();
        if (app.Environment.IsDevelopment()) reflection.AllowAnonymous();
        return app;
    }
}
