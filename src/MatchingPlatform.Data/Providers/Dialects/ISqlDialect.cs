using System.Data.Common;
using DbUp.Builder;

namespace MatchingPlatform.Data.Providers.Dialects;

/// <summary>
/// Everything that differs between the database providers, in one place per provider. The repositories'
/// SQL is portable except for the fragments and statements produced here; error classification,
/// migrations and the bulk-insert path are provider matters too.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Keeps the first rows of an ordered query; goes right after ORDER BY. <paramref name="count"/> is a parameter, e.g. <c>@take</c>.</summary>
    string FirstRows(string count);

    /// <summary>
    /// Skips the first <paramref name="skip"/> rows of an ordered query and keeps the next <paramref name="count"/>;
    /// goes right after ORDER BY. Both are parameters. Only for listings over rows that do not change between pages
    /// (a stored snapshot): elsewhere keyset paging is used, which a concurrent insert cannot shift.
    /// </summary>
    string SkipThenFirstRows(string skip, string count);

    /// <summary>
    /// <paramref name="column"/> is one of the values of the list parameter <paramref name="list"/>. Dapper expands
    /// lists into one parameter per value for SQLite and SQL Server but passes an array to PostgreSQL.
    /// </summary>
    string In(string column, string list);

    /// <summary>
    /// Inserts one row unless a row with the same key exists; affects 0 rows then. With <paramref name="returning"/>
    /// (an identity column) the statement returns that column of the inserted row, and no row when it skipped.
    /// Safe against a concurrent insert of the same key.
    /// </summary>
    string InsertIfAbsent(Table table, string? returning = null);

    /// <summary>Inserts one row and returns the value the database assigned to its identity column <paramref name="identity"/>.</summary>
    string InsertReturning(Table table, string identity);

    /// <summary>
    /// The statement that, run first in a write transaction, makes every other transaction that appends to
    /// <paramref name="table"/> (and runs the same statement first) wait until this one commits or rolls back;
    /// null when the provider's write transactions are serialised already. Readers are not blocked.
    /// </summary>
    /// <remarks>
    /// Why: an outbox read by "every row after id X" needs ids to become visible in increasing order. Identities
    /// are handed out at insert time but become visible at commit, so two concurrent appenders could commit ids
    /// 7..9 before 4..6, and a reader that saw 9 and resumes "after 9" would never see 4..6. With appenders
    /// serialised, every uncommitted id is above every committed one.
    /// </remarks>
    string? LockForAppend(string table);

    /// <summary>Inserts one row, or updates every non-key column of the row with the same key.</summary>
    string Upsert(Table table);

    /// <summary>The UTC calendar date ('YYYY-MM-DD' text) of a Unix-milliseconds expression, for GROUP BY day/period queries.</summary>
    string UtcDate(string unixMs);

    /// <summary>A primary-key or unique-constraint violation.</summary>
    bool IsUniqueViolation(DbException ex);

    /// <summary>
    /// The database could not be reached or dropped the connection (refused, reset, shut down, timed out,
    /// out of connections): the request may succeed if retried later, and says nothing about its input.
    /// </summary>
    bool IsUnavailable(Exception ex);

    /// <summary>Null when the connection string parses for this provider, else why not (never echoing the string).</summary>
    string? ConnectionStringProblem(string connectionString);

    /// <summary>DbUp's builder for this provider, before scripts, journal and transactions are chosen.</summary>
    UpgradeEngineBuilder MigrationTarget(string connectionString);

    /// <summary>Creates the database named in the connection string when it does not exist (a no-op for SQLite, whose file is created on open).</summary>
    void EnsureDatabase(string connectionString);

    /// <summary>
    /// Writes many rows inside <paramref name="transaction"/> through the provider's bulk path. With
    /// <paramref name="skipExisting"/>, rows whose key is already stored (or repeated in <paramref name="rows"/>)
    /// are skipped; otherwise any key collision fails the write. Returns the rows inserted and reports
    /// progress every <see cref="BulkProgress.Every"/> rows.
    /// </summary>
    Task<long> BulkInsertAsync<T>(DbConnection connection, DbTransaction transaction, Table<T> table, IReadOnlyCollection<T> rows,
        bool skipExisting, IProgress<string>? progress, CancellationToken ct);
}

/// <summary>Finds the dialect of a provider.</summary>
public static class SqlDialects
{
    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        DatabaseProvider.PostgreSql => PostgresDialect.Instance,
        DatabaseProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw new NotSupportedException($"database provider {provider} is not supported"),
    };
}

/// <summary>How the bulk paths report progress: one line per <see cref="Every"/> rows written, through the caller's IProgress.</summary>
public static class BulkProgress
{
    public const int Every = 10_000;

    public static void Report(IProgress<string>? progress, Table table, long written, long total)
    {
        // Only every Every rows: small batches keep to the one line per table that callers count on.
        if (progress is not null && written > 0 && written % Every == 0)
            progress.Report(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{table.Name}: {written} of {total} rows written"));
    }
}
