using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Fairness;

/// <summary>
/// One candidate the ranker considered for a vacancy: who (only the sensitive attributes the audit groups by, never
/// given to the ranker) and how well they meet the vacancy (<see cref="Gaps.SkillGapReport.Coverage"/>, in [0,1]).
/// </summary>
public sealed record AuditedCandidate(string WorkerId, Gender Gender, int? BirthYear, double Coverage);

/// <summary>
/// One served shortlist: every candidate the ranker considered for <paramref name="VacancyId"/> (all that retrieval
/// returned), in the order the ranker put them. The first k are what the enterprise sees.
/// </summary>
public sealed record AuditedRanking(string VacancyId, IReadOnlyList<AuditedCandidate> Candidates);

/// <summary>Settings of <see cref="ExposureAudit"/>; see docs/fairness.md for the reasoning behind the defaults.</summary>
public sealed record ExposureAuditOptions
{
    /// <summary>Length of the shortlist whose exposure is measured (RecommendCandidates' k).</summary>
    public int K { get; init; } = 10;

    /// <summary>A group is flagged when |exposure share − qualified share| exceeds this (absolute, in share points).</summary>
    public double Margin { get; init; } = 0.05;

    /// <summary>A considered candidate is qualified when their skill coverage of the vacancy is at least this.</summary>
    public double QualifiedCoverage { get; init; } = 0.6;

    /// <summary>
    /// A group is flagged only when at least this many distinct workers of it were qualified for some audited vacancy:
    /// the shares of a handful of people swing with every shortlist and prove nothing.
    /// </summary>
    public int MinGroupSize { get; init; } = 20;

    public void Validate()
    {
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "must be at least 1");
        if (!(Margin >= 0 && Margin <= 1)) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "must be between 0 and 1");
        if (!(QualifiedCoverage >= 0 && QualifiedCoverage <= 1))
            throw new ArgumentOutOfRangeException(nameof(QualifiedCoverage), QualifiedCoverage, "must be between 0 and 1");
        if (MinGroupSize < 0) throw new ArgumentOutOfRangeException(nameof(MinGroupSize), MinGroupSize, "must not be negative");
    }
}

/// <summary>One group of one attribute, over all audited shortlists.</summary>
/// <param name="Known">False for the attribute's unknown group, which is never flagged.</param>
/// <param name="QualifiedWorkers">Distinct workers of the group qualified for at least one audited vacancy (the group size the flag needs).</param>
/// <param name="QualifiedSlots">Qualified (vacancy, worker) pairs of the group, summed over vacancies.</param>
/// <param name="ShownSlots">Top-k places the group held, summed over vacancies.</param>
/// <param name="QualifiedShare">Mean over vacancies of the group's share of the qualified candidates.</param>
/// <param name="TopKShare">Mean over vacancies of the group's share of the top-k places, unweighted.</param>
/// <param name="ExposureShare">Mean over vacancies of the group's share of position-weighted top-k exposure.</param>
/// <param name="MeritExposureShare">
/// The exposure share the group would get if each shortlist were the considered candidates sorted by coverage alone
/// (ties by worker id): a reference that says how much of a difference the groups' coverage explains.
/// </param>
/// <param name="Difference"><paramref name="ExposureShare"/> − <paramref name="QualifiedShare"/>: negative when under-exposed.</param>
/// <param name="Ratio">Disparate-impact ratio <paramref name="ExposureShare"/> / <paramref name="QualifiedShare"/>; null when no one of the group qualified.</param>
public sealed record GroupExposure(
    string Group, bool Known, int QualifiedWorkers, long QualifiedSlots, long ShownSlots,
    double QualifiedShare, double TopKShare, double ExposureShare, double MeritExposureShare, double Difference, double? Ratio, bool Flagged);

/// <summary>The groups of one attribute; <see cref="HasData"/> false when no audited candidate had it recorded.</summary>
public sealed record AttributeExposure(string Attribute, IReadOnlyList<GroupExposure> Groups)
{
    public bool HasData => Groups.Any(g => g.Known && (g.QualifiedSlots > 0 || g.ShownSlots > 0));
    public bool Flagged => Groups.Any(g => g.Flagged);
}

/// <summary>The result of <see cref="ExposureAudit.Run"/>.</summary>
/// <param name="Rankings">Shortlists given to the audit.</param>
/// <param name="Audited">Shortlists with at least one qualified candidate: the ones the shares average over.</param>
/// <param name="MeanQualified">Mean number of qualified candidates per audited shortlist.</param>
public sealed record ExposureAuditReport(
    ExposureAuditOptions Options, int Rankings, int Audited, double MeanQualified, IReadOnlyList<AttributeExposure> Attributes)
{
    /// <summary>Shortlists left out because no considered candidate was qualified (no baseline to compare with).</summary>
    public int SkippedNoQualified => Rankings - Audited;
    public bool Flagged => Attributes.Any(a => a.Flagged);
}

