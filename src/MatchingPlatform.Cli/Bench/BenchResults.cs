namespace MatchingPlatform.Cli.Bench;

/// <summary>
/// The JSON document `matchctl bench` writes: the machine, the settings, the ranker training (when the learned ranker
/// was benchmarked) and one run per catalogue size.
/// </summary>
public sealed record BenchReport(MachineInfo Machine, BenchSettings Settings, TrainingMeasure? Training, IReadOnlyList<BenchRun> Runs,
    DateTimeOffset FinishedAt);

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

/// <param name="Ranker">"learned": a LightGBM ranker trained for the run serves; "fallback": the retrieval score orders.</param>
public sealed record BenchSettings(int Workers, IReadOnlyList<int> Vacancies, int Requests, IReadOnlyList<int> Concurrency, int K,
    int Seed, string ServerDll, string Ranker)
{
    /// <summary>Most postings one retrieval reads (0: exact), in process and in the server.</summary>
    public long PostingBudget { get; init; }
    /// <summary>The server was not started: no gRPC load runs, no server start time or memory.</summary>
    public bool InProcessOnly { get; init; }
}

/// <summary>
/// Training the learned ranker the runs serve: on a generated demo dataset with an interaction log (the scaled
/// datasets have none), with the default training options, as `matchctl train` would.
/// </summary>
/// <param name="GenerateSeconds">Generating the training dataset (not part of training).</param>
/// <param name="TrainingSeconds">RankerTrainer.Train: labels and negatives, the factor models, features, both LambdaRank models.</param>
public sealed record TrainingMeasure(string Dataset, int Workers, int Vacancies, int Interactions, double GenerateSeconds,
    double TrainingSeconds, string ModelVersion, int VacancyRows, int CandidateRows);

/// <summary>What the server reported in RankingInfo during the run.</summary>
public sealed record RankerServed(string Name, string? ModelVersion, bool Fallback);

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
    /// <summary>Managed heap the engine holds after loading (records and both indexes), measured in process after a full GC.</summary>
    public long? EngineManagedBytes { get; init; }
    /// <summary>The ranker the server reported while it was measured.</summary>
    public RankerServed? Ranker { get; set; }
    public List<LoadRun> Load { get; } = [];
    public long? ServerRssBytes { get; set; }
    public long? ServerPeakRssBytes { get; set; }
    /// <summary>One shortage snapshot over this dataset (ShortageSnapshotter.TakeAsync, as the server's job takes it).</summary>
    public SnapshotMeasure? ShortageSnapshot { get; set; }
}

/// <summary>One shortage snapshot: SQL aggregation per (city, industry, skill), alert rules, near-qualified seekers, outbox.</summary>
public sealed record SnapshotMeasure(double Seconds, int StatRows, int AlertsOpened);

/// <summary>
/// Per-query costs without gRPC or the database: retrieval alone (SkillIndex.Search as served), the same queries with
/// early termination on (same results, other work), ranking alone (the ranker's scores for all retrieved candidates and
/// attributions for the k returned, as the engine asks, with the features computed beforehand) and the whole engine
/// (retrieval, features, ranking, gaps).
/// The profile lookups are the repository reads each RPC makes before the engine runs.
/// </summary>
public sealed record InProcessMeasures(
    LatencyStats VacancyRetrieval, LatencyStats VacancyEngine, LatencyStats CandidateRetrieval, LatencyStats CandidateEngine,
    double MeanVacancyCandidatesRetrieved, double MeanWorkerCandidatesRetrieved)
{
    public LatencyStats WorkerLookup { get; init; } = LatencyStats.Empty;
    public LatencyStats VacancyLookup { get; init; } = LatencyStats.Empty;
    public LatencyStats VacancyRetrievalExact { get; init; } = LatencyStats.Empty;
    public LatencyStats CandidateRetrievalExact { get; init; } = LatencyStats.Empty;
    public LatencyStats VacancyRanking { get; init; } = LatencyStats.Empty;
    public LatencyStats CandidateRanking { get; init; } = LatencyStats.Empty;
    /// <summary>Postings read per query, as served (within the posting budget) and exactly, and what the budget found.</summary>
    public RetrievalWork VacancyWork { get; init; } = RetrievalWork.None;
    public RetrievalWork CandidateWork { get; init; } = RetrievalWork.None;
}

/// <param name="MeanPostingsRead">Postings read per query as served.</param>
/// <param name="MeanPostingsExact">Postings read per query without a budget (every list of the query's skills).</param>
/// <param name="TruncatedShare">Share of queries the budget stopped before their most common skills' lists.</param>
/// <param name="RecallOfExact">Share of the exact top candidates that the served retrieval also returned.</param>
public sealed record RetrievalWork(double MeanPostingsRead, double MeanPostingsExact, double TruncatedShare, double RecallOfExact)
{
    /// <summary>Share of the k recommendations the engine returns with exact retrieval that it also returns as served.</summary>
    public double TopKAgreement { get; init; } = double.NaN;

    public static readonly RetrievalWork None = new(double.NaN, double.NaN, double.NaN, double.NaN);
}

public sealed record LoadRun(string Method, int Concurrency, int Calls, int Errors, string? FirstError, double WallSeconds,
    double CallsPerSecond, LatencyStats Latency);
