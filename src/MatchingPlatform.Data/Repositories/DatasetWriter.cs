using Dapper;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Repositories;

/// <summary>A batch of entities to write together (a demo dataset, or the accepted rows of an import).</summary>
public sealed record DatasetBatch
{
    /// <summary>Cities an import brings beyond the shipped table; written first (if absent) so the entities can reference them.</summary>
    public IReadOnlyList<City> Cities { get; init; } = [];
    public IReadOnlyList<Enterprise> Enterprises { get; init; } = [];
    public IReadOnlyList<Vacancy> Vacancies { get; init; } = [];
    public IReadOnlyList<Worker> Workers { get; init; } = [];
    public IReadOnlyList<TrainingProgramme> Programmes { get; init; } = [];
    public IReadOnlyList<Interaction> Interactions { get; init; } = [];
}

/// <summary>What a batch write did: rows inserted, and rows skipped because that id (or event) was already stored.</summary>
public sealed record DatasetWriteResult(
    int EnterprisesInserted, int VacanciesInserted, int WorkersInserted, int ProgrammesInserted, int InteractionsInserted,
    int Skipped, bool AlreadyImported)
{
    /// <summary>Cities of the batch that were not stored yet. Cities already stored are left as they are and not counted as skipped.</summary>
    public int CitiesInserted { get; init; }
}

/// <summary>
/// Writes a whole batch in one transaction: all of it lands or none of it. Entities whose id is already
/// stored are skipped (counted, never overwritten), so replaying a batch changes nothing. When a
/// source + content hash is given, the batch is recorded in import_batches and a second write of the
/// same content is refused up front.
/// </summary>
/// <remarks>
/// The big tables go through the provider's bulk path (SQLite: one prepared statement; PostgreSQL: binary
/// COPY; SQL Server: SqlBulkCopy), all inside the one transaction. Entities are copied straight into their
/// tables after the ids already stored have been filtered out in the same transaction: no staging copy, and
/// should another writer store one of the ids in between, the key collision fails the whole batch instead
/// of half-writing it (a retry then skips that id). Interactions have no id to filter by, so they take the
/// dialect's staged insert-if-absent on their natural key.
/// </remarks>
public sealed class DatasetWriter
{
    /// <summary>Ids per existence probe: well under SQL Server's 2,100 parameters per command.</summary>
    private const int IdsPerProbe = 1000;

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;

    public DatasetWriter(IDbConnectionFactory db, TimeProvider? clock = null)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>True when this source + content hash has been imported before.</summary>
    public async Task<bool> WasImportedAsync(string source, string contentHash, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM import_batches WHERE source = @source AND content_hash = @contentHash",
            new { source, contentHash }, cancellationToken: ct)) > 0;
    }

    public async Task<DatasetWriteResult> WriteAsync(DatasetBatch batch, ImportRecord? record = null,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var dialect = _db.Dialect;
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (record is not null && await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM import_batches WHERE source = @Source AND content_hash = @ContentHash", record, tx, cancellationToken: ct)) > 0)
            return new DatasetWriteResult(0, 0, 0, 0, 0, 0, AlreadyImported: true);

        // A city already stored (shipped, or brought by an earlier import) keeps its stored figures:
        // the same first-wins rule as CityDirectory.Register.
        var cities = batch.Cities.Count == 0 ? 0 : await c.ExecuteAsync(new CommandDefinition(
            dialect.InsertIfAbsent(Tables.Cities), batch.Cities.Select(Tables.Cities.Parameters).ToList(), tx, cancellationToken: ct));
        progress?.Report($"cities: {cities}");

        var skipped = 0;
        async Task<List<T>> New<T>(IReadOnlyList<T> items, string table, Func<T, string> id)
        {
            if (items.Count == 0) return [];
            var existing = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in items.Select(id).Chunk(IdsPerProbe))
                existing.UnionWith(await c.QueryAsync<string>(new CommandDefinition(
                    $"SELECT id FROM {table} WHERE {dialect.In("id", "@ids")}", new { ids = chunk }, tx, cancellationToken: ct)));
            var fresh = items.Where(x => !existing.Contains(id(x))).ToList();
            skipped += items.Count - fresh.Count;
            return fresh;
        }

        var rows = new RowWriter(c, tx, dialect, bulk: true, progress);
        // Imported and generated entities start at version 1 like created ones; their own timestamps are kept.
        var now = DbTime.Now(_clock);
        DateTimeOffset Stamp(DateTimeOffset t) => t == default ? now : t;
        var enterprises = (await New(batch.Enterprises, "enterprises", e => e.Id))
            .Select(e => e with { Version = 1, CreatedAt = Stamp(e.CreatedAt), UpdatedAt = Stamp(e.UpdatedAt) }).ToList();
        progress?.Report($"enterprises: {enterprises.Count}");
        await EntityWrites.InsertEnterprisesAsync(rows, enterprises, ct);
        var vacancies = (await New(batch.Vacancies, "vacancies", v => v.Id))
            .Select(v => v with { PostedAt = Stamp(v.PostedAt) }).ToList();
        progress?.Report($"vacancies: {vacancies.Count}");
        await EntityWrites.InsertVacanciesAsync(rows, vacancies, ct);
        var workers = (await New(batch.Workers, "workers", w => w.Id))
            .Select(w => w with { Version = 1, CreatedAt = Stamp(w.CreatedAt), UpdatedAt = Stamp(w.UpdatedAt) }).ToList();
        progress?.Report($"workers: {workers.Count}");
        await EntityWrites.InsertWorkersAsync(rows, workers, ct);
        var programmes = await New(batch.Programmes, "training_programmes", p => p.Id);
        progress?.Report($"training programmes: {programmes.Count}");
        await EntityWrites.InsertProgrammesAsync(rows, programmes, ct);

        var interactions = 0;
        if (batch.Interactions.Count > 0)
        {
            progress?.Report($"interactions: {batch.Interactions.Count}");
            interactions = (int)await dialect.BulkInsertAsync(c, tx, Tables.Interactions, batch.Interactions, skipExisting: true, progress, ct);
            skipped += batch.Interactions.Count - interactions;
        }

        if (record is not null)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO import_batches (source, content_hash, file_name, rows_accepted, rows_rejected, imported_at)
                VALUES (@Source, @ContentHash, @FileName, @RowsAccepted, @RowsRejected, @ImportedAt)
                """, new { record.Source, record.ContentHash, record.FileName, record.RowsAccepted, record.RowsRejected,
                ImportedAt = DbTime.ToMs(DbTime.Now(_clock)) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new DatasetWriteResult(enterprises.Count, vacancies.Count, workers.Count, programmes.Count, interactions, skipped, false)
        {
            CitiesInserted = cities,
        };
    }
}

/// <summary>Identifies an import for idempotency: the same source and content hash is applied once.</summary>
public sealed record ImportRecord(string Source, string ContentHash, string FileName, int RowsAccepted, int RowsRejected);
