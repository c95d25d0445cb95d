using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Training;

namespace MatchingPlatform.Data.Repositories;

/// <summary>
/// The one place each aggregate (row plus child rows) is written. Single-entity repositories and the
/// bulk <see cref="DatasetWriter"/> both call these inside a transaction they own.
/// </summary>
internal static class EntityWrites
{
    private const string InsertWorkerSql = """
        INSERT INTO workers (id, display_name, city_code, education, experience_years, birth_year, gender,
            salary_wish_monthly, actively_seeking, graduation_year, version, created_at, updated_at)
        VALUES (@Id, @DisplayName, @CityCode, @Education, @ExperienceYears, @BirthYear, @Gender,
            @SalaryWishMonthly, @ActivelySeeking, @GraduationYear, @Version, @CreatedAt, @UpdatedAt)
        """;

    private const string InsertWorkerSkillSql =
        "INSERT INTO worker_skills (worker_id, skill_code, level) VALUES (@OwnerId, @SkillCode, @Level)";

    private const string InsertHistorySql = """
        INSERT INTO work_history (worker_id, seq, city_code, occupation_code, employer_name, industry_code, start_date, end_date)
        VALUES (@WorkerId, @Seq, @CityCode, @OccupationCode, @EmployerName, @IndustryCode, @StartDate, @EndDate)
        """;

    private const string InsertEnterpriseSql = """
        INSERT INTO enterprises (id, name, city_code, industry_code, ownership, employees, version, created_at, updated_at)
        VALUES (@Id, @Name, @CityCode, @IndustryCode, @Ownership, @Employees, @Version, @CreatedAt, @UpdatedAt)
        """;

    private const string InsertVacancySql = """
        INSERT INTO vacancies (id, enterprise_id, title, city_code, industry_code, occupation_code, min_education,
            min_experience_years, salary_min_monthly, salary_max_monthly, headcount, status, posted_at, closed_at, description)
        VALUES (@Id, @EnterpriseId, @Title, @CityCode, @IndustryCode, @OccupationCode, @MinEducation,
            @MinExperienceYears, @SalaryMinMonthly, @SalaryMaxMonthly, @Headcount, @Status, @PostedAt, @ClosedAt, @Description)
        """;

    private const string InsertVacancySkillSql =
        "INSERT INTO vacancy_skills (vacancy_id, skill_code, level, importance) VALUES (@OwnerId, @SkillCode, @Level, @Importance)";

    private const string InsertProgrammeSql = """
        INSERT INTO training_programmes (id, title, provider, city_code, duration_weeks, cost_cny, subsidised)
        VALUES (@Id, @Title, @Provider, @CityCode, @DurationWeeks, @CostCny, @Subsidised)
        """;

    private const string InsertProgrammeSkillSql =
        "INSERT INTO programme_skills (programme_id, skill_code, level) VALUES (@OwnerId, @SkillCode, @Level)";

    private const string InsertInteractionSql = """
        INSERT INTO interactions (worker_id, vacancy_id, type, occurred_at) VALUES (@WorkerId, @VacancyId, @Type, @OccurredAt)
        """;

    public static async Task InsertWorkersAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<Worker> workers, CancellationToken ct)
    {
        if (workers.Count == 0) return;
        await Exec(c, tx, InsertWorkerSql, workers.Select(WorkerRow.Params), ct);
        await InsertWorkerChildrenAsync(c, tx, workers, ct);
    }

    /// <summary>Skills and history of workers whose row exists (insert, or update after deleting the old children).</summary>
    public static async Task InsertWorkerChildrenAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<Worker> workers, CancellationToken ct)
    {
        await Exec(c, tx, InsertWorkerSkillSql,
            workers.SelectMany(w => w.Skills.Select(s => new { OwnerId = w.Id, s.SkillCode, s.Level })), ct);
        await Exec(c, tx, InsertHistorySql,
            workers.SelectMany(w => w.History.Select((h, i) => HistoryRow.Params(w.Id, i, h))), ct);
    }

    public static async Task DeleteWorkerChildrenAsync(DbConnection c, DbTransaction tx, string workerId, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM worker_skills WHERE worker_id = @workerId", new { workerId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM work_history WHERE worker_id = @workerId", new { workerId }, tx, cancellationToken: ct));
    }

    public static Task InsertEnterprisesAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<Enterprise> enterprises, CancellationToken ct) =>
        Exec(c, tx, InsertEnterpriseSql, enterprises.Select(EnterpriseRow.Params), ct);

    public static async Task InsertVacanciesAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<Vacancy> vacancies, CancellationToken ct)
    {
        if (vacancies.Count == 0) return;
        await Exec(c, tx, InsertVacancySql, vacancies.Select(VacancyRow.Params), ct);
        await Exec(c, tx, InsertVacancySkillSql,
            vacancies.SelectMany(v => v.Requirements.Select(r => new { OwnerId = v.Id, r.SkillCode, r.Level, r.Importance })), ct);
    }

    public static async Task InsertProgrammesAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<TrainingProgramme> programmes, CancellationToken ct)
    {
        if (programmes.Count == 0) return;
        await Exec(c, tx, InsertProgrammeSql, programmes.Select(ProgrammeRow.Params), ct);
        await Exec(c, tx, InsertProgrammeSkillSql,
            programmes.SelectMany(p => p.Teaches.Select(t => new { OwnerId = p.Id, t.SkillCode, t.Level })), ct);
    }

    /// <summary>Inserts interactions; returns the ids assigned, in input order.</summary>
    public static async Task<long[]> InsertInteractionsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Interaction> interactions, CancellationToken ct)
    {
        var ids = new long[interactions.Count];
        for (var i = 0; i < interactions.Count; i++)
        {
            var x = interactions[i];
            ids[i] = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                InsertInteractionSql + " RETURNING id",
                new { x.WorkerId, x.VacancyId, Type = (int)x.Type, OccurredAt = DbTime.ToMs(x.OccurredAt) }, tx, cancellationToken: ct));
        }
        return ids;
    }

    private static async Task Exec(DbConnection c, DbTransaction tx, string sql, IEnumerable<object> rows, CancellationToken ct)
    {
        // Dapper runs the command once per element; inside one transaction on SQLite that is the
        // batched path (one journal commit for the whole set).
        var list = rows as IReadOnlyCollection<object> ?? rows.ToList();
        if (list.Count == 0) return;
        await c.ExecuteAsync(new CommandDefinition(sql, list, tx, cancellationToken: ct));
    }
}
