using System.Collections.Concurrent;
using MatchingPlatform.Ml.Factorization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MatchingPlatform.Ml.Ranking;

/// <summary>
/// The learned ranker: a LightGBM LambdaRank model per direction over <see cref="MatchFeatures"/>, with the factor
/// model and popularity table that produce its two learned features (<see cref="Signals"/>).
/// </summary>
/// <remarks>
/// <para><b>Batched and thread-safe.</b> A request's candidates go through one Transform over a data view built from
/// the candidate list. Fitted ML.NET transformers are immutable and LightGBM's trees are evaluated by ML.NET's managed
/// tree ensemble, so concurrent requests share the model without locks; no PredictionEngine (which is not
/// thread-safe) is involved.</para>
/// <para><b>Explanations</b> are ML.NET's FeatureContributionCalculation on the LightGBM ranking model (it supports
/// tree rankers): per candidate, each feature's contribution in score units, unnormalised, computed in the same
/// Transform as the score.</para>
/// <para><b>One model per direction</b>, not a direction feature: the groups differ in kind (a worker's vacancies,
/// a vacancy's workers), the skill-overlap feature is normalised differently in each direction, and a shared model
/// would spend splits telling the two apart.</para>
/// </remarks>
public sealed class LightGbmRanker : ICandidateRanker
{
    public const string RankerName = "lightgbm-lambdarank";
    internal const string FeaturesColumn = "Features";
    internal const string ScoreColumn = "Score";
    internal const string ContributionsColumn = "FeatureContributions";

    private static readonly SchemaDefinition Input = InputSchema();
    private readonly MLContext _ml;

    private readonly ITransformer _vacancyScorer;
    private readonly ITransformer _candidateScorer;
    // PredictionEngines are not thread-safe: a call takes one from its direction's pool (or makes one) and returns it.
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, ScoreRow>>[] _scorers = [[], []];
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, ExplainedRow>>[] _explainers = [[], []];

    internal LightGbmRanker(string? version, MLContext ml, ITransformer vacancyModel, ITransformer candidateModel, ModelSignals signals)
    {
        ModelVersion = version;
        _ml = ml;
        VacancyModel = vacancyModel;
        CandidateModel = candidateModel;
        ModelSignals = signals;
        _vacancyScorer = ScoringPart(vacancyModel);
        _candidateScorer = ScoringPart(candidateModel);
    }

    /// <summary>
    /// The model without its last step when that step is the contribution calculator: the same Score column, without
    /// attributing every row (the calculator walks every tree once more per row and sorts the contributions).
    /// </summary>
    private static ITransformer ScoringPart(ITransformer model) =>
        model is TransformerChain<ITransformer> chain && chain.LastTransformer is FeatureContributionCalculatingTransformer && chain.Count() > 1
            ? new TransformerChain<ITransformer>(chain.Take(chain.Count() - 1).ToArray())
            : model;

    public string Name => RankerName;
    /// <summary>The model store's version of this model; null for a model trained but not saved.</summary>
    public string? ModelVersion { get; }
    public bool IsLearned => true;
    public IMatchSignals Signals => ModelSignals;
    public ModelSignals ModelSignals { get; }

    /// <summary>Ranks vacancies for a worker: the LambdaRank model plus the contribution calculator.</summary>
    internal ITransformer VacancyModel { get; }
    /// <summary>Ranks workers for a vacancy.</summary>
    internal ITransformer CandidateModel { get; }
    internal MLContext Context => _ml;

    internal LightGbmRanker WithVersion(string version) => new(version, _ml, VacancyModel, CandidateModel, ModelSignals);

    internal ITransformer ModelFor(RankingDirection direction) =>
        direction == RankingDirection.VacanciesForWorker ? VacancyModel : CandidateModel;

