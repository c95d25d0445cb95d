namespace MatchingPlatform.Cli.Tests;

/// <summary>Where the tests that run the real server as a child process find it.</summary>
internal static class ServerBuild
{
    /// <summary>The server built in this test's configuration (the project reference builds it first).</summary>
    public static string Dll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "MatchingPlatform.Server", "bin", configuration, "net10.0", "MatchingPlatform.Server.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"MatchingPlatform.Server.dll ({configuration}) not found above {AppContext.BaseDirectory}");
    }
}
