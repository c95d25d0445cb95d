using Dapper;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Data.Repositories;

/// <summary>
/// Mirrors the shipped reference files into the reference tables, so that foreign keys hold every
/// code to the taxonomy and SQL aggregations can group by skill group or province.
/// </summary>
public sealed class ReferenceDataRepository
{
    private readonly IDbConnectionFactory _db;

    public ReferenceDataRepository(IDbConnectionFactory db)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
    }

    /// <summary>
    /// Inserts new codes and updates changed names/flags in one transaction. Codes that left the files stay
    /// (stored profiles may still reference them).
    /// </summary>
    public async Task SyncAsync(ReferenceData reference, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        async Task Upsert<T>(Table<T> table, IEnumerable<T> rows) =>
            await c.ExecuteAsync(new CommandDefinition(_db.Dialect.Upsert(table), rows.Select(table.Parameters).ToList(), tx, cancellationToken: ct));

        await Upsert(Tables.Cities, reference.Cities.All);
        await Upsert(Tables.Industries, reference.Taxonomy.Industries);
        await Upsert(Tables.Skills, reference.Taxonomy.Skills);
        await Upsert(Tables.Occupations, reference.Taxonomy.Occupations);
        // An occupation's profile is replaced whole: it is reference data, owned by the files.
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM occupation_skills", transaction: tx, cancellationToken: ct));
        await new RowWriter(c, tx, _db.Dialect).InsertAsync(Tables.OccupationSkills,
            reference.Taxonomy.Occupations.SelectMany(o => o.Skills.Select(s => (o.Code, s))), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Every stored city: the shipped table plus the cities imports brought (e.g. US cities of the job-view
    /// log). The server registers these into its <see cref="CityDirectory"/> at start so that profiles that
    /// reference imported cities validate.
    /// </summary>
    public async Task<IReadOnlyList<City>> GetCitiesAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = await c.QueryAsync<CityRow>(new CommandDefinition("""
            SELECT code, name_en, name_zh, province, admin_code, latitude, longitude, population, in_liaoning
            FROM cities ORDER BY code
            """, cancellationToken: ct));
        return rows.Select(r => r.ToDomain()).ToList();
    }
}
