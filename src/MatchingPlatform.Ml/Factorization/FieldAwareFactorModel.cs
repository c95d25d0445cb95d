using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MatchingPlatform.Ml.Factorization;

/// <summary>Hyper-parameters of the field-aware factorisation machine.</summary>
public sealed record FactorModelOptions
{
    public int LatentDimension { get; init; } = 8;
    public int Iterations { get; init; } = 10;
    public float LearningRate { get; init; } = 0.1f;
    public float LambdaLinear { get; init; } = 1e-4f;
    public float LambdaLatent { get; init; } = 1e-4f;

    public void Validate()
    {
        if (LatentDimension < 1) throw new ArgumentOutOfRangeException(nameof(LatentDimension), LatentDimension, "must be at least 1");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (!(LambdaLinear >= 0)) throw new ArgumentOutOfRangeException(nameof(LambdaLinear), LambdaLinear, "must not be negative");
        if (!(LambdaLatent >= 0)) throw new ArgumentOutOfRangeException(nameof(LambdaLatent), LambdaLatent, "must not be negative");
    }
}

/// <summary>
/// ML.NET's FieldAwareFactorizationMachine over the fields of <see cref="FactorField"/>, trained as a binary
/// classifier (engaged or not) and scored as a logit. Thread-safe: scoring builds a data view per call and runs one
/// Transform over it; the fitted transformer is immutable.
/// </summary>
public sealed class FieldAwareFactorModel : IFactorModel
{
    public const string ModelName = "field-aware-fm";

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;
    // A PredictionEngine is not thread-safe: each call takes one from the pool (or makes one) and gives it back.
    private readonly ConcurrentBag<PredictionEngine<FactorRow, FactorScore>> _engines = [];
    private readonly DirectScorer? _direct;
    // 0: not yet checked against ML.NET; 1: agrees, serves; -1: disagrees, the PredictionEngine serves.
    private int _directVerified;

    /// <summary>Whether scores come from the direct evaluation (checked against ML.NET on the first batch).</summary>
    internal bool ScoresDirectly => _direct is not null && Volatile.Read(ref _directVerified) > 0;

    private FieldAwareFactorModel(MLContext ml, ITransformer model, FactorVocabulary vocabulary)
    {
        _ml = ml;
        _model = model;
        Vocabulary = vocabulary;
        _schema = SchemaFor(vocabulary);
        _direct = DirectScorer.TryCreate(model);
    }

    public string Name => ModelName;
    public FactorVocabulary Vocabulary { get; }

