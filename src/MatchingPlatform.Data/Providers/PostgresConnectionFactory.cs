using System.Data;
using System.Data.Common;
using MatchingPlatform.Data.Providers.Dialects;
using Npgsql;

namespace MatchingPlatform.Data.Providers;

/// <summary>
/// PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>. When any connection breaks, the whole pool is
/// cleared. Npgsql itself drops idle connections that the server shut down or reset (the restart and network-cut
/// tests pass without this), but a connection whose peer vanished silently (a partition, no reset) looks healthy
/// in the pool until used; its idle siblings died the same way, and clearing on the first failure spares each of
/// them failing one more request after the database is back.
/// </summary>
public sealed class PostgresConnectionFactory : IDbConnectionFactory, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionFactory(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public ISqlDialect Dialect => PostgresDialect.Instance;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        connection.StateChange += ClearPoolWhenBroken;
        return connection;
    }

    private void ClearPoolWhenBroken(object? sender, StateChangeEventArgs e)
    {
        if (sender is NpgsqlConnection { FullState: var state } && state.HasFlag(ConnectionState.Broken))
            _dataSource.Clear();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
