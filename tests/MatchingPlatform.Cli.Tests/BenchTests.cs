using MatchingPlatform.Cli.Bench;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Cli.Tests;

public sealed class BenchTests
{
    private static readonly Lazy<ReferenceData> Reference = new(() => ReferenceData.Load(ReferenceData.ResolveDataDirectory()));

    [Fact]
    public void Percentile_is_nearest_rank()
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(50, LatencyStats.Percentile(sorted, 50));
        Assert.Equal(95, LatencyStats.Percentile(sorted, 95));
        Assert.Equal(99, LatencyStats.Percentile(sorted, 99));
        Assert.Equal(100, LatencyStats.Percentile(sorted, 100));
        Assert.Equal(1, LatencyStats.Percentile(sorted, 0));
        // Few samples: p99 of ten is the largest, never an interpolated value no request had.
        Assert.Equal(10, LatencyStats.Percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99));
        Assert.Equal(7, LatencyStats.Percentile([7], 50));
        Assert.Throws<ArgumentException>(() => LatencyStats.Percentile([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyStats.Percentile([1], 101));
    }

    [Fact]
    public void Stats_sort_their_input_and_leave_failed_calls_out()
    {
        var stats = LatencyStats.From([5, double.NaN, 1, 3, 2, 4]);
        Assert.Equal(5, stats.Count);
        Assert.Equal(3, stats.P50);
        Assert.Equal(5, stats.P99);
        Assert.Equal(3, stats.Mean, 9);
        Assert.Equal(0, LatencyStats.From([double.NaN]).Count);
    }

    [Fact]
    public void Scaled_dataset_is_deterministic_and_valid()
    {
        var reference = Reference.Value;
        var options = new ScaledDatasetOptions { Workers = 45_000, Vacancies = 800, Seed = 7 };
        var a = ScaledDatasetGenerator.Generate(reference.Taxonomy, reference.Cities, options);
        var b = ScaledDatasetGenerator.Generate(reference.Taxonomy, reference.Cities, options);

        Assert.Equal(45_000, a.Workers.Count);
        Assert.Equal(800, a.Vacancies.Count);
        // Workers span several parallel chunks: the same seed must still give the same people.
        Assert.Equal(Describe(a), Describe(b));
        Assert.NotEqual(Describe(a), Describe(ScaledDatasetGenerator.Generate(reference.Taxonomy, reference.Cities, options with { Seed = 8 })));

        Assert.All(a.Vacancies, v => Assert.Equal(VacancyStatus.Open, v.Status));
        Assert.Equal(a.Workers.Count, a.Workers.Select(w => w.Id).Distinct().Count());
        Assert.Equal(a.Vacancies.Count, a.Vacancies.Select(v => v.Id).Distinct().Count());

        var validator = new ProfileValidator(reference.Taxonomy, reference.Cities);
        // Every entity, not a sample: a bad one would be rejected by the server's write path.
        Assert.Empty(a.Workers.SelectMany(w => validator.Validate(w).Select(e => $"{w.Id}: {e}")));
        Assert.Empty(a.Vacancies.SelectMany(v => validator.Validate(v).Select(e => $"{v.Id}: {e}")));
        Assert.Empty(a.Enterprises.SelectMany(x => validator.Validate(x).Select(e => $"{x.Id}: {e}")));
        Assert.Empty(a.Programmes.SelectMany(p => validator.Validate(p).Select(e => $"{p.Id}: {e}")));
        Assert.All(a.Vacancies, v => Assert.Contains(a.Enterprises, e => e.Id == v.EnterpriseId));
    }

    private static string Describe(ScaledDataset d) => string.Join('\n',
        d.Workers.Select(w => $"{w.Id} {w.CityCode} {w.Education} {w.ExperienceYears} {w.SalaryWishMonthly} {w.ActivelySeeking} "
            + string.Join(',', w.Skills.Select(s => $"{s.SkillCode}:{s.Level}")))
        .Concat(d.Vacancies.Select(v => $"{v.Id} {v.EnterpriseId} {v.CityCode} {v.SalaryMinMonthly} "
            + string.Join(',', v.Requirements.Select(r => $"{r.SkillCode}:{r.Level}:{r.Importance}")))));
}
