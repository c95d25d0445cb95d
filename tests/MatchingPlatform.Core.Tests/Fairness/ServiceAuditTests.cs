using MatchingPlatform.Core.Fairness;
using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Tests.Fairness;

public class ServiceAuditTests
{
    [Fact]
    public void Weighted_coverage_is_the_position_weighted_mean_over_the_first_k()
    {
        var w2 = 1 / Math.Log2(3);
        Assert.Equal((1.0 * 1 + w2 * 0.5) / (1 + w2), ServiceAudit.WeightedCoverage([1.0, 0.5, 0.0], 2), 12);
        Assert.Equal(0.0, ServiceAudit.WeightedCoverage([], 10));
        Assert.Equal(0.7, ServiceAudit.WeightedCoverage([0.7, 0.7, 0.7], 10), 12);
    }

    [Fact]
    public void Groups_are_compared_with_all_sampled_seekers()
    {
        AuditedSeeker Seeker(string id, Gender gender, int? born, params double[] coverages) => new(id, gender, born, coverages);
        var report = ServiceAudit.Run(
            [
                Seeker("a", Gender.Female, 1970, 0.8, 0.8),
                Seeker("b", Gender.Female, 1999, 0.4, 0.4),
                Seeker("c", Gender.Male, 1999, 0.9),
                Seeker("d", Gender.Male, null),
            ],
            SensitiveAttributes.Default(2026));

        Assert.Equal(4, report.Seekers);
        Assert.Equal((0.8 + 0.4 + 0.9 + 0) / 4, report.WeightedCoverage, 12);
        var gender = report.Attributes.Single(a => a.Attribute == "gender").Groups;
        var female = gender.Single(g => g.Group == "female");
        Assert.Equal(2, female.Seekers);
        Assert.Equal(2.0, female.MeanResults, 12);
        Assert.Equal(0.6, female.WeightedCoverage, 12);
        Assert.Equal(0.5, female.QualifiedMatchRate, 12); // only a has a match at coverage >= 0.6
        Assert.Equal(0.6 / report.WeightedCoverage, female.CoverageRatio, 12);
        var male = gender.Single(g => g.Group == "male");
        Assert.Equal(0.5, male.MeanResults, 12);
        Assert.Equal(0.45, male.WeightedCoverage, 12);
        Assert.Equal(0, gender.Single(g => g.Group == "unspecified").Seekers);

        var age = report.Attributes.Single(a => a.Attribute == "age band").Groups;
        Assert.Equal(2, age.Single(g => g.Group == "<30").Seekers);
        Assert.Equal(1, age.Single(g => g.Group == "unknown").Seekers);
        Assert.False(age.Single(g => g.Group == "unknown").Known);
    }
}
