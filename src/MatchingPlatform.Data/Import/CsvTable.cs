using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MatchingPlatform.Data.Import;

/// <summary>One CSV record, read by column name, with the 1-based line it starts on.</summary>
internal sealed class CsvRow(string file, long line, string[] fields, IReadOnlyDictionary<string, int> columns, string? nullToken)
{
    /// <summary>The path of the file the record comes from.</summary>
    public string File { get; } = file;

    /// <summary>The line the record starts on: quoted fields may span lines, and a rejection must point at the start.</summary>
    public long Line { get; } = line;

    /// <summary>False when the record has fewer or more fields than the header: its values cannot be trusted.</summary>
    public bool IsWellFormed => fields.Length == columns.Count;

    public int FieldCount => fields.Length;

    public int HeaderFieldCount => columns.Count;

    /// <summary>The trimmed value; null when the column is missing from this record, empty, or the file's null token.</summary>
    public string? this[string column]
    {
        get
        {
            if (!columns.TryGetValue(column, out var i) || i >= fields.Length) return null;
            var v = fields[i].Trim();
            return v.Length == 0 || v == nullToken ? null : v;
        }
    }
}

/// <summary>Reads a CSV file with a header row as <see cref="CsvRow"/>s.</summary>
internal static class CsvTable
{
    /// <summary>
    /// The 1-based physical line the record just read starts on. RawRow is the record's last line; a quoted
    /// field may span lines, and a rejection must point at the start. (Counting from the previous record
    /// would drift past blank lines, which the parser skips.)
    /// </summary>
    public static long StartLine(IParser parser) =>
        parser.RawRow - parser.RawRecord.AsSpan().TrimEnd("\r\n").Count('\n');

    /// <summary>
    /// Streams the records of <paramref name="path"/>. Throws <see cref="FileNotFoundException"/> naming the
    /// path when it is absent and <see cref="InvalidDataException"/> when a <paramref name="requiredColumns"/>
    /// column is missing from the header, since then no row can be read.
    /// </summary>
    /// <param name="nullToken">A value that means "no value" in this file, e.g. R's <c>NA</c>.</param>
    public static IEnumerable<CsvRow> Read(string path, string? nullToken = null, params string[] requiredColumns)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input file missing: {path}", path);
        return ReadExisting(path, nullToken, requiredColumns);
    }

    private static IEnumerable<CsvRow> ReadExisting(string path, string? nullToken, string[] requiredColumns)
    {
        using var reader = new StreamReader(path);
        // Bad quoting is left to the caller to judge through IsWellFormed instead of aborting the whole file.
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            MissingFieldFound = null,
        });
        if (!csv.Read()) throw new InvalidDataException($"{path}: empty file (no header row)");
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) columns.TryAdd(header[i].Trim(), i);
        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{path}: header lacks column(s) {string.Join(", ", missing)}");

        while (csv.Read())
            yield return new CsvRow(path, StartLine(csv.Parser), csv.Parser.Record ?? [], columns, nullToken);
    }
}
