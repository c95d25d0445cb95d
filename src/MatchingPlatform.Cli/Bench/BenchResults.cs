namespace MatchingPlatform.Cli.Bench;

/// <summary>The JSON document `matchctl bench` writes: the machine, the settings and one run per catalogue size.</summary>
public sealed record BenchReport(MachineInfo Machine, BenchSettings Settings, IReadOnlyList<BenchRun> Runs, DateTimeOffset FinishedAt);

public sealed record MachineInfo(int ProcessorCount, string CpuModel, long? TotalMemoryBytes, string Runtime, string Os)
{
    public static MachineInfo Current()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? "unknown";
        var mem = ReadField("/proc/meminfo", "MemTotal") is { } m && long.TryParse(m.Split(' ')[0], out var kb) ? kb * 1024 : (long?)null;
        return new MachineInfo(Environment.ProcessorCount, cpu, mem,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription);
    }

    private static string? ReadField(string file, string name)
    {
        if (!File.Exists(file)) return null;
        return File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(':'))
            .Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
    }
}

public sealed record BenchSettings(int Workers, IReadOnlyList<int> Vacancies, int Requests, IReadOnlyList<int> Concurrency, int K,
    int Seed, string ServerDll);

/// <summary>One catalogue size: how long each stage took, the in-process measures and the gRPC load runs.</summary>
public sealed record BenchRun
{
    public required int Workers { get; init; }
    public required int Vacancies { get; init; }
    public required double GenerateSeconds { get; init; }
    public required double WriteSeconds { get; init; }
    /// <summary>RecommendationEngine.Load over the generated data, in process.</summary>
    public required double IndexBuildSeconds { get; init; }
    /// <summary>Server process start to grpc.health.v1 SERVING: database read plus index build plus host start.</summary>
    public double ServerStartSeconds { get; set; }
    public required InProcessMeasures InProcess { get; init; }
    public List<LoadRun> Load { get; } = [];
    public long? ServerRssBytes { get; set; }
    public long? ServerPeakRssBytes { get; set; }
}

/// <summary>
/// Per-query costs without gRPC or the database: retrieval alone (SkillIndex.Search) and the whole engine
/// (retrieval, features, fallback ranking, gaps). Ranking alone is roughly the difference. The profile lookups are
/// the repository reads each RPC makes before the engine runs (the server loads the profile from the database).
/// </summary>
public sealed record InProcessMeasures(
    LatencyStats VacancyRetrieval, LatencyStats VacancyEngine, LatencyStats CandidateRetrieval, LatencyStats CandidateEngine,
    double MeanVacancyCandidatesRetrieved, double MeanWorkerCandidatesRetrieved)
{
    public LatencyStats WorkerLookup { get; init; } = LatencyStats.Empty;
    public LatencyStats VacancyLookup { get; init; } = LatencyStats.Empty;
}

public sealed record LoadRun(string Method, int Concurrency, int Calls, int Errors, string? FirstError, double WallSeconds,
    double CallsPerSecond, LatencyStats Latency);
