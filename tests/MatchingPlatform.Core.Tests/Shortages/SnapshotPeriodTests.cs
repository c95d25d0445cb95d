using System.Globalization;
using MatchingPlatform.Core.Shortages;

namespace MatchingPlatform.Core.Tests.Shortages;

public sealed class SnapshotPeriodTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateTimeOffset Noon(string iso) => Utc(Day(iso).Year, Day(iso).Month, Day(iso).Day);

    [Fact]
    public void The_anchor_is_a_Monday()
    {
        Assert.Equal(DayOfWeek.Monday, SnapshotPeriod.Anchor.DayOfWeek);
    }

    [Theory]
    [InlineData("2024-01-01", "2024-01-01")] // Monday
    [InlineData("2024-01-03", "2024-01-01")]
    [InlineData("2024-01-07", "2024-01-01")] // Sunday ends the week
    [InlineData("2024-01-08", "2024-01-08")]
    [InlineData("2000-01-03", "2000-01-03")] // the anchor itself
    [InlineData("2000-01-09", "2000-01-03")]
    [InlineData("2000-01-02", "1999-12-27")] // the day before the anchor
    [InlineData("1999-12-27", "1999-12-27")] // exactly one week before
    [InlineData("1999-12-26", "1999-12-20")] // one day more
    [InlineData("1970-01-01", "1969-12-29")] // far before: a Thursday
    public void Weekly_periods_start_on_the_Monday_of_the_week(string day, string monday)
    {
        var period = SnapshotPeriod.Containing(Noon(day), 7);
        Assert.Equal(Day(monday), period.Start);
        Assert.Equal(DayOfWeek.Monday, period.Start.DayOfWeek);
        Assert.Equal(7, period.LengthDays);
    }

    [Fact]
    public void Every_instant_of_a_week_maps_to_the_same_period()
    {
        var start = new DateTimeOffset(1999, 11, 29, 0, 0, 0, TimeSpan.Zero); // a Monday before the anchor
        var expected = SnapshotPeriod.Containing(start, 7);
        Assert.Equal(new DateOnly(1999, 11, 29), expected.Start);
        for (var minutes = 0; minutes < 7 * 24 * 60; minutes += 97)
            Assert.Equal(expected, SnapshotPeriod.Containing(start.AddMinutes(minutes), 7));
        Assert.Equal(expected.Next, SnapshotPeriod.Containing(start.AddDays(7), 7));
        Assert.Equal(expected.Previous, SnapshotPeriod.Containing(start.AddTicks(-1), 7));
    }

    [Fact]
    public void Periods_are_computed_in_UTC()
    {
        // Monday 01:00 in Shenyang (UTC+8) is still Sunday in UTC: the previous week, on every replica alike.
        var mondayMorningInChina = new DateTimeOffset(2024, 1, 8, 1, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(new DateOnly(2024, 1, 1), SnapshotPeriod.Containing(mondayMorningInChina, 7).Start);
    }

    [Theory]
    [InlineData("2000-01-03", 14, "2000-01-03")]
    [InlineData("2000-01-16", 14, "2000-01-03")]
    [InlineData("2000-01-17", 14, "2000-01-17")]
    [InlineData("2000-01-02", 14, "1999-12-20")]
    [InlineData("1999-12-20", 14, "1999-12-20")]
    [InlineData("1999-12-19", 14, "1999-12-06")]
    [InlineData("2024-05-05", 1, "2024-05-05")]
    public void Other_lengths_are_anchored_on_the_same_Monday(string day, int length, string start)
    {
        var d = Day(day);
        var period = SnapshotPeriod.Containing(Noon(day), length);
        Assert.Equal(Day(start), period.Start);
        Assert.True(period.Start <= d && d < period.EndExclusive);
    }

    [Fact]
    public void Neighbours_and_end()
    {
        var week = new SnapshotPeriod(new DateOnly(2024, 1, 1), 7);
        Assert.Equal(new DateOnly(2024, 1, 8), week.EndExclusive);
        Assert.Equal(new SnapshotPeriod(new DateOnly(2024, 1, 8), 7), week.Next);
        Assert.Equal(new SnapshotPeriod(new DateOnly(2023, 12, 25), 7), week.Previous);
        Assert.Equal(week, week.Next.Previous);
        Assert.Equal(new DateTimeOffset(2024, 1, 7, 23, 59, 59, 999, TimeSpan.Zero), week.EndInstant);
        Assert.Equal(week, SnapshotPeriod.Containing(week.EndInstant, 7));
        Assert.Equal("2024-01-01", week.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    public void A_period_lasts_at_least_one_day(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotPeriod.Containing(Utc(2024, 1, 1), length));
    }
}
