using System.Text.RegularExpressions;

namespace MatchingPlatform.Data.Import.Onet;

/// <summary>
/// Turns job titles into comparable tokens. Posting titles carry noise that O*NET titles lack (employer,
/// location, schedule, seniority, "needed!"), and both sides spell plurals and abbreviations freely. The
/// same <see cref="Tokens"/> runs over O*NET titles and over postings, so whatever it drops or rewrites
/// is dropped or rewritten on both sides alike.
/// </summary>
public static partial class TitleNormalizer
{
    private static readonly HashSet<string> StopWords =
        ["and", "of", "the", "for", "in", "a", "an", "to", "with", "or", "at", "all", "other", "on", "by", "from", "our", "your", "we", "is", "are", "be"];

    // Words that say how, when or how urgently, not what the job is.
    private static readonly HashSet<string> NoiseWords =
    [
        "senior", "sr", "junior", "jr", "i", "ii", "iii", "iv", "pt", "ft",
        "needed", "wanted", "hiring", "now", "immediately", "immediate", "urgent", "urgently",
        "seasonal", "temporary", "temp", "parttime", "fulltime", "prn", "weekend", "weekends", "overnight", "evening",
        "position", "positions", "opening", "openings", "opportunity", "opportunities", "job", "jobs",
    ];

    // Abbreviations common in postings, written out as O*NET titles spell them.
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["rep"] = "representative", ["mgr"] = "manager", ["asst"] = "assistant",
        ["admin"] = "administrative", ["cust"] = "customer", ["svc"] = "service", ["tech"] = "technician",
        ["csr"] = "customer service representative", ["rn"] = "registered nurse",
        ["lpn"] = "licensed practical nurse", ["cna"] = "certified nursing assistant", ["acct"] = "account",
        ["coord"] = "coordinator", ["engr"] = "engineer", ["exec"] = "executive", ["hr"] = "human resources",
        ["dev"] = "developer", ["sw"] = "software", ["qa"] = "quality assurance",
    };

    // Multi-word noise, removed from the folded text before it is split into words.
    [GeneratedRegex(@"\b(part time|full time|per diem|entry level|all levels|work (at|from) home)\b")]
    private static partial Regex NoisePhrases();

    // "Cashier - Garden City, NY", "Travel Agent- Virtual", "Tutor : 50 tutors", "Driver | Nights".
    [GeneratedRegex(@"\s+[-–—|:]|[-–—|:]\s+|[–—|]")]
    private static partial Regex HeadSeparator();

    [GeneratedRegex(@"\([^)]*\)?|\[[^\]]*\]?")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"\s*/\s*|,|\s+or\s+|\s*&\s*")]
    private static partial Regex SegmentSeparator();

    /// <summary>
    /// The readings of a posting title worth looking up, most complete first: the title without
    /// "@ Employer" and bracketed asides; its head before a " - " style separator (usually a location or
    /// schedule follows); and, when the head lists several jobs ("Driver / Guard"), each of them.
    /// </summary>
    public static IReadOnlyList<string> Variants(string title)
    {
        var at = title.IndexOf(" @ ", StringComparison.Ordinal);
        var whole = Bracketed().Replace(at >= 0 ? title[..at] : title, " ").Trim();
        var variants = new List<string> { whole };
        var head = HeadSeparator().Split(whole)[0].Trim();
        variants.Add(head);
        var segments = SegmentSeparator().Split(head);
        if (segments.Length > 1) variants.AddRange(segments.Select(s => s.Trim()));
        return variants.Where(v => Tokens(v).Count > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Lowercase ASCII words with stop and noise words dropped, abbreviations written out and plurals stemmed.</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var folded = NoisePhrases().Replace(AsciiText.Fold(text, ' '), " ");
        var tokens = new List<string>();
        foreach (var word in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            // Plural abbreviations ("CNAs", "reps") are looked up by their stem.
            foreach (var w in (Abbreviations.GetValueOrDefault(word) ?? Abbreviations.GetValueOrDefault(Stem(word)) ?? word).Split(' '))
                if (!StopWords.Contains(w) && !NoiseWords.Contains(w))
                    tokens.Add(Stem(w));
        return tokens;
    }

    /// <summary>The key of exact matching: <see cref="Tokens"/> joined by single spaces.</summary>
    public static string Normalize(string text) => string.Join(' ', Tokens(text));

    /// <summary>
    /// Plural to singular, enough for titles: O*NET titles are plural ("Cashiers"), alternate titles and
    /// postings mostly singular. "secretaries" -> "secretary", "waitresses" -> "waitress", "clerks" -> "clerk";
    /// "business", "status", "analysis" stay.
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal)) return word[..^2];
        if (word.Length > 3 && word[^1] == 's' && !word.EndsWith("ss", StringComparison.Ordinal)
            && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }
}
