using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Repositories;

/// <summary>
/// Where <see cref="EntityWrites"/> sends rows, inside a transaction its caller owns. A single-entity write runs
/// the plain INSERT once per row; a batch write (<see cref="DatasetWriter"/>) goes through the dialect's bulk path.
/// </summary>
internal sealed class RowWriter(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
    bool bulk = false, IProgress<string>? progress = null)
{
    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    public async Task<long> InsertAsync<T>(Table<T> table, IEnumerable<T> rows, CancellationToken ct)
    {
        var list = rows as IReadOnlyCollection<T> ?? rows.ToList();
        if (list.Count == 0) return 0;
        if (bulk) return await dialect.BulkInsertAsync(connection, transaction, table, list, skipExisting: false, progress, ct);
        return await connection.ExecuteAsync(new CommandDefinition(table.InsertSql, list.Select(table.Parameters).ToList(), transaction, cancellationToken: ct));
    }
}

/// <summary>
/// The one place each aggregate (row plus child rows) is written. Single-entity repositories and the
/// bulk <see cref="DatasetWriter"/> both call these with a <see cref="RowWriter"/> over their transaction.
/// </summary>
internal static class EntityWrites
{
    public static async Task InsertWorkersAsync(RowWriter w, IReadOnlyCollection<Worker> workers, CancellationToken ct)
    {
        await w.InsertAsync(Tables.Workers, workers, ct);
        await InsertWorkerChildrenAsync(w, workers, ct);
    }

    /// <summary>Skills and history of workers whose row exists (insert, or update after deleting the old children).</summary>
    public static async Task InsertWorkerChildrenAsync(RowWriter w, IReadOnlyCollection<Worker> workers, CancellationToken ct)
    {
        await w.InsertAsync(Tables.WorkerSkills, workers.SelectMany(Tables.SkillsOf), ct);
        await w.InsertAsync(Tables.WorkHistory, workers.SelectMany(Tables.HistoryOf), ct);
    }

    public static async Task DeleteWorkerChildrenAsync(RowWriter w, string workerId, CancellationToken ct)
    {
        await w.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM worker_skills WHERE worker_id = @workerId", new { workerId }, w.Transaction, cancellationToken: ct));
        await w.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM work_history WHERE worker_id = @workerId", new { workerId }, w.Transaction, cancellationToken: ct));
    }

    public static Task InsertEnterprisesAsync(RowWriter w, IReadOnlyCollection<Enterprise> enterprises, CancellationToken ct) =>
        w.InsertAsync(Tables.Enterprises, enterprises, ct);

    public static async Task InsertVacanciesAsync(RowWriter w, IReadOnlyCollection<Vacancy> vacancies, CancellationToken ct)
    {
        await w.InsertAsync(Tables.Vacancies, vacancies, ct);
        await w.InsertAsync(Tables.VacancySkills, vacancies.SelectMany(Tables.RequirementsOf), ct);
    }

    public static async Task InsertProgrammesAsync(RowWriter w, IReadOnlyCollection<TrainingProgramme> programmes, CancellationToken ct)
    {
        await w.InsertAsync(Tables.Programmes, programmes, ct);
        await w.InsertAsync(Tables.ProgrammeSkills, programmes.SelectMany(Tables.TeachesOf), ct);
    }
}
