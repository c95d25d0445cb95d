using MatchingPlatform.Core.Fairness;
using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Tests.Fairness;

public class ExposureAuditTests
{
    private static readonly IReadOnlyList<SensitiveAttribute> GenderOnly = [SensitiveAttributes.Gender];

    private static int _next;

    private static AuditedCandidate F(double coverage = 1.0, string? id = null) => new(id ?? $"f{Interlocked.Increment(ref _next)}", Gender.Female, 1990, coverage);
    private static AuditedCandidate M(double coverage = 1.0, string? id = null) => new(id ?? $"m{Interlocked.Increment(ref _next)}", Gender.Male, 1990, coverage);
    private static AuditedCandidate U(double coverage = 1.0) => new($"u{Interlocked.Increment(ref _next)}", Gender.Unspecified, null, coverage);

    private static AuditedRanking Ranking(params AuditedCandidate[] candidates) => new($"v{Interlocked.Increment(ref _next)}", candidates);

    private static GroupExposure Group(ExposureAuditReport report, string group, string attribute = "gender") =>
        report.Attributes.Single(a => a.Attribute == attribute).Groups.Single(g => g.Group == group);

    private static readonly ExposureAuditOptions Small = new() { MinGroupSize = 1 };

    [Fact]
    public void Position_weight_is_the_dcg_discount()
    {
        Assert.Equal(1.0, ExposureAudit.PositionWeight(1), 12);
        Assert.Equal(1 / Math.Log2(3), ExposureAudit.PositionWeight(2), 12);
        Assert.Equal(0.5, ExposureAudit.PositionWeight(3), 12);
        Assert.Equal(1 / Math.Log2(11), ExposureAudit.PositionWeight(10), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExposureAudit.PositionWeight(0));
    }

    [Fact]
    public void Exposure_is_position_weighted_and_normalised_over_the_places_filled()
    {
        // k = 2 over [F, M, F, M], all qualified: F holds rank 1 (weight 1), M rank 2 (weight 1/log2 3).
        var report = ExposureAudit.Run([Ranking(F(), M(), F(), M())], GenderOnly, Small with { K = 2 });

        var w2 = 1 / Math.Log2(3);
        var female = Group(report, SensitiveAttributes.Female);
        var male = Group(report, SensitiveAttributes.Male);
        Assert.Equal(1 / (1 + w2), female.ExposureShare, 12);
        Assert.Equal(w2 / (1 + w2), male.ExposureShare, 12);
        Assert.Equal(0.5, female.TopKShare, 12);
        Assert.Equal(0.5, female.QualifiedShare, 12);
        Assert.Equal(female.ExposureShare - 0.5, female.Difference, 12);
        Assert.Equal(female.ExposureShare / 0.5, female.Ratio!.Value, 12);
        Assert.Equal(1, female.ShownSlots);
        Assert.Equal(2, female.QualifiedSlots);
        Assert.Equal(1.0, report.Attributes[0].Groups.Sum(g => g.ExposureShare), 12);
    }

    [Fact]
    public void A_ranking_that_shows_only_men_from_a_balanced_qualified_pool_is_flagged()
    {
        // 10 women and 10 men qualify for each of 5 vacancies; every top 10 is the 10 men.
        var women = Enumerable.Range(0, 10).Select(i => F(id: $"woman-{i}")).ToArray();
        var men = Enumerable.Range(0, 10).Select(i => M(id: $"man-{i}")).ToArray();
        var rankings = Enumerable.Range(0, 5).Select(_ => Ranking([.. men, .. women])).ToArray();

        var report = ExposureAudit.Run(rankings, GenderOnly, new ExposureAuditOptions { MinGroupSize = 10 });

        var female = Group(report, SensitiveAttributes.Female);
        var male = Group(report, SensitiveAttributes.Male);
        Assert.Equal(0.5, female.QualifiedShare, 12);
        Assert.Equal(0.0, female.ExposureShare, 12);
        Assert.Equal(1.0, male.ExposureShare, 12);
        Assert.Equal(-0.5, female.Difference, 12);
        Assert.Equal(0.0, female.Ratio!.Value, 12);
        Assert.Equal(2.0, male.Ratio!.Value, 12);
        Assert.True(female.Flagged);
        Assert.True(male.Flagged);
        Assert.True(report.Flagged);
        Assert.Equal(10, female.QualifiedWorkers);   // distinct workers, not slots
        Assert.Equal(50, female.QualifiedSlots);
        // By coverage alone (all 1.0, ties by id: "man-*" < "woman-*") the men would hold the top 10 as well.
        Assert.Equal(1.0, male.MeritExposureShare, 12);
    }

