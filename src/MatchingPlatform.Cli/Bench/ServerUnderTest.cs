using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace MatchingPlatform.Cli.Bench;

/// <summary>
/// The real server started as a child process (`dotnet MatchingPlatform.Server.dll`) on a free loopback port,
/// configured on its command line to read the benchmark database, so it loads and indexes it as production does.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _outputTail = new();

    private ServerUnderTest(Process process, string address, string signingKey)
    {
        _process = process;
        Address = address;
        SigningKey = signingKey;
    }

    public string Address { get; }
    public int ProcessId => _process.Id;

    /// <summary>The random signing key this server was started with: it runs outside Development, so it needs a real one.</summary>
    public string SigningKey { get; }

    /// <summary>A token for this server with the given role (admin by default: the benchmark asks on behalf of every worker).</summary>
    public string Token(string role = Core.Security.PlatformRoles.Admin, string subject = "bench", params string[] cities) =>
        Core.Security.AccessTokens.Issue(new Core.Security.AccessTokenRequest(role, subject, cities, TimeSpan.FromHours(12)),
            SigningKey, DateTimeOffset.UtcNow);

    /// <summary>Kills the process outright (no shutdown, no finally blocks), as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Start to SERVING: reading the database, building the retrieval indexes, loading (no) model.</summary>
    public TimeSpan StartTime { get; private set; }

    public static async Task<ServerUnderTest> StartAsync(string serverDll, string databaseFile, string workDirectory,
        string dataDirectory, TimeSpan timeout, CancellationToken ct, IReadOnlyList<string>? settings = null)
    {
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            serverDll,
            $"--Database:ConnectionString=Data Source={databaseFile}",
            "--Database:SeedDemoDataWhenEmpty=false",
            $"--Models:Directory={Path.Combine(workDirectory, "models")}",
            "--Models:TrainOnStartWhenMissing=false",
            $"--Kestrel:Endpoints:Grpc:Url={address}",
            $"--Platform:DataDirectory={dataDirectory}",
            // Request logging would measure the console, not the service.
            "--Logging:LogLevel:Default=Warning",
            // One client plays every caller: the per-caller rate limit would measure itself.
            "--RateLimits:Enabled=false",
        }) info.ArgumentList.Add(a);
        // Extra configuration as --Section:Key=value arguments (later arguments override earlier ones).
        foreach (var a in settings ?? []) info.ArgumentList.Add(a);

        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        info.ArgumentList.Add($"--Auth:SigningKey={signingKey}");
        info.ArgumentList.Add($"--Privacy:ContactKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new CliException("could not start the server process");
        var server = new ServerUnderTest(process, address, signingKey);
        // Drain both pipes: a full pipe would block the server; keep the tail to explain a failed start.
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitServingAsync(timeout, ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        server.StartTime = clock.Elapsed;
        return server;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_outputTail)
        {
            _outputTail.Enqueue(line);
            while (_outputTail.Count > 30) _outputTail.Dequeue();
        }
    }

    private string Tail()
    {
        lock (_outputTail) return string.Join(Environment.NewLine, _outputTail);
    }

    private async Task WaitServingAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new CliException($"the server exited with code {_process.ExitCode} before serving:{Environment.NewLine}{Tail()}");
            if (DateTime.UtcNow > deadline)
                throw new CliException($"the server was not SERVING after {timeout.TotalSeconds:F0} s:{Environment.NewLine}{Tail()}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM of /proc/pid/status), in bytes; null where unreadable.</summary>
    public (long? Rss, long? Peak) Memory()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status)) return (null, null);
        long? Field(string name) => File.ReadLines(status).Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(name.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024)
            .Cast<long?>().FirstOrDefault();
        return (Field("VmRSS"), Field("VmHWM"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        catch (TimeoutException) { /* left to the OS; nothing more this tool can do */ }
        _process.Dispose();
    }
}
