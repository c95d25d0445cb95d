namespace MatchingPlatform.Ml.Retrieval;

/// <summary>
/// What one query skill earned for one item. <see cref="Contribution"/> is in units of the normalised score,
/// so the contributions of an item add up to its <see cref="RetrievedItem{T}.Score"/>.
/// </summary>
public readonly record struct SkillContribution(string SkillCode, double Idf, double Contribution);

/// <summary>One retrieved item with its normalised overlap score in [0,1] and the skills that earned it, largest first.</summary>
public sealed record RetrievedItem<T>(T Item, double Score, IReadOnlyList<SkillContribution> Skills) where T : class;

/// <summary>The top candidates of one query.</summary>
/// <param name="Items">Best first; ties by ascending id.</param>
/// <param name="Overlapping">Items sharing at least one skill with the query, before filters.</param>
/// <param name="MaxAttainable">The raw score a perfect item would earn; scores are raw / this.</param>
public sealed record RetrievalResult<T>(IReadOnlyList<RetrievedItem<T>> Items, int Overlapping, double MaxAttainable) where T : class
{
    public static readonly RetrievalResult<T> Empty = new([], 0, 0);
}
