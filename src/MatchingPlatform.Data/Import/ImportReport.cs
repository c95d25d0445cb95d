using System.Security.Cryptography;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Import;

/// <summary>A row an importer refused: the 1-based line in the source file and why.</summary>
public sealed record RejectedRow(string File, long Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}

/// <summary>What a parser made of a source: the entities to write and the rows it refused.</summary>
public sealed record ParsedImport(string Source, string FileName, string ContentHash, DatasetBatch Batch,
    IReadOnlyList<RejectedRow> Rejected, long RowsRead)
{
    public int Accepted => Batch.Enterprises.Count + Batch.Vacancies.Count + Batch.Workers.Count
                           + Batch.Programmes.Count + Batch.Interactions.Count;
}

/// <summary>The outcome of one import, printed by <c>matchctl import</c>.</summary>
public sealed record ImportReport(ParsedImport Parsed, DatasetWriteResult? Written, bool Applied, string Summary);

/// <summary>
/// Applies a parsed import atomically: the accepted entities are written in one transaction or not
/// at all; the same file (by content hash) is applied once; with <c>strict</c>, any rejected row
/// refuses the whole file.
/// </summary>
public sealed class ImportRunner(DatasetWriter writer)
{
    public async Task<ImportReport> ApplyAsync(ParsedImport parsed, bool strict = false, bool dryRun = false,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (strict && parsed.Rejected.Count > 0)
            return new ImportReport(parsed, null, false,
                $"refused: {parsed.Rejected.Count} rejected row(s) and --strict is set; nothing was written");
        if (dryRun)
            return new ImportReport(parsed, null, false, $"dry run: {parsed.Accepted} entities would be written");
        var record = new ImportRecord(parsed.Source, parsed.ContentHash, parsed.FileName, parsed.Accepted, parsed.Rejected.Count);
        var written = await writer.WriteAsync(parsed.Batch, record, progress, ct);
        return written.AlreadyImported
            ? new ImportReport(parsed, written, false, "already imported (same content): nothing written")
            : new ImportReport(parsed, written, true,
                $"written: {written.EnterprisesInserted} enterprises, {written.VacanciesInserted} vacancies, " +
                $"{written.WorkersInserted} workers, {written.ProgrammesInserted} programmes, " +
                $"{written.InteractionsInserted} interactions; {written.Skipped} already present");
    }

    /// <summary>SHA-256 of the files' bytes, in order: the identity of an import's content.</summary>
    public static string HashFiles(params string[] paths)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in paths) sha.AppendData(File.ReadAllBytes(p));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
