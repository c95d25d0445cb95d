using System.Data;
using System.Data.Common;
using DbUp;
using DbUp.Builder;
using DbUp.Engine.Output;
using Microsoft.Data.SqlClient;

namespace MatchingPlatform.Data.Providers.Dialects;

/// <summary>SQL Server through Microsoft.Data.SqlClient: OFFSET/FETCH paging, OUTPUT INSERTED, MERGE, SqlBulkCopy.</summary>
public sealed class SqlServerDialect : ISqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    /// <summary>
    /// Errors that mean the server could not be reached or dropped the session, after SqlClient's own list of
    /// transient errors: timeout (-2), network (20, 53, 64, 121, 233, 10053, 10054, 10060, 10061), database not
    /// available (4060, 40613), throttling and fail-over (10928, 10929, 40197, 40501, 49918-49920).
    /// Deadlocks (1205) are left out: they are conflicts between requests.
    /// </summary>
    private static readonly HashSet<int> UnavailableNumbers =
        [-2, 20, 53, 64, 121, 233, 4060, 10053, 10054, 10060, 10061, 10928, 10929, 40197, 40501, 40613, 49918, 49919, 49920];

    private SqlServerDialect() { }

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public string FirstRows(string count) => $"OFFSET 0 ROWS FETCH NEXT {count} ROWS ONLY";

    public string SkipThenFirstRows(string skip, string count) => $"OFFSET {skip} ROWS FETCH NEXT {count} ROWS ONLY";

    public string In(string column, string list) => $"{column} IN {list}";

    /// <summary>
    /// INSERT ... SELECT ... WHERE NOT EXISTS, with UPDLOCK + HOLDLOCK on the probe so that two sessions inserting
    /// the same key serialise on its key range instead of both passing the check.
    /// </summary>
    public string InsertIfAbsent(Table table, string? returning = null) =>
        $"INSERT INTO {table.Name} ({table.ColumnList})" + (returning is null ? "" : $" OUTPUT INSERTED.{returning}") +
        $" SELECT {table.ParameterList} WHERE NOT EXISTS (SELECT 1 FROM {table.Name} WITH (UPDLOCK, HOLDLOCK) WHERE " +
        string.Join(" AND ", table.Key.Select(k => $"{k} = {table.ColumnNamed(k).Parameter}")) + ")";

    /// <summary>MERGE with HOLDLOCK: without it two concurrent upserts of a new key can both take the insert branch.</summary>
    public string Upsert(Table table)
    {
        var updates = table.Columns.Where(c => !table.Key.Contains(c.Name)).Select(c => $"t.{c.Name} = s.{c.Name}").ToList();
        return $"MERGE INTO {table.Name} WITH (HOLDLOCK) AS t USING (VALUES ({table.ParameterList})) AS s ({table.ColumnList}) ON " +
               string.Join(" AND ", table.Key.Select(k => $"t.{k} = s.{k}")) +
               (updates.Count == 0 ? "" : " WHEN MATCHED THEN UPDATE SET " + string.Join(", ", updates)) +
               $" WHEN NOT MATCHED THEN INSERT ({table.ColumnList}) VALUES ({string.Join(", ", table.Columns.Select(c => "s." + c.Name))});";
    }

    public string InsertReturning(Table table, string identity) =>
        $"INSERT INTO {table.Name} ({table.ColumnList}) OUTPUT INSERTED.{identity} VALUES ({table.ParameterList})";

    /// <summary>
    /// An exclusive application lock named after the table, owned by the transaction (released at commit or
    /// rollback, or when the session dies). Not a table hint: "SELECT TOP 0 ... WITH (TABLOCKX, HOLDLOCK)" compiles
    /// to a plan that never touches the table, and a hint on a table the plan does not access is ignored, so it
    /// would lock nothing; a TABLOCKX that does read the table would also block the outbox's readers. The lock
    /// waits for as long as the command timeout allows; a refusal (timeout, deadlock victim) raises an error
    /// instead of going on unserialised.
    /// </summary>
    public string? LockForAppend(string table) => $"""
        DECLARE @granted INT;
        EXEC @granted = sp_getapplock @Resource = N'append:{table}', @LockMode = 'Exclusive', @LockOwner = 'Transaction';
        IF @granted < 0 THROW 51000, N'could not lock {table} for appending', 1;
        """;

    // Style 23 is yyyy-mm-dd; whole days keep DATEADD's int argument in range for any date.
    public string UtcDate(string unixMs) => $"CONVERT(CHAR(10), DATEADD(DAY, {unixMs} / 86400000, CAST('1970-01-01' AS DATE)), 23)";

    // 2627: PRIMARY KEY or UNIQUE constraint; 2601: unique index.
    public bool IsUniqueViolation(DbException ex) => ex is SqlException { Number: 2627 or 2601 };

    // Severity 20 and above ends the connection: the session is gone whatever the number.
    public bool IsUnavailable(Exception ex) => ex is SqlException s && (UnavailableNumbers.Contains(s.Number) || s.Class >= 20);

    public string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.DataSource) ? "it names no Server (Data Source)" : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return ex.Message;
        }
    }

    public UpgradeEngineBuilder MigrationTarget(string connectionString) => DeployChanges.To.SqlDatabase(connectionString);

    public void EnsureDatabase(string connectionString) =>
        DbUp.EnsureDatabase.For.SqlDatabase(connectionString, new NoOpUpgradeLog());

    /// <summary>
    /// SqlBulkCopy enlisted in the caller's transaction, with CheckConstraints so that CHECK and FOREIGN KEY
    /// constraints hold as for any INSERT (bulk copy skips them by default and leaves them untrusted). Rows that
    /// must skip stored keys go to a #temp table first, then move with INSERT ... SELECT ... WHERE NOT EXISTS,
    /// keeping one row of any key repeated within the batch.
    /// </summary>
    public async Task<long> BulkInsertAsync<T>(DbConnection connection, DbTransaction transaction, Table<T> table,
        IReadOnlyCollection<T> rows, bool skipExisting, IProgress<string>? progress, CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        var sql = (SqlConnection)connection;
        var tx = (SqlTransaction)transaction;
        var target = skipExisting ? "#stage_" + table.Name : table.Name;
        if (skipExisting)
            await ExecuteAsync(sql, tx, $"SELECT TOP 0 {table.ColumnList} INTO {target} FROM {table.Name}", ct);

        using (var bulk = new SqlBulkCopy(sql, SqlBulkCopyOptions.CheckConstraints, tx))
        {
            bulk.DestinationTableName = target;
            bulk.BulkCopyTimeout = 0; // the caller's CancellationToken bounds the copy
            foreach (var c in table.Columns) bulk.ColumnMappings.Add(c.Name, c.Name);
            using var chunk = new DataTable();
            foreach (var c in table.Columns) chunk.Columns.Add(c.Name, ClrType(c.Type));
            long written = 0;
            foreach (var row in rows)
            {
                chunk.Rows.Add(table.Values(row).Select(v => v ?? DBNull.Value).ToArray());
                BulkProgress.Report(progress, table, ++written, rows.Count);
                if (chunk.Rows.Count < BulkProgress.Every && written < rows.Count) continue;
                await bulk.WriteToServerAsync(chunk, ct);
                chunk.Clear();
            }
        }
        if (!skipExisting) return rows.Count;

        var key = string.Join(", ", table.Key);
        var inserted = await ExecuteAsync(sql, tx, $"""
            INSERT INTO {table.Name} ({table.ColumnList})
            SELECT {table.ColumnList} FROM (
                SELECT {table.ColumnList}, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY (SELECT NULL)) AS copy_no FROM {target}) s
            WHERE s.copy_no = 1 AND NOT EXISTS (SELECT 1 FROM {table.Name} t WITH (UPDLOCK, HOLDLOCK) WHERE {string.Join(" AND ", table.Key.Select(k => $"t.{k} = s.{k}"))})
            """, ct);
        await ExecuteAsync(sql, tx, $"DROP TABLE {target}", ct);
        return inserted;
    }

    private static Type ClrType(ColumnType type) => type switch
    {
        ColumnType.Text => typeof(string),
        ColumnType.Int => typeof(int),
        ColumnType.Long => typeof(long),
        ColumnType.Real => typeof(double),
        ColumnType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static async Task<int> ExecuteAsync(SqlConnection connection, SqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection, transaction);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