    [Fact]
    public void Mirrored_alternating_rankings_are_balanced_and_not_flagged()
    {
        // Alternating F, M, ... favours whoever is first (rank 1 weighs most); its mirror image favours the other.
        AuditedCandidate[] Alternate(bool womanFirst) =>
            [.. Enumerable.Range(0, 20).Select(i => (i % 2 == 0) == womanFirst ? F(id: $"woman-{i / 2}") : M(id: $"man-{i / 2}"))];
        var report = ExposureAudit.Run([Ranking(Alternate(true)), Ranking(Alternate(false))], GenderOnly, Small);

        var female = Group(report, SensitiveAttributes.Female);
        Assert.Equal(0.5, female.ExposureShare, 12);
        Assert.Equal(0.5, female.QualifiedShare, 12);
        Assert.Equal(0.0, female.Difference, 12);
        Assert.Equal(1.0, female.Ratio!.Value, 12);
        Assert.False(report.Flagged);
    }

    [Fact]
    public void A_single_alternating_ranking_gives_the_first_group_more_than_half_the_exposure()
    {
        var report = ExposureAudit.Run([Ranking([.. Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? F() : M())])], GenderOnly, Small);
        double w(int r) => 1 / Math.Log2(r + 1);
        var first = w(1) + w(3) + w(5) + w(7) + w(9);
        var total = Enumerable.Range(1, 10).Sum(w);
        Assert.Equal(first / total, Group(report, SensitiveAttributes.Female).ExposureShare, 12);
        Assert.True(Group(report, SensitiveAttributes.Female).Flagged); // 0.555 vs 0.5
    }

    [Fact]
    public void Unqualified_candidates_take_exposure_but_are_not_in_the_baseline()
    {
        // k = 1: an unqualified man is shown above two qualified women.
        var report = ExposureAudit.Run([Ranking(M(0.3), F(1.0), F(0.6))], GenderOnly, Small with { K = 1 });

        var male = Group(report, SensitiveAttributes.Male);
        var female = Group(report, SensitiveAttributes.Female);
        Assert.Equal(0.0, male.QualifiedShare);
        Assert.Equal(1.0, male.ExposureShare, 12);
        Assert.Null(male.Ratio);
        Assert.Equal(1.0, female.QualifiedShare, 12);
        Assert.Equal(0.0, female.ExposureShare, 12);
        Assert.Equal(2, female.QualifiedSlots);
        Assert.Equal(2.0, report.MeanQualified, 12);
        Assert.Equal(1.0, female.MeritExposureShare, 12); // sorted by coverage, a qualified woman would lead
    }

    [Fact]
    public void A_shortlist_without_a_qualified_candidate_is_skipped()
    {
        var report = ExposureAudit.Run([Ranking(M(0.1), F(0.2)), Ranking(F(0.9), M(0.9))], GenderOnly, Small);
        Assert.Equal(2, report.Rankings);
        Assert.Equal(1, report.Audited);
        Assert.Equal(1, report.SkippedNoQualified);
        Assert.Equal(0.5, Group(report, SensitiveAttributes.Female).QualifiedShare, 12);

        var none = ExposureAudit.Run([Ranking(M(0.1))], GenderOnly, Small);
        Assert.Equal(0, none.Audited);
        Assert.All(none.Attributes[0].Groups, g => Assert.Equal(0.0, g.ExposureShare));
        Assert.False(none.Flagged);
    }

    [Fact]
    public void Each_shortlist_weighs_the_same_whatever_its_pool_size()
    {
        // One vacancy with a single qualified woman, one with three qualified men: the woman's share is 1/2, not 1/4.
        var report = ExposureAudit.Run([Ranking(F()), Ranking(M(), M(), M())], GenderOnly, Small);
        Assert.Equal(0.5, Group(report, SensitiveAttributes.Female).QualifiedShare, 12);
        Assert.Equal(0.5, Group(report, SensitiveAttributes.Female).ExposureShare, 12);
        Assert.Equal(2.0, report.MeanQualified, 12);
    }

    [Fact]
    public void A_difference_of_exactly_the_margin_is_not_flagged_and_one_above_it_is()
    {
        // k = 1 and balanced pools; a woman leads 11 of 20 shortlists: exposure 0.55 against 0.5.
        var rankings = Enumerable.Range(0, 20)
            .Select(i => i < 11 ? Ranking(F(id: $"w{i}"), M(id: $"m{i}")) : Ranking(M(id: $"m{i}"), F(id: $"w{i}")))
            .ToArray();
        var at = ExposureAudit.Run(rankings, GenderOnly, Small with { K = 1, Margin = 0.05 });
        Assert.Equal(0.05, Group(at, SensitiveAttributes.Female).Difference, 12);
        Assert.False(at.Flagged);

        var below = ExposureAudit.Run(rankings, GenderOnly, Small with { K = 1, Margin = 0.049 });
        Assert.True(Group(below, SensitiveAttributes.Female).Flagged);
    }

    [Fact]
    public void A_group_smaller_than_the_minimum_size_is_reported_but_not_flagged()
    {
        var women = Enumerable.Range(0, 3).Select(i => F(id: $"woman-{i}")).ToArray();
        var men = Enumerable.Range(0, 30).Select(i => M(id: $"man-{i}")).ToArray();
        var rankings = Enumerable.Range(0, 10).Select(_ => Ranking([.. men, .. women])).ToArray();

        var report = ExposureAudit.Run(rankings, GenderOnly, new ExposureAuditOptions { MinGroupSize = 20 });
        var female = Group(report, SensitiveAttributes.Female);
        Assert.Equal(3, female.QualifiedWorkers);
        Assert.Equal(3.0 / 33, female.QualifiedShare, 12);
        Assert.Equal(0.0, female.ExposureShare);
        Assert.False(female.Flagged);
        // The men's over-exposure (1.0 against 30/33) is flagged: 30 of them qualified, enough to judge.
        Assert.True(Group(report, SensitiveAttributes.Male).Flagged);
    }

    [Fact]
    public void The_unknown_group_is_reported_in_the_shares_but_never_flagged()
    {
        var unknown = Enumerable.Range(0, 30).Select(_ => U()).ToArray();
        var women = Enumerable.Range(0, 30).Select(i => F(id: $"woman-{i}")).ToArray();
        var rankings = Enumerable.Range(0, 4).Select(_ => Ranking([.. unknown, .. women])).ToArray();

        var report = ExposureAudit.Run(rankings, GenderOnly, Small);
        var unspecified = Group(report, SensitiveAttributes.Unspecified);
        Assert.False(unspecified.Known);
        Assert.Equal(1.0, unspecified.ExposureShare, 12);
        Assert.Equal(0.5, unspecified.QualifiedShare, 12);
        Assert.False(unspecified.Flagged);
        Assert.True(Group(report, SensitiveAttributes.Female).Flagged);
    }

    [Fact]
    public void An_attribute_nobody_recorded_has_no_data_and_flags_nothing()
    {
        var report = ExposureAudit.Run(
            [Ranking([.. Enumerable.Range(0, 30).Select(_ => U())])], SensitiveAttributes.Default(2026), Small);
        Assert.All(report.Attributes, a => Assert.False(a.HasData));
        Assert.False(report.Flagged);
        Assert.Equal(1.0, Group(report, SensitiveAttributes.Unknown, "age band").QualifiedShare, 12);
    }

    [Fact]
    public void Age_bands_are_audited_from_birth_years_in_the_audit_year()
    {
        AuditedCandidate Born(int? year, string id) => new(id, Gender.Female, year, 1.0);
        var report = ExposureAudit.Run(
            [Ranking(Born(1960, "a"), Born(1975, "b"), Born(1990, "c"), Born(2000, "d"), Born(null, "e"))],
            [SensitiveAttributes.AgeBands(2026)], Small with { K = 1 });
        var groups = report.Attributes.Single().Groups;
        Assert.Equal(["<30", "30-44", "45-54", "55+", "unknown"], groups.Select(g => g.Group));
        Assert.All(groups, g => Assert.Equal(0.2, g.QualifiedShare, 12));
        Assert.Equal(1.0, groups.Single(g => g.Group == "55+").ExposureShare, 12); // the 1960 worker is 66 in 2026
    }

    [Fact]
    public void A_worker_listed_twice_in_one_shortlist_is_refused()
    {
        var twice = F(id: "same");
        Assert.Throws<ArgumentException>(() => ExposureAudit.Run([Ranking(twice, twice)], GenderOnly));
    }

    [Fact]
    public void An_attribute_that_returns_a_group_it_does_not_declare_is_refused()
    {
        var broken = new SensitiveAttribute("broken", ["a", "unknown"], "unknown", _ => "b");
        Assert.Throws<InvalidOperationException>(() => ExposureAudit.Run([Ranking(F())], [broken]));
    }

    [Theory]
    [InlineData(0, 0.05, 0.6, 20)]
    [InlineData(10, -0.1, 0.6, 20)]
    [InlineData(10, 1.5, 0.6, 20)]
    [InlineData(10, double.NaN, 0.6, 20)]
    [InlineData(10, 0.05, 1.1, 20)]
    [InlineData(10, 0.05, 0.6, -1)]
    public void Invalid_options_are_refused(int k, double margin, double coverage, int minGroup) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExposureAudit.Run([], GenderOnly,
            new ExposureAuditOptions { K = k, Margin = margin, QualifiedCoverage = coverage, MinGroupSize = minGroup }));
}
