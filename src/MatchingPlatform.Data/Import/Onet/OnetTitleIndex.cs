namespace MatchingPlatform.Data.Import.Onet;

/// <summary>
/// Finds the O*NET occupation a free-text job title names. Every O*NET title, short title and alternate
/// title (~60k) is a document of normalised tokens (<see cref="TitleNormalizer"/>). A title is matched
/// exactly first; failing that, by TF-IDF cosine against the documents that share a token with it, found
/// through an inverted index so that only those documents are scored (a few thousand titles a second).
/// </summary>
internal sealed class OnetTitleIndex
{
    /// <summary>Confidence of an exact match that only one occupation claims.</summary>
    public const double ExactConfidence = 1.0;

    /// <summary>
    /// Confidence of an exact match several occupations claim ("driver" is an alternate title of nine):
    /// the winner is chosen by <see cref="Affinity"/>, which is a good guess rather than a certainty.
    /// </summary>
    public const double AmbiguousExactConfidence = 0.9;

    // Fuzzy matches whose cosine is this close to the best are taken as ties and settled by a vote of
    // their occupations: "assistant manager" is about as close to a dozen "X assistant manager" titles.
    private const double TieMargin = 0.05;

    private enum Kind { Title = 0, ShortTitle = 1, AlternateTitle = 2 }

    private readonly record struct Document(int Occupation, int[] Tokens, double Norm);

    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly List<Document> _documents = [];
    private readonly Dictionary<string, List<(Kind Kind, int Occupation)>> _exact = new(StringComparer.Ordinal);
    private readonly double[] _idf;
    private readonly int[][] _postings;
    // Per occupation: how often each token occurs across its titles (its own title counted thrice),
    // for settling ties between occupations that claim the same title.
    private readonly Dictionary<int, double>[] _profiles;
    private readonly double[] _profileNorms;
    private readonly double _unknownIdf;

    public OnetTitleIndex(IReadOnlyList<(string Title, IReadOnlyList<string> ShortTitles, IReadOnlyList<string> AlternateTitles)> occupations)
    {
        _profiles = new Dictionary<int, double>[occupations.Count];
        var tokenised = new List<(int Occupation, Kind Kind, List<string> Tokens)>();
        for (var o = 0; o < occupations.Count; o++)
        {
            _profiles[o] = [];
            var (title, shortTitles, alternates) = occupations[o];
            tokenised.Add((o, Kind.Title, [.. TitleNormalizer.Tokens(title)]));
            tokenised.AddRange(shortTitles.Select(t => (o, Kind.ShortTitle, TitleNormalizer.Tokens(t).ToList())));
            tokenised.AddRange(alternates.Select(t => (o, Kind.AlternateTitle, TitleNormalizer.Tokens(t).ToList())));
        }

        var documentFrequency = new List<int>();
        foreach (var (o, kind, tokens) in tokenised)
        {
            if (tokens.Count == 0) continue;
            var key = string.Join(' ', tokens);
            if (!_exact.TryGetValue(key, out var claims)) _exact[key] = claims = [];
            if (!claims.Contains((kind, o))) claims.Add((kind, o));

            var ids = tokens.Distinct().Select(t =>
            {
                if (!_vocabulary.TryGetValue(t, out var id)) { _vocabulary[t] = id = _vocabulary.Count; documentFrequency.Add(0); }
                return id;
            }).ToArray();
            foreach (var id in ids)
            {
                documentFrequency[id]++;
                _profiles[o][id] = _profiles[o].GetValueOrDefault(id) + (kind == Kind.Title ? 3 : 1);
            }
            _documents.Add(new Document(o, ids, 0));
        }

        var n = Math.Max(1, _documents.Count);
        _idf = documentFrequency.Select(df => Math.Log((double)n / df) + 1).ToArray();
        // A word no O*NET title uses (a brand, a place) weighs as much as the rarest word: a title made
        // mostly of such words is mostly not a job name, and its cosine should show it.
        _unknownIdf = Math.Log(n) + 1;
        var postings = Enumerable.Range(0, _vocabulary.Count).Select(_ => new List<int>()).ToArray();
        for (var d = 0; d < _documents.Count; d++)
        {
            var doc = _documents[d];
            _documents[d] = doc with { Norm = Math.Sqrt(doc.Tokens.Sum(t => _idf[t] * _idf[t])) };
            foreach (var t in doc.Tokens) postings[t].Add(d);
        }
        _postings = postings.Select(p => p.ToArray()).ToArray();
        _profileNorms = _profiles.Select(p => Math.Sqrt(p.Sum(kv => Math.Pow(kv.Value * _idf[kv.Key], 2)))).ToArray();
    }

