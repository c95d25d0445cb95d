namespace MatchingPlatform.Ml.Retrieval;

/// <summary>What the skills posted in a <see cref="SkillIndex{T}"/> mean, which decides how a query is scored against them.</summary>
public enum PostingRole
{
    /// <summary>Items require skills (vacancies); the query holds levels (a worker).</summary>
    Requirement = 1,
    /// <summary>Items hold skills (workers); the query requires levels with importances (a vacancy).</summary>
    Holding = 2,
}

/// <summary>
/// One skill of an item or a query. <see cref="Importance"/> (1-5) matters only on the requiring side;
/// holders use <see cref="OverlapScoring.MaxImportance"/>.
/// </summary>
public readonly record struct SkillTerm(string SkillCode, int Level, int Importance);

/// <summary>
/// The IDF-weighted overlap arithmetic, in one place so the index's inner loop, the per-skill
/// contributions it reports and the feature extractor cannot drift apart.
/// </summary>
public static class OverlapScoring
{
    public const int MinLevel = 1;
    public const int MaxLevel = 5;
    public const int MaxImportance = 5;

    /// <summary>ln(1 + N / df); 0 when no item carries the skill, because such a skill can match nothing.</summary>
    public static double Idf(int itemCount, int documentFrequency) =>
        documentFrequency <= 0 ? 0 : Math.Log(1 + (double)itemCount / documentFrequency);

    /// <summary>
    /// idf x (importance / 5) x min(held, required) / required. A skill not held (level 0) contributes nothing;
    /// holding more than asked earns no more than holding exactly what is asked.
    /// </summary>
    public static double Contribution(double idf, int heldLevel, int requiredLevel, int importance)
    {
        if (heldLevel <= 0 || requiredLevel <= 0 || importance <= 0) return 0;
        return idf * importance / MaxImportance * Math.Min(heldLevel, requiredLevel) / requiredLevel;
    }

    /// <summary>
    /// The most one query term can earn from any item: a holder query (role Requirement) earns idf when an
    /// item asks for the skill at full importance at or below the level held; a requiring query (role Holding)
    /// earns idf x importance / 5 from an item holding the level asked.
    /// </summary>
    public static double MaxContribution(PostingRole role, double idf, SkillTerm queryTerm) =>
        role == PostingRole.Requirement ? idf : idf * queryTerm.Importance / MaxImportance;

    /// <summary>Contribution of one query term matched with one posting of the same skill, given the index role.</summary>
    public static double Contribution(PostingRole role, double idf, SkillTerm queryTerm, int postingLevel, int postingImportance) =>
        role == PostingRole.Requirement
            ? Contribution(idf, queryTerm.Level, postingLevel, postingImportance)
            : Contribution(idf, postingLevel, queryTerm.Level, queryTerm.Importance);

    /// <summary>
    /// Clamps levels and importances into 1..5, drops level-0 (not held) and blank skills, and merges a skill
    /// listed twice into its highest level and importance: the index relies on one posting per (item, skill).
    /// </summary>
    public static SkillTerm[] Normalise(IEnumerable<SkillTerm> terms)
    {
        List<SkillTerm>? list = null;
        foreach (var t in terms)
        {
            if (string.IsNullOrEmpty(t.SkillCode) || t.Level <= 0) continue;
            var term = new SkillTerm(t.SkillCode, Math.Min(t.Level, MaxLevel), Math.Clamp(t.Importance, 1, MaxImportance));
            list ??= [];
            var at = list.FindIndex(x => string.Equals(x.SkillCode, term.SkillCode, StringComparison.Ordinal));
            if (at < 0) list.Add(term);
            else list[at] = new SkillTerm(term.SkillCode, Math.Max(list[at].Level, term.Level), Math.Max(list[at].Importance, term.Importance));
        }
        return list is null ? [] : [.. list];
    }
}
