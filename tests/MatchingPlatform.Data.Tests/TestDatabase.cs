using Dapper;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace MatchingPlatform.Data.Tests;

/// <summary>
/// A migrated database of one provider, freshly created under a unique name, with the shipped reference data
/// synced: the same schema and constraints the server runs on. Disposing drops it.
/// </summary>
public abstract class ProviderDatabase : IDisposable
{
    private static readonly Lazy<ReferenceData> SharedReference =
        new(() => ReferenceData.Load(ReferenceData.ResolveDataDirectory()));

    /// <summary>Entity tables, children before parents, so deleting in this order never trips a foreign key.</summary>
    private static readonly string[] EntityTables =
        ["alert_acks", "alert_near_qualified", "alert_events", "alerts", "shortage_stats", "shortage_snapshots",
         "resilience_warning_acks", "resilience_alerts", "resilience_scores", "resilience_snapshots", "resilience_external_values",
         "interactions", "relocations", "worker_contacts", "worker_skills", "work_history", "workers", "vacancy_skills", "vacancies", "enterprises",
         "programme_skills", "training_programmes", "import_batches"];

    protected ProviderDatabase(DatabaseOptions options)
    {
        Options = options;
        DatabaseMigrator.Migrate(Options);
        Connections = ConnectionFactories.Create(Options);
        new ReferenceDataRepository(Connections).SyncAsync(Reference).GetAwaiter().GetResult();
    }

    public static ReferenceData Reference => SharedReference.Value;
    public DatabaseOptions Options { get; }
    public IDbConnectionFactory Connections { get; }
    public ISqlDialect Dialect => Connections.Dialect;

    /// <summary>Back to the state after creation: no entities, no imports, only the shipped cities.</summary>
    public async Task ResetAsync()
    {
        await using var c = await Connections.OpenAsync();
        foreach (var table in EntityTables) await c.ExecuteAsync($"DELETE FROM {table}");
        await c.ExecuteAsync($"DELETE FROM cities WHERE NOT ({Dialect.In("code", "@shipped")})",
            new { shipped = Reference.Cities.All.Select(x => x.Code).ToArray() });
    }

    public void Dispose()
    {
        (Connections as IDisposable)?.Dispose();
        Drop();
        GC.SuppressFinalize(this);
    }

    protected abstract void Drop();

    protected static string UniqueName() => "matching_test_" + Guid.NewGuid().ToString("N")[..16];
}

/// <summary>A SQLite database in a temporary file.</summary>
public sealed class TestDatabase : ProviderDatabase
{
    public TestDatabase() : this(Path.Combine(Path.GetTempPath(), UniqueName())) { }

    private TestDatabase(string directory) : base(new DatabaseOptions
    {
        ConnectionString = $"Data Source={Path.Combine(directory, "test.db")}",
    })
    {
        Directory = directory;
    }

    public string Directory { get; }

    protected override void Drop()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { /* temp folder: best effort */ }
    }
}

/// <summary>A uniquely named database on the PostgreSQL server of MATCHING_TEST_POSTGRES, created through the migrator's EnsureDatabase.</summary>
public sealed class PostgresTestDatabase : ProviderDatabase
{
    public PostgresTestDatabase() : base(new DatabaseOptions
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.RequireConnectionString(DatabaseProvider.PostgreSql))
        {
            Database = UniqueName(),
        }.ConnectionString,
        CreateDatabaseIfMissing = true,
    })
    { }

    protected override void Drop()
    {
        NpgsqlConnection.ClearAllPools();
        var builder = new NpgsqlConnectionStringBuilder(Options.ConnectionString);
        var name = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        // Best effort with retries: the cluster-restart fault test may briefly take the server away while another
        // class cleans up. A scratch database left behind (uniquely named) must not fail a run whose tests passed.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var c = new NpgsqlConnection(builder.ConnectionString);
                c.Open();
                c.Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (NpgsqlException ex) when (attempt < 10)
            {
                Console.Error.WriteLine($"dropping test database {name} failed (attempt {attempt}): {ex.Message}; retrying");
                Thread.Sleep(1000);
            }
            catch (NpgsqlException ex)
            {
                Console.Error.WriteLine($"test database {name} left behind: {ex.Message}");
                return;
            }
        }
    }
}

/// <summary>A uniquely named database on the SQL Server of MATCHING_TEST_SQLSERVER.</summary>
public sealed class SqlServerTestDatabase : ProviderDatabase
{
    public SqlServerTestDatabase() : base(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = new SqlConnectionStringBuilder(TestEnvironment.RequireConnectionString(DatabaseProvider.SqlServer))
        {
            InitialCatalog = UniqueName(),
        }.ConnectionString,
        CreateDatabaseIfMissing = true,
    })
    { }

    protected override void Drop()
    {
        SqlConnection.ClearAllPools();
        var builder = new SqlConnectionStringBuilder(Options.ConnectionString);
        var name = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        builder.Pooling = false;
        using var c = new SqlConnection(builder.ConnectionString);
        c.Open();
        c.Execute($"IF DB_ID('{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END");
    }
}
