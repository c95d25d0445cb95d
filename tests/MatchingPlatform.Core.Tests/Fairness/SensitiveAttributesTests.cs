using MatchingPlatform.Core.Fairness;
using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Tests.Fairness;

public class SensitiveAttributesTests
{
    [Theory]
    [InlineData(1997, AgeBand.Under30)]    // 29 in 2026
    [InlineData(1996, AgeBand.From30To44)] // 30
    [InlineData(1982, AgeBand.From30To44)] // 44
    [InlineData(1981, AgeBand.From45To54)] // 45
    [InlineData(1972, AgeBand.From45To54)] // 54
    [InlineData(1971, AgeBand.From55)]     // 55
    [InlineData(1930, AgeBand.From55)]
    [InlineData(2026, AgeBand.Under30)]    // born this year: 0
    [InlineData(2027, AgeBand.Unknown)]    // after the audit year: bad data
    [InlineData(null, AgeBand.Unknown)]
    public void Age_band_edges(int? birthYear, AgeBand expected) =>
        Assert.Equal(expected, SensitiveAttributes.AgeBandOf(birthYear, 2026));

    [Fact]
    public void Age_band_labels()
    {
        Assert.Equal(["<30", "30-44", "45-54", "55+", "unknown"],
            new[] { AgeBand.Under30, AgeBand.From30To44, AgeBand.From45To54, AgeBand.From55, AgeBand.Unknown }.Select(SensitiveAttributes.Label));
        Assert.Equal(["<30", "30-44", "45-54", "55+", "unknown"], SensitiveAttributes.AgeBands(2026).Groups);
        Assert.Equal("unknown", SensitiveAttributes.AgeBands(2026).UnknownGroup);
    }

    [Theory]
    [InlineData(Gender.Female, "female")]
    [InlineData(Gender.Male, "male")]
    [InlineData(Gender.Unspecified, "unspecified")]
    [InlineData((Gender)7, "unspecified")]
    public void Gender_groups(Gender gender, string expected)
    {
        Assert.Equal(expected, SensitiveAttributes.GenderGroup(gender));
        Assert.Equal(expected, SensitiveAttributes.Gender.GroupOf(new AuditedCandidate("w", gender, null, 1)));
    }

    [Fact]
    public void An_attribute_must_declare_its_unknown_group_among_distinct_groups()
    {
        Assert.Throws<ArgumentException>(() => new SensitiveAttribute("x", ["a", "b"], "unknown", _ => "a"));
        Assert.Throws<ArgumentException>(() => new SensitiveAttribute("x", ["a", "a", "unknown"], "unknown", _ => "a"));
    }
}
