using System.Globalization;
using System.Text.Json;
using MatchingPlatform.Ml.Factorization;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MatchingPlatform.Ml.Models;

/// <summary>What a stored model version says about itself (metadata.json).</summary>
public sealed record ModelMetadata
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string Version { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required string Ranker { get; init; }
    public required string FactorModel { get; init; }
    /// <summary>SHA-256 of the training data (<see cref="TrainingDataHash"/>).</summary>
    public required string TrainingDataHash { get; init; }
    public required int Seed { get; init; }
    public required double TrainingSeconds { get; init; }
    public required TrainingCounts Rows { get; init; }
    /// <summary><see cref="MatchFeatures.Names"/> as trained; a model is only loaded by a build with the same list.</summary>
    public required IReadOnlyList<string> Features { get; init; }
    public required IReadOnlyList<string> FactorFields { get; init; }
    /// <summary>Evaluation metrics the caller attached at save time (e.g. <c>EvaluationReport.Metrics()</c>); may be empty.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}

/// <summary>A version the store did not load, and why, for the caller to log.</summary>
public sealed record SkippedVersion(string Version, string Reason);

/// <summary>The newest loadable version (null when there is none) and every newer one that was skipped.</summary>
public sealed record ModelLoadResult(LightGbmRanker? Ranker, ModelMetadata? Metadata, IReadOnlyList<SkippedVersion> Skipped);

/// <summary>A version just written, with the ranker carrying its version, ready to swap in.</summary>
public sealed record SavedModel(string Version, string Directory, ModelMetadata Metadata, LightGbmRanker Ranker);

/// <summary>
/// Model versions on disk, one directory each: <c>ranker-yyyyMMddTHHmmssZ/</c> holding the two LambdaRank zips, the
/// factor model zip and its vocabulary, the popularity table and metadata.json.
/// </summary>
/// <remarks>
/// A version is written into a hidden temporary directory and renamed into place when complete, so a reader never
/// sees half a version. Loading walks versions newest first and skips, with a reason, any it cannot serve: missing or
/// unreadable files, an unknown format, a feature list other than this build's, a zip ML.NET cannot read, or a model
/// that fails to score a probe row.
/// </remarks>
public sealed class ModelStore
{
    public const string VersionPrefix = "ranker-";
    public const string MetadataFile = "metadata.json";
    public const string VacancyRankerFile = "ranker-vacancies.zip";
    public const string CandidateRankerFile = "ranker-candidates.zip";
    public const string FactorModelFile = "factor.zip";
    public const string FactorVocabularyFile = "factor-fields.json";
    public const string PopularityFile = "popularity.json";
    private const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const string TemporaryPrefix = ".tmp-";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly TimeProvider _time;

    public ModelStore(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
    }

    public string Directory { get; }

    /// <summary>Writes <paramref name="trained"/> as a new version, named after the current UTC second.</summary>
    /// <param name="metrics">Evaluation metrics to record with it (flat names, e.g. "ndcg@10").</param>
    public SavedModel Save(TrainedRanker trained, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        System.IO.Directory.CreateDirectory(Directory);
        var created = _time.GetUtcNow();
        created = new DateTimeOffset(created.UtcTicks - created.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var stem = VersionPrefix + created.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

        var temporary = Path.Combine(Directory, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(temporary);
        try
        {
            var ranker = trained.Ranker;
            var input = ranker.InputDataSchema();
            ranker.Context.Model.Save(ranker.VacancyModel, input, Path.Combine(temporary, VacancyRankerFile));
            ranker.Context.Model.Save(ranker.CandidateModel, input, Path.Combine(temporary, CandidateRankerFile));
            if (ranker.ModelSignals.Factor is not FieldAwareFactorModel factor)
                throw new NotSupportedException($"the store saves field-aware factor models, not {ranker.ModelSignals.Factor.Name}");
            factor.Save(Path.Combine(temporary, FactorModelFile), Path.Combine(temporary, FactorVocabularyFile));
            using (var popularity = File.Create(Path.Combine(temporary, PopularityFile)))
                ranker.ModelSignals.Popularity.Save(popularity);

            // Another writer may take the same second: the first rename wins, later ones take -2, -3, ...
            for (var attempt = 1; ; attempt++)
            {
                var version = attempt == 1 ? stem : $"{stem}-{attempt}";
                var target = Path.Combine(Directory, version);
                if (System.IO.Directory.Exists(target)) continue;
                var metadata = new ModelMetadata
                {
                    Version = version,
                    Created = created,
                    Ranker = LightGbmRanker.RankerName,
                    FactorModel = factor.Name,
                    TrainingDataHash = trained.Summary.DataHash,
                    Seed = trained.Summary.Seed,
                    TrainingSeconds = trained.Summary.Seconds,
                    Rows = trained.Summary.Counts,
                    Features = [.. MatchFeatures.Names],
                    FactorFields = FactorVocabulary.Fields.Select(f => f.ToString()).ToArray(),
                    Metrics = new SortedDictionary<string, double>(metrics?.ToDictionary() ?? [], StringComparer.Ordinal),
                };
                File.WriteAllText(Path.Combine(temporary, MetadataFile), JsonSerializer.Serialize(metadata, Json));
                try
                {
                    System.IO.Directory.Move(temporary, target);
                }
                catch (IOException) when (System.IO.Directory.Exists(target))
                {
                    continue;
                }
                return new SavedModel(version, target, metadata, ranker.WithVersion(version));
            }
        }
        catch
        {
            if (System.IO.Directory.Exists(temporary)) System.IO.Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    /// <summary>Version names, newest first (by the time in the name, then the collision suffix).</summary>
    public IReadOnlyList<string> Versions()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateDirectories(Directory, VersionPrefix + "*")
            .Select(Path.GetFileName).OfType<string>()
            .Select(name => (Name: name, Order: OrderOf(name)))
            .Where(v => v.Order is not null)
            .OrderByDescending(v => v.Order!.Value.Time).ThenByDescending(v => v.Order!.Value.Suffix)
            .Select(v => v.Name)
            .ToArray();
    }

    /// <summary>The newest version that loads, skipping (with reasons) the newer ones that do not; no ranker when none loads.</summary>
    public ModelLoadResult LoadNewestValid()
    {
        var skipped = new List<SkippedVersion>();
        foreach (var version in Versions())
        {
            try
            {
                var (ranker, metadata) = Load(version);
                return new ModelLoadResult(ranker, metadata, skipped);
            }
            catch (InvalidDataException e)
            {
                skipped.Add(new SkippedVersion(version, e.Message));
            }
        }
        return new ModelLoadResult(null, null, skipped);
    }

    /// <summary>Loads one version.</summary>
    /// <exception cref="InvalidDataException">The version cannot be served by this build; the message says why.</exception>
    public (LightGbmRanker Ranker, ModelMetadata Metadata) Load(string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        var dir = Path.Combine(Directory, version);
        string Required(string file)
        {
            var path = Path.Combine(dir, file);
            return File.Exists(path) ? path : throw new InvalidDataException($"{file} is missing");
        }

        ModelMetadata? metadata;
        try { metadata = JsonSerializer.Deserialize<ModelMetadata>(File.ReadAllText(Required(MetadataFile))); }
        catch (JsonException e) { throw new InvalidDataException($"{MetadataFile} is unreadable: {e.Message}", e); }
        if (metadata is null) throw new InvalidDataException($"{MetadataFile} is empty");
        // `required` makes the properties present, but JSON can still say null.
        if (metadata.Features is null || metadata.FactorFields is null || metadata.Ranker is null)
            throw new InvalidDataException($"{MetadataFile} lacks the ranker name, the feature list or the factor fields");
        if (metadata.Format != ModelMetadata.CurrentFormat)
            throw new InvalidDataException($"format {metadata.Format} is not the supported format {ModelMetadata.CurrentFormat}");
        if (metadata.Ranker != LightGbmRanker.RankerName)
            throw new InvalidDataException($"ranker '{metadata.Ranker}' is not {LightGbmRanker.RankerName}");
        if (!metadata.Features.SequenceEqual(MatchFeatures.Names))
            throw new InvalidDataException(
                $"feature list differs: the model has [{string.Join(", ", metadata.Features)}], this build computes [{string.Join(", ", MatchFeatures.Names)}]");
        if (!metadata.FactorFields.SequenceEqual(FactorVocabulary.Fields.Select(f => f.ToString())))
            throw new InvalidDataException($"factor fields differ: the model has [{string.Join(", ", metadata.FactorFields)}]");

        FieldAwareFactorModel factor;
        PopularityTable popularity;
        try
        {
            factor = FieldAwareFactorModel.Load(Required(FactorModelFile), Required(FactorVocabularyFile));
            using var stream = File.OpenRead(Required(PopularityFile));
            popularity = PopularityTable.Load(stream);
        }
        catch (IOException e) { throw new InvalidDataException($"cannot read the factor model or popularity table: {e.Message}", e); }

        var ml = new MLContext();
        var vacancyModel = LoadRanker(ml, Required(VacancyRankerFile));
        var candidateModel = LoadRanker(ml, Required(CandidateRankerFile));
        return (new LightGbmRanker(version, ml, vacancyModel, candidateModel, new ModelSignals(factor, popularity)), metadata);
    }

    /// <summary>Loads a LambdaRank zip and proves it scores: the right input, the two output columns, one probe row.</summary>
    private static ITransformer LoadRanker(MLContext ml, string path)
    {
        var file = Path.GetFileName(path);
        try
        {
            ITransformer model;
            DataViewSchema input;
            using (var zip = File.OpenRead(path))
                model = ml.Model.Load(zip, out input);
            if (input.GetColumnOrNull(LightGbmRanker.FeaturesColumn) is not { Type: VectorDataViewType { Size: var size } } || size != MatchFeatures.Count)
                throw new InvalidDataException($"{file} does not take a vector of {MatchFeatures.Count} features");
            var probe = model.Transform(ml.Data.LoadFromEnumerable(
                [new LightGbmRanker.FeatureRow(new float[MatchFeatures.Count])], LightGbmRanker.InputSchema()));
            var score = probe.Schema.GetColumnOrNull(LightGbmRanker.ScoreColumn);
            var contributions = probe.Schema.GetColumnOrNull(LightGbmRanker.ContributionsColumn);
            if (score is null || contributions is null)
                throw new InvalidDataException($"{file} does not produce {LightGbmRanker.ScoreColumn} and {LightGbmRanker.ContributionsColumn}");
            if (!float.IsFinite(probe.GetColumn<float>(score.Value).Single()))
                throw new InvalidDataException($"{file} scores a probe row as non-finite");
            return model;
        }
        catch (InvalidDataException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ML.NET reports damaged zips with assorted exception types; to the caller they are one condition.
            throw new InvalidDataException($"{file} is unreadable: {e.Message}", e);
        }
    }

    private static (DateTime Time, int Suffix)? OrderOf(string name)
    {
        var rest = name[VersionPrefix.Length..];
        var dash = rest.IndexOf('-');
        var stamp = dash < 0 ? rest : rest[..dash];
        var suffix = 1;
        if (dash >= 0 && !int.TryParse(rest[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out suffix)) return null;
        return DateTime.TryParseExact(stamp, TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? (time, suffix)
            : null;
    }
}
