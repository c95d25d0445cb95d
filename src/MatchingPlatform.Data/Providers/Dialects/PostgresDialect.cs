using System.Data.Common;
using System.Net.Sockets;
using DbUp;
using DbUp.Builder;
using DbUp.Engine.Output;
using Npgsql;
using NpgsqlTypes;

namespace MatchingPlatform.Data.Providers.Dialects;

/// <summary>PostgreSQL through Npgsql: ON CONFLICT upserts, RETURNING, array parameters, binary COPY.</summary>
public sealed class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect() { }

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public string FirstRows(string count) => $"LIMIT {count}";

    public string SkipThenFirstRows(string skip, string count) => $"LIMIT {count} OFFSET {skip}";

    public string In(string column, string list) => $"{column} = ANY({list})";

    public string InsertIfAbsent(Table table, string? returning = null) =>
        $"{table.InsertSql} ON CONFLICT ({string.Join(", ", table.Key)}) DO NOTHING" + (returning is null ? "" : $" RETURNING {returning}");

    public string Upsert(Table table) => OnConflict.Upsert(table);

    public string InsertReturning(Table table, string identity) => $"{table.InsertSql} RETURNING {identity}";

    /// <summary>
    /// SHARE ROW EXCLUSIVE conflicts with itself and with the ROW EXCLUSIVE lock that every INSERT takes, but not
    /// with the ACCESS SHARE of plain SELECTs: appenders queue behind each other (held to commit or rollback, and
    /// released by the server when a killed client's connection drops) while readers of the outbox carry on.
    /// </summary>
    public string? LockForAppend(string table) => $"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE";

    // Integer division truncates, as on the other providers, so all three agree on every date.
    public string UtcDate(string unixMs) => $"to_char(DATE '1970-01-01' + CAST({unixMs} / 86400000 AS INTEGER), 'YYYY-MM-DD')";

    public bool IsUniqueViolation(DbException ex) => ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Connection-level failures only. Npgsql also calls serialization failures and deadlocks transient, but
    /// those are conflicts between requests, not an unavailable database.
    /// </summary>
    public bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)   // connection exception
                               || p.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources, too many connections
                               || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                                   or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException n => n.IsTransient || n.InnerException is SocketException or IOException or TimeoutException,
        _ => false,
    };

    public string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "it names no Host" : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    public UpgradeEngineBuilder MigrationTarget(string connectionString) => DeployChanges.To.PostgresqlDatabase(connectionString);

    public void EnsureDatabase(string connectionString) =>
        DbUp.EnsureDatabase.For.PostgresqlDatabase(connectionString, new NoOpUpgradeLog());

    /// <summary>
    /// Binary COPY inside the caller's transaction (a COPY is an ordinary statement: it commits or rolls back
    /// with the rest). Rows that must skip stored keys are copied into a temporary table first and moved with
    /// INSERT ... SELECT ... ON CONFLICT DO NOTHING, since COPY itself has no conflict clause.
    /// </summary>
    public async Task<long> BulkInsertAsync<T>(DbConnection connection, DbTransaction transaction, Table<T> table,
        IReadOnlyCollection<T> rows, bool skipExisting, IProgress<string>? progress, CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        var npgsql = (NpgsqlConnection)connection;
        if (!skipExisting) return await CopyAsync(npgsql, table.Name, table, rows, progress, ct);

        var stage = "stage_" + table.Name;
        await ExecuteAsync(npgsql, transaction, $"CREATE TEMPORARY TABLE {stage} AS SELECT {table.ColumnList} FROM {table.Name} WITH NO DATA", ct);
        await CopyAsync(npgsql, stage, table, rows, progress, ct);
        var inserted = await ExecuteAsync(npgsql, transaction,
            $"INSERT INTO {table.Name} ({table.ColumnList}) SELECT {table.ColumnList} FROM {stage} ON CONFLICT ({string.Join(", ", table.Key)}) DO NOTHING", ct);
        await ExecuteAsync(npgsql, transaction, $"DROP TABLE {stage}", ct);
        return inserted;
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, string target, Table<T> table,
        IReadOnlyCollection<T> rows, IProgress<string>? progress, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {target} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        long written = 0;
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            var values = table.Values(row);
            for (var i = 0; i < values.Length; i++)
            {
                var task = values[i] switch
                {
                    null => importer.WriteNullAsync(ct),
                    string s => importer.WriteAsync(s, NpgsqlDbType.Text, ct),
                    int n => importer.WriteAsync(n, NpgsqlDbType.Integer, ct),
                    long n => importer.WriteAsync(n, NpgsqlDbType.Bigint, ct),
                    double d => importer.WriteAsync(d, NpgsqlDbType.Double, ct),
                    bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean, ct),
                    var other => throw new InvalidOperationException($"{table.Name}.{table.Columns[i].Name}: no COPY type for {other.GetType()}"),
                };
                await task;
            }
            BulkProgress.Report(progress, table, ++written, rows.Count);
        }
        return (long)await importer.CompleteAsync(ct);
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction)transaction);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
