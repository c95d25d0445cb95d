using System.Text.Json;
using MatchingPlatform.Cli;

namespace MatchingPlatform.Cli.Tests;

/// <summary>
/// `matchctl bench` end to end on a tiny dataset, in process only (no server, no timing asserted: figures belong in
/// the benchmark's report, not in tests): every measure is in the JSON report and the posting budget's bookkeeping
/// is consistent.
/// </summary>
[Collection("console")] // Spectre.Console writes to the process console: run these one at a time.
public sealed class BenchCommandTests() : ScratchFolder("matchctl-bench-tests-")
{
    [Fact]
    public async Task An_in_process_bench_reports_every_measure_for_every_size()
    {
        var json = Path.Combine(Scratch, "bench.json");
        Assert.Equal(0, await Matchctl.RunAsync(
        [
            "bench", "--workers", "3000", "--vacancies", "400,1200", "--ranker", "fallback", "--in-process-only",
            "--posting-budget", "1500", "--reuse-databases", Path.Combine(Scratch, "db"), "--out", json,
        ]));
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal(1500, root.GetProperty("settings").GetProperty("postingBudget").GetInt64());
        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([400, 1200], runs.Select(r => r.GetProperty("vacancies").GetInt32()));
        foreach (var run in runs)
        {
            Assert.Equal(3000, run.GetProperty("workers").GetInt32());
            Assert.True(run.GetProperty("shortageSnapshot").GetProperty("statRows").GetInt32() > 0);
            Assert.Empty(run.GetProperty("load").EnumerateArray());
            var m = run.GetProperty("inProcess");
            Assert.Equal(500, m.GetProperty("vacancyEngine").GetProperty("count").GetInt32());
            Assert.Equal(500, m.GetProperty("candidateRetrievalExact").GetProperty("count").GetInt32());
            foreach (var side in new[] { "vacancyWork", "candidateWork" })
            {
                var work = m.GetProperty(side);
                // The budget never reads more than the exact scan, and what it finds is a share of the exact result.
                Assert.True(work.GetProperty("meanPostingsRead").GetDouble() <= work.GetProperty("meanPostingsExact").GetDouble());
                Assert.InRange(work.GetProperty("recallOfExact").GetDouble(), 0, 1);
                Assert.InRange(work.GetProperty("topKAgreement").GetDouble(), 0, 1);
                Assert.InRange(work.GetProperty("truncatedShare").GetDouble(), 0, 1);
            }
        }
        // The worker index holds 3,000 workers of about nine skills: a 1,500-posting budget must stop some queries.
        Assert.True(runs[0].GetProperty("inProcess").GetProperty("candidateWork").GetProperty("truncatedShare").GetDouble() > 0);

        // A second run reuses the databases it wrote (same sizes and seed) and says so.
        Assert.Equal(0, await Matchctl.RunAsync(
        [
            "bench", "--workers", "3000", "--vacancies", "400", "--ranker", "fallback", "--in-process-only",
            "--reuse-databases", Path.Combine(Scratch, "db"), "--out", json,
        ]));
        using var second = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal("NaN", second.RootElement.GetProperty("runs")[0].GetProperty("writeSeconds").GetString());
    }
}
