using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Repositories;

/// <summary>The feedback log that training reads.</summary>
public sealed class InteractionRepository
{
    private readonly IDbConnectionFactory _db;

    public InteractionRepository(IDbConnectionFactory db)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
    }

    /// <summary>
    /// Records one event. Throws <see cref="MissingReferenceException"/> naming worker_id or vacancy_id when
    /// either does not exist. Recording the identical event (same worker, vacancy, type and time) twice
    /// returns the first event's id: clients may retry safely.
    /// </summary>
    public async Task<Interaction> RecordAsync(Interaction interaction, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM workers WHERE id = @WorkerId", interaction, tx, cancellationToken: ct)) == 0)
            throw new MissingReferenceException("worker_id", "worker", interaction.WorkerId);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM vacancies WHERE id = @VacancyId", interaction, tx, cancellationToken: ct)) == 0)
            throw new MissingReferenceException("vacancy_id", "vacancy", interaction.VacancyId);
        var stored = interaction with { OccurredAt = DbTime.FromMs(DbTime.ToMs(interaction.OccurredAt)) };
        // Insert-if-absent in one statement, then read the stored event's id when it was skipped: two concurrent
        // retries of the same event meet at the unique key on every provider instead of both inserting.
        var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                     _db.Dialect.InsertIfAbsent(Tables.Interactions, returning: "id"), Tables.Interactions.Parameters(stored), tx, cancellationToken: ct))
                 ?? await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                     SELECT id FROM interactions
                     WHERE worker_id = @WorkerId AND vacancy_id = @VacancyId AND type = @Type AND occurred_at = @OccurredAt
                     """, Tables.Interactions.Parameters(stored), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return stored with { Id = id };
    }

    /// <summary>All events in time order (id breaks ties), optionally from a time on.</summary>
    public async Task<IReadOnlyList<Interaction>> ListAsync(DateTimeOffset? from = null, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await c.QueryAsync<InteractionRow>(new CommandDefinition("""
                SELECT id, worker_id, vacancy_id, type, occurred_at FROM interactions
                WHERE (@from IS NULL OR occurred_at >= @from) ORDER BY occurred_at, id
                """, new { from = from is { } f ? DbTime.ToMs(f) : (long?)null }, cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToArray();
    }

    /// <summary>Which of <paramref name="workerIds"/> applied to the vacancy: the only candidates whose contact details its enterprise may see.</summary>
    public async Task<IReadOnlySet<string>> ApplicantsAsync(string vacancyId, IReadOnlyCollection<string> workerIds, CancellationToken ct = default)
    {
        if (workerIds.Count == 0) return new HashSet<string>();
        await using var c = await _db.OpenAsync(ct);
        var applied = await c.QueryAsync<string>(new CommandDefinition(
            $"SELECT DISTINCT worker_id FROM interactions WHERE vacancy_id = @vacancyId AND type = @apply AND {_db.Dialect.In("worker_id", "@ids")}",
            new { vacancyId, apply = (int)InteractionType.Apply, ids = workerIds.ToArray() }, cancellationToken: ct));
        return applied.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM interactions", cancellationToken: ct));
    }
}
