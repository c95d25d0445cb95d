using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Data.Providers.Dialects;

/// <summary>The embedded default. SQLite speaks the PostgreSQL forms of upsert and RETURNING.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect() { }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string FirstRows(string count) => $"LIMIT {count}";

    public string SkipThenFirstRows(string skip, string count) => $"LIMIT {count} OFFSET {skip}";

    public string In(string column, string list) => $"{column} IN {list}";

    public string InsertIfAbsent(Table table, string? returning = null) =>
        $"{table.InsertSql} ON CONFLICT ({string.Join(", ", table.Key)}) DO NOTHING" + (returning is null ? "" : $" RETURNING {returning}");

    public string Upsert(Table table) => OnConflict.Upsert(table);

    public string InsertReturning(Table table, string identity) => $"{table.InsertSql} RETURNING {identity}";

    /// <summary>
    /// None needed: SQLite has one writer at a time, and Microsoft.Data.Sqlite begins its transactions with
    /// BEGIN IMMEDIATE (checked by a test), so a write transaction holds the database's write lock from its
    /// first statement to its commit and appenders are serialised already. A deferred BEGIN would not do:
    /// two transactions could both read, and the later one would fail to upgrade to a writer.
    /// </summary>
    public string? LockForAppend(string table) => null;

    public string UtcDate(string unixMs) => $"date({unixMs} / 1000, 'unixepoch')";

    // SQLITE_CONSTRAINT (19) with the primary-key (1555) or unique (2067) extended code.
    public bool IsUniqueViolation(DbException ex) =>
        ex is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    // BUSY (5) or LOCKED (6) surface only after the 30 s busy timeout: another writer held the database throughout.
    public bool IsUnavailable(Exception ex) => ex is SqliteException { SqliteErrorCode: 5 or 6 };

    public string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.DataSource) ? "it names no Data Source" : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    public UpgradeEngineBuilder MigrationTarget(string connectionString) =>
        DeployChanges.To.SqliteDatabase(new SqliteConnectionFactory(connectionString).ConnectionString);

    public void EnsureDatabase(string connectionString) { }

    /// <summary>
    /// One prepared INSERT (or insert-if-absent) re-executed per row inside the caller's transaction: SQLite's
    /// fastest path, since the cost of a write is the journal commit and there is one for the whole batch.
    /// </summary>
    public async Task<long> BulkInsertAsync<T>(DbConnection connection, DbTransaction transaction, Table<T> table,
        IReadOnlyCollection<T> rows, bool skipExisting, IProgress<string>? progress, CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = skipExisting ? InsertIfAbsent(table) : table.InsertSql;
        var parameters = table.Columns.Select(c =>
        {
            var p = command.CreateParameter();
            p.ParameterName = c.Parameter;
            p.DbType = c.DbType;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        await command.PrepareAsync(ct);
        long inserted = 0, written = 0;
        foreach (var row in rows)
        {
            var values = table.Values(row);
            for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            inserted += await command.ExecuteNonQueryAsync(ct);
            BulkProgress.Report(progress, table, ++written, rows.Count);
        }
        return inserted;
    }
}

/// <summary>The INSERT ... ON CONFLICT upsert that SQLite and PostgreSQL share.</summary>
internal static class OnConflict
{
    public static string Upsert(Table table)
    {
        var updates = table.Columns.Where(c => !table.Key.Contains(c.Name)).Select(c => $"{c.Name} = excluded.{c.Name}").ToList();
        var action = updates.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", updates);
        return $"{table.InsertSql} ON CONFLICT ({string.Join(", ", table.Key)}) {action}";
    }
}
