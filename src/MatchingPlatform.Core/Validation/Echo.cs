namespace MatchingPlatform.Core.Validation;

/// <summary>How bad input may be repeated back in an error message.</summary>
public static class Echo
{
    public const int MaxLength = 40;

    /// <summary>
    /// At most a short one-line prefix of the input: an error must stay one readable line, and must not become a
    /// channel that reflects arbitrary content (a request field, a file's cell) back to the caller or into logs.
    /// </summary>
    public static string Clip(string s)
    {
        var oneLine = s.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxLength ? oneLine : oneLine[..MaxLength] + "...";
    }
}
