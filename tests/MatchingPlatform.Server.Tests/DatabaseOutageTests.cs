using Grpc.Core;
using MatchingPlatform.Data.Tests.Faults;
using MatchingPlatform.Protos.V1;
using Npgsql;

namespace MatchingPlatform.Server.Tests;

/// <summary>Skips unless MATCHING_TEST_POSTGRES names a PostgreSQL server (CI sets it; then it must run).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MATCHING_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)) && !inCi)
            Skip = $"set {Variable} to run the server against PostgreSQL";
    }
}

/// <summary>
/// The server on PostgreSQL, reached through a loopback relay that can cut the network: a fresh database per
/// fixture, dropped afterwards.
/// </summary>
public sealed class PostgresPlatformFactory : PlatformFactory, IAsyncLifetime
{
    private readonly string _database = "matching_srv_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlConnectionStringBuilder? _target;

    public PostgresPlatformFactory() : base(seedDemoData: false) { }

    public LoopbackProxy? Proxy { get; private set; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(_target!.ConnectionString)
        {
            Host = "127.0.0.1", Port = Proxy!.Port, Database = _database, Timeout = 5, CommandTimeout = 10,
        }.ConnectionString,
    };

    public async Task InitializeAsync()
    {
        var baseline = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"CI=true but {PostgresFactAttribute.Variable} is not set: .ci/run must start PostgreSQL");
        // The variable need not name a database (CI's does not): administer through the maintenance database.
        _target = new NpgsqlConnectionStringBuilder(baseline) { Database = "postgres" };
        await using (var admin = new NpgsqlConnection(_target.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        Proxy = new LoopbackProxy(_target.Port);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        if (Proxy is null || _target is null) return; // start-up failed before there was anything to clean up
        await Proxy.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var admin = new NpgsqlConnection(_target.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            // A uniquely named scratch database left behind must not fail a run whose tests passed.
            await Console.Error.WriteLineAsync($"test database {_database} left behind: {ex.Message}");
        }
    }
}

public sealed class DatabaseOutageTests(PostgresPlatformFactory factory) : IClassFixture<PostgresPlatformFactory>
{
    [PostgresFact]
    public async Task Losing_the_database_gives_Unavailable_without_leaking_and_the_service_recovers()
    {
        var workers = new WorkerService.WorkerServiceClient(factory.Channel);
        var created = await workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker("w-outage") });

        var proxy = factory.Proxy!;
        proxy.Cut();
        var ex = await Assert.ThrowsAsync<RpcException>(() => workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-outage" }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.DoesNotContain("127.0.0.1", ex.Status.Detail);
        Assert.DoesNotContain("Password", ex.Status.Detail, StringComparison.OrdinalIgnoreCase);
        // A write refused during the outage changes nothing.
        await Assert.ThrowsAsync<RpcException>(() => workers.CreateWorkerAsync(new CreateWorkerRequest { Worker = Builders.Worker("w-during-outage") }).ResponseAsync);

        proxy.Resume();
        Worker? again = null;
        for (var attempt = 0; attempt < 10 && again is null; attempt++)
        {
            try { again = await workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-outage" }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable) { await Task.Delay(200); }
        }
        Assert.Equal(created, again);
        var missing = await Assert.ThrowsAsync<RpcException>(() => workers.GetWorkerAsync(new GetWorkerRequest { Id = "w-during-outage" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
