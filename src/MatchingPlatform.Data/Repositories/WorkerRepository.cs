using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Privacy;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Repositories;

/// <summary>Workers with their skills and work history, always read and written as one aggregate.</summary>
public sealed class WorkerRepository
{
    private const string SelectWorker = """
        SELECT id, display_name, city_code, education, experience_years, birth_year, gender, salary_wish_monthly,
               actively_seeking, graduation_year, version, created_at, updated_at
        FROM workers
        """;

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;
    private readonly ContactCipher? _contacts;

    /// <param name="contacts">
    /// Seals and opens contact details. Without it (tools that never handle them: importers, demo data, training),
    /// profiles are read without contact details and writing one is refused.
    /// </param>
    public WorkerRepository(IDbConnectionFactory db, TimeProvider? clock = null, ContactCipher? contacts = null)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
        _contacts = contacts;
    }

    public async Task<Worker?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<WorkerRow>(new CommandDefinition(SelectWorker + " WHERE id = @id", new { id }, cancellationToken: ct));
        if (row is null) return null;
        var worker = (await AttachChildrenAsync(c, _db.Dialect, [row], ct))[0];
        return _contacts is null ? worker : worker with { Contact = (await ContactsAsync(c, null, [id], ct)).GetValueOrDefault(id) };
    }

    /// <summary>Creates the worker at version 1. Throws <see cref="DuplicateEntityException"/> when the id is taken.</summary>
    public async Task<Worker> CreateAsync(Worker worker, CancellationToken ct = default)
    {
        var now = DbTime.Now(_clock);
        var stored = Canonical(worker) with { Version = 1, CreatedAt = now, UpdatedAt = now };
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            await EntityWrites.InsertWorkersAsync(new RowWriter(c, tx, _db.Dialect), [stored], ct);
        }
        catch (DbException ex) when (_db.Dialect.IsUniqueViolation(ex))
        {
            throw new DuplicateEntityException("worker", worker.Id);
        }
        await WriteContactAsync(c, tx, stored, ct);
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>
    /// Replaces the profile when <paramref name="worker"/>.Version matches the stored version; returns null
    /// when the worker does not exist. The version check and the write are one statement, so two
    /// concurrent updates of the same version cannot both succeed.
    /// </summary>
    public async Task<Worker?> UpdateAsync(Worker worker, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var existing = await c.QuerySingleOrDefaultAsync<WorkerRow>(new CommandDefinition(
            SelectWorker + " WHERE id = @Id", new { worker.Id }, tx, cancellationToken: ct));
        if (existing is null) return null;
        var stored = Canonical(worker) with
        {
            Version = worker.Version + 1,
            CreatedAt = DbTime.FromMs(existing.CreatedAt),
            UpdatedAt = DbTime.Now(_clock),
        };
        var changed = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE workers SET display_name = @DisplayName, city_code = @CityCode, education = @Education,
                experience_years = @ExperienceYears, birth_year = @BirthYear, gender = @Gender,
                salary_wish_monthly = @SalaryWishMonthly, actively_seeking = @ActivelySeeking,
                graduation_year = @GraduationYear, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Expected
            """, Tables.Workers.Parameters(stored).With("Expected", worker.Version), tx, cancellationToken: ct));
        if (changed == 0)
            throw new ConcurrencyConflictException("worker", worker.Id, worker.Version, existing.Version);
        // A change of city is a relocation: recorded in the same transaction (mobility flows, Data/Mobility).
        if (!string.Equals(existing.CityCode, stored.CityCode, StringComparison.Ordinal))
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO relocations (worker_id, from_city, to_city, moved_on) VALUES (@id, @from, @to, @on)",
                new { id = worker.Id, from = existing.CityCode, to = stored.CityCode, on = DbTime.ToDate(DateOnly.FromDateTime(stored.UpdatedAt.UtcDateTime)) },
                tx, cancellationToken: ct));
        var rows = new RowWriter(c, tx, _db.Dialect);
        await EntityWrites.DeleteWorkerChildrenAsync(rows, worker.Id, ct);
        await EntityWrites.InsertWorkerChildrenAsync(rows, [stored], ct);
        await WriteContactAsync(c, tx, stored, ct);
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>Deletes the worker, their skills, history, relocations (by cascade) and interactions. Returns null when absent, else the interactions removed.</summary>
    public async Task<int?> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var interactions = await c.ExecuteAsync(new CommandDefinition("DELETE FROM interactions WHERE worker_id = @id", new { id }, tx, cancellationToken: ct));
        await EntityWrites.DeleteWorkerChildrenAsync(new RowWriter(c, tx, _db.Dialect), id, ct);
        var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM workers WHERE id = @id", new { id }, tx, cancellationToken: ct));
        if (deleted == 0) return null; // rolled back on dispose: nothing was there
        await tx.CommitAsync(ct);
        return interactions;
    }

    /// <summary>Keyset-paged by id; the page token is the last id of the previous page.</summary>
    public async Task<Page<Worker>> ListAsync(int pageSize, string? pageToken, string? cityCode, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<WorkerRow>(new CommandDefinition(
            SelectWorker + SqlFilter.Where((pageToken is not null, "id > @after"), (cityCode is not null, "city_code = @city"))
            + $" ORDER BY id {_db.Dialect.FirstRows("@take")}", new { after = pageToken, city = cityCode, take = pageSize + 1 }, cancellationToken: ct))).ToList();
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        var items = await AttachChildrenAsync(c, _db.Dialect, rows, ct);
        if (_contacts is not null && items.Count > 0)
        {
            var contacts = await ContactsAsync(c, null, items.Select(w => w.Id).ToArray(), ct);
            items = items.Select(w => w with { Contact = contacts.GetValueOrDefault(w.Id) }).ToList();
        }
        return new Page<Worker>(items, more ? items[^1].Id : null);
    }

    /// <summary>Contact details of these workers (those who gave any), opened; empty without a cipher.</summary>
    public async Task<IReadOnlyDictionary<string, WorkerContact>> GetContactsAsync(IReadOnlyCollection<string> workerIds, CancellationToken ct = default)
    {
        if (_contacts is null || workerIds.Count == 0) return new Dictionary<string, WorkerContact>();
        await using var c = await _db.OpenAsync(ct);
        return await ContactsAsync(c, null, workerIds, ct);
    }

    private async Task<Dictionary<string, WorkerContact>> ContactsAsync(DbConnection c, DbTransaction? tx, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await c.QueryAsync<(string WorkerId, string SealedValue, string KeyId)>(new CommandDefinition(
            $"SELECT worker_id, sealed_value, key_id FROM worker_contacts WHERE {_db.Dialect.In("worker_id", "@ids")}",
            new { ids = ids.ToArray() }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.WorkerId, r => _contacts!.Open(r.WorkerId, r.SealedValue, r.KeyId), StringComparer.Ordinal);
    }

    /// <summary>Replaces the stored contact details with the profile's (sealed), or removes them when it has none.</summary>
    private async Task WriteContactAsync(DbConnection c, DbTransaction tx, Worker worker, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM worker_contacts WHERE worker_id = @Id", new { worker.Id }, tx, cancellationToken: ct));
        if (worker.Contact is null) return;
        if (_contacts is null)
            throw new InvalidOperationException("contact details can only be stored with a contact encryption key (Privacy:ContactKey)");
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO worker_contacts (worker_id, sealed_value, key_id) VALUES (@id, @sealed, @key)",
            new { id = worker.Id, @sealed = _contacts.Seal(worker.Id, worker.Contact), key = _contacts.KeyId }, tx, cancellationToken: ct));
    }

    /// <summary>Skills are stored and read back in code order; a write returns them the same way.</summary>
    private static Worker Canonical(Worker w) =>
        w with { Skills = w.Skills.OrderBy(s => s.SkillCode, StringComparer.Ordinal).ToArray() };

    /// <summary>Every worker, for building the in-memory candidate index.</summary>
    public async Task<IReadOnlyList<Worker>> GetAllAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<WorkerRow>(new CommandDefinition(SelectWorker + " ORDER BY id", cancellationToken: ct))).ToList();
        return await AttachChildrenAsync(c, _db.Dialect, rows, ct, all: true);
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM workers", cancellationToken: ct));
    }

    private static async Task<IReadOnlyList<Worker>> AttachChildrenAsync(DbConnection c, ISqlDialect dialect, IReadOnlyList<WorkerRow> rows,
        CancellationToken ct, bool all = false)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        // For a full load, read the child tables whole instead of passing a million ids as parameters.
        var where = all ? "" : " WHERE " + dialect.In("worker_id", "@ids");
        var skills = (await c.QueryAsync<OwnedSkillRow>(new CommandDefinition(
                "SELECT worker_id AS owner_id, skill_code, level FROM worker_skills" + where + " ORDER BY worker_id, skill_code",
                new { ids }, cancellationToken: ct)))
            .ToLookup(s => s.OwnerId, s => s.ToLevel(), StringComparer.Ordinal);
        var history = (await c.QueryAsync<HistoryRow>(new CommandDefinition(
                "SELECT * FROM work_history" + where + " ORDER BY worker_id, seq", new { ids }, cancellationToken: ct)))
            .ToLookup(h => h.WorkerId, h => h.ToDomain(), StringComparer.Ordinal);
        return rows.Select(r => r.ToDomain(skills[r.Id].ToArray(), history[r.Id].ToArray())).ToArray();
    }
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters With(this DynamicParameters p, string name, object? value)
    {
        p.Add(name, value);
        return p;
    }
}
