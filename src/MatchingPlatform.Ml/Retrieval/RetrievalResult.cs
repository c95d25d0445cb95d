namespace MatchingPlatform.Ml.Retrieval;

/// <summary>
/// What one query skill earned for one item. <see cref="Contribution"/> is in units of the normalised score,
/// so the contributions of an item add up to its <see cref="RetrievedItem{T}.Score"/>.
/// </summary>
public readonly record struct SkillContribution(string SkillCode, double Idf, double Contribution);

/// <summary>One retrieved item with its normalised overlap score in [0,1] and the skills that earned it, largest first.</summary>
public sealed record RetrievedItem<T>(T Item, double Score, IReadOnlyList<SkillContribution> Skills) where T : class;

/// <summary>What a query cost the index, for benchmarks and tests.</summary>
/// <param name="PostingsRead">Postings visited in the skill lists (the term-at-a-time work).</param>
/// <param name="ForwardReads">Items scored or completed from their own skill list (the forward index).</param>
/// <param name="Pruned">
/// Early termination stopped reading the lists of the query's most common skills: no item outside those lists could
/// reach the top any more, and the items already scored were completed from the forward index. The result is the
/// same as without it.
/// </param>
/// <param name="PartitionFirst">The query scored the members of the requested partitions (cities) directly instead of reading skill lists.</param>
/// <param name="Truncated">
/// The posting budget stopped the query before its most common skills' lists (<see cref="SkillIndex{T}.PostingBudget"/>):
/// the items returned carry exact scores, but an item sharing only those skills with the query was not considered.
/// </param>
public readonly record struct RetrievalCost(long PostingsRead, int ForwardReads, bool Pruned, bool PartitionFirst, bool Truncated = false);

/// <summary>The top candidates of one query.</summary>
/// <param name="Items">Best first; ties by ascending id.</param>
/// <param name="Overlapping">
/// Items that were scored: every item sharing a skill with the query (inside the requested partitions), before
/// filters, except that early termination leaves out items that share only the query's most common skills and
/// provably could not reach the top (<see cref="RetrievalCost.Pruned"/>).
/// </param>
/// <param name="MaxAttainable">The raw score a perfect item would earn; scores are raw / this.</param>
public sealed record RetrievalResult<T>(IReadOnlyList<RetrievedItem<T>> Items, int Overlapping, double MaxAttainable) where T : class
{
    public static readonly RetrievalResult<T> Empty = new([], 0, 0);

    public RetrievalCost Cost { get; init; }
}
