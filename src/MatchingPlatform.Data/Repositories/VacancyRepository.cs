using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Repositories;

/// <summary>Vacancies with their skill requirements.</summary>
public sealed class VacancyRepository
{
    private const string SelectVacancy = """
        SELECT id, enterprise_id, title, city_code, industry_code, occupation_code, min_education, min_experience_years,
               salary_min_monthly, salary_max_monthly, headcount, status, posted_at, closed_at, description
        FROM vacancies
        """;

    private readonly IDbConnectionFactory _db;
    private readonly TimeProvider _clock;

    public VacancyRepository(IDbConnectionFactory db, TimeProvider? clock = null)
    {
        DapperSetup.EnsureConfigured();
        _db = db;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<Vacancy?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<VacancyRow>(new CommandDefinition(SelectVacancy + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : (await AttachRequirementsAsync(c, _db.Dialect, [row], ct))[0];
    }

    /// <summary>
    /// Posts an open vacancy stamped now. Throws <see cref="MissingReferenceException"/> when the enterprise
    /// does not exist and <see cref="DuplicateEntityException"/> when the id is taken.
    /// </summary>
    public async Task<Vacancy> PostAsync(Vacancy vacancy, CancellationToken ct = default)
    {
        // Requirements are read back in skill-code order; return them that way too.
        var stored = vacancy with
        {
            Status = VacancyStatus.Open, PostedAt = DbTime.Now(_clock), ClosedAt = null,
            Requirements = vacancy.Requirements.OrderBy(r => r.SkillCode, StringComparer.Ordinal).ToArray(),
        };
        await using var c = await _db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var enterpriseExists = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM enterprises WHERE id = @EnterpriseId", new { vacancy.EnterpriseId }, tx, cancellationToken: ct));
        if (enterpriseExists == 0)
            throw new MissingReferenceException("enterprise_id", "enterprise", vacancy.EnterpriseId);
        try
        {
            await EntityWrites.InsertVacanciesAsync(new RowWriter(c, tx, _db.Dialect), [stored], ct);
        }
        catch (DbException ex) when (_db.Dialect.IsUniqueViolation(ex))
        {
            throw new DuplicateEntityException("vacancy", vacancy.Id);
        }
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>Closes an open vacancy; closing a closed one returns it unchanged. Null when absent.</summary>
    public async Task<Vacancy?> CloseAsync(string id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE vacancies SET status = 2, closed_at = @now WHERE id = @id AND status = 1",
            new { id, now = DbTime.ToMs(DbTime.Now(_clock)) }, cancellationToken: ct));
        var row = await c.QuerySingleOrDefaultAsync<VacancyRow>(new CommandDefinition(SelectVacancy + " WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : (await AttachRequirementsAsync(c, _db.Dialect, [row], ct))[0];
    }

    public async Task<Page<Vacancy>> ListAsync(int pageSize, string? pageToken, string? enterpriseId, string? cityCode,
        VacancyStatus? status, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var rows = (await c.QueryAsync<VacancyRow>(new CommandDefinition(SelectVacancy
            + SqlFilter.Where((pageToken is not null, "id > @after"), (enterpriseId is not null, "enterprise_id = @enterpriseId"),
                (cityCode is not null, "city_code = @city"), (status is not null, "status = @status"))
            + $" ORDER BY id {_db.Dialect.FirstRows("@take")}", new { after = pageToken, enterpriseId, city = cityCode, status = (int?)status, take = pageSize + 1 },
            cancellationToken: ct))).ToList();
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        var items = await AttachRequirementsAsync(c, _db.Dialect, rows, ct);
        return new Page<Vacancy>(items, more ? items[^1].Id : null);
    }

    /// <summary>Every open vacancy, for building the retrieval index.</summary>
    public Task<IReadOnlyList<Vacancy>> GetOpenAsync(CancellationToken ct = default) => GetAllAsync(openOnly: true, ct);

    /// <summary>Every vacancy (open only, or open and closed: the interaction log refers to both), with requirements.</summary>
    public async Task<IReadOnlyList<Vacancy>> GetAllAsync(bool openOnly, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var where = openOnly ? " WHERE status = 1" : "";
        var rows = (await c.QueryAsync<VacancyRow>(new CommandDefinition(SelectVacancy + where + " ORDER BY id", cancellationToken: ct))).ToList();
        // Read the child table whole (joined for the open-only case) instead of passing every id as a parameter.
        var requirements = (await c.QueryAsync<OwnedSkillRow>(new CommandDefinition(
                "SELECT s.vacancy_id AS owner_id, s.skill_code, s.level, s.importance FROM vacancy_skills s"
                + (openOnly ? " JOIN vacancies v ON v.id = s.vacancy_id WHERE v.status = 1" : "")
                + " ORDER BY s.vacancy_id, s.skill_code", cancellationToken: ct)))
            .ToLookup(s => s.OwnerId, s => s.ToRequirement(), StringComparer.Ordinal);
        return rows.Select(r => r.ToDomain(requirements[r.Id].ToArray())).ToArray();
    }

    private static async Task<IReadOnlyList<Vacancy>> AttachRequirementsAsync(DbConnection c, ISqlDialect dialect, IReadOnlyList<VacancyRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var requirements = (await c.QueryAsync<OwnedSkillRow>(new CommandDefinition(
                $"SELECT vacancy_id AS owner_id, skill_code, level, importance FROM vacancy_skills WHERE {dialect.In("vacancy_id", "@ids")} ORDER BY vacancy_id, skill_code",
                new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: ct)))
            .ToLookup(s => s.OwnerId, s => s.ToRequirement(), StringComparer.Ordinal);
        return rows.Select(r => r.ToDomain(requirements[r.Id].ToArray())).ToArray();
    }
}
