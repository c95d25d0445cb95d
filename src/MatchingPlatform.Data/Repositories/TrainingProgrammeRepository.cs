using Dapper;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Repositories;

public sealed class TrainingProgrammeRepository
{
    private readonly IDbConnectionFactory _db;

    public TrainingProgrammeRepository(IDbConnectionFactory db)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
    }

    /// <summary>Programmes teaching <paramref name="skillCode"/> and/or in <paramref name="cityCode"/>, keyset-paged by id.</summary>
    public async Task<Page<TrainingProgramme>> ListAsync(int pageSize, string? pageToken, string? skillCode, string? cityCode, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<ProgrammeRow>(new CommandDefinition(
            "SELECT id, title, provider, city_code, duration_weeks, cost_cny, subsidised FROM training_programmes p"
            + SqlFilter.Where((pageToken is not null, "id > @after"), (cityCode is not null, "city_code = @city"),
                (skillCode is not null, "EXISTS (SELECT 1 FROM programme_skills s WHERE s.programme_id = p.id AND s.skill_code = @skill)"))
            + $" ORDER BY id {_db.Dialect.FirstRows("@take")}", new { after = pageToken, city = cityCode, skill = skillCode, take = pageSize + 1 }, cancellationToken: ct))).ToList();
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        var teaches = await TeachesAsync(c, _db.Dialect, rows.Select(r => r.Id).ToArray(), ct);
        var items = rows.Select(r => r.ToDomain(teaches[r.Id].ToArray())).ToArray();
        return new Page<TrainingProgramme>(items, more ? items[^1].Id : null);
    }

    public async Task<IReadOnlyList<TrainingProgramme>> GetAllAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<ProgrammeRow>(new CommandDefinition(
            "SELECT id, title, provider, city_code, duration_weeks, cost_cny, subsidised FROM training_programmes ORDER BY id",
            cancellationToken: ct))).ToList();
        var teaches = await TeachesAsync(c, _db.Dialect, null, ct);
        return rows.Select(r => r.ToDomain(teaches[r.Id].ToArray())).ToArray();
    }

    private static async Task<ILookup<string, SkillLevel>> TeachesAsync(System.Data.Common.DbConnection c, ISqlDialect dialect, string[]? ids, CancellationToken ct)
    {
        if (ids is { Length: 0 }) return Array.Empty<OwnedSkillRow>().ToLookup(r => r.OwnerId, r => r.ToLevel());
        var sql = "SELECT programme_id AS owner_id, skill_code, level FROM programme_skills"
                  + (ids is null ? "" : " WHERE " + dialect.In("programme_id", "@ids")) + " ORDER BY programme_id, skill_code";
        return (await c.QueryAsync<OwnedSkillRow>(new CommandDefinition(sql, new { ids }, cancellationToken: ct)))
            .ToLookup(s => s.OwnerId, s => s.ToLevel(), StringComparer.Ordinal);
    }
}
