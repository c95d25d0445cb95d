using Spectre.Console;

namespace MatchingPlatform.Cli;

internal static class CliProgress
{
    /// <summary>
    /// A bar for work that reports what it is doing (e.g. "workers: 20000 of 60000 rows written") but not how far
    /// it has to go: indeterminate, with the latest message as its description.
    /// </summary>
    public static IProgress<string> Describe(ProgressTask task, string prefix)
    {
        task.IsIndeterminate = true;
        return new Progress<string>(message => task.Description = Markup.Escape($"{prefix}: {message}"));
    }

    public static void Finish(ProgressTask task)
    {
        task.IsIndeterminate = false;
        task.Value = task.MaxValue;
    }
}
