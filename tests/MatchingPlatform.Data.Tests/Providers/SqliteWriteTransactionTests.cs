using Dapper;
using MatchingPlatform.Data.Providers.Dialects;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Data.Tests.Providers;

/// <summary>
/// <see cref="SqliteDialect.LockForAppend"/> returns no statement because a transaction begun on a connection of
/// <see cref="Data.Providers.SqliteConnectionFactory"/> already holds SQLite's one write lock from its start (BEGIN
/// IMMEDIATE, not a deferred BEGIN that takes the lock only at its first write). This pins that down.
/// </summary>
public sealed class SqliteWriteTransactionTests : IClassFixture<SqliteFixture>
{
    private readonly SqliteFixture _fixture;

    public SqliteWriteTransactionTests(SqliteFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_begun_transaction_holds_the_write_lock_before_it_writes()
    {
        var db = _fixture.Database;
        await using var first = await db.Connections.OpenAsync();
        await using var tx = await first.BeginTransactionAsync();
        // Only a read so far: a deferred transaction would hold no lock yet.
        await first.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alert_events", transaction: tx);

        await using var second = await db.Connections.OpenAsync();
        await second.ExecuteAsync("PRAGMA busy_timeout = 200");
        var blocked = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var other = await second.BeginTransactionAsync();
        });
        Assert.Equal(5, blocked.SqliteErrorCode); // SQLITE_BUSY
        // Readers are not blocked (WAL).
        Assert.Equal(0, await second.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alert_events"));

        await tx.RollbackAsync();
        await using var third = await second.BeginTransactionAsync();
    }
}
