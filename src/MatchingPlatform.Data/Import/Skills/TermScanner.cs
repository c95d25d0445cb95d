namespace MatchingPlatform.Data.Import.Skills;

/// <summary>A term found in a text: the value it stands for and where it is.</summary>
internal readonly record struct TermMatch<T>(T Value, int Index, int Length);

/// <summary>
/// Finds known terms in free Chinese/English text. Longest terms claim their span first and matches never
/// overlap, so <c>Spring Boot</c> is not also <c>Spring</c>, and a blocking term (value null) such as
/// <c>汽车工</c> hides the <c>车工</c> inside it. Matching ignores case. Latin terms must stand alone:
/// a term that starts or ends with a letter may not touch another letter there (<c>Java</c> is not in
/// <c>JavaScript</c>, <c>SQL</c> is not in <c>NoSQL</c>), and likewise for digits; Chinese has no word
/// boundaries, so Chinese terms match as substrings.
/// </summary>
internal sealed class TermScanner<T> where T : class
{
    private readonly (string Term, T? Value)[] _terms;

    /// <param name="terms">Term and value, or null for a blocking term; the first value given for a term wins.</param>
    public TermScanner(IEnumerable<(string Term, T? Value)> terms)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _terms = terms
            .Select(t => (Term: t.Term.Trim().ToLowerInvariant(), t.Value))
            .Where(t => t.Term.Length > 0 && seen.Add(t.Term))
            .OrderByDescending(t => t.Term.Length)
            .ThenBy(t => t.Term, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Matches in text order; blocked spans yield nothing.</summary>
    public List<TermMatch<T>> Scan(string text)
    {
        var found = new List<TermMatch<T>>();
        if (string.IsNullOrEmpty(text)) return found;
        // Lower-casing is per char in .NET, so indexes in the copy are indexes in the original.
        var lower = text.ToLowerInvariant();
        var claimed = new bool[lower.Length];
        foreach (var (term, value) in _terms)
        {
            for (var at = lower.IndexOf(term, StringComparison.Ordinal); at >= 0;
                 at = lower.IndexOf(term, at + 1, StringComparison.Ordinal))
            {
                if (!StandsAlone(lower, at, term.Length) || claimed.AsSpan(at, term.Length).Contains(true)) continue;
                claimed.AsSpan(at, term.Length).Fill(true);
                if (value is not null) found.Add(new TermMatch<T>(value, at, term.Length));
            }
        }
        found.Sort((a, b) => a.Index.CompareTo(b.Index));
        return found;
    }

    private static bool StandsAlone(string text, int at, int length) =>
        !Continues(text, at - 1, text[at]) && !Continues(text, at + length, text[at + length - 1]);

    private static bool Continues(string text, int neighbour, char edge) =>
        neighbour >= 0 && neighbour < text.Length &&
        (char.IsAsciiLetter(edge) && char.IsAsciiLetter(text[neighbour]) ||
         char.IsAsciiDigit(edge) && char.IsAsciiDigit(text[neighbour]));
}
