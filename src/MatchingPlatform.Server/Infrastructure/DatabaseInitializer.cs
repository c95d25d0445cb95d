using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Ml.Recommendation;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Runs before the server accepts calls: applies migrations, mirrors the reference files into the
/// database, seeds the demo dataset into an empty database, and builds the in-memory retrieval
/// indexes. The readiness health check reports healthy only after it finished.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IOptions<DatabaseOptions> database,
    IOptions<DemoDataSettings> demoData,
    ReferenceData reference,
    ReferenceDataRepository referenceRepository,
    WorkerRepository workers,
    EnterpriseRepository enterprises,
    VacancyRepository vacancies,
    TrainingProgrammeRepository programmes,
    DatasetWriter writer,
    RecommendationEngine engine,
    ILogger<DatabaseInitializer> logger) : IHostedService, IHealthCheck
{
    // Ids per page stay under SQL Server's 2,100 parameters (a page's skills are read with IN (@ids)).
    private const int IndexPageSize = 2000;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the database is migrated and seeded and the indexes are built.</summary>
    public Task Ready => _ready.Task;

    public async Task StartAsync(CancellationToken ct)
    {
        var options = database.Value;
        if (options.MigrateOnStart)
        {
            var applied = DatabaseMigrator.Migrate(options);
            LogMigrated(applied.Count, options.Provider);
        }
        await referenceRepository.SyncAsync(reference, ct);
        // Imports may have added cities beyond the shipped table (e.g. the US cities of the kandij log);
        // the shared directory must know them before profiles that live there are validated or indexed.
        foreach (var city in await referenceRepository.GetCitiesAsync(ct)) reference.Cities.Register(city);

        if (options.SeedDemoDataWhenEmpty && await workers.CountAsync(ct) == 0)
        {
            var demo = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, demoData.Value.ToOptions());
            var result = await writer.WriteAsync(new DatasetBatch
            {
                Enterprises = demo.Enterprises, Vacancies = demo.Vacancies, Workers = demo.Workers,
                Programmes = demo.Programmes, Interactions = demo.Interactions,
            }, ct: ct);
            LogSeeded(result.WorkersInserted, result.VacanciesInserted, result.InteractionsInserted);
        }

        // Paged and compacted page by page: the full profiles of a million workers are never all in memory at once.
        // Vacancies and workers are read side by side (each on its own connection and thread).
        static async Task<List<T>> ReadAll<T>(Func<string?, Task<Page<T>>> read, Func<T, T> compact)
        {
            var all = new List<T>();
            for (string? next = null; ;)
            {
                var page = await read(next);
                all.AddRange(page.Items.Select(compact));
                if ((next = page.NextPageToken) is null) return all;
            }
        }
        var openRead = Task.Run(() => ReadAll<Vacancy>(
            next => vacancies.ListAsync(IndexPageSize, next, enterpriseId: null, cityCode: null, VacancyStatus.Open, ct), engine.Compact), ct);
        var workersRead = Task.Run(() => ReadAll<Worker>(next => workers.ListAsync(IndexPageSize, next, cityCode: null, ct), engine.Compact), ct);
        var open = await openRead;
        var allWorkers = await workersRead;
        engine.Load(open, allWorkers, await enterprises.GetAllAsync(ct), await programmes.GetAllAsync(ct));
        LogIndexed(open.Count, allWorkers.Count);
        _ready.TrySetResult();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(_ready.Task.IsCompletedSuccessfully ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("initialising"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration script(s) on {Provider}")]
    private partial void LogMigrated(int count, DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo dataset: {Workers} workers, {Vacancies} vacancies, {Interactions} interactions")]
    private partial void LogSeeded(int workers, int vacancies, int interactions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrieval index ready: {Vacancies} open vacancies, {Workers} workers")]
    private partial void LogIndexed(int vacancies, int workers);
}