/// <summary>
/// Candidate exposure audit: does each group of workers get the share of shortlist attention that its share of the
/// qualified candidates would predict? Pure; see docs/fairness.md.
/// </summary>
/// <remarks>
/// <para>For each shortlist v (a vacancy's ranked candidates), with Q_v its qualified candidates (coverage ≥
/// <see cref="ExposureAuditOptions.QualifiedCoverage"/>) and T_v its first k:</para>
/// <para>qualified share q_v(g) = |Q_v ∩ g| / |Q_v|;</para>
/// <para>exposure share e_v(g) = Σ_{r ≤ |T_v|, c_r ∈ g} w(r) / Σ_{r ≤ |T_v|} w(r), with w(r) = 1 / log2(r + 1) (the
/// DCG discount: rank 1 weighs 1, rank 10 weighs 0.29), normalised over the places actually filled.</para>
/// <para>Each is averaged over the audited shortlists, each weighing the same (one served request each):
/// Q(g) = mean q_v(g), E(g) = mean e_v(g); both sum to 1 over an attribute's groups. A shortlist with no qualified
/// candidate has no baseline and is skipped. A known group is flagged when |E(g) − Q(g)| &gt; margin and it has at
/// least <see cref="ExposureAuditOptions.MinGroupSize"/> distinct qualified workers.</para>
/// </remarks>
public static class ExposureAudit
{
    /// <summary>Slack for the margin comparison, so a difference of exactly the margin is not flagged by rounding.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>Exposure weight of a 1-based rank: 1 / log2(rank + 1).</summary>
    public static double PositionWeight(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        return 1 / Math.Log2(rank + 1);
    }

    public static ExposureAuditReport Run(IEnumerable<AuditedRanking> rankings, IReadOnlyList<SensitiveAttribute> attributes, ExposureAuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentNullException.ThrowIfNull(attributes);
        options ??= new ExposureAuditOptions();
        options.Validate();

        var accumulators = attributes.Select(a => new Accumulator(a)).ToArray();
        var total = 0;
        var audited = 0;
        long qualifiedTotal = 0;
        foreach (var ranking in rankings)
        {
            ArgumentNullException.ThrowIfNull(ranking);
            total++;
            var candidates = ranking.Candidates;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in candidates)
                if (!seen.Add(c.WorkerId))
                    throw new ArgumentException($"shortlist for {ranking.VacancyId} lists worker {c.WorkerId} twice", nameof(rankings));

            var qualified = candidates.Where(c => c.Coverage >= options.QualifiedCoverage).ToArray();
            if (qualified.Length == 0) continue;
            audited++;
            qualifiedTotal += qualified.Length;
            var shown = Math.Min(options.K, candidates.Count);
            double weightSum = 0;
            for (var r = 1; r <= shown; r++) weightSum += PositionWeight(r);

            var merit = candidates.OrderByDescending(c => c.Coverage).ThenBy(c => c.WorkerId, StringComparer.Ordinal).Take(shown).ToArray();
            foreach (var acc in accumulators)
                acc.Add(candidates, qualified, merit, shown, weightSum);
        }

        var groups = accumulators.Select(a => a.Finish(audited, options)).ToArray();
        return new ExposureAuditReport(options, total, audited, audited == 0 ? 0 : (double)qualifiedTotal / audited, groups);
    }

    private sealed class Accumulator(SensitiveAttribute attribute)
    {
        private readonly Dictionary<string, int> _index = attribute.Groups.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        private readonly double[] _qualifiedShare = new double[attribute.Groups.Count];
        private readonly double[] _exposureShare = new double[attribute.Groups.Count];
        private readonly double[] _topKShare = new double[attribute.Groups.Count];
        private readonly double[] _meritShare = new double[attribute.Groups.Count];
        private readonly long[] _qualifiedSlots = new long[attribute.Groups.Count];
        private readonly long[] _shownSlots = new long[attribute.Groups.Count];
        private readonly HashSet<string>[] _qualifiedWorkers = attribute.Groups.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();

        private int Group(AuditedCandidate c)
        {
            var g = attribute.GroupOf(c);
            return _index.TryGetValue(g, out var i)
                ? i
                : throw new InvalidOperationException($"attribute '{attribute.Name}' put worker {c.WorkerId} in '{g}', which is not one of its groups");
        }

        public void Add(IReadOnlyList<AuditedCandidate> candidates, AuditedCandidate[] qualified, AuditedCandidate[] merit, int shown, double weightSum)
        {
            foreach (var c in qualified)
            {
                var g = Group(c);
                _qualifiedShare[g] += 1.0 / qualified.Length;
                _qualifiedSlots[g]++;
                _qualifiedWorkers[g].Add(c.WorkerId);
            }
            for (var r = 1; r <= shown; r++)
            {
                var g = Group(candidates[r - 1]);
                _exposureShare[g] += PositionWeight(r) / weightSum;
                _topKShare[g] += 1.0 / shown;
                _shownSlots[g]++;
                _meritShare[Group(merit[r - 1])] += PositionWeight(r) / weightSum;
            }
        }

        public AttributeExposure Finish(int audited, ExposureAuditOptions options)
        {
            var groups = new List<GroupExposure>(attribute.Groups.Count);
            for (var g = 0; g < attribute.Groups.Count; g++)
            {
                var q = audited == 0 ? 0 : _qualifiedShare[g] / audited;
                var e = audited == 0 ? 0 : _exposureShare[g] / audited;
                var t = audited == 0 ? 0 : _topKShare[g] / audited;
                var m = audited == 0 ? 0 : _meritShare[g] / audited;
                var known = !string.Equals(attribute.Groups[g], attribute.UnknownGroup, StringComparison.Ordinal);
                var flagged = known
                    && _qualifiedWorkers[g].Count >= options.MinGroupSize
                    && Math.Abs(e - q) > options.Margin + Tolerance;
                groups.Add(new GroupExposure(
                    attribute.Groups[g], known, _qualifiedWorkers[g].Count, _qualifiedSlots[g], _shownSlots[g],
                    q, t, e, m, e - q, q > 0 ? e / q : null, flagged));
            }
            return new AttributeExposure(attribute.Name, groups);
        }
    }
}