    /// <summary>The occupation index and confidence for <paramref name="title"/>, or null when no reading of it reaches <paramref name="threshold"/>.</summary>
    public (int Occupation, double Confidence)? Match(string title, double threshold)
    {
        var variants = TitleNormalizer.Variants(title);
        foreach (var variant in variants)
            if (MatchExact(TitleNormalizer.Tokens(variant)) is { } exact) return exact;

        (int Occupation, double Confidence)? best = null;
        foreach (var variant in variants)
            if (MatchFuzzy(TitleNormalizer.Tokens(variant)) is { } fuzzy && (best is null || fuzzy.Confidence > best.Value.Confidence))
                best = fuzzy;
        return best is { } b && b.Confidence >= threshold ? b : null;
    }

    private (int Occupation, double Confidence)? MatchExact(IReadOnlyList<string> tokens)
    {
        if (!_exact.TryGetValue(string.Join(' ', tokens), out var claims)) return null;
        // An occupation's own title outranks a short title, which outranks an alternate title.
        var strongest = claims.Min(c => c.Kind);
        var candidates = claims.Where(c => c.Kind == strongest).Select(c => c.Occupation).Distinct().ToList();
        if (candidates.Count == 1) return (candidates[0], ExactConfidence);
        var query = QueryWeights(tokens);
        var winner = candidates.OrderByDescending(o => Affinity(query, o)).ThenBy(o => o).First();
        return (winner, AmbiguousExactConfidence);
    }

    private (int Occupation, double Confidence)? MatchFuzzy(IReadOnlyList<string> tokens)
    {
        var query = QueryWeights(tokens);
        var queryNorm = Math.Sqrt(query.Values.Sum(w => w * w) + UnknownWeight(tokens));
        if (query.Count == 0 || queryNorm == 0) return null;

        var dot = new Dictionary<int, double>();
        foreach (var (token, weight) in query)
            foreach (var d in _postings[token])
                dot[d] = dot.GetValueOrDefault(d) + weight * _idf[token];
        var cosines = dot.Select(kv => (Doc: kv.Key, Cos: kv.Value / (queryNorm * _documents[kv.Key].Norm))).ToList();
        var top = cosines.Max(c => c.Cos);

        var votes = new Dictionary<int, (double Sum, double Best)>();
        foreach (var (doc, cos) in cosines.Where(c => c.Cos >= top - TieMargin))
        {
            var o = _documents[doc].Occupation;
            var v = votes.GetValueOrDefault(o);
            votes[o] = (v.Sum + cos, Math.Max(v.Best, cos));
        }
        var winner = votes.OrderByDescending(kv => kv.Value.Sum).ThenBy(kv => kv.Key).First();
        return (winner.Key, winner.Value.Best);
    }

    // Binary term weights (a word counts once per title), IDF-weighted; unknown words are left out here
    // and enter the query norm through UnknownWeight.
    private Dictionary<int, double> QueryWeights(IReadOnlyList<string> tokens)
    {
        var weights = new Dictionary<int, double>();
        foreach (var t in tokens.Distinct())
            if (_vocabulary.TryGetValue(t, out var id)) weights[id] = _idf[id];
        return weights;
    }

    private double UnknownWeight(IReadOnlyList<string> tokens) =>
        tokens.Distinct().Count(t => !_vocabulary.ContainsKey(t)) * _unknownIdf * _unknownIdf;

    // Cosine between the query and everything an occupation is called.
    private double Affinity(Dictionary<int, double> query, int occupation)
    {
        var profile = _profiles[occupation];
        var dot = query.Sum(kv => kv.Value * profile.GetValueOrDefault(kv.Key) * _idf[kv.Key]);
        return _profileNorms[occupation] == 0 ? 0 : dot / _profileNorms[occupation];
    }
}
