using Grpc.Net.Client;
using MatchingPlatform.Core.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace MatchingPlatform.Server.Tests;

/// <summary>
/// The real server on TestServer (in-memory HTTP/2) with its own temporary SQLite file. Tests reach it
/// through the generated gRPC clients over <see cref="Channel"/>. Use one of the two fixtures below.
/// </summary>
public abstract class PlatformFactory(bool seedDemoData) : WebApplicationFactory<Program>
{
    /// <summary>The test servers' signing key (not the development key, which only Development accepts).</summary>
    public const string SigningKey = "test-signing-key-for-the-in-memory-servers-0123456789";

    /// <summary>32 bytes, base64: the test servers' contact encryption key.</summary>
    public const string ContactKey = "dGVzdC1jb250YWN0LWtleS1mb3ItdGhlLXNlcnZlciE=";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "matching-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<GrpcChannel> _channels = [];
    private GrpcChannel? _channel;

    /// <summary>A channel acting as an administrator: the tests of what the services do, not of who may do it.</summary>
    public GrpcChannel Channel => _channel ??= ChannelAs(PlatformRoles.Admin, "test-admin");

    /// <summary>A channel whose calls carry a token for <paramref name="role"/> acting as <paramref name="subject"/>.</summary>
    public GrpcChannel ChannelAs(string role, string subject, params string[] cities) =>
        ChannelWithToken(AccessTokens.Issue(new AccessTokenRequest(role, subject, cities, TimeSpan.FromHours(1)), SigningKey, DateTimeOffset.UtcNow));

    /// <summary>A channel sending exactly this Authorization bearer value (none when null).</summary>
    public GrpcChannel ChannelWithToken(string? token)
    {
        HttpMessageHandler handler = Server.CreateHandler();
        if (token is not null) handler = new BearerHandler(token) { InnerHandler = handler };
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler });
        lock (_channels) _channels.Add(channel);
        return channel;
    }

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, ct);
        }
    }

    public string DatabasePath => Path.Combine(_directory, "matching.db");

    /// <summary>Settings a derived fixture adds or overrides (e.g. another database provider).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={DatabasePath}",
            ["Auth:SigningKey"] = SigningKey,
            ["Privacy:ContactKey"] = ContactKey,
            // Tests fire requests far faster than a person; RateLimitTests turns the limiter on for itself.
            ["RateLimits:Enabled"] = "false",
            ["Database:SeedDemoDataWhenEmpty"] = seedDemoData.ToString(),
            // A small demo dataset keeps start-up fast; the calibration is the same at any size.
            ["DemoData:Workers"] = "400",
            ["DemoData:Enterprises"] = "40",
            ["DemoData:Vacancies"] = "250",
            ["DemoData:Programmes"] = "60",
            // Tests that need a model train one explicitly; none is trained behind their back or read from models/.
            ["Models:Directory"] = Path.Combine(_directory, "models"),
            ["Models:TrainOnStartWhenMissing"] = "false",
            ["Models:ReloadIntervalSeconds"] = "0",
            // Snapshots are taken when a test asks (TakeSnapshot), not by the background job behind its back.
            ["Shortages:CheckIntervalSeconds"] = "0",
            ["Shortages:AlertPollSeconds"] = "1",
        }).AddInMemoryCollection(Settings));
    }

    protected override void Dispose(bool disposing)
    {
        lock (_channels) foreach (var channel in _channels) channel.Dispose();
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { /* best effort: temp folder */ }
        }
    }
}

/// <summary>A server seeded with a small demo dataset.</summary>
public sealed class DemoPlatformFactory() : PlatformFactory(seedDemoData: true);

/// <summary>A server whose database starts empty, for tests that need to know exactly what is stored.</summary>
public sealed class EmptyPlatformFactory() : PlatformFactory(seedDemoData: false);
