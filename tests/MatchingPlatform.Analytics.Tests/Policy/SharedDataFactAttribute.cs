namespace MatchingPlatform.Analytics.Tests.Policy;

/// <summary>
/// A fact that runs only where a folder of the shared real data exists (<c>../shared/data</c> beside the folder
/// holding MatchingPlatform.sln); elsewhere it is skipped naming the path. xUnit 2 has no dynamic skip, so the check
/// happens when the attribute is built.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativeFolder)
    {
        var path = SharedData.PathOf(relativeFolder);
        if (path is null)
            Skip = $"shared data not available: no MatchingPlatform.sln above {AppContext.BaseDirectory}";
        else if (!Directory.Exists(path))
            Skip = $"shared data not available: {path} not found (the shared data folder sits beside the repository)";
    }
}

public static class SharedData
{
    /// <summary>The full path of <paramref name="relativePath"/> under ../shared/data, or null when the repository root is not found.</summary>
    public static string? PathOf(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MatchingPlatform.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relativePath));
        return null;
    }
}
