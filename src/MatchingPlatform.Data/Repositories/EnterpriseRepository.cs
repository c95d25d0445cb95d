using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Repositories;

public sealed class EnterpriseRepository
{
    private const string SelectEnterprise =
        "SELECT id, name, city_code, industry_code, ownership, employees, version, created_at, updated_at FROM enterprises";

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;

    public EnterpriseRepository(IDbConnectionFactory db, TimeProvider? clock = null)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<Enterprise?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<EnterpriseRow>(new CommandDefinition(SelectEnterprise + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<Enterprise>> GetAllAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return (await c.QueryAsync<EnterpriseRow>(new CommandDefinition(SelectEnterprise + " ORDER BY id", cancellationToken: ct)))
            .Select(r => r.ToDomain()).ToArray();
    }

    public async Task<Enterprise> CreateAsync(Enterprise enterprise, CancellationToken ct = default)
    {
        var now = DbTime.Now(_clock);
        var stored = enterprise with { Version = 1, CreatedAt = now, UpdatedAt = now };
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            await EntityWrites.InsertEnterprisesAsync(new RowWriter(c, tx, _db.Dialect), [stored], ct);
        }
        catch (DbException ex) when (_db.Dialect.IsUniqueViolation(ex))
        {
            throw new DuplicateEntityException("enterprise", enterprise.Id);
        }
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>Replaces the enterprise when its version matches; null when absent.</summary>
    public async Task<Enterprise?> UpdateAsync(Enterprise enterprise, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var existing = await c.QuerySingleOrDefaultAsync<EnterpriseRow>(new CommandDefinition(
            SelectEnterprise + " WHERE id = @Id", new { enterprise.Id }, tx, cancellationToken: ct));
        if (existing is null) return null;
        var stored = enterprise with
        {
            Version = enterprise.Version + 1,
            CreatedAt = DbTime.FromMs(existing.CreatedAt),
            UpdatedAt = DbTime.Now(_clock),
        };
        var changed = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE enterprises SET name = @Name, city_code = @CityCode, industry_code = @IndustryCode,
                ownership = @Ownership, employees = @Employees, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Expected
            """, Tables.Enterprises.Parameters(stored).With("Expected", enterprise.Version), tx, cancellationToken: ct));
        if (changed == 0)
            throw new ConcurrencyConflictException("enterprise", enterprise.Id, enterprise.Version, existing.Version);
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>
    /// Deletes an enterprise with no open vacancies, together with its closed vacancies and their
    /// interactions. Returns false when absent; throws <see cref="StateConflictException"/> while vacancies are open.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var open = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM vacancies WHERE enterprise_id = @id AND status = 1", new { id }, tx, cancellationToken: ct));
        if (open > 0)
            throw new StateConflictException($"enterprise '{id}' has {open} open vacancies; close them first");
        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM vacancies WHERE enterprise_id = @id", new { id }, tx, cancellationToken: ct));
        var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM enterprises WHERE id = @id", new { id }, tx, cancellationToken: ct));
        if (deleted == 0) return false;
        await tx.CommitAsync(ct);
        return true;
    }
}
