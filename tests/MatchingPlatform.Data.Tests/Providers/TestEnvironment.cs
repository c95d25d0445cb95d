using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Tests;

/// <summary>
/// Which database servers the tests may use. SQLite always; PostgreSQL and SQL Server when a connection string
/// (to a server the tests may create and drop databases on) is in MATCHING_TEST_POSTGRES / MATCHING_TEST_SQLSERVER.
/// In CI (CI=true) a missing PostgreSQL is an error, not a skip: .ci/run starts one, so its absence means the
/// suite did not run against a real server.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "MATCHING_TEST_POSTGRES";
    public const string SqlServerVariable = "MATCHING_TEST_SQLSERVER";

    /// <summary>Set to 1 by .ci/run: the tests may stop and start the local PostgreSQL cluster.</summary>
    public const string PostgresControlVariable = "MATCHING_TEST_PG_CONTROL";

    /// <summary>"VERSION CLUSTER" of the local cluster for pg_ctlcluster, e.g. "15 main".</summary>
    public const string PostgresClusterVariable = "MATCHING_TEST_PG_CLUSTER";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? ConnectionString(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "",
        DatabaseProvider.PostgreSql => NonEmpty(Environment.GetEnvironmentVariable(PostgresVariable)),
        DatabaseProvider.SqlServer => NonEmpty(Environment.GetEnvironmentVariable(SqlServerVariable)),
        _ => null,
    };

    /// <summary>Why the tests of <paramref name="provider"/> cannot run here, or null when they can (or must, in CI).</summary>
    public static string? SkipReason(DatabaseProvider provider)
    {
        if (ConnectionString(provider) is not null) return null;
        return provider switch
        {
            DatabaseProvider.PostgreSql when InCi => null, // run, and fail loudly in RequireConnectionString
            DatabaseProvider.PostgreSql => $"set {PostgresVariable} to run against PostgreSQL",
            DatabaseProvider.SqlServer => $"set {SqlServerVariable} to run against SQL Server",
            _ => $"no test database for {provider}",
        };
    }

    public static string RequireConnectionString(DatabaseProvider provider) =>
        ConnectionString(provider) ?? throw new InvalidOperationException(provider == DatabaseProvider.PostgreSql && InCi
            ? $"CI=true but {PostgresVariable} is not set: .ci/run must start PostgreSQL and export it; the PostgreSQL suite must not be skipped in CI"
            : SkipReason(provider));

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
