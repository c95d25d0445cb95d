using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Data.Import.ProjectFormat;

/// <summary>
/// Parses the platform's own interchange formats (docs/import-formats.md): a JSON document, one CSV file,
/// or a folder of them. Pure parsing and validation: nothing touches the database; ids already stored
/// come in through <see cref="IKnownIds"/>.
/// </summary>
public static class ProjectFormatParser
{
    /// <summary>The import source name recorded with each applied file (idempotency is per source + content hash).</summary>
    public const string Source = "project";

    /// <summary>
    /// Parses <paramref name="path"/>: a <c>.json</c> file, a <c>.csv</c> file (kind recognised by its header), or a
    /// folder whose <c>.json</c> and <c>.csv</c> files are read together, so a vacancies file may refer to the
    /// enterprises file beside it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist, or the folder holds no .json/.csv file.</exception>
    /// <exception cref="ArgumentException">A single file that is neither .json nor .csv.</exception>
    public static ParsedImport Parse(string path, ReferenceData reference, IKnownIds? known = null)
    {
        var files = FilesOf(path);
        var records = new ProjectRecords();
        foreach (var file in files)
        {
            if (IsJson(file)) ProjectJson.Read(file, records);
            else ProjectCsv.Read(file, records);
        }
        var (batch, rejected) = BatchAssembler.Assemble(records, reference, known ?? KnownIds.None);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        return new ParsedImport(Source, name, ImportRunner.HashFiles(files), batch, rejected, records.RowsRead);
    }

    private static string[] FilesOf(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path).Where(f => IsJson(f) || IsCsv(f)).Order(StringComparer.Ordinal).ToArray();
            return files.Length > 0 ? files : throw new FileNotFoundException($"no .json or .csv file in {path}", path);
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"import file not found: {path}", path);
        return IsJson(path) || IsCsv(path) ? [path] : throw new ArgumentException($"expected a .json or .csv file: {path}", nameof(path));
    }

    private static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    private static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
}
