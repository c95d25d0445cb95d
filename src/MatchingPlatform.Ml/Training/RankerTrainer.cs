using System.Diagnostics;
using MatchingPlatform.Ml.Factorization;
using MatchingPlatform.Ml.Ranking;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace MatchingPlatform.Ml.Training;

/// <summary>
/// Trains the factor model and the two LambdaRank models from the feedback log.
/// </summary>
/// <remarks>
/// <para>Steps: grade the logged pairs and sample negatives (<see cref="TrainingSetBuilder"/>); train the factor
/// model on every distinct pair of both directions; compute every row's features through the engine's feature path
/// (<see cref="Recommendation.RecommendationEngine.Features(IReadOnlyList{MatchPair}, RankingDirection, IMatchSignals)"/>),
/// exactly as requests do; train LambdaRank per direction on groups that have at least one grade above 0 (a group
/// without one has no pair to order and contributes no gradient).</para>
/// <para><b>Leakage.</b> The ranker's factor-score feature is out of fold: pairs are split into
/// <see cref="TrainingOptions.FactorFolds"/> folds by a hash of the pair, and a pair's feature comes from the model
/// trained on the other folds, so the ranker never learns to trust a factor score that has seen the row's own label.
/// The served factor model is trained on all pairs. Popularity is taken as of each row's time
/// (<see cref="PopularityTable"/>), so a row never counts its own engagement.</para>
/// <para>Deterministic for the same data and options: MLContext(seed), per-group sampling streams, ordinal orders
/// everywhere, and LightGBM on a fixed thread count.</para>
/// </remarks>
public static class RankerTrainer
{
    private const string LabelColumn = "Label";
    private const string GroupColumn = "Group";
    private const string GroupKeyColumn = "GroupKey";

    public static TrainedRanker Train(
        TrainingData data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        void Report(TrainingStage stage, string message) => progress?.Report(new TrainingProgress(stage, message));

        Report(TrainingStage.Labelling, $"grading {data.Interactions.Count} interactions and sampling negatives");
        var builder = new TrainingSetBuilder(data, options);
        var directions = new[] { RankingDirection.VacanciesForWorker, RankingDirection.CandidatesForVacancy };
        var allGroups = directions.ToDictionary(d => d, builder.Groups);
        cancellationToken.ThrowIfCancellationRequested();

        var popularity = options.UsePopularity ? PopularityTable.FromInteractions(data.Interactions) : PopularityTable.Empty;
        var factorThreshold = InteractionGrades.Threshold(options.FactorPositiveFrom);
        // Every distinct pair of either direction, including those of groups LambdaRank will drop: their negatives
        // still teach the factor model.
        var examples = allGroups.Values.SelectMany(g => g).SelectMany(g => g.Pairs)
            .DistinctBy(p => p.Key)
            .OrderBy(p => p.Worker.Id, StringComparer.Ordinal).ThenBy(p => p.Vacancy.Id, StringComparer.Ordinal)
            .ToArray();
        var folds = options.FactorFolds;
        int FoldOf(PairKey key) => (int)(StableHash.Of(key.WorkerId, key.VacancyId) % (ulong)folds);

        Report(TrainingStage.FactorModel, $"training the factor model on {examples.Length} pairs ({(folds > 1 ? $"{folds} out-of-fold models and a final one" : "in-sample")})");
        (MatchPair, bool)[] Examples(Func<LabeledPair, bool> keep) =>
            examples.Where(keep).Select(p => (p.Pair, p.Grade >= factorThreshold)).ToArray();
        var final = FieldAwareFactorModel.Train(Examples(_ => true), options.Factor, options.Seed);
        var foldModels = new FieldAwareFactorModel[folds];
        for (var f = 0; f < folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foldModels[f] = folds == 1 ? final : FieldAwareFactorModel.Train(Examples(p => FoldOf(p.Key) != f), options.Factor, options.Seed + 1 + f);
        }

        var ml = new MLContext(options.Seed);
        var models = new Dictionary<RankingDirection, ITransformer>();
        var counts = new Dictionary<RankingDirection, (int Groups, int Rows)>();
        foreach (var direction in directions)
        {
            var groups = allGroups[direction].Where(g => g.MaxGrade > InteractionGrades.ImpressionOnly && g.Pairs.Count > 1).ToArray();
            if (groups.Length == 0)
                throw new InvalidOperationException($"no {direction} group has a pair graded above impression: nothing to rank");
            var rows = groups.SelectMany((g, gi) => g.Pairs.Select(p => (Group: gi, Pair: p))).ToArray();

            Report(TrainingStage.Features, $"{direction}: features of {rows.Length} rows in {groups.Length} groups");
            var features = new FeatureVector[rows.Length];
            for (var f = 0; f < folds; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var inFold = Enumerable.Range(0, rows.Length).Where(i => FoldOf(rows[i].Pair.Key) == f).ToArray();
                var computed = data.Engine.Features(
                    inFold.Select(i => rows[i].Pair.Pair).ToArray(), direction, new ModelSignals(foldModels[f], popularity));
                for (var j = 0; j < inFold.Length; j++) features[inFold[j]] = computed[j];
            }

            cancellationToken.ThrowIfCancellationRequested();
            Report(TrainingStage.Ranker, $"{direction}: LambdaRank over {rows.Length} rows");
            var training = rows.Select((r, i) => new RankingRow(r.Pair.Grade, (uint)r.Group, features[i].ToSingles()));
            models[direction] = TrainLambdaRank(ml, training, options);
            counts[direction] = (groups.Length, rows.Length);
        }

        var ranker = new LightGbmRanker(null, ml, models[RankingDirection.VacanciesForWorker], models[RankingDirection.CandidatesForVacancy],
            new ModelSignals(final, popularity));
        var summary = new TrainingSummary(
            TrainingDataHash.Compute(data),
            new TrainingCounts
            {
                Interactions = data.Interactions.Count,
                Workers = data.Workers.Count,
                Vacancies = data.Vacancies.Count,
                LabeledPairs = builder.Labels.Count,
                UnknownPairs = builder.UnknownPairs,
                FactorExamples = examples.Length,
                FactorPositives = examples.Count(p => p.Grade >= factorThreshold),
                VacancyGroups = counts[RankingDirection.VacanciesForWorker].Groups,
                VacancyRows = counts[RankingDirection.VacanciesForWorker].Rows,
                CandidateGroups = counts[RankingDirection.CandidatesForVacancy].Groups,
                CandidateRows = counts[RankingDirection.CandidatesForVacancy].Rows,
            },
            options.Seed,
            clock.Elapsed.TotalSeconds);
        Report(TrainingStage.Done, $"trained in {summary.Seconds:0.0} s");
        return new TrainedRanker(ranker, summary);
    }