    /// <summary>The schema serving feeds the models: the feature vector alone.</summary>
    internal DataViewSchema InputDataSchema() => _ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), Input).Schema;

    public RankerOutput Score(RankingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var n = request.Candidates.Count;
        var scores = new double[n];
        var contributions = new IReadOnlyList<double>[n];
        if (n == 0) return new RankerOutput(scores, contributions);

        var data = _ml.Data.LoadFromEnumerable(request.Candidates.Select(c => new FeatureRow(c.Features.ToSingles())), Input);
        var scored = ModelFor(request.Direction).Transform(data);
        var scoreColumn = scored.Schema[ScoreColumn];
        var contributionColumn = scored.Schema[ContributionsColumn];
        using var cursor = scored.GetRowCursor([scoreColumn, contributionColumn]);
        var getScore = cursor.GetGetter<float>(scoreColumn);
        var getContributions = cursor.GetGetter<VBuffer<float>>(contributionColumn);
        float score = 0;
        var buffer = default(VBuffer<float>);
        var i = 0;
        while (cursor.MoveNext())
        {
            getScore(ref score);
            getContributions(ref buffer);
            scores[i] = score;
            var c = new double[MatchFeatures.Count];
            foreach (var (index, value) in buffer.Items()) c[index] = value;
            contributions[i] = c;
            i++;
        }
        if (i != n) throw new InvalidOperationException($"ranker scored {i} of {n} candidates");
        return new RankerOutput(scores, contributions);
    }

    /// <summary>
    /// Scores row by row through a pooled PredictionEngine over the model without its contribution step: the same
    /// mapper as the batch Transform of <see cref="Score"/> (the same floats, which the tests check), without a data
    /// view and a multi-threaded cursor per request.
    /// </summary>
    public IReadOnlyList<double> ScoreOnly(RankingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var n = request.Candidates.Count;
        var scores = new double[n];
        if (n == 0) return scores;
        var pool = _scorers[Index(request.Direction)];
        var engine = pool.TryTake(out var pooled) ? pooled
            : _ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(ScorerFor(request.Direction), ignoreMissingColumns: true, inputSchemaDefinition: Input);
        var row = new FeatureRow(new float[MatchFeatures.Count]);
        var output = new ScoreRow();
        for (var i = 0; i < n; i++)
        {
            request.Candidates[i].Features.CopyTo(row.Features);
            engine.Predict(row, ref output);
            scores[i] = output.Score;
        }
        pool.Add(engine);
        return scores;
    }

    /// <summary>The attributions of the chosen candidates, row by row through a pooled PredictionEngine over the whole model.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Explain(RankingRequest request, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) return [];
        var pool = _explainers[Index(request.Direction)];
        var engine = pool.TryTake(out var pooled) ? pooled
            : _ml.Model.CreatePredictionEngine<FeatureRow, ExplainedRow>(ModelFor(request.Direction), ignoreMissingColumns: true, inputSchemaDefinition: Input);
        var row = new FeatureRow(new float[MatchFeatures.Count]);
        var output = new ExplainedRow();
        var result = new IReadOnlyList<double>[indices.Count];
        for (var i = 0; i < result.Length; i++)
        {
            request.Candidates[indices[i]].Features.CopyTo(row.Features);
            engine.Predict(row, ref output);
            var c = new double[MatchFeatures.Count];
            foreach (var (index, value) in output.FeatureContributions.Items()) c[index] = value;
            result[i] = c;
        }
        pool.Add(engine);
        return result;
    }

    private static int Index(RankingDirection direction) => direction == RankingDirection.VacanciesForWorker ? 0 : 1;

    private ITransformer ScorerFor(RankingDirection direction) =>
        direction == RankingDirection.VacanciesForWorker ? _vacancyScorer : _candidateScorer;

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    private sealed class ExplainedRow
    {
        public float Score { get; set; }
        public VBuffer<float> FeatureContributions { get; set; }
    }

    /// <summary>The feature column as a fixed-size vector: ML.NET's trainers need the size in the schema.</summary>
    internal static SchemaDefinition InputSchema()
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, MatchFeatures.Count);
        return schema;
    }

    internal sealed class FeatureRow(float[] features)
    {
        public FeatureRow() : this([]) { }
        public float[] Features { get; set; } = features;
    }
}
