using Dapper;
using MatchingPlatform.Data.Mobility;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Tests.Shortages;
using static MatchingPlatform.Data.Tests.Mobility.MobilityFixture;

namespace MatchingPlatform.Data.Tests.Mobility;

[TestedOn(DatabaseProvider.Sqlite)]
public sealed class SqliteMobilityStorageTests(SqliteFixture fixture) : MobilityStorageContract(fixture), IClassFixture<SqliteFixture>;

[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresMobilityStorageTests(PostgresFixture fixture) : MobilityStorageContract(fixture), IClassFixture<PostgresFixture>;

[TestedOn(DatabaseProvider.SqlServer)]
public sealed class SqlServerMobilityStorageTests(SqlServerFixture fixture) : MobilityStorageContract(fixture), IClassFixture<SqlServerFixture>;

/// <summary>
/// The mobility aggregation SQL (flows per period, source and talent group; per-city in/out/net; talent density;
/// graduate retention) and the relocation rows written by worker updates, run unchanged against every provider over
/// <see cref="MobilityFixture"/>.
/// </summary>
public abstract class MobilityStorageContract(IProviderFixture fixture) : IAsyncLifetime
{
    private ProviderDatabase Db => fixture.Database;
    private MobilityRepository Mobility => new(Db.Connections);

    public async Task InitializeAsync()
    {
        await Db.ResetAsync();
        await new DatasetWriter(Db.Connections).WriteAsync(Batch());
        // The relocation is written by the update that changes the city, as the server's UpdateWorker does.
        var workers = new WorkerRepository(Db.Connections, new ManualClock(RelocatedAt));
        var stored = (await workers.GetAsync("mf-m3"))!;
        await workers.UpdateAsync(stored with { CityCode = "dalian" });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static (FlowPeriod, string, string, long)[] Shape(IEnumerable<OdFlowRow> rows) =>
        rows.Select(r => (r.Period, r.FromCity, r.ToCity, r.Moves)).ToArray();

    private async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var c = await Db.Connections.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    // ---- relocations ----

    [ProviderFact]
    public async Task An_update_that_changes_the_city_records_one_relocation_dated_by_the_update()
    {
        await using var c = await Db.Connections.OpenAsync();
        var rows = (await c.QueryAsync<(string WorkerId, string FromCity, string ToCity, string MovedOn)>(
            "SELECT worker_id, from_city, to_city, moved_on FROM relocations")).ToArray();
        Assert.Equal([("mf-m3", "anshan", "dalian", "2023-05-10")], rows);

        // An update that keeps the city records nothing.
        var workers = new WorkerRepository(Db.Connections);
        var m3 = (await workers.GetAsync("mf-m3"))!;
        await workers.UpdateAsync(m3 with { SalaryWishMonthly = 12000 });
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM relocations"));
    }

    [ProviderFact]
    public async Task A_conflicting_update_records_no_relocation()
    {
        var workers = new WorkerRepository(Db.Connections);
        var m1 = (await workers.GetAsync("mf-m1"))!;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => workers.UpdateAsync(m1 with { CityCode = "fushun", Version = m1.Version + 5 }));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM relocations WHERE worker_id = @id", new { id = "mf-m1" }));
    }

    [ProviderFact]
    public async Task Deleting_a_worker_deletes_their_relocations()
    {
        Assert.NotNull(await new WorkerRepository(Db.Connections).DeleteAsync("mf-m3"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM relocations"));
    }

    // ---- flows ----

    [ProviderFact]
    public async Task Yearly_flows_of_realised_moves_as_worked_out_by_hand() =>
        Assert.Equal(YearlyRealised, Shape(await Mobility.FlowsAsync(new FlowQuery())));

    [ProviderFact]
    public async Task Quarterly_flows_as_worked_out_by_hand() =>
        Assert.Equal(QuarterlyRealised, Shape(await Mobility.FlowsAsync(new FlowQuery { Granularity = PeriodGranularity.Quarter })));

    [ProviderFact]
    public async Task Each_source_is_counted_separately_and_combined()
    {
        var cells = await Mobility.FlowCellsAsync(new FlowQuery { Granularity = PeriodGranularity.Total, Sources = MobilityRepository.AllSources });
        Assert.Equal(6, cells.Where(c => c.Source == FlowSource.History).Sum(c => c.Moves));
        Assert.Equal([new FlowCell(FlowPeriod.Total, "anshan", "dalian", FlowSource.Relocation, 1)], cells.Where(c => c.Source == FlowSource.Relocation));
        // Two applications (mf-g2's pair counted once, mf-m1's) and one hire, all dalian -> shenyang in 2023.
        Assert.Equal([new FlowCell(FlowPeriod.Total, "dalian", "shenyang", FlowSource.Application, 2)], cells.Where(c => c.Source == FlowSource.Application));
        Assert.Equal([new FlowCell(FlowPeriod.Total, "dalian", "shenyang", FlowSource.Hire, 1)], cells.Where(c => c.Source == FlowSource.Hire));

        var combined = await Mobility.FlowsAsync(new FlowQuery { Granularity = PeriodGranularity.Total, Sources = MobilityRepository.AllSources });
        var dalianShenyang = combined.Single(r => r.FromCity == "dalian" && r.ToCity == "shenyang");
        Assert.Equal(3, dalianShenyang.Moves);
        Assert.Equal(0, dalianShenyang.BySource[FlowSource.History]);
        Assert.Equal(2, dalianShenyang.BySource[FlowSource.Application]);
        Assert.Equal(10, combined.Sum(r => r.Moves));

        var applicationsOnly = await Mobility.FlowsAsync(new FlowQuery { Sources = [FlowSource.Application] });
        Assert.Equal([(new FlowPeriod(2023, 0), "dalian", "shenyang", 2L)], Shape(applicationsOnly));
    }

    [ProviderFact]
    public async Task Talent_groups_split_the_moves()
    {
        var digital = await Mobility.FlowsAsync(new FlowQuery { Granularity = PeriodGranularity.Total, Group = TalentGroup.Digital });
        var traditional = await Mobility.FlowsAsync(new FlowQuery { Granularity = PeriodGranularity.Total, Group = TalentGroup.Traditional });
        // Digital: mf-m1 (3 moves incl. the hire), mf-g1 (2), mf-g4 (1). Traditional: mf-m2 (history), mf-m3 (relocation).
        Assert.Equal(6, digital.Sum(r => r.Moves));
        Assert.Equal([(FlowPeriod.Total, "anshan", "dalian", 1L), (FlowPeriod.Total, "fushun", "shenyang", 1L)], Shape(traditional));
    }

    [ProviderFact]
    public async Task The_date_range_bounds_the_move_date_inclusively()
    {
        var rows = await Mobility.FlowsAsync(new FlowQuery { From = new DateOnly(2020, 5, 1), To = new DateOnly(2022, 1, 1) });
        // 2020-05-01 fushun -> shenyang and 2022-01-01 anshan -> shenyang are on the bounds.
        Assert.Equal(
            [(new FlowPeriod(2020, 0), "fushun", "shenyang", 1L), (new FlowPeriod(2020, 0), "shenyang", "beijing", 1L),
             (new FlowPeriod(2021, 0), "shenyang", "dalian", 1L), (new FlowPeriod(2022, 0), "anshan", "shenyang", 1L)],
            Shape(rows));
    }

    // ---- per-city statistics ----

    [ProviderFact]
    public async Task In_out_and_net_flow_per_city()
    {
        var stats = await Mobility.CityStatsAsync(new CityStatsQuery());
        var moving = stats.Cities.Where(c => c.Inflow + c.Outflow > 0).Select(c => (c.CityCode, c.Inflow, c.Outflow, c.NetFlow)).ToArray();
        Assert.Equal(CityTotals, moving);
        Assert.Equal(0, stats.Cities.Sum(c => c.NetFlow));
        var shenyang = stats.Cities.Single(c => c.CityCode == "shenyang");
        Assert.Equal(4, shenyang.InflowBySource[FlowSource.History]);
        Assert.Equal(1, shenyang.InflowBySource[FlowSource.Hire]);
        Assert.Equal(0, shenyang.InflowBySource[FlowSource.Relocation]);
    }

    [ProviderFact]
    public async Task Talent_density_and_digital_concentration()
    {
        var stats = await Mobility.CityStatsAsync(new CityStatsQuery());
        var shenyang = stats.Cities.Single(c => c.CityCode == "shenyang").Talent;
        // mf-m2, mf-g1, mf-g4 live in shenyang; mf-g1 and mf-g4 are digital.
        Assert.Equal((3L, 2L), (shenyang.Workers, shenyang.DigitalWorkers));
        Assert.Equal(3 * 10_000.0 / 9_070_093, shenyang.WorkersPer10k, 12);
        Assert.Equal((3L, 1L), (stats.Cities.Single(c => c.CityCode == "dalian").Talent.Workers, stats.Cities.Single(c => c.CityCode == "dalian").Talent.DigitalWorkers));
        // Digital talent: shenyang 2, anshan 1, beijing 1, dalian 1. Top two: shenyang and anshan (ties by code) = 3 of 5;
        // within the home province (no beijing) 3 of 4.
        Assert.Equal(["shenyang", "anshan"], stats.TopDigitalCities);
        Assert.Equal(0.6, stats.DigitalTop2Share!.Value, 12);
        Assert.Equal(["shenyang", "anshan"], stats.TopDigitalHomeCities);
        Assert.Equal(0.75, stats.DigitalTop2ShareHome!.Value, 12);
    }

    [ProviderFact]
    public async Task Graduate_retention_as_worked_out_by_hand()
    {
        // Graduates with a job after graduation: mf-m3 (2019, anshan, still there), mf-g1 (2020, beijing, now shenyang),
        // mf-g2 (2020, dalian, still there), mf-g4 (2020, anshan, now shenyang). mf-g3 has no job on record.
        var all = await Mobility.CityStatsAsync(new CityStatsQuery());
        Assert.Equal((4L, 3L), (all.Graduates, all.GraduatesInHomeProvince));
        Assert.Equal(0.75, all.HomeProvinceRetention!.Value, 12);
        var rows = await Mobility.GraduateRetentionAsync(TalentGroup.All, null, null);
        Assert.Equal(
            [new GraduateRetentionRow("anshan", 2, 1, 2), new GraduateRetentionRow("beijing", 1, 0, 0), new GraduateRetentionRow("dalian", 1, 1, 1)],
            rows);

        // Graduation years are those of the date range: 2020 leaves mf-m3 out.
        var of2020 = await Mobility.CityStatsAsync(new CityStatsQuery { From = new DateOnly(2020, 1, 1), To = new DateOnly(2020, 12, 31) });
        Assert.Equal((3L, 2L), (of2020.Graduates, of2020.GraduatesInHomeProvince));
        Assert.Equal(2 / 3.0, of2020.HomeProvinceRetention!.Value, 12);

        // Digital graduates: mf-g1 (beijing) and mf-g4 (anshan).
        var digital = await Mobility.CityStatsAsync(new CityStatsQuery { Group = TalentGroup.Digital });
        Assert.Equal((2L, 1L), (digital.Graduates, digital.GraduatesInHomeProvince));
    }

    [ProviderFact]
    public async Task Nothing_stored_gives_empty_statistics()
    {
        await Db.ResetAsync();
        Assert.Empty(await Mobility.FlowsAsync(new FlowQuery { Sources = MobilityRepository.AllSources }));
        var stats = await Mobility.CityStatsAsync(new CityStatsQuery());
        Assert.Empty(stats.Cities);
        Assert.Null(stats.HomeProvinceRetention);
        Assert.Null(stats.DigitalTop2Share);
    }

    // ---- redeployment inputs ----

    [ProviderFact]
    public async Task Seekers_per_city_and_level_of_a_skill()
    {
        // Active python holders: mf-d1 anshan 5, mf-m1 dalian 4, mf-m3 dalian 2, mf-g4 shenyang 3 (mf-d2 is not seeking).
        Assert.Equal(
            [new SeekersAtLevel("anshan", 5, 1), new SeekersAtLevel("dalian", 2, 1), new SeekersAtLevel("dalian", 4, 1), new SeekersAtLevel("shenyang", 3, 1)],
            await Mobility.SeekersByCityAndLevelAsync("python"));
        var seekers = await Mobility.SeekersWithSkillAsync("python", 3, ["dalian", "anshan", "beijing"]);
        Assert.Equal(["mf-d1", "mf-m1"], seekers.Select(s => s.WorkerId));
        Assert.Equal(9000, seekers[1].SalaryWishMonthly);
        Assert.Equal([new Core.Skills.SkillLevel("python", 4)], seekers[1].Skills);
    }

    [ProviderFact]
    public async Task Open_vacancies_requiring_a_skill_with_salary_and_requirements()
    {
        var offers = await Mobility.OpenVacanciesRequiringAsync("python", ["shenyang", "dalian"]);
        var offer = Assert.Single(offers); // mf-v-closed is closed; mf-v-dl asks welding
        Assert.Equal(("mf-v-sy", "shenyang", 2, 8000, 12000), (offer.VacancyId, offer.CityCode, offer.Headcount, offer.SalaryMinMonthly, offer.SalaryMaxMonthly));
        Assert.Equal([new Core.Skills.SkillRequirement("python", 3, 5), new Core.Skills.SkillRequirement("sql", 2, 3)], offer.Requirements);
    }
}
