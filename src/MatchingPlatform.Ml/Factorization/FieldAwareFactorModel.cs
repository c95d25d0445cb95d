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

    private FieldAwareFactorModel(MLContext ml, ITransformer model, FactorVocabulary vocabulary)
    {
        _ml = ml;
        _model = model;
        Vocabulary = vocabulary;
        _schema = SchemaFor(vocabulary);
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

    public double[] Score(IReadOnlyList<MatchPair> pairs)
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
