using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Tests.Faults;

/// <summary>
/// A database that cannot be reached is classified by the dialect as unavailable (the server maps that to
/// gRPC Unavailable). These need no server: nothing listens on the port they use.
/// </summary>
public sealed class ConnectionLossTests
{
    /// <summary>A loopback port with nothing listening: bound, noted, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Port={0};Username=matching;Password=secret-password;Database=matching;Timeout=3")]
    [InlineData(DatabaseProvider.SqlServer, "Server=127.0.0.1,{0};User Id=sa;Password=secret-password;Database=matching;Connect Timeout=3;Encrypt=false")]
    public async Task Unreachable_server_is_unavailable(DatabaseProvider provider, string connectionString)
    {
        var connections = ConnectionFactories.Create(new DatabaseOptions
        {
            Provider = provider, ConnectionString = string.Format(System.Globalization.CultureInfo.InvariantCulture, connectionString, ClosedPort()),
        });
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => new WorkerRepository(connections).GetAsync("w-1"));
            Assert.True(connections.Dialect.IsUnavailable(ex), $"{ex.GetType().Name} not classified as unavailable: {ex.Message}");
            Assert.False(connections.Dialect.IsUniqueViolation((System.Data.Common.DbException)ex));
        }
        finally
        {
            (connections as IDisposable)?.Dispose();
        }
    }
}

/// <summary>
/// Connection loss in the middle of requests, through a relay that resets the sockets: the request in flight and
/// the ones while the network is cut fail as unavailable; once it is back, every call succeeds at its first try,
/// because the first broken connection cleared the pool of its dead siblings.
/// </summary>
[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresConnectionLossTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [ProviderFact]
    public async Task Requests_fail_as_unavailable_while_the_network_is_cut_and_succeed_once_it_is_back()
    {
        var db = fixture.Database;
        await db.ResetAsync();
        var direct = new Npgsql.NpgsqlConnectionStringBuilder(db.Options.ConnectionString);
        await using var proxy = new LoopbackProxy(direct.Port);
        var relayed = new Npgsql.NpgsqlConnectionStringBuilder(db.Options.ConnectionString) { Port = proxy.Port, Timeout = 5 };
        await using var connections = new PostgresConnectionFactory(relayed.ConnectionString);
        var workers = new WorkerRepository(connections);
        await workers.CreateAsync(new Worker { Id = "w-1", DisplayName = "Li Wei", CityCode = "shenyang" });

        // Four idle connections in the pool, and a request in flight when the network goes.
        var held = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < 4; i++) held.Add(await connections.OpenAsync());
        foreach (var c in held.Skip(1)) await c.DisposeAsync();
        await using var busy = held[0];
        var inFlight = Dapper.SqlMapper.ExecuteAsync(busy, "SELECT pg_sleep(30)");
        await Task.Delay(200);
        proxy.Cut();

        var lost = await Assert.ThrowsAnyAsync<Exception>(() => inFlight);
        Assert.True(connections.Dialect.IsUnavailable(lost), $"in flight: {lost.GetType().Name} not classified as unavailable: {lost.Message}");
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => workers.GetAsync("w-1"));
        Assert.True(connections.Dialect.IsUnavailable(refused), $"while cut: {refused.GetType().Name} not classified as unavailable: {refused.Message}");

        proxy.Resume();
        for (var i = 0; i < 4; i++) Assert.Equal("Li Wei", (await workers.GetAsync("w-1"))!.DisplayName);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresRestartCollection
{
    /// <summary>Runs alone, after the parallel tests: stopping the server would fail anything else using it.</summary>
    public const string Name = "PostgreSQL server restarts";
}

/// <summary>
/// The real thing: stops the local PostgreSQL cluster under a repository that holds pooled connections, shows
/// the failure is classified as unavailable, starts the cluster again and shows the same repository works on
/// its first call. Runs where .ci/run allows it (MATCHING_TEST_PG_CONTROL=1 and MATCHING_TEST_PG_CLUSTER).
/// </summary>
[Collection(PostgresRestartCollection.Name)]
public sealed class PostgresRestartTests
{
    [PostgresControlFact]
    public async Task Repository_fails_as_unavailable_while_the_server_is_down_and_recovers_when_it_returns()
    {
        using var db = new PostgresTestDatabase();
        var workers = new WorkerRepository(db.Connections);
        await workers.CreateAsync(new Worker
        {
            Id = "w-1", DisplayName = "Li Wei", CityCode = "shenyang", Skills = [new SkillLevel("python", 3)],
        });
        // Four connections open at once, then returned: four idle connections in the pool, all of which die with
        // the server. Without clearing the pool on the first failure, the calls after the restart would meet them.
        var held = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < 4; i++) held.Add(await db.Connections.OpenAsync());
        foreach (var c in held) await c.DisposeAsync();

        Cluster("stop", "-m", "fast");
        try
        {
            for (var i = 0; i < 2; i++) // a pooled connection that died, then a fresh connection refused
            {
                var ex = await Assert.ThrowsAnyAsync<Exception>(() => workers.GetAsync("w-1"));
                Assert.True(db.Dialect.IsUnavailable(ex), $"attempt {i}: {ex.GetType().Name} not classified as unavailable: {ex.Message}");
            }
        }
        finally
        {
            Cluster("start");
        }

        // Every call succeeds at once: the broken pool was cleared, no stale connection is handed out.
        for (var i = 0; i < 4; i++) Assert.Equal("Li Wei", (await workers.GetAsync("w-1"))!.DisplayName);
        var updated = await workers.UpdateAsync((await workers.GetAsync("w-1"))! with { DisplayName = "Li Wei (back)" });
        Assert.Equal(2, updated!.Version);
    }

    private static void Cluster(params string[] action)
    {
        var cluster = Environment.GetEnvironmentVariable(TestEnvironment.PostgresClusterVariable)!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo("pg_ctlcluster") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in cluster.Concat(action)) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var error = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(1)) || p.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctlcluster {string.Join(' ', cluster.Concat(action))} failed: {error}");
    }
}

/// <summary>Runs only where the tests may stop and start the local PostgreSQL cluster; skipped with the reason elsewhere.</summary>
public sealed class PostgresControlFactAttribute : FactAttribute
{
    public PostgresControlFactAttribute()
    {
        if (TestEnvironment.ConnectionString(DatabaseProvider.PostgreSql) is null)
            Skip = TestEnvironment.SkipReason(DatabaseProvider.PostgreSql) ?? $"{TestEnvironment.PostgresVariable} is not set";
        else if (Environment.GetEnvironmentVariable(TestEnvironment.PostgresControlVariable) != "1"
                 || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestEnvironment.PostgresClusterVariable)))
            Skip = $"set {TestEnvironment.PostgresControlVariable}=1 and {TestEnvironment.PostgresClusterVariable}=\"VERSION NAME\" to let the tests restart the local PostgreSQL cluster";
    }
}
