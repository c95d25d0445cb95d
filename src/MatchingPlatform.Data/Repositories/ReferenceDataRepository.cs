using Dapper;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Data.Providers;
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
        async Task Upsert(string sql, IEnumerable<object> rows) =>
            await c.ExecuteAsync(new CommandDefinition(sql, rows.ToList(), tx, cancellationToken: ct));

        await Upsert("""
            INSERT INTO cities (code, name_en, name_zh, province, admin_code, latitude, longitude, population, in_liaoning)
            VALUES (@Code, @NameEn, @NameZh, @Province, @AdminCode, @Latitude, @Longitude, @Population, @InLiaoning)
            ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_zh = excluded.name_zh, province = excluded.province,
                admin_code = excluded.admin_code, latitude = excluded.latitude, longitude = excluded.longitude,
                population = excluded.population, in_liaoning = excluded.in_liaoning
            """, reference.Cities.All);
        await Upsert("""
            INSERT INTO industries (code, name_en, name_zh, traditional_manufacturing, digital)
            VALUES (@Code, @NameEn, @NameZh, @TraditionalManufacturing, @IsDigital)
            ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_zh = excluded.name_zh,
                traditional_manufacturing = excluded.traditional_manufacturing, digital = excluded.digital
            """, reference.Taxonomy.Industries);
        await Upsert("""
            INSERT INTO skills (code, name_en, name_zh, skill_group, digital) VALUES (@Code, @NameEn, @NameZh, @Group, @IsDigital)
            ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_zh = excluded.name_zh,
                skill_group = excluded.skill_group, digital = excluded.digital
            """, reference.Taxonomy.Skills);
        await Upsert("""
            INSERT INTO occupations (code, name_en, name_zh, industry_code, onet_soc) VALUES (@Code, @NameEn, @NameZh, @IndustryCode, @OnetSoc)
            ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_zh = excluded.name_zh,
                industry_code = excluded.industry_code, onet_soc = excluded.onet_soc
            """, reference.Taxonomy.Occupations);
        // An occupation's profile is replaced whole: it is reference data, owned by the files.
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM occupation_skills", transaction: tx, cancellationToken: ct));
        await Upsert("""
            INSERT INTO occupation_skills (occupation_code, skill_code, level, importance) VALUES (@Occupation, @SkillCode, @Level, @Importance)
            """, reference.Taxonomy.Occupations.SelectMany(o => o.Skills.Select(s => new { Occupation = o.Code, s.SkillCode, s.Level, s.Importance })));
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
