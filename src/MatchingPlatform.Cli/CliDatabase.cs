using System.CommandLine;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Cli;

/// <summary>
/// Options shared by the commands that work on the database directly (demo-data, import, migrate):
/// which database, and the shipped reference data. Defaults match the server's, so a command run from
/// the checkout root writes where `dotnet run --project src/MatchingPlatform.Server` reads.
/// </summary>
internal static class CliDatabase
{
    public static readonly Option<DatabaseProvider> Provider = new("--provider")
    {
        Description = "Database provider: Sqlite, PostgreSql or SqlServer",
        DefaultValueFactory = _ => DatabaseProvider.Sqlite,
    };

    public static readonly Option<string> Connection = new("--database")
    {
        Description = "Connection string for the provider (default: the server's SQLite file)",
        DefaultValueFactory = _ => "Data Source=data/matching.db",
    };

    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "Folder with taxonomy/ and cities.csv (default: data/ of the checkout)",
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(Connection);
        command.Options.Add(DataDirectory);
    }

    public static DatabaseOptions Options(ParseResult parse) =>
        new() { Provider = parse.GetValue(Provider), ConnectionString = parse.GetValue(Connection)! };

    /// <summary>Migrates the database and syncs the reference tables; returns what commands need.</summary>
    public static async Task<CliDatabaseContext> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var options = Options(parse);
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new CliException(string.Join("; ", problems));
        var dataDirectory = ReferenceData.ResolveDataDirectory(parse.GetValue(DataDirectory));
        var reference = ReferenceData.Load(dataDirectory);
        DatabaseMigrator.Migrate(options);
        var connections = ConnectionFactories.Create(options);
        var referenceRepository = new ReferenceDataRepository(connections);
        await referenceRepository.SyncAsync(reference, ct);
        // Cities added by earlier imports are valid references for this one.
        foreach (var city in await referenceRepository.GetCitiesAsync(ct)) reference.Cities.Register(city);
        return new CliDatabaseContext(connections, reference, dataDirectory);
    }
}

internal sealed record CliDatabaseContext(IDbConnectionFactory Connections, ReferenceData Reference, string DataDirectory);

/// <summary>A user error: printed as one line, exit code 2, no stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
