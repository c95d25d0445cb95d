using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Tests;

/// <summary>
/// One fresh database per test class, created on first use (xUnit builds class fixtures even when every test
/// of the class is skipped, and a skipped provider has no server to create one on) and dropped after the class.
/// </summary>
public abstract class ProviderFixture<TDatabase>(Func<TDatabase> create) : IProviderFixture, IDisposable where TDatabase : ProviderDatabase
{
    private readonly Lazy<TDatabase> _database = new(create);

    public ProviderDatabase Database => _database.Value;

    public void Dispose()
    {
        if (_database.IsValueCreated) _database.Value.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteFixture() : ProviderFixture<TestDatabase>(() => new TestDatabase());
public sealed class PostgresFixture() : ProviderFixture<PostgresTestDatabase>(() => new PostgresTestDatabase());
public sealed class SqlServerFixture() : ProviderFixture<SqlServerTestDatabase>(() => new SqlServerTestDatabase());

/// <summary>Accessor the contract classes take: the fixture of their provider.</summary>
public interface IProviderFixture
{
    ProviderDatabase Database { get; }
}
