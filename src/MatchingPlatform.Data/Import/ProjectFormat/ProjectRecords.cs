using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Core.Validation;

namespace MatchingPlatform.Data.Import.ProjectFormat;

/// <summary>
/// One record as read from a file: where it starts, and either the entity or why it could not be read.
/// <paramref name="Label"/> prefixes field names in reasons (<c>workers[3]</c> in JSON; empty in CSV,
/// where the file already says which kind the row is).
/// </summary>
internal sealed record SourceRecord<T>(string File, long Line, string Label, T? Entity, IReadOnlyList<ValidationError> Errors)
    where T : class
{
    public static SourceRecord<T> Read(string file, long line, string label, T entity) => new(file, line, label, entity, []);
    public static SourceRecord<T> Failed(string file, long line, string label, IReadOnlyList<ValidationError> errors) =>
        new(file, line, label, null, errors);

    public RejectedRow Reject(IEnumerable<ValidationError> errors) =>
        new(File, Line, string.Join("; ", errors.Select(e =>
            (Label, e.Field) switch
            {
                ("", "") => e.Message,
                ("", _) => $"{e.Field}: {e.Message}",
                (_, "") => $"{Label}: {e.Message}",
                _ => $"{Label}.{e.Field}: {e.Message}",
            })));
}

/// <summary>Everything the CSV and JSON readers collected from the files of one import, before cross-row checks.</summary>
internal sealed class ProjectRecords
{
    public List<SourceRecord<Enterprise>> Enterprises { get; } = [];
    public List<SourceRecord<Vacancy>> Vacancies { get; } = [];
    public List<SourceRecord<Worker>> Workers { get; } = [];
    public List<SourceRecord<TrainingProgramme>> Programmes { get; } = [];
    public List<SourceRecord<Interaction>> Interactions { get; } = [];

    /// <summary>Files refused as a whole (syntax error, unrecognised header): one entry each, at the offending line.</summary>
    public List<RejectedRow> FileErrors { get; } = [];

    /// <summary>Data records read (CSV rows after the header, JSON array elements).</summary>
    public long RowsRead { get; set; }

    /// <summary>Takes over another reader's records; used to keep a file's records only when the whole file is sound.</summary>
    public void Add(ProjectRecords other)
    {
        Enterprises.AddRange(other.Enterprises);
        Vacancies.AddRange(other.Vacancies);
        Workers.AddRange(other.Workers);
        Programmes.AddRange(other.Programmes);
        Interactions.AddRange(other.Interactions);
        FileErrors.AddRange(other.FileErrors);
        RowsRead += other.RowsRead;
    }
}
