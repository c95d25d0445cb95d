using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Data.Tests;

/// <summary>
/// A migrated SQLite database in a temporary file with the shipped reference data synced: the same
/// schema and constraints the server runs on. Disposing deletes the file.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private static readonly Lazy<ReferenceData> SharedReference =
        new(() => ReferenceData.Load(ReferenceData.ResolveDataDirectory()));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "matching-data-tests-" + Guid.NewGuid().ToString("N"));

    public TestDatabase()
    {
        Directory.CreateDirectory(_directory);
        Options = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "test.db")}" };
        DatabaseMigrator.Migrate(Options);
        Connections = ConnectionFactories.Create(Options);
        new ReferenceDataRepository(Connections).SyncAsync(Reference).GetAwaiter().GetResult();
    }

    public static ReferenceData Reference => SharedReference.Value;
    public DatabaseOptions Options { get; }
    public IDbConnectionFactory Connections { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { /* temp folder: best effort */ }
    }
}