    /// <summary>
    /// LambdaRank on rows already ordered by group (LightGBM needs a group's rows contiguous), followed by the
    /// feature-contribution calculator, as one transformer whose only input is the feature vector.
    /// </summary>
    private static ITransformer TrainLambdaRank(MLContext ml, IEnumerable<RankingRow> rows, TrainingOptions options)
    {
        var schema = SchemaDefinition.Create(typeof(RankingRow));
        schema[nameof(RankingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, MatchFeatures.Count);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        // The key conversion is fitted and applied here only, so the saved model does not ask serving for a group.
        var keyed = ml.Transforms.Conversion.MapValueToKey(GroupKeyColumn, GroupColumn).Fit(data).Transform(data);
        var o = options.Ranker;
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = LabelColumn,
            FeatureColumnName = LightGbmRanker.FeaturesColumn,
            RowGroupColumnName = GroupKeyColumn,
            NumberOfLeaves = o.NumberOfLeaves,
            NumberOfIterations = o.Iterations,
            LearningRate = o.LearningRate,
            MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf,
            NumberOfThreads = o.Threads,
            Seed = options.Seed,
            Silent = true,
        });
        var model = trainer.Fit(keyed);
        var contributions = ml.Transforms.CalculateFeatureContribution(
            model, numberOfPositiveContributions: MatchFeatures.Count, numberOfNegativeContributions: MatchFeatures.Count, normalize: false)
            .Fit(model.Transform(keyed));
        return new TransformerChain<ITransformer>(model, contributions);
    }

    private sealed class RankingRow(float label, uint group, float[] features)
    {
        public RankingRow() : this(0, 0, []) { }
        public float Label { get; set; } = label;
        public uint Group { get; set; } = group;
        public float[] Features { get; set; } = features;
    }
}
