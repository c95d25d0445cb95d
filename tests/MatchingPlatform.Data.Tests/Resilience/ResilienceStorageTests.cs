using Dapper;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Resilience;
using MatchingPlatform.Data.Shortages;
using MatchingPlatform.Data.Tests.Shortages;

namespace MatchingPlatform.Data.Tests.Resilience;

[TestedOn(DatabaseProvider.Sqlite)]
public sealed class SqliteResilienceStorageTests(SqliteFixture fixture) : ResilienceStorageContract(fixture), IClassFixture<SqliteFixture>;

[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresResilienceStorageTests(PostgresFixture fixture) : ResilienceStorageContract(fixture), IClassFixture<PostgresFixture>;

[TestedOn(DatabaseProvider.SqlServer)]
public sealed class SqlServerResilienceStorageTests(SqlServerFixture fixture) : ResilienceStorageContract(fixture), IClassFixture<SqlServerFixture>;

/// <summary>
/// The resilience indicator SQL over <see cref="ResilienceFixture"/>, the external-value upsert, and quarterly snapshots
/// whose warnings go through the shared alert outbox, run unchanged against every provider.
/// </summary>
public abstract class ResilienceStorageContract(IProviderFixture fixture) : IAsyncLifetime
{
    private static readonly Quarter Q1 = new(2025, 1);
    private static readonly Quarter Q2 = new(2025, 2);
    private static readonly DateTimeOffset Now = new(2025, 8, 1, 0, 0, 0, TimeSpan.Zero);

    private ProviderDatabase Db => fixture.Database;
    private ResilienceRepository Repository => new(Db.Connections, new ManualClock(Now), minSample: 1, minHires: 1);

    public async Task InitializeAsync()
    {
        await Db.ResetAsync();
        await new DatasetWriter(Db.Connections).WriteAsync(ResilienceFixture.Batch());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Dictionary<(string, string, string), double>> ValuesAsync()
    {
        var values = await Repository.ValuesAsync(Q1, Q2);
        return values.ToDictionary(v => (v.CityCode, v.Quarter.ToString(), v.Indicator), v => v.Value);
    }

    [ProviderFact]
    public async Task The_data_range_is_the_complete_quarters_with_interactions()
    {
        // First interaction 2025-01-12 (within 14 days of the quarter's start), last 2025-04-20; now is in 2025-Q3.
        Assert.Equal((Q1, Q2), await Repository.DataQuartersAsync());
    }

    [ProviderFact]
    public async Task Workforce_shares_count_the_workers_registered_by_each_quarter_end()
    {
        var v = await ValuesAsync();
        // shenyang Q1: sy1, sy2 (sy3 registers in Q2): certified 1/2 (python 4), digital 1/2. Q2: 1/3 and 2/3 (sql 3).
        Assert.Equal(0.5, v[("shenyang", "2025-Q1", ResilienceRepository.CertifiedSkillShare)], 12);
        Assert.Equal(0.5, v[("shenyang", "2025-Q1", ResilienceRepository.DigitalSkillShare)], 12);
        Assert.Equal(1 / 3.0, v[("shenyang", "2025-Q2", ResilienceRepository.CertifiedSkillShare)], 12);
        Assert.Equal(2 / 3.0, v[("shenyang", "2025-Q2", ResilienceRepository.DigitalSkillShare)], 12);
        // anshan: an1 arc-welding 5 is certified, not digital; an2 python 2 is neither.
        Assert.Equal(0.5, v[("anshan", "2025-Q2", ResilienceRepository.CertifiedSkillShare)], 12);
        Assert.Equal(0.0, v[("anshan", "2025-Q2", ResilienceRepository.DigitalSkillShare)], 12);
    }

    [ProviderFact]
    public async Task Industry_diversity_is_the_normalised_Shannon_entropy_of_overlapping_spells()
    {
        var v = await ValuesAsync();
        // Four industries appear in the range (equipment, ai-bigdata, software-it, automotive): divide by ln 4.
        // shenyang Q1: ai-bigdata (sy1), equipment (sy2): ln 2 / ln 4 = 0.5. Q2: + software-it (sy3): ln 3 / ln 4.
        Assert.Equal(0.5, v[("shenyang", "2025-Q1", ResilienceRepository.IndustryDiversity)], 12);
        Assert.Equal(Math.Log(3) / Math.Log(4), v[("shenyang", "2025-Q2", ResilienceRepository.IndustryDiversity)], 12);
        // anshan Q1: equipment twice (an1's two spells), automotive once. Q2: equipment only: 0.
        var h = -(2 / 3.0 * Math.Log(2 / 3.0) + 1 / 3.0 * Math.Log(1 / 3.0)) / Math.Log(4);
        Assert.Equal(h, v[("anshan", "2025-Q1", ResilienceRepository.IndustryDiversity)], 12);
        Assert.Equal(0.0, v[("anshan", "2025-Q2", ResilienceRepository.IndustryDiversity)], 12);
    }

    [ProviderFact]
    public async Task Occupation_changes_compare_each_spell_with_the_previous_one_over_a_rolling_year()
    {
        var v = await ValuesAsync();
        // shenyang: sy1 welder (equipment) -> data-analyst (ai-bigdata) on 2025-01-15: changed; sy2 and sy3's shenyang spell
        // (after a dalian spell without occupation) have no known previous group. 1/1 in Q1 and, within the rolling year, Q2.
        Assert.Equal(1.0, v[("shenyang", "2025-Q1", ResilienceRepository.OccupationChangeShare)], 12);
        Assert.Equal(1.0, v[("shenyang", "2025-Q2", ResilienceRepository.OccupationChangeShare)], 12);
        // anshan: an1 welder -> fitter, both equipment manufacturing: 0/1.
        Assert.Equal(0.0, v[("anshan", "2025-Q1", ResilienceRepository.OccupationChangeShare)], 12);
    }

    [ProviderFact]
    public async Task Recovery_indicators_come_from_applications_hires_and_postings()
    {
        var v = await ValuesAsync();
        // Re-employment (the policy panel): shenyang Q1 sy1, sy2 active and hired: 1. anshan Q1 an2 applied only: 0; Q2 hired: 1.
        Assert.Equal(1.0, v[("shenyang", "2025-Q1", ResilienceRepository.ReemploymentRate)], 12);
        Assert.Equal(0.0, v[("anshan", "2025-Q1", ResilienceRepository.ReemploymentRate)], 12);
        Assert.Equal(1.0, v[("anshan", "2025-Q2", ResilienceRepository.ReemploymentRate)], 12);
        Assert.False(v.ContainsKey(("shenyang", "2025-Q2", ResilienceRepository.ReemploymentRate)));
        // Days from the first application to the hire: sy1 2 days, sy2 30 (Feb 8 -> Mar 10): mean 16. an2 Jan 20 -> Apr 20: 90.
        Assert.Equal(16.0, v[("shenyang", "2025-Q1", ResilienceRepository.DaysToReemployment)], 9);
        Assert.Equal(90.0, v[("anshan", "2025-Q2", ResilienceRepository.DaysToReemployment)], 9);
        // Postings: shenyang Q1 headcount 4 (digital) + 6 = 10; hires into them 2: fill 0.2, digital share 0.4.
        Assert.Equal(0.2, v[("shenyang", "2025-Q1", ResilienceRepository.VacancyFillRate)], 12);
        Assert.Equal(0.4, v[("shenyang", "2025-Q1", ResilienceRepository.DigitalVacancyShare)], 12);
        // anshan Q2: headcount 2, one hire (an2): 0.5; no digital requirement: 0.
        Assert.Equal(0.5, v[("anshan", "2025-Q2", ResilienceRepository.VacancyFillRate)], 12);
        Assert.Equal(0.0, v[("anshan", "2025-Q2", ResilienceRepository.DigitalVacancyShare)], 12);
        Assert.False(v.ContainsKey(("shenyang", "2025-Q2", ResilienceRepository.VacancyFillRate)));
    }

    [ProviderFact]
    public async Task Transformation_reuses_the_mobility_queries()
    {
        var v = await ValuesAsync();
        // Graduates up to 2025 by first job after graduation: shenyang sy3 (software-it 2025-04-10, still there): 1.
        // anshan: an1 (first 2018 welder, now fitter in anshan) stays, an2 (first anshan 2024, now shenyang) left: 1/2.
        Assert.Equal(1.0, v[("shenyang", "2025-Q2", ResilienceRepository.GraduateRetention)], 12);
        Assert.Equal(0.5, v[("anshan", "2025-Q1", ResilienceRepository.GraduateRetention)], 12);
        // Digital moves: sy3 (sql 3) dalian -> shenyang on 2025-04-10 (Q2); an2's move is not digital talent (python 2).
        var population = ProviderDatabase.Reference.Cities.Find("shenyang")!.Population;
        Assert.Equal(10_000.0 / population, v[("shenyang", "2025-Q2", ResilienceRepository.NetDigitalInflow)], 12);
        Assert.Equal(-10_000.0 / ProviderDatabase.Reference.Cities.Find("dalian")!.Population, v[("dalian", "2025-Q2", ResilienceRepository.NetDigitalInflow)], 12);
        Assert.Equal(0.0, v[("shenyang", "2025-Q1", ResilienceRepository.NetDigitalInflow)]);
    }

    [ProviderFact]
    public async Task External_values_are_upserted_and_read_back_for_the_range()
    {
        await Repository.UpsertExternalAsync([new("shenyang", Q1, "ui_coverage", 0.7), new("anshan", Q2, "ui_coverage", 0.5),
            new("shenyang", new Quarter(2024, 4), "ui_coverage", 0.1)]);
        await Repository.UpsertExternalAsync([new("shenyang", Q1, "ui_coverage", 0.75)]);
        var v = await ValuesAsync();
        Assert.Equal(0.75, v[("shenyang", "2025-Q1", "ui_coverage")]);
        Assert.Equal(0.5, v[("anshan", "2025-Q2", "ui_coverage")]);
        Assert.DoesNotContain(v.Keys, k => k.Item2 == "2024-Q4");
        await Assert.ThrowsAsync<MissingReferenceException>(() => Repository.UpsertExternalAsync([new("atlantis", Q1, "ui_coverage", 1)]));
    }

    private static CityResilienceScores S(string city, double index) => new(city, new Dictionary<string, double> { ["index"] = index, ["recovery"] = 50 });

    [ProviderFact]
    public async Task Catching_up_takes_each_missing_quarter_in_order_and_skips_stored_ones()
    {
        await Db.ResetAsync();
        var snapshotter = new ResilienceSnapshotter(Db.Connections);
        var rules = new ResilienceWarningRules();
        await snapshotter.TakeAsync(new Quarter(2025, 2), [S("anshan", 60)], rules);
        var asked = new List<Quarter>();
        var outcomes = await snapshotter.CatchUpAsync(new Quarter(2025, 1), new Quarter(2025, 4), (q, _) =>
        {
            asked.Add(q);
            return Task.FromResult<IReadOnlyList<CityResilienceScores>>([S("anshan", 60)]);
        }, rules);

        // 2025-Q1 is older than the stored 2025-Q2: reported, not taken; Q2 is skipped unscored; Q3 and Q4 are taken in order.
        Assert.Equal(["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"], outcomes.Select(o => o.Quarter.ToString()));
        Assert.Null(outcomes[0].Taken);
        Assert.Contains("take quarters in order", outcomes[0].Note);
        Assert.Equal("already stored", outcomes[1].Note);
        Assert.All(outcomes.Skip(2), o => Assert.False(o.Taken!.AlreadyExisted));
        Assert.Equal([new Quarter(2025, 1), new Quarter(2025, 3), new Quarter(2025, 4)], asked);

        var again = await snapshotter.CatchUpAsync(new Quarter(2025, 2), new Quarter(2025, 4), (_, _) => throw new InvalidOperationException("nothing to score"), rules);
        Assert.All(again, o => Assert.Equal("already stored", o.Note));
    }

    [ProviderFact]
    public async Task Snapshots_raise_warnings_through_the_shared_alert_outbox()
    {
        var snapshotter = new ResilienceSnapshotter(Db.Connections, new ManualClock(Now));
        var warnings = new ResilienceWarningRepository(Db.Connections);
        var rules = new ResilienceWarningRules(); // low at or below 35 for 2 quarters; Warning at 25; clear after 2
        var alerts = new AlertRepository(Db.Connections);
        var before = await alerts.LastEventIdAsync();

        Assert.Equal(0, (await snapshotter.TakeAsync(new Quarter(2025, 1), [S("anshan", 30), S("shenyang", 60)], rules)).Opened);
        var q2 = await snapshotter.TakeAsync(new Quarter(2025, 2), [S("anshan", 24), S("shenyang", 60)], rules);
        Assert.Equal((1, 0, 0), (q2.Opened, q2.Escalated, q2.Closed));
        // A repeat writes nothing; an older quarter is refused.
        Assert.True((await snapshotter.TakeAsync(new Quarter(2025, 2), [S("anshan", 99)], rules)).AlreadyExisted);
        await Assert.ThrowsAsync<StateConflictException>(() => snapshotter.TakeAsync(new Quarter(2024, 4), [S("anshan", 99)], rules));
        await snapshotter.TakeAsync(new Quarter(2025, 3), [S("anshan", 50), S("shenyang", 60)], rules);
        var q4 = await snapshotter.TakeAsync(new Quarter(2025, 4), [S("anshan", 50), S("shenyang", 60)], rules);
        Assert.Equal(1, q4.Closed);

        var opened = (await warnings.ListAsync(new ResilienceWarningFilter(), 10, null)).Items.Single();
        Assert.Equal(("anshan", "index", ResilienceWarningRule.BelowLevel, AlertSeverity.Warning, Data.Shortages.AlertStatus.Closed, new Quarter(2025, 1)),
            (opened.CityCode, opened.Subject, opened.Rule, opened.Severity, opened.Status, opened.Since));

        // The events are rows of alert_events after every shortage event, in order, and invisible to the shortage reader.
        var events = await warnings.EventsAfterAsync(before, null, 100);
        Assert.Equal([AlertEventKind.Opened, AlertEventKind.Closed], events.Select(e => e.Kind));
        Assert.Equal([24.0, 50.0], events.Select(e => e.Score));
        Assert.Equal([new Quarter(2025, 2), new Quarter(2025, 4)], events.Select(e => e.Quarter));
        Assert.True(events[0].Id > before && events[1].Id > events[0].Id);
        Assert.Equal(events[1].Id, await alerts.LastEventIdAsync());
        Assert.Empty(await alerts.EventsAfterAsync(before, null, 100));
        Assert.Empty(await warnings.EventsAfterAsync(before, ["shenyang"], 100));
        Assert.Equal(2, (await warnings.EventsAfterAsync(before, ["anshan"], 100)).Count);
        Assert.Equal(60, (await warnings.ScoresAsync(new Quarter(2025, 2))).Single(s => s.CityCode == "shenyang").Scores["index"]);
    }

    [ProviderFact]
    public async Task Acknowledging_a_warning_is_idempotent_and_needs_a_known_warning()
    {
        var clock = new ManualClock(Now);
        var snapshotter = new ResilienceSnapshotter(Db.Connections, clock);
        var rules = new ResilienceWarningRules();
        await snapshotter.TakeAsync(Q1, [S("anshan", 30), S("shenyang", 30)], rules);
        await snapshotter.TakeAsync(Q2, [S("anshan", 24), S("shenyang", 30)], rules);
        var warnings = new ResilienceWarningRepository(Db.Connections, clock);
        var listed = (await warnings.ListAsync(new ResilienceWarningFilter(), 10, null)).Items.ToDictionary(w => w.CityCode, w => w.Id);
        var (id, other) = (listed["anshan"], listed["shenyang"]);
        var fresh = await warnings.GetAsync(id);
        Assert.Equal((id, "anshan", 0), (fresh!.Warning.Id, fresh.Warning.CityCode, fresh.Warning.Acknowledgements));
        Assert.Empty(fresh.Acknowledgements);

        var (first, isFirst) = await warnings.AcknowledgeAsync(id, "bureau-anshan");
        Assert.True(isFirst);
        Assert.Equal(new ResilienceWarningAck(id, "bureau-anshan", Now), first);
        // Again later: nothing changes, and the caller learns the original time.
        clock.Now = Now.AddHours(2);
        Assert.Equal((first, false), await warnings.AcknowledgeAsync(id, "bureau-anshan"));
        var (analyst, analystFirst) = await warnings.AcknowledgeAsync(id, "analyst-1");
        Assert.Equal((new ResilienceWarningAck(id, "analyst-1", Now.AddHours(2)), true), (analyst, analystFirst));

        // Concurrent first acknowledgements by one acknowledger: one row, exactly one of them first, every caller gets the time stored.
        clock.Now = Now.AddHours(3);
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => warnings.AcknowledgeAsync(id, "bureau-liaoning"))));
        Assert.Single(racing.Select(r => r.Ack).Distinct());
        Assert.Single(racing, r => r.First);

        Assert.Equal([first, analyst, racing[0].Ack], await warnings.ListAcksAsync(id));
        var detail = await warnings.GetAsync(id);
        Assert.Equal([first, analyst, racing[0].Ack], detail!.Acknowledgements);
        Assert.Equal(3, detail.Warning.Acknowledgements);
        // The listing counts each warning's own acknowledgements; events do not count them.
        var counts = (await warnings.ListAsync(new ResilienceWarningFilter(), 10, null)).Items.ToDictionary(w => w.Id, w => w.Acknowledgements);
        Assert.Equal((3, 0), (counts[id], counts[other]));
        Assert.All(await warnings.EventsAfterAsync(0, null, 100), e => Assert.Null(e.Warning.Acknowledgements));

        var missing = await Assert.ThrowsAsync<MissingReferenceException>(() => warnings.AcknowledgeAsync(id + other + 1000, "bureau-anshan"));
        Assert.Equal(("warning_id", "resilience warning"), (missing.Field, missing.Entity));
        await Assert.ThrowsAsync<ArgumentException>(() => warnings.AcknowledgeAsync(id, ""));
        Assert.Null(await warnings.GetAsync(id + other + 1000));
        Assert.Empty(await warnings.ListAcksAsync(id + other + 1000));
        Assert.Empty(await warnings.ListAcksAsync(other));

        // The schema refuses an acknowledgement of no warning, whoever writes it.
        await using var c = await Db.Connections.OpenAsync();
        Assert.NotNull(await Record.ExceptionAsync(() => c.ExecuteAsync(
            "INSERT INTO resilience_warning_acks (warning_id, acknowledger_id, acked_at) VALUES (@w, 'bureau-anshan', 0)", new { w = id + other + 1000 })));
    }

    [ProviderFact]
    public async Task The_outbox_refuses_a_row_that_names_both_subjects_or_none()
    {
        await using var c = await Db.Connections.OpenAsync();
        var ex = await Record.ExceptionAsync(() => c.ExecuteAsync("""
            INSERT INTO alert_events (kind, severity, ratio, demand_headcount, city_code, occurred_at) VALUES (1, 1, 0, 0, 'anshan', 0)
            """));
        Assert.NotNull(ex);
    }
}
