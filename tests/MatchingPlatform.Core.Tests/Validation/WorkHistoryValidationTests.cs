using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Validation;

namespace MatchingPlatform.Core.Tests.Validation;

/// <summary>Work histories are sequences of spells: bad and overlapping entries are rejected, naming the entry.</summary>
public sealed class WorkHistoryValidationTests(ReferenceFixture reference) : IClassFixture<ReferenceFixture>
{
    private ProfileValidator Validator => new(reference.Taxonomy, reference.Cities);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static WorkHistoryEntry H(string city, string start, string? end, string employer = "Ansteel") =>
        new(city, null, employer, null, D(start), end is null ? null : D(end));

    private static Worker W(params WorkHistoryEntry[] history) => new()
    {
        Id = "w-1", DisplayName = "Li Wei", CityCode = "shenyang", History = history,
    };

    private IReadOnlyList<ValidationError> Errors(params WorkHistoryEntry[] history) => Validator.Validate(W(history));

    [Fact]
    public void A_sequence_of_spells_is_valid_even_out_of_order_and_meeting_on_a_day()
    {
        Assert.Empty(Errors(H("anshan", "2012-03-01", "2018-12-31"), H("shenyang", "2019-01-01", null)));
        // The next job starts on the day the previous one ended: not an overlap.
        Assert.Empty(Errors(H("shenyang", "2019-06-30", null), H("anshan", "2012-03-01", "2019-06-30")));
    }

    [Fact]
    public void Overlapping_spells_are_rejected_naming_the_later_start()
    {
        var errors = Errors(H("anshan", "2012-03-01", "2019-06-30"), H("shenyang", "2019-01-01", null, "Other"));
        var error = Assert.Single(errors);
        Assert.Equal("history[1].start_date", error.Field);
        Assert.Contains("overlaps history[0] (2012-03-01 to 2019-06-30)", error.Message);

        // Listed later-first: the entry that starts later is still the one named.
        var reversed = Assert.Single(Errors(H("shenyang", "2019-01-01", null, "Other"), H("anshan", "2012-03-01", "2019-06-30")));
        Assert.Equal("history[0].start_date", reversed.Field);
    }

    [Fact]
    public void Two_ongoing_jobs_and_a_spell_inside_another_overlap()
    {
        Assert.Equal(["history[1].start_date"], Errors(H("anshan", "2015-01-01", null), H("dalian", "2020-01-01", null, "Other")).Select(e => e.Field));
        var inside = Assert.Single(Errors(H("anshan", "2010-01-01", "2020-12-31"), H("dalian", "2014-05-01", "2014-08-01", "Other"), H("dalian", "2021-01-01", null, "Third")));
        Assert.Equal("history[1].start_date", inside.Field);
        Assert.Contains("now", Assert.Single(Errors(H("anshan", "2015-01-01", null), H("dalian", "2016-01-01", "2016-02-01", "Other"))).Message);
    }

    [Fact]
    public void Bad_entries_are_named_on_their_own()
    {
        var errors = Errors(H("atlantis", "2012-03-01", "2011-01-01"));
        Assert.Equal(["history[0].city", "history[0].end_date"], errors.Select(e => e.Field).Order());
        // An entry that ends before it starts is not also reported as overlapping.
        Assert.Equal(["history[1].end_date"], Errors(H("anshan", "2012-01-01", "2014-01-01"), H("dalian", "2013-01-01", "2012-06-01", "x")).Select(e => e.Field));
    }

    [Fact]
    public void The_demo_generator_produces_no_overlapping_history()
    {
        var data = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, new DemoDataOptions { Workers = 3000, Enterprises = 100, Vacancies = 300, Programmes = 30 });
        var overlaps = data.Workers.SelectMany(w => Validator.Validate(w).Where(e => e.Field.StartsWith("history", StringComparison.Ordinal))
            .Select(e => $"{w.Id} {e}")).ToList();
        Assert.Empty(overlaps);
        Assert.True(data.Workers.Count(w => w.History.Count > 1) > 500, "the check must have histories with several spells to look at");
    }
}
