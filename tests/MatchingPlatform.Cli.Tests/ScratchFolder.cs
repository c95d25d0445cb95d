using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Cli.Tests;

/// <summary>
/// A temporary folder per test (xUnit makes a test class instance per test) for the databases and reports a command
/// writes; SQLite's pooled connections are released before it is deleted, or the files would still be open.
/// </summary>
public abstract class ScratchFolder(string prefix) : IDisposable
{
    protected string Scratch { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Scratch, recursive: true); } catch (IOException) { /* a temp folder: the OS cleans it */ }
        GC.SuppressFinalize(this);
    }
}
