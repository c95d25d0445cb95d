namespace MatchingPlatform.Data.Import;

/// <summary>Text helpers shared by the importers' rejection reasons.</summary>
internal static class ImportText
{
    /// <summary>
    /// Echo at most a short prefix of bad input: a rejection reason must stay one readable line, and must
    /// not become a channel for arbitrary file content (same rule as the validator's messages).
    /// </summary>
    public static string Clip(string s)
    {
        var oneLine = s.ReplaceLineEndings(" ");
        return oneLine.Length <= 40 ? oneLine : oneLine[..40] + "...";
    }
}
