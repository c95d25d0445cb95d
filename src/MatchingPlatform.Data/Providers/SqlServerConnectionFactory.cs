using System.Data.Common;
using MatchingPlatform.Data.Providers.Dialects;
using Microsoft.Data.SqlClient;

namespace MatchingPlatform.Data.Providers;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient, pooled by connection string. Unlike Npgsql, nothing is cleared
/// here on failure: SqlClient's idle-connection resiliency (ConnectRetryCount, on by default) reconnects a
/// pooled connection that the server dropped while it sat idle.
/// </summary>
public sealed class SqlServerConnectionFactory(string connectionString) : IDbConnectionFactory
{
    public ISqlDialect Dialect => SqlServerDialect.Instance;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
