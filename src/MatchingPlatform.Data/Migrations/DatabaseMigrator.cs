using DbUp.Engine;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Migrations;

/// <summary>
/// Applies the versioned SQL scripts embedded under Migrations/{Provider}/ (the folder is named after the
/// <see cref="DatabaseProvider"/> value: Sqlite, PostgreSql, SqlServer) in name order, recording each in DbUp's
/// schema-version table (SchemaVersions) so that a script runs once per database.
/// Each script runs in its own transaction: a failing migration leaves the previous version intact.
/// </summary>
public static class DatabaseMigrator
{
    public static IReadOnlyList<string> PendingScripts(DatabaseOptions options) =>
        Build(options).GetScriptsToExecute().Select(s => s.Name).ToArray();

    public static IReadOnlyList<string> Migrate(DatabaseOptions options)
    {
        if (options.CreateDatabaseIfMissing) SqlDialects.For(options.Provider).EnsureDatabase(options.ConnectionString);
        var result = Build(options).PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException(
                $"migration {result.ErrorScript?.Name ?? "?"} failed: {result.Error?.Message}", result.Error);
        return result.Scripts.Select(s => s.Name).ToArray();
    }

    private static UpgradeEngine Build(DatabaseOptions options)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var folder = $"{assembly.GetName().Name}.Migrations.{options.Provider}.";
        return SqlDialects.For(options.Provider).MigrationTarget(options.ConnectionString)
            .WithScriptsEmbeddedInAssembly(assembly, name => name.StartsWith(folder, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
    }
}
