namespace MatchingPlatform.Data.Tests;

/// <summary>
/// A fact that runs only where a real dataset is present: the shared data folder beside the repository
/// (<c>../shared/data</c> relative to the folder holding MatchingPlatform.sln). Elsewhere it is skipped with
/// the path it looked for; xUnit 2 has no dynamic skip, so the check happens when the attribute is built.
/// </summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    /// <param name="relativePath">Path under the shared data folder, e.g. <c>job51_bigdata_2019/51job_bigdata_2019_utf8.csv</c>.</param>
    public RealDataFactAttribute(string relativePath)
    {
        var path = RealData.PathOf(relativePath);
        if (path is null)
            Skip = $"real data not available: no MatchingPlatform.sln above {AppContext.BaseDirectory}";
        else if (!File.Exists(path))
            Skip = $"real data not available: {path} not found (the shared data folder sits beside the repository)";
    }
}

/// <summary>Locates files of the shared real-data folder.</summary>
public static class RealData
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
