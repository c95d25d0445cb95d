using MatchingPlatform.Data.Policy;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;
using static MatchingPlatform.Data.Tests.Policy.PolicyPanelFixture;

namespace MatchingPlatform.Data.Tests.Policy;

[TestedOn(DatabaseProvider.Sqlite)]
public sealed class SqlitePolicyPanelStorageTests(SqliteFixture fixture) : PolicyPanelStorageContract(fixture), IClassFixture<SqliteFixture>;

[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresPolicyPanelStorageTests(PostgresFixture fixture) : PolicyPanelStorageContract(fixture), IClassFixture<PostgresFixture>;

[TestedOn(DatabaseProvider.SqlServer)]
public sealed class SqlServerPolicyPanelStorageTests(SqlServerFixture fixture) : PolicyPanelStorageContract(fixture), IClassFixture<SqlServerFixture>;

/// <summary>
/// The city-period aggregation of policy evaluation (<see cref="PolicyPanelRepository.CityPeriodOutcomesAsync"/>: the
/// CASE bucketing over the boundary parameters, the range filter, the Liaoning filter, distinct seekers and event
/// counts), run unchanged against every provider over <see cref="PolicyPanelFixture"/>.
/// </summary>
public abstract class PolicyPanelStorageContract(IProviderFixture fixture) : IAsyncLifetime
{
    private ProviderDatabase Db => fixture.Database;
    private PolicyPanelRepository Panel => new(Db.Connections);

    public async Task InitializeAsync()
    {
        await Db.ResetAsync();
        await new DatasetWriter(Db.Connections).WriteAsync(Batch());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [ProviderFact]
    public async Task Quarterly_outcomes_of_Liaoning_cities_as_worked_out_by_hand() =>
        Assert.Equal(QuarterlyLiaoning, await Panel.CityPeriodOutcomesAsync(Quarters));

    [ProviderFact]
    public async Task Liaoning_only_is_the_default_and_can_be_lifted()
    {
        Assert.Equal(QuarterlyLiaoning, await Panel.CityPeriodOutcomesAsync(Quarters, liaoningOnly: true));
        Assert.Equal(QuarterlyAllCities, await Panel.CityPeriodOutcomesAsync(Quarters, liaoningOnly: false));
    }

    [ProviderFact]
    public async Task Many_periods_are_bucketed_by_one_query()
    {
        var months = Enumerable.Range(0, 10).Select(k => T0.AddMonths(k)).ToArray();
        Assert.Equal(MonthlyLiaoning, await Panel.CityPeriodOutcomesAsync(months));
    }

    [ProviderFact]
    public async Task Seekers_are_counted_once_per_period_however_many_events_they_have() =>
        Assert.Equal(WholeRangeLiaoning, await Panel.CityPeriodOutcomesAsync([T0, T3]));

    [ProviderFact]
    public async Task An_event_at_a_period_start_belongs_to_that_period_and_the_end_is_excluded()
    {
        // Q2 alone is period 1. pp-s1's view exactly at T1 is in it; pp-d1's hire exactly at T2 is not.
        Assert.Equal(
            [new CityPeriodOutcome("anshan", 1, 1, 0, 0, 0), new CityPeriodOutcome("shenyang", 1, 2, 1, 0, 2)],
            await Panel.CityPeriodOutcomesAsync([T1, T2]));
        // One millisecond later, pp-s1's view at T1 falls before the range: only pp-s3 is left in shenyang.
        Assert.Equal(
            [new CityPeriodOutcome("anshan", 1, 1, 0, 0, 0), new CityPeriodOutcome("shenyang", 1, 1, 1, 0, 2)],
            await Panel.CityPeriodOutcomesAsync([T1.AddMilliseconds(1), T2]));
        // Q3 alone: pp-d1's hire at its start is in; pp-f1's application exactly at T3 is out.
        Assert.Equal([new CityPeriodOutcome("dalian", 1, 2, 1, 1, 1)], await Panel.CityPeriodOutcomesAsync([T2, T3]));
        // One millisecond more, pp-f1's application at T3 (fushun) is in.
        Assert.Equal(
            [new CityPeriodOutcome("dalian", 1, 2, 1, 1, 1), new CityPeriodOutcome("fushun", 1, 1, 0, 0, 0)],
            await Panel.CityPeriodOutcomesAsync([T2, T3.AddMilliseconds(1)]));
    }

    [ProviderFact]
    public async Task Events_outside_the_range_and_seekers_without_events_have_no_rows()
    {
        var rows = await Panel.CityPeriodOutcomesAsync(Quarters, liaoningOnly: false);
        // pp-f1 (fushun) only has events just before T0 and exactly at T3.
        Assert.DoesNotContain(rows, r => r.CityCode == "fushun");
        // A city without events in a period has no row for it: no zero rows.
        Assert.DoesNotContain(rows, r => r.CityCode == "shenyang" && r.Period == 3);
        Assert.DoesNotContain(rows, r => r.CityCode == "dalian" && r.Period == 2);
        Assert.All(rows, r => Assert.True(r.ActiveSeekers > 0));
        // pp-s4 has no interaction: never active. pp-s3 is not actively seeking but its Q2 events count.
        Assert.Equal(2, rows.Single(r => r.CityCode == "shenyang" && r.Period == 1).ActiveSeekers);
        Assert.Equal(1, rows.Single(r => r.CityCode == "shenyang" && r.Period == 2).HiredSeekers);

        // Just before the first event in range, or long after the log: nothing.
        Assert.Empty(await Panel.CityPeriodOutcomesAsync([T0.AddYears(-1), T0.AddMilliseconds(-1)]));
        Assert.Empty(await Panel.CityPeriodOutcomesAsync([T3.AddYears(5), T3.AddYears(6)], liaoningOnly: false));
    }

    [ProviderFact]
    public async Task The_reemployment_rate_is_hired_over_active_seekers()
    {
        var rows = await Panel.CityPeriodOutcomesAsync(Quarters);
        Assert.Equal([0, 0, 0.5, 0.5, 0.5], rows.Select(r => r.ReemploymentRate));
        // Two hire events of one seeker still make one hired seeker of two: the rate is not hires over seekers.
        var whole = await Panel.CityPeriodOutcomesAsync([T0, T3]);
        Assert.Equal(2 / 3.0, whole.Single(r => r.CityCode == "shenyang").ReemploymentRate, 12);
    }

    [ProviderFact]
    public async Task Nothing_stored_gives_no_rows()
    {
        await Db.ResetAsync();
        Assert.Empty(await Panel.CityPeriodOutcomesAsync(Quarters, liaoningOnly: false));
    }

    [ProviderFact]
    public async Task Boundaries_must_give_at_least_one_increasing_period()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Panel.CityPeriodOutcomesAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Panel.CityPeriodOutcomesAsync([T0]));
        await Assert.ThrowsAsync<ArgumentException>(() => Panel.CityPeriodOutcomesAsync([T0, T1, T1]));
        await Assert.ThrowsAsync<ArgumentException>(() => Panel.CityPeriodOutcomesAsync([T1, T0]));
    }
}
