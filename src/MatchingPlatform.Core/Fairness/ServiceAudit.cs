using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Fairness;

/// <summary>One seeker's served list: the skill coverage of each recommended vacancy, in rank order (top k).</summary>
public sealed record AuditedSeeker(string WorkerId, Gender Gender, int? BirthYear, IReadOnlyList<double> Coverages);

/// <summary>How well one group of seekers is served.</summary>
/// <param name="MeanResults">Mean length of the served lists (below k when retrieval finds fewer vacancies).</param>
/// <param name="WeightedCoverage">Mean over the group's seekers of the position-weighted mean coverage of their list (0 for an empty list).</param>
/// <param name="QualifiedMatchRate">Share of the group's seekers with at least one served vacancy they are qualified for.</param>
/// <param name="CoverageRatio"><paramref name="WeightedCoverage"/> over that of all sampled seekers; 0 when the overall is 0.</param>
public sealed record SeekerGroupService(
    string Group, bool Known, int Seekers, double MeanResults, double WeightedCoverage, double QualifiedMatchRate, double CoverageRatio);

public sealed record AttributeService(string Attribute, IReadOnlyList<SeekerGroupService> Groups);

public sealed record ServiceAuditReport(int Seekers, double WeightedCoverage, IReadOnlyList<AttributeService> Attributes);

/// <summary>
/// The seeker side of the audit: RecommendVacancies ranks vacancies, which belong to no group of people, so there is
/// no exposure to share out. What can differ by group is the quality of service: how well the vacancies served to
/// each group match them. Informational, never flagged: the ranker sees no group, so a gap here comes from the
/// groups' skill profiles (and the market), which training programmes rather than re-ranking address. Pure.
/// </summary>
public static class ServiceAudit
{
    public static ServiceAuditReport Run(IEnumerable<AuditedSeeker> seekers, IReadOnlyList<SensitiveAttribute> attributes, ExposureAuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(seekers);
        ArgumentNullException.ThrowIfNull(attributes);
        options ??= new ExposureAuditOptions();
        options.Validate();

        var all = seekers.ToArray();
        var quality = all.Select(s => WeightedCoverage(s.Coverages, options.K)).ToArray();
        var overall = all.Length == 0 ? 0 : quality.Average();
        var result = new List<AttributeService>(attributes.Count);
        foreach (var attribute in attributes)
        {
            var groups = new List<SeekerGroupService>(attribute.Groups.Count);
            foreach (var group in attribute.Groups)
            {
                var members = Enumerable.Range(0, all.Length)
                    .Where(i => string.Equals(attribute.GroupOf(new AuditedCandidate(all[i].WorkerId, all[i].Gender, all[i].BirthYear, 0)), group, StringComparison.Ordinal))
                    .ToArray();
                var n = members.Length;
                var coverage = n == 0 ? 0 : members.Average(i => quality[i]);
                groups.Add(new SeekerGroupService(
                    group, !string.Equals(group, attribute.UnknownGroup, StringComparison.Ordinal), n,
                    n == 0 ? 0 : members.Average(i => (double)Math.Min(all[i].Coverages.Count, options.K)),
                    coverage,
                    n == 0 ? 0 : members.Count(i => all[i].Coverages.Take(options.K).Any(c => c >= options.QualifiedCoverage)) / (double)n,
                    overall > 0 ? coverage / overall : 0));
            }
            result.Add(new AttributeService(attribute.Name, groups));
        }
        return new ServiceAuditReport(all.Length, overall, result);
    }

    /// <summary>Σ w(r)·coverage_r / Σ w(r) over the first k places, w(r) = 1/log2(r+1); 0 for an empty list.</summary>
    public static double WeightedCoverage(IReadOnlyList<double> coverages, int k)
    {
        ArgumentNullException.ThrowIfNull(coverages);
        double sum = 0, weights = 0;
        for (var r = 1; r <= Math.Min(k, coverages.Count); r++)
        {
            var w = ExposureAudit.PositionWeight(r);
            sum += w * coverages[r - 1];
            weights += w;
        }
        return weights == 0 ? 0 : sum / weights;
    }
}