    /// <summary>Trains on labelled pairs; the vocabulary is every token of these pairs and nothing else.</summary>
    public static FieldAwareFactorModel Train(IReadOnlyList<(MatchPair Pair, bool Positive)> examples, FactorModelOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (examples.Count == 0) throw new ArgumentException("no examples to train the factor model on", nameof(examples));
        if (!examples.Any(e => e.Positive) || examples.All(e => e.Positive))
            throw new ArgumentException("the factor model needs both positive and negative examples", nameof(examples));

        var ml = new MLContext(seed);
        var vocabulary = FactorVocabulary.Build(examples.Select(e => e.Pair));
        var cache = new EncodingCache(vocabulary);
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => FactorRow.Create(cache, e.Pair, e.Positive)), SchemaFor(vocabulary));
        var fields = FactorVocabulary.Fields.Select(f => f.ToString()).ToArray();
        var trainer = ml.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new FieldAwareFactorizationMachineTrainer.Options
        {
            LabelColumnName = nameof(FactorRow.Label),
            FeatureColumnName = fields[0],
            ExtraFeatureColumns = fields[1..],
            LatentDimension = options.LatentDimension,
            NumberOfIterations = options.Iterations,
            LearningRate = options.LearningRate,
            LambdaLinear = options.LambdaLinear,
            LambdaLatent = options.LambdaLatent,
            // Unit-length examples: a worker with 20 skills must not outweigh one with 3.
            NormalizeFeatures = true,
            Shuffle = true,
        });
        return new FieldAwareFactorModel(ml, trainer.Fit(data), vocabulary);
    }

    /// <summary>
    /// One logit per pair. A batch Transform builds a data view and a multi-threaded cursor per call, which at a
    /// request's few hundred rows costs several times the arithmetic; a PredictionEngine per row still copies eleven
    /// vectors through reflection-built getters. So the model's own weights are evaluated directly
    /// (<see cref="DirectScorer"/>: ML.NET's algorithm, operation for operation), and the first batch is also scored by
    /// a PredictionEngine: the direct path serves only when the two agree bit for bit, else the engine does. The
    /// tests compare all three (<see cref="ScoreByTransform"/>, <see cref="ScoreByEngine"/>).
    /// </summary>
    public double[] Score(IReadOnlyList<MatchPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) return [];
        var direct = _direct;
        if (direct is null || Volatile.Read(ref _directVerified) < 0) return ScoreByEngine(pairs);
        var scores = direct.Score(pairs, new EncodingCache(Vocabulary));
        if (Volatile.Read(ref _directVerified) > 0) return scores;
        // The first batch is scored both ways: the direct path serves only if it agrees with ML.NET bit for bit.
        var reference = ScoreByEngine(pairs);
        var same = scores.AsSpan().SequenceEqual(reference);
        Volatile.Write(ref _directVerified, same ? 1 : -1);
        return reference;
    }

    /// <summary>Row by row through a pooled PredictionEngine (the reference the direct path is checked against).</summary>
    internal double[] ScoreByEngine(IReadOnlyList<MatchPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var scores = new double[pairs.Count];
        if (pairs.Count == 0) return scores;
        var engine = _engines.TryTake(out var pooled) ? pooled
            : _ml.Model.CreatePredictionEngine<FactorRow, FactorScore>(_model, ignoreMissingColumns: true, inputSchemaDefinition: _schema);
        var cache = new EncodingCache(Vocabulary);
        var prediction = new FactorScore();
        for (var i = 0; i < scores.Length; i++)
        {
            engine.Predict(FactorRow.Create(cache, pairs[i], false), ref prediction);
            scores[i] = prediction.Score;
        }
        _engines.Add(engine);
        return scores;
    }

    /// <summary>The batch Transform <see cref="Score"/> must agree with (for the tests).</summary>
    internal double[] ScoreByTransform(IReadOnlyList<MatchPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var scores = new double[pairs.Count];
        if (pairs.Count == 0) return scores;
        // A request's pairs share one side (its worker or its vacancy): each profile's own fields are encoded once.
        var cache = new EncodingCache(Vocabulary);
        var data = _ml.Data.LoadFromEnumerable(pairs.Select(p => FactorRow.Create(cache, p, false)), _schema);
        var scored = _model.Transform(data);
        var column = scored.Schema["Score"];
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        var i = 0;
        float value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            scores[i++] = value;
        }
        if (i != scores.Length) throw new InvalidOperationException($"factor model scored {i} of {scores.Length} pairs");
        return scores;
    }

    /// <summary>Writes the ML.NET zip and the vocabulary (JSON) that together make the model.</summary>
    public void Save(string modelPath, string vocabularyPath)
    {
        using (var zip = File.Create(modelPath))
            _ml.Model.Save(_model, _ml.Data.LoadFromEnumerable(Array.Empty<FactorRow>(), _schema).Schema, zip);
        using var json = File.Create(vocabularyPath);
        Vocabulary.Save(json);
    }

    /// <exception cref="InvalidDataException">Unreadable, or the zip and the vocabulary do not belong together.</exception>
    public static FieldAwareFactorModel Load(string modelPath, string vocabularyPath)
    {
        FactorVocabulary vocabulary;
        using (var json = File.OpenRead(vocabularyPath))
            vocabulary = FactorVocabulary.Load(json);
        var ml = new MLContext();
        ITransformer model;
        DataViewSchema input;
        try
        {
            using var zip = File.OpenRead(modelPath);
            model = ml.Model.Load(zip, out input);
        }
        catch (Exception e) when (e is not IOException)
        {
            // ML.NET reports a damaged zip with assorted exception types; to the caller it is one condition.
            throw new InvalidDataException($"factor model zip is unreadable: {e.Message}", e);
        }
        foreach (var field in FactorVocabulary.Fields)
        {
            var column = input.GetColumnOrNull(field.ToString());
            if (column is not { Type: VectorDataViewType { Size: var size } } || size != vocabulary.Size(field))
                throw new InvalidDataException($"factor model field {field} does not match its vocabulary ({vocabulary.Size(field)} slots)");
        }
        return new FieldAwareFactorModel(ml, model, vocabulary);
    }

    private static SchemaDefinition SchemaFor(FactorVocabulary vocabulary)
    {
        var schema = SchemaDefinition.Create(typeof(FactorRow));
        foreach (var field in FactorVocabulary.Fields)
            schema[field.ToString()].ColumnType = new VectorDataViewType(NumberDataViewType.Single, vocabulary.Size(field));
        return schema;
    }

    /// <summary>
    /// The trained model's weights evaluated in C#, as ML.NET 5's FieldAwareFactorizationMachineModelParameters does
    /// (LoadOneExampleIntoBuffer, then the AVX CalculateIntermediateVariables of Microsoft.ML.CpuMath): the same
    /// operations in the same order, so the same floats. Needs AVX and a latent dimension that is a multiple of 8 (one
    /// vector, as ours is); otherwise there is none and the PredictionEngine serves.
    /// </summary>
    private sealed class DirectScorer
    {
        private static readonly Vector256<float> Half = Vector256.Create(0.5f);
        private readonly float[] _linear;
        private readonly float[] _latent;
        private readonly int _fields;
        private readonly int _dim;

        private DirectScorer(float[] linear, float[] latent, int fields, int dim)
        {
            _linear = linear;
            _latent = latent;
            _fields = fields;
            _dim = dim;
        }

        public static DirectScorer? TryCreate(ITransformer model)
        {
            if (model is TransformerChain<ITransformer> chain && chain.Count() == 1) model = chain.LastTransformer;
            if (model is not FieldAwareFactorizationMachinePredictionTransformer ffm || !Avx.IsSupported) return null;
            var p = ffm.Model;
            if (p.LatentDimension % 8 != 0 || p.FieldCount != FactorVocabulary.Fields.Count) return null;
            return new DirectScorer([.. p.GetLinearWeights()], [.. p.GetLatentWeights()], p.FieldCount, p.LatentDimension);
        }

        public double[] Score(IReadOnlyList<MatchPair> pairs, EncodingCache cache)
        {
            var scores = new double[pairs.Count];
            var fieldIndices = new int[64];
            var featureIndices = new int[64];
            var featureValues = new float[64];
            var latentSum = new float[_fields * _fields * _dim];
            var fields = new VBuffer<float>[_fields];
            for (var i = 0; i < scores.Length; i++)
            {
                var w = cache.Worker(pairs[i].Worker);
                var v = cache.Vacancy(pairs[i].Vacancy);
                // Column order of the model: FactorField's order.
                fields[(int)FactorField.WorkerId] = w[0];
                fields[(int)FactorField.VacancyId] = v[0];
                fields[(int)FactorField.WorkerSkills] = w[1];
                fields[(int)FactorField.VacancySkills] = v[1];
                fields[(int)FactorField.WorkerCity] = w[2];
                fields[(int)FactorField.VacancyCity] = v[2];
                fields[(int)FactorField.WorkerSector] = w[3];
                fields[(int)FactorField.VacancySector] = v[3];
                fields[(int)FactorField.WorkerEducation] = w[4];
                fields[(int)FactorField.VacancyEducation] = v[4];
                fields[(int)FactorField.Shared] = cache.Vocabulary.Encode(FactorField.Shared, pairs[i].Worker, pairs[i].Vacancy);
                var entries = 0;
                foreach (var f in fields) entries += f.GetValues().Length;
                if (entries > featureValues.Length)
                {
                    fieldIndices = new int[entries];
                    featureIndices = new int[entries];
                    featureValues = new float[entries];
                }
                scores[i] = Response(fields, fieldIndices, featureIndices, featureValues, latentSum);
            }
            return scores;
        }

        private float Response(VBuffer<float>[] fields, int[] pf, int[] pi, float[] px, float[] pq)
        {
            // LoadOneExampleIntoBuffer, normalising to unit length as the model was trained (NormalizeFeatures).
            var count = 0;
            float featureNorm = 0;
            var bias = 0;
            for (var f = 0; f < fields.Length; f++)
            {
                // The entries VBuffer.Items() enumerates (every slot of a dense buffer, the explicit ones of a sparse
                // one), read from the spans: Items() allocates an enumerator per field and pair.
                var values = fields[f].GetValues();
                var indices = fields[f].GetIndices();
                var dense = fields[f].IsDense;
                for (var e = 0; e < values.Length; e++)
                {
                    var value = values[e];
                    pf[count] = f;
                    pi[count] = bias + (dense ? e : indices[e]);
                    px[count] = value;
                    featureNorm += value * value;
                    count++;
                }
                bias += fields[f].Length;
            }
            featureNorm = (float)Math.Sqrt(featureNorm);
            for (var i = 0; i < count; i++) px[i] /= featureNorm;

            // CalculateIntermediateVariables (AVX).
            var m = _fields;
            var d = _dim;
            ref var pw = ref MemoryMarshal.GetArrayDataReference(_linear);
            ref var pv = ref MemoryMarshal.GetArrayDataReference(_latent);
            ref var q0 = ref MemoryMarshal.GetArrayDataReference(pq);
            float linearResponse = 0;
            Array.Clear(pq);
            var y = Vector256<float>.Zero;
            var tmp = Vector256<float>.Zero;
            for (var i = 0; i < count; i++)
            {
                var f = pf[i];
                var j = pi[i];
                linearResponse += Unsafe.Add(ref pw, j) * px[i];
                var x = Vector256.Create(px[i]);
                var xx = Avx.Multiply(x, x);
                var vBias = j * m * d + f * d;
                for (var k = 0; k + 8 <= d; k += 8)
                {
                    var vjf = Vector256.LoadUnsafe(ref pv, (nuint)(vBias + k));
                    tmp = MultiplyAddNegated(Avx.Multiply(vjf, vjf), xx, tmp);
                }
                for (var fprime = 0; fprime < m; fprime++)
                {
                    vBias = j * m * d + fprime * d;
                    var qBias = f * m * d + fprime * d;
                    for (var k = 0; k + 8 <= d; k += 8)
                    {
                        var q = Vector256.LoadUnsafe(ref q0, (nuint)(qBias + k));
                        q = MultiplyAdd(Vector256.LoadUnsafe(ref pv, (nuint)(vBias + k)), x, q);
                        q.StoreUnsafe(ref q0, (nuint)(qBias + k));
                    }
                }
            }
            for (var f = 0; f < m; f++)
            {
                var qff = f * m * d + f * d;
                for (var k = 0; k + 8 <= d; k += 8)
                {
                    var b = Vector256.LoadUnsafe(ref q0, (nuint)(qff + k));
                    tmp = MultiplyAdd(b, b, tmp);
                }
                for (var fprime = f + 1; fprime < m; fprime++)
                {
                    var a = f * m * d + fprime * d;
                    var b = fprime * m * d + f * d;
                    for (var k = 0; k + 8 <= d; k += 8)
                        y = MultiplyAdd(Vector256.LoadUnsafe(ref q0, (nuint)(a + k)), Vector256.LoadUnsafe(ref q0, (nuint)(b + k)), y);
                }
            }
            y = MultiplyAdd(Half, tmp, y);
            tmp = Avx.Add(y, Avx.Permute2x128(y, y, 1));
            tmp = Avx.HorizontalAdd(tmp, tmp);
            y = Avx.HorizontalAdd(tmp, tmp);
            return linearResponse + y.ToScalar();
        }

        private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : Avx.Add(Avx.Multiply(a, b), c);

        private static Vector256<float> MultiplyAddNegated(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAddNegated(a, b, c) : Avx.Subtract(c, Avx.Multiply(a, b));
    }

    /// <summary>The model's output column read back per row.</summary>
    private sealed class FactorScore
    {
        public float Score { get; set; }
    }

    /// <summary>One example as ML.NET reads it: a column per <see cref="FactorField"/>, named after it.</summary>
    private sealed class FactorRow
    {
        public bool Label { get; set; }
        public VBuffer<float> WorkerId { get; set; }
        public VBuffer<float> VacancyId { get; set; }
        public VBuffer<float> WorkerSkills { get; set; }
        public VBuffer<float> VacancySkills { get; set; }
        public VBuffer<float> WorkerCity { get; set; }
        public VBuffer<float> VacancyCity { get; set; }
        public VBuffer<float> WorkerSector { get; set; }
        public VBuffer<float> VacancySector { get; set; }
        public VBuffer<float> WorkerEducation { get; set; }
        public VBuffer<float> VacancyEducation { get; set; }
        public VBuffer<float> Shared { get; set; }

        public static FactorRow Create(EncodingCache cache, MatchPair pair, bool label)
        {
            var w = cache.Worker(pair.Worker);
            var v = cache.Vacancy(pair.Vacancy);
            return new FactorRow
            {
                Label = label,
                WorkerId = w[0],
                VacancyId = v[0],
                WorkerSkills = w[1],
                VacancySkills = v[1],
                WorkerCity = w[2],
                VacancyCity = v[2],
                WorkerSector = w[3],
                VacancySector = v[3],
                WorkerEducation = w[4],
                VacancyEducation = v[4],
                Shared = cache.Vocabulary.Encode(FactorField.Shared, pair.Worker, pair.Vacancy),
            };
        }
    }

    /// <summary>
    /// The fields that depend on one side only, encoded once per profile instance for one batch (ML.NET copies each
    /// row's vectors out, so rows may share them).
    /// </summary>
    private sealed class EncodingCache(FactorVocabulary vocabulary)
    {
        private static readonly FactorField[] WorkerFields =
            [FactorField.WorkerId, FactorField.WorkerSkills, FactorField.WorkerCity, FactorField.WorkerSector, FactorField.WorkerEducation];
        private static readonly FactorField[] VacancyFields =
            [FactorField.VacancyId, FactorField.VacancySkills, FactorField.VacancyCity, FactorField.VacancySector, FactorField.VacancyEducation];
        private readonly Dictionary<Worker, VBuffer<float>[]> _workers = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Vacancy, VBuffer<float>[]> _vacancies = new(ReferenceEqualityComparer.Instance);

        public FactorVocabulary Vocabulary { get; } = vocabulary;

        public VBuffer<float>[] Worker(Worker worker)
        {
            if (!_workers.TryGetValue(worker, out var fields))
                _workers[worker] = fields = Array.ConvertAll(WorkerFields, f => Vocabulary.Encode(f, worker, Placeholder));
            return fields;
        }

        public VBuffer<float>[] Vacancy(Vacancy vacancy)
        {
            if (!_vacancies.TryGetValue(vacancy, out var fields))
                _vacancies[vacancy] = fields = Array.ConvertAll(VacancyFields, f => Vocabulary.Encode(f, PlaceholderWorker, vacancy));
            return fields;
        }

        // The other side of a one-sided field is never read.
        private static readonly Vacancy Placeholder = new() { Id = "", EnterpriseId = "", Title = "", CityCode = "", IndustryCode = "" };
        private static readonly Worker PlaceholderWorker = new() { Id = "", DisplayName = "", CityCode = "" };
    }
}
