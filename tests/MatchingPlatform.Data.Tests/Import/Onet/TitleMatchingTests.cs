using MatchingPlatform.Data.Import.Onet;

namespace MatchingPlatform.Data.Tests.Import.Onet;

public sealed class TitleMatchingTests
{
    private static OnetCatalog Catalog => OnetCatalogTests.Fixture.Value;

    [Theory]
    [InlineData("Cashiers", "cashier")]
    [InlineData("Part-Time Cashier Needed!", "cashier")]
    [InlineData("Sr. Software Engineer", "software engineer")]
    [InlineData("Waiters & Waitresses", "waiter waitress")]
    [InlineData("Customer Service Rep", "customer service representative")]
    [InlineData("CNAs", "certified nursing assistant")]
    [InlineData("Macy's Secretaries", "macy secretary")]
    [InlineData("Entry Level Full-Time Clerk", "clerk")]
    public void Normalize_lowercases_drops_noise_expands_abbreviations_and_stems(string title, string normalized) =>
        Assert.Equal(normalized, TitleNormalizer.Normalize(title));

    [Fact]
    public void Variants_drop_the_employer_and_brackets_and_try_the_head_and_each_listed_job()
    {
        Assert.Equal(["Software Engineer - Chicago, IL", "Software Engineer"],
            TitleNormalizer.Variants("Software Engineer - Chicago, IL @ Acme (Remote)"));
        Assert.Equal(["Driver / Guard", "Driver", "Guard"], TitleNormalizer.Variants("Driver / Guard"));
    }

    [Theory]
    [InlineData("Cashier", "41-2011.00")]                                   // alternate title (and plural of the title)
    [InlineData("Computer Programmers", "15-1251.00")]                      // the title itself
    [InlineData("SDE", "15-1252.00")]                                       // short title
    [InlineData("Senior Java Developer", "15-1252.00")]                     // seniority dropped
    [InlineData("Software Engineer - Chicago, IL @ Acme", "15-1252.00")]    // location and employer dropped
    [InlineData("Front End Cashier (Part Time) - Springfield", "41-2011.00")]
    public void Exact_matches_have_full_confidence(string title, string soc)
    {
        var match = Catalog.MatchTitle(title);
        Assert.NotNull(match);
        Assert.Equal(soc, match.Value.Occupation.SocCode);
        Assert.Equal(1.0, match.Value.Confidence);
    }

    [Fact]
    public void A_title_several_occupations_claim_goes_to_the_one_it_resembles_most()
    {
        // "Developer" is an alternate title of both; Software Developers is also called that in its own title.
        var match = Catalog.MatchTitle("Developer");
        Assert.NotNull(match);
        Assert.Equal("15-1252.00", match.Value.Occupation.SocCode);
        Assert.Equal(0.9, match.Value.Confidence);
    }

    [Fact]
    public void Near_titles_match_fuzzily_with_a_confidence_under_one()
    {
        var match = Catalog.MatchTitle("Applications Programmer Analyst");
        Assert.NotNull(match);
        Assert.Equal("15-1251.00", match.Value.Occupation.SocCode);
        Assert.InRange(match.Value.Confidence, 0.5, 0.99);
    }

    [Theory]
    [InlineData("Zorblax Wrangler")]
    [InlineData("Chief Happiness Officer")]
    [InlineData("5 - 7 Immediate Openings - Full Time / Part Time")]
    [InlineData("")]
    public void Titles_under_the_threshold_match_nothing(string title) => Assert.Null(Catalog.MatchTitle(title));

    [Fact]
    public void One_generic_word_among_unknown_ones_stays_under_the_threshold() =>
        Assert.Null(Catalog.MatchTitle("Zorblax Quux Flibber Programmer Wrangler Gizmo"));
}
