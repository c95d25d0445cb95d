using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Ml.Models;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Training;

namespace MatchingPlatform.Benchmarks;

/// <summary>
/// The data every benchmark runs on, built once per process: a scaled dataset (ScaledDatasetGenerator, as
/// `matchctl bench` uses) loaded into an engine, a learned ranker, and fixed samples of query workers and vacancies.
/// </summary>
/// <remarks>
/// Sizes come from the environment so a quick run and a provincial-scale run use the same code:
/// MATCHING_BENCH_WORKERS (default 200,000), MATCHING_BENCH_VACANCIES (default 50,000). The ranker is loaded from
/// MATCHING_BENCH_MODELS (a model store folder, e.g. models/) when set, else trained here on a small demo dataset
/// with reduced iterations (about half a minute): its scoring cost per candidate is the same kind of tree walk.
/// </remarks>
internal static class BenchWorld
{
    public const int Seed = 20261128;
    public const int Queries = 64;

    private static readonly Lazy<World> Instance = new(Build);

    public static World Get() => Instance.Value;

    internal sealed record World(
        ReferenceData Reference,
        ScaledDataset Data,
        RecommendationEngine Engine,
        ICandidateRanker Ranker,
        Worker[] Workers,
        Vacancy[] Vacancies,
        string SmallCity);

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    private static World Build()
    {
        var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory());
        var options = new ScaledDatasetOptions
        {
            Workers = Env("MATCHING_BENCH_WORKERS", 200_000),
            Vacancies = Env("MATCHING_BENCH_VACANCIES", 50_000),
            Seed = Seed,
        };
        Console.WriteLine($"// BenchWorld: {options.Workers:N0} workers, {options.Vacancies:N0} vacancies");
        var data = ScaledDatasetGenerator.Generate(reference.Taxonomy, reference.Cities, options);
        var ranker = LoadOrTrainRanker(reference);
        var engine = new RecommendationEngine(reference.Taxonomy, reference.Cities, new RankerHolder(ranker));
        engine.Load(data.Vacancies, data.Workers, data.Enterprises, data.Programmes);

        var rng = new Random(Seed);
        var workers = Enumerable.Range(0, Queries).Select(_ => data.Workers[rng.Next(data.Workers.Count)]).ToArray();
        var vacancies = Enumerable.Range(0, Queries).Select(_ => data.Vacancies[rng.Next(data.Vacancies.Count)]).ToArray();
        // The Liaoning city with the fewest open vacancies: what a city filter on a small market looks like.
        var smallCity = data.Vacancies.GroupBy(v => v.CityCode)
            .Where(g => reference.Cities.Contains(g.Key) && reference.Cities.All.First(c => c.Code == g.Key).InLiaoning)
            .OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        return new World(reference, data, engine, ranker, workers, vacancies, smallCity);
    }

    private static ICandidateRanker LoadOrTrainRanker(ReferenceData reference)
    {
        if (Environment.GetEnvironmentVariable("MATCHING_BENCH_MODELS") is { Length: > 0 } folder)
        {
            var loaded = new ModelStore(folder).LoadNewestValid();
            if (loaded.Ranker is { } stored)
            {
                Console.WriteLine($"// BenchWorld: ranker {loaded.Metadata!.Version} from {folder}");
                return stored;
            }
            Console.WriteLine($"// BenchWorld: no loadable model in {folder}; training one");
        }
        var demo = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities,
            new DemoDataOptions { Workers = 1200, Enterprises = 90, Vacancies = 500, Programmes = 40, Seed = Seed });
        var engine = new RecommendationEngine(reference.Taxonomy, reference.Cities, new RankerHolder());
        engine.Load(demo.Vacancies.Where(v => v.Status == VacancyStatus.Open), demo.Workers, demo.Enterprises, demo.Programmes);
        var trained = RankerTrainer.Train(new TrainingData(demo.Workers, demo.Vacancies, demo.Interactions, engine),
            new TrainingOptions { RetrievalNegativesPerGroup = 10, Factor = new() { Iterations = 8 }, Ranker = new() { Iterations = 100 } });
        Console.WriteLine($"// BenchWorld: trained a ranker on {demo.Interactions.Count:N0} demo interactions in {trained.Summary.Seconds:F0} s");
        return trained.Ranker;
    }
}
