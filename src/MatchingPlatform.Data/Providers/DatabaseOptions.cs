using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Providers;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Bound from the "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Provider connection string. The SQLite default is a file under data/.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/matching.db";

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// Before migrating, create the PostgreSQL or SQL Server database named in the connection string when it does
    /// not exist (the login must be allowed to). Off by default: production databases are usually created by
    /// their administrators. SQLite always creates its file.
    /// </summary>
    public bool CreateDatabaseIfMissing { get; set; }

    /// <summary>Seed the demo dataset when the database holds no workers (the zero-set-up experience).</summary>
    public bool SeedDemoDataWhenEmpty { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return $"{Section}:Provider must be one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}";
            yield break;
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
            yield return $"{Section}:ConnectionString is required";
        else if (SqlDialects.For(Provider).ConnectionStringProblem(ConnectionString) is { } problem)
            yield return $"{Section}:ConnectionString is not a valid {Provider} connection string: {problem}";
    }
}
