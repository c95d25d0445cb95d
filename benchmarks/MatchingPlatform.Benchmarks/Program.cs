using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MatchingPlatform.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/MatchingPlatform.Benchmarks -- --filter '*'` (BenchmarkDotNet's own
/// arguments; add `--quick` for fewer iterations).
/// </summary>
/// <remarks>
/// The benchmarks run in process (InProcessEmitToolchain): BenchmarkDotNet's default generates and builds a project
/// per run, which under this repository's Directory.Build.props and central package versions would not build
/// as generated; in-process also shares the dataset and the trained ranker between benchmarks.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--quick").ToArray(), config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
