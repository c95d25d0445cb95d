using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Training;

namespace MatchingPlatform.Ml.Tests;

/// <summary>
/// A small generated demo dataset over the shipped taxonomy, with an engine loaded from it, built once per test run:
/// the training and evaluation tests share it (and the model trained on it) to keep the suite fast.
/// </summary>
internal static class DemoWorld
{
    public static readonly DemoDataOptions Options = new() { Workers = 1200, Enterprises = 90, Vacancies = 500, Programmes = 40 };

    /// <summary>Smaller than the defaults (fewer retrieval negatives and iterations), so the suite stays fast.</summary>
    public static readonly TrainingOptions FastOptions = new()
    {
        RetrievalNegativesPerGroup = 10,
        Factor = new() { Iterations = 8 },
        Ranker = new() { Iterations = 100 },
    };

    private static readonly Lazy<(ReferenceData Reference, DemoDataset Data)> Generated = new(() =>
    {
        var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory());
        return (reference, DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, Options));
    });

    private static readonly Lazy<TrainedRanker> Trained = new(() => RankerTrainer.Train(TrainingData(), FastOptions));

    public static ReferenceData Reference => Generated.Value.Reference;
    public static DemoDataset Data => Generated.Value.Data;

    /// <summary>A ranker trained on the whole demo log with <see cref="FastOptions"/>.</summary>
    public static TrainedRanker Model => Trained.Value;

    /// <summary>An engine over the demo data at the end of its window (open vacancies only, as serving loads it).</summary>
    public static RecommendationEngine Engine(RankerHolder? holder = null)
    {
        var engine = new RecommendationEngine(
            Reference.Taxonomy, Reference.Cities, holder ?? new RankerHolder(), time: new FixedTime(Options.End));
        engine.Load(Data.Vacancies.Where(v => v.Status == VacancyStatus.Open), Data.Workers, Data.Enterprises, Data.Programmes);
        return engine;
    }

    public static TrainingData TrainingData(IReadOnlyList<Interaction>? interactions = null) =>
        new(Data.Workers, Data.Vacancies, interactions ?? Data.Interactions, Engine());
}
