namespace MatchingPlatform.Data.Providers;

public static class ConnectionFactories
{
    /// <summary>The factory for the configured provider.</summary>
    public static IDbConnectionFactory Create(DatabaseOptions options) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnectionFactory(options.ConnectionString),
        DatabaseProvider.PostgreSql => new PostgresConnectionFactory(options.ConnectionString),
        DatabaseProvider.SqlServer => new SqlServerConnectionFactory(options.ConnectionString),
        _ => throw new NotSupportedException($"database provider {options.Provider} is not supported"),
    };
}
