using MatchingPlatform.Core.Validation;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Import.ProjectFormat;

/// <summary>
/// The project's JSON interchange format: one document
/// <c>{ "enterprises": [...], "vacancies": [...], "workers": [...], "programmes": [...], "interactions": [...] }</c>
/// (any subset of keys) whose elements are the domain records with camelCase property names, enums as
/// member names and instants as ISO 8601. What <see cref="Write"/> produces, the parser reads back unchanged.
/// </summary>
public static partial class ProjectJson
{
    private static readonly string[] Keys = ["enterprises", "vacancies", "workers", "programmes", "interactions"];

    /// <summary>
    /// Strict on purpose: an unknown property is refused rather than dropped (a typo must not silently lose
    /// a field), null is refused where the record says non-nullable, numbers are not read from strings.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            // A data file, never embedded in HTML: keep Chinese text and the '+' of offsets readable instead of \uXXXX.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new StrictEnumConverterFactory(), new InstantConverter() },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Writes <paramref name="batch"/> as one document with all five keys; the stream is left open.</summary>
    public static void Write(DatasetBatch batch, Stream stream) =>
        JsonSerializer.Serialize(stream, new Document(batch.Enterprises, batch.Vacancies, batch.Workers,
            batch.Programmes, batch.Interactions), Options);

    private sealed record Document(
        IReadOnlyList<Enterprise> Enterprises, IReadOnlyList<Vacancy> Vacancies, IReadOnlyList<Worker> Workers,
        IReadOnlyList<TrainingProgramme> Programmes, IReadOnlyList<Interaction> Interactions);

    /// <summary>
    /// Reads one JSON file into <paramref name="into"/>. A syntax or structure error refuses the whole file at
    /// its line; otherwise each array element becomes a record at the line where its object starts.
    /// </summary>
    internal static void Read(string path, ProjectRecords into)
    {
        var file = Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path);
        // Utf8JsonReader does not skip a byte-order mark; editors on Windows like to write one.
        var json = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsMemory(3) : bytes.AsMemory();
        var lines = new LineIndex(json.Span);

        // Pass 1: syntax. A broken document says nothing reliable about any of its rows.
        try
        {
            var scan = new Utf8JsonReader(json.Span);
            while (scan.Read()) { }
        }
        catch (JsonException ex)
        {
            into.FileErrors.Add(new(file, (ex.LineNumber ?? 0) + 1, $"invalid JSON: {Tidy(ex.Message)}"));
            return;
        }

        // Pass 2: structure, then one slice per element deserialized on its own, so a bad element costs one row.
        var local = new ProjectRecords();
        var reader = new Utf8JsonReader(json.Span);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            into.FileErrors.Add(new(file, lines.LineOf(reader.TokenStartIndex), "expected a JSON object with the keys " + string.Join(", ", Keys)));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyLine = lines.LineOf(reader.TokenStartIndex);
            var key = reader.GetString()!;
            if (!Keys.Contains(key, StringComparer.Ordinal) || !seen.Add(key))
            {
                var why = seen.Contains(key) && Keys.Contains(key) ? $"key '{key}' appears twice" : $"unknown key '{Echo.Clip(key)}'";
                into.FileErrors.Add(new(file, keyLine, $"{why}; expected any of {string.Join(", ", Keys)}"));
                return;
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                into.FileErrors.Add(new(file, keyLine, $"'{key}' must be an array"));
                return;
            }
            switch (key)
            {
                case "enterprises": ReadArray(ref reader, json.Span, file, key, lines, local.Enterprises, local); break;
                case "vacancies": ReadArray(ref reader, json.Span, file, key, lines, local.Vacancies, local); break;
                case "workers": ReadArray(ref reader, json.Span, file, key, lines, local.Workers, local); break;
                case "programmes": ReadArray(ref reader, json.Span, file, key, lines, local.Programmes, local); break;
                case "interactions": ReadArray(ref reader, json.Span, file, key, lines, local.Interactions, local); break;
            }
        }
        into.Add(local);
    }

    private static void ReadArray<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string file, string key,
        LineIndex lines, List<SourceRecord<T>> into, ProjectRecords counts) where T : class
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            counts.RowsRead++;
            var label = $"{key}[{index++}]";
            var start = (int)reader.TokenStartIndex;
            var line = lines.LineOf(start);
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();
            if (!isObject)
            {
                into.Add(SourceRecord<T>.Failed(file, line, label, [new("", "expected an object")]));
                continue;
            }
            var slice = json[start..(int)reader.BytesConsumed];
            try
            {
                into.Add(SourceRecord<T>.Read(file, line, label, JsonSerializer.Deserialize<T>(slice, Options)!));
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
                into.Add(SourceRecord<T>.Failed(file, line, label, [new(field, Tidy(ex.Message))]));
            }
        }
    }

    // Serializer messages end in "Path: ... | LineNumber: ..." (both reported separately here) and name CLR types
    // by their full names; keep the part a person fixing the file needs.
    private static string Tidy(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        return QualifiedTypeName().Replace(text, "$1").TrimEnd();
    }

    [GeneratedRegex(@"\b(?:System|MatchingPlatform)(?:\.[A-Za-z_][A-Za-z0-9_]*)*\.([A-Za-z_][A-Za-z0-9_`]*)")]
    private static partial Regex QualifiedTypeName();

    /// <summary>1-based line of a byte offset: the JSON reader reports offsets, people read line numbers.</summary>
    private sealed class LineIndex
    {
        private readonly List<int> _newlines = [];

        public LineIndex(ReadOnlySpan<byte> json)
        {
            for (var i = 0; i < json.Length; i++)
                if (json[i] == (byte)'\n') _newlines.Add(i);
        }

        public long LineOf(long offset)
        {
            var i = _newlines.BinarySearch((int)offset);
            return (i >= 0 ? i : ~i) + 1;
        }
    }

    /// <summary>Enums by member name only, through the same rule as the CSV cells.</summary>
    private sealed class StrictEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class StrictEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"expected a string, one of {string.Join(", ", Enum.GetNames<T>())}");
            if (ProjectValues.TryParseEnum<T>(reader.GetString()!, out var value, out var error)) return value;
            throw new JsonException(error);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Enum.IsDefined(value) ? value.ToString()
                : throw new JsonException($"{typeof(T).Name} value {value} has no name"));
    }

    private sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && ProjectValues.TryParseInstant(reader.GetString()!, out var value))
                return value;
            throw new JsonException(ProjectValues.InstantHint);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ProjectValues.FormatInstant(value));
    }
}
