using Dapper;
using Grpc.Core;
using MatchingPlatform.Cli.Bench;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Security;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Cli.Tests;

/// <summary>
/// Nothing lost between a snapshot and its delivery: the real server runs as a child process and is killed
/// outright while a training bureau's subscriber is part-way through the events of a snapshot; another snapshot
/// commits while no server runs; a fresh server then serves the subscriber, which resumes after the last id it
/// saw and must receive every remaining event exactly once, in id order. A repeated snapshot adds nothing.
/// </summary>
public sealed class AlertDeliveryCrashTests : IDisposable
{
    // Sensitive rules so the small dataset raises alerts on its first snapshot and closes them on the next.
    private static readonly AlertRuleSet Rules = new()
    {
        RatioThreshold = 2, MinDemand = 2, ConsecutiveSnapshots = 1, ClearAfterSnapshots = 1, Trend = new TrendRule { Enabled = false },
    };

    private static readonly string[] RuleSettings =
    [
        "--AlertRules:RatioThreshold=2", "--AlertRules:MinDemand=2", "--AlertRules:ConsecutiveSnapshots=1",
        "--AlertRules:ClearAfterSnapshots=1", "--AlertRules:Trend:Enabled=false",
        // The test takes the snapshots; the server only delivers. Poll fast: the writer is another process.
        "--Shortages:CheckIntervalSeconds=0", "--Shortages:AlertPollSeconds=1",
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "matching-alert-crash-" + Guid.NewGuid().ToString("N"));
    private readonly ReferenceData _reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory());

    private string DatabaseFile => Path.Combine(_folder, "matching.db");

    [Fact]
    public async Task A_subscriber_resuming_after_a_server_kill_gets_every_event_exactly_once()
    {
        Directory.CreateDirectory(_folder);
        var connections = await SeedAsync();
        var snapshotter = new ShortageSnapshotter(connections);
        var demo = new DemoDataOptions();
        var first = SnapshotPeriod.Containing(demo.End.AddDays(-14), 7);
        var taken = await snapshotter.TakeAsync(first, first.EndInstant, Rules, 50);
        Assert.True(taken.Opened >= 6, $"the first snapshot should open several alerts, opened {taken.Opened}");
        var jurisdiction = _reference.Cities.All.Select(c => c.Code).ToArray();

        // Server A delivers the first events, then dies before the subscriber has read the rest.
        const int ReadBeforeKill = 3;
        var received = new List<AlertEvent>();
        await using (var a = await StartServerAsync())
        {
            received.AddRange(await ReadAsync(a, jurisdiction, afterId: 0, count: ReadBeforeKill, TimeSpan.FromSeconds(30)));
            await a.KillAsync();
        }
        Assert.Equal(ReadBeforeKill, received.Count);

        // While no server runs, the market moves and the current period's snapshot commits (as a replica or matchctl would).
        var vacancies = new VacancyRepository(connections);
        foreach (var open in (await vacancies.GetOpenAsync()).Take(60)) await vacancies.CloseAsync(open.Id);
        var second = await snapshotter.TakeAsync(SnapshotPeriod.Containing(DateTimeOffset.UtcNow, 7), DateTimeOffset.UtcNow, Rules, 50);
        Assert.True(second.Opened + second.Escalated + second.Closed > 0, "the second snapshot should change some alerts");
        var stored = await EventIdsAsync(connections);

        // Server B: resume after the last id seen.
        await using (var b = await StartServerAsync())
        {
            var lastSeen = received[^1].EventId;
            var remaining = stored.Count(id => id > lastSeen);
            received.AddRange(await ReadAsync(b, jurisdiction, lastSeen, remaining, TimeSpan.FromSeconds(60)));
            // Nothing more arrives: every event exactly once.
            Assert.Empty(await ReadAsync(b, jurisdiction, received[^1].EventId, count: 1, TimeSpan.FromSeconds(3)));

            // A duplicate snapshot of the current period (through the running server) writes nothing.
            using var channel = CliServer.Open(b.Address, b.Token());
            var again = await new ShortageService.ShortageServiceClient(channel).TakeSnapshotAsync(new TakeSnapshotRequest());
            Assert.True(again.AlreadyExisted);
            Assert.Equal(second.SnapshotId, again.Snapshot.Id);
        }
        Assert.Equal(stored, received.Select(e => e.EventId).ToList());
        Assert.Equal(stored, await EventIdsAsync(connections));
        // A period older than the newest stored one is refused, and adds nothing either.
        await Assert.ThrowsAsync<MatchingPlatform.Data.StateConflictException>(() => snapshotter.TakeAsync(first.Next, first.Next.EndInstant, Rules, 50));
        Assert.Equal(stored, await EventIdsAsync(connections));
    }

    private async Task<IDbConnectionFactory> SeedAsync()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={DatabaseFile}" };
        DatabaseMigrator.Migrate(options);
        var connections = ConnectionFactories.Create(options);
        await new ReferenceDataRepository(connections).SyncAsync(_reference);
        var demo = DemoDataGenerator.Generate(_reference.Taxonomy, _reference.Cities,
            new DemoDataOptions { Workers = 400, Enterprises = 40, Vacancies = 250, Programmes = 60 });
        await new DatasetWriter(connections).WriteAsync(Commands.DemoDataCommand.ToBatch(demo));
        return connections;
    }

    private Task<ServerUnderTest> StartServerAsync() =>
        ServerUnderTest.StartAsync(ServerBuild.Dll(), DatabaseFile, _folder, ReferenceData.ResolveDataDirectory(),
            TimeSpan.FromSeconds(120), CancellationToken.None, RuleSettings);

    /// <summary>Reads until <paramref name="count"/> events arrived or <paramref name="window"/> passed.</summary>
    private static async Task<List<AlertEvent>> ReadAsync(ServerUnderTest server, string[] cities, long afterId, int count, TimeSpan window)
    {
        // The subscriber is a training bureau whose jurisdiction is every city.
        using var channel = CliServer.Open(server.Address, server.Token(PlatformRoles.TrainingBureau, "bureau-all", cities));
        var request = new SubscribeAlertsRequest { AfterEventId = afterId };
        request.Cities.AddRange(cities);
        var events = new List<AlertEvent>();
        using var stop = new CancellationTokenSource(window);
        using var call = new AlertService.AlertServiceClient(channel).SubscribeAlerts(request, cancellationToken: stop.Token);
        try
        {
            await foreach (var e in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                events.Add(e);
                if (events.Count >= count) break;
            }
        }
        catch (Exception ex) when (stop.IsCancellationRequested && ex is RpcException or OperationCanceledException)
        {
            // The window closed.
        }
        return events;
    }

    private static async Task<List<long>> EventIdsAsync(IDbConnectionFactory connections)
    {
        await using var c = await connections.OpenAsync();
        return (await c.QueryAsync<long>("SELECT id FROM alert_events ORDER BY id")).ToList();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* temp folder: best effort */ }
    }
}
