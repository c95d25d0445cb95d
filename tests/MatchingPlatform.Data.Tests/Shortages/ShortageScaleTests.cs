using System.Diagnostics;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Shortages;
using Xunit.Abstractions;

namespace MatchingPlatform.Data.Tests.Shortages;

[TestedOn(DatabaseProvider.Sqlite)]
public sealed class SqliteShortageScaleTests(SqliteFixture fixture, ITestOutputHelper output)
    : ShortageScaleContract(fixture, output), IClassFixture<SqliteFixture>
{
    /// <summary>The embedded default must aggregate the demo dataset well inside an interactive request.</summary>
    protected override TimeSpan? Budget => TimeSpan.FromSeconds(1);
}

[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresShortageScaleTests(PostgresFixture fixture, ITestOutputHelper output)
    : ShortageScaleContract(fixture, output), IClassFixture<PostgresFixture>;

[TestedOn(DatabaseProvider.SqlServer)]
public sealed class SqlServerShortageScaleTests(SqlServerFixture fixture, ITestOutputHelper output)
    : ShortageScaleContract(fixture, output), IClassFixture<SqlServerFixture>;

/// <summary>
/// The aggregation at the demo scale (6,000 workers, 2,500 vacancies): the same figures as a plain in-memory
/// computation over the generated records, on every provider, and fast enough on SQLite.
/// </summary>
public abstract class ShortageScaleContract(IProviderFixture fixture, ITestOutputHelper output)
{
    private ProviderDatabase Db => fixture.Database;

    /// <summary>Time allowed for one aggregation (the best of three, after a warm-up run); null: not timed.</summary>
    protected virtual TimeSpan? Budget => null;

    [ProviderFact]
    public async Task Demo_scale_aggregation_matches_an_in_memory_count_and_is_fast()
    {
        await Db.ResetAsync();
        var options = new DemoDataOptions();
        var demo = DemoDataGenerator.Generate(ProviderDatabase.Reference.Taxonomy, ProviderDatabase.Reference.Cities, options);
        await new DatasetWriter(Db.Connections).WriteAsync(new DatasetBatch
        {
            Enterprises = demo.Enterprises, Vacancies = demo.Vacancies, Workers = demo.Workers,
        });
        var repository = new ShortageRepository(Db.Connections);
        // Mid-window, so that some vacancies are not posted yet, some are closed already, and some workers not registered.
        var asOf = options.End.AddMonths(-6);

        var computed = await repository.ComputeAsync(asOf);
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            await repository.ComputeAsync(asOf);
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }
        output.WriteLine($"{Db.Options.Provider}: {computed.Count} keys from {demo.Vacancies.Count} vacancies and {demo.Workers.Count} workers in {best.TotalMilliseconds:F0} ms");

        var expected = InMemory(demo, asOf);
        Assert.True(expected.Count > 100, $"the demo data should give many keys, not {expected.Count}");
        Assert.Contains(expected, s => s.Supply == 0);
        Assert.Contains(expected, s => s.Supply > 0);
        Assert.Equal(expected, computed);
        Assert.Equal(InMemoryDigital(demo, asOf), await repository.DigitalRatioAsync(asOf));
        if (Budget is { } budget) Assert.True(best < budget, $"the aggregation took {best.TotalMilliseconds:F0} ms (budget {budget.TotalMilliseconds:F0} ms)");
    }

    private static bool OpenAt(Vacancy v, long at) =>
        v.PostedAt.ToUnixTimeMilliseconds() <= at && (v.ClosedAt is not { } c || c.ToUnixTimeMilliseconds() > at);

    private static bool SeekingAt(Worker w, long at) => w.ActivelySeeking && w.CreatedAt.ToUnixTimeMilliseconds() <= at;

    /// <summary>The definition of <see cref="ShortageStat"/>, counted record by record.</summary>
    private static List<ShortageStat> InMemory(DemoDataset demo, DateTimeOffset asOf)
    {
        var at = asOf.ToUnixTimeMilliseconds();
        var seekers = demo.Workers.Where(w => SeekingAt(w, at)).ToList();
        return demo.Vacancies.Where(v => OpenAt(v, at))
            .SelectMany(v => v.Requirements.Select(r => (Key: new ShortageKey(v.CityCode, v.IndustryCode, r.SkillCode), v.Headcount, r.Level)))
            .GroupBy(x => x.Key)
            .Select(g =>
            {
                long headcount = g.Sum(x => x.Headcount), weighted = g.Sum(x => (long)x.Level * x.Headcount);
                var level = (int)((2 * weighted + headcount) / (2 * headcount));
                var supply = seekers.Count(w => w.CityCode == g.Key.CityCode && w.Skills.Any(s => s.SkillCode == g.Key.SkillCode && s.Level >= level));
                return new ShortageStat(g.Key, level, (int)headcount, g.Count(), supply);
            })
            .OrderBy(s => s.Key.CityCode, StringComparer.Ordinal).ThenBy(s => s.Key.IndustryCode, StringComparer.Ordinal)
            .ThenBy(s => s.Key.SkillCode, StringComparer.Ordinal)
            .ToList();
    }

    private static List<DigitalRatio> InMemoryDigital(DemoDataset demo, DateTimeOffset asOf)
    {
        var at = asOf.ToUnixTimeMilliseconds();
        var taxonomy = ProviderDatabase.Reference.Taxonomy;
        bool Digital(string code) => taxonomy.FindSkill(code)!.IsDigital;
        var demand = demo.Vacancies.Where(v => OpenAt(v, at) && v.Requirements.Any(r => Digital(r.SkillCode)))
            .GroupBy(v => v.CityCode).ToDictionary(g => g.Key, g => g.Sum(v => v.Headcount));
        var supply = demo.Workers.Where(w => SeekingAt(w, at) && w.Skills.Any(s => Digital(s.SkillCode) && s.Level >= ShortageRepository.DigitalSupplyLevel))
            .GroupBy(w => w.CityCode).ToDictionary(g => g.Key, g => g.Count());
        return demand.Keys.Union(supply.Keys).Order(StringComparer.Ordinal)
            .Select(city => (city, d: demand.GetValueOrDefault(city), s: supply.GetValueOrDefault(city)))
            .Select(x => new DigitalRatio(x.city, x.d, x.s, x.d / (double)Math.Max(x.s, 1)))
            .ToList();
    }
}
