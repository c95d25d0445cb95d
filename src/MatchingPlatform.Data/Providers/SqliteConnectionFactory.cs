using System.Data.Common;
using MatchingPlatform.Data.Providers.Dialects;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Data.Providers;

/// <summary>
/// The embedded default. Every connection enforces foreign keys and waits on a busy database
/// instead of failing; WAL lets readers run beside the single writer.
/// </summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public ISqlDialect Dialect => SqliteDialect.Instance;

    /// <summary>The database file's absolute path.</summary>
    public string DataSource { get; }

    public string ConnectionString => _connectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
