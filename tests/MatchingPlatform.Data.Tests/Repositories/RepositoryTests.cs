using System.Data.Common;
using Dapper;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Import.Job51;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Tests.Import;
using MatchingPlatform.Data.Tests.Import.Kandij;

namespace MatchingPlatform.Data.Tests.Repositories;

[TestedOn(DatabaseProvider.Sqlite)]
public sealed class SqliteRepositoryTests(SqliteFixture fixture) : RepositoryContract(fixture), IClassFixture<SqliteFixture>;

[TestedOn(DatabaseProvider.PostgreSql)]
public sealed class PostgresRepositoryTests(PostgresFixture fixture) : RepositoryContract(fixture), IClassFixture<PostgresFixture>;

[TestedOn(DatabaseProvider.SqlServer)]
public sealed class SqlServerRepositoryTests(SqlServerFixture fixture) : RepositoryContract(fixture), IClassFixture<SqlServerFixture>;

/// <summary>
/// The repository suite, run unchanged against every provider: one database per provider class, emptied
/// before each test. What passes here on SQLite must pass on PostgreSQL and SQL Server.
/// </summary>
public abstract class RepositoryContract(IProviderFixture fixture) : IAsyncLifetime
{
    private ProviderDatabase Db => fixture.Database;
    private WorkerRepository Workers => new(Db.Connections);
    private EnterpriseRepository Enterprises => new(Db.Connections);
    private VacancyRepository Vacancies => new(Db.Connections);
    private InteractionRepository Interactions => new(Db.Connections);
    private TrainingProgrammeRepository Programmes => new(Db.Connections);

    public Task InitializeAsync() => Db.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Worker NewWorker(string id = "w-1") => new()
    {
        Id = id, DisplayName = "Li Wei", CityCode = "shenyang", Education = Education.Bachelor, ExperienceYears = 6,
        BirthYear = 1990, Gender = Gender.Male, SalaryWishMonthly = 9000,
        Skills = [new SkillLevel("python", 4), new SkillLevel("sql", 3)],
        History = [new WorkHistoryEntry("dalian", "data-analyst", "Dalian Port", "logistics", new DateOnly(2015, 7, 1), new DateOnly(2019, 6, 30)),
                   new WorkHistoryEntry("shenyang", "data-analyst", "Shenyang Brilliance", "automotive", new DateOnly(2019, 7, 1), null)],
    };

    private static Enterprise NewEnterprise(string id = "e-1") => new()
    {
        Id = id, Name = "Shenyang Machine Tool", CityCode = "shenyang", IndustryCode = "equipment-manufacturing", Employees = 5000,
    };

    private static Vacancy NewVacancy(string id = "v-1", string enterprise = "e-1") => new()
    {
        Id = id, EnterpriseId = enterprise, Title = "Data analyst", CityCode = "shenyang", IndustryCode = "equipment-manufacturing",
        Requirements = [new SkillRequirement("python", 3, 5), new SkillRequirement("machine-learning", 3, 4)],
        MinEducation = Education.Bachelor, SalaryMinMonthly = 8000, SalaryMaxMonthly = 12000, Headcount = 2,
    };

    private static TrainingProgramme NewProgramme(string id = "tp-1", bool subsidised = false) => new()
    {
        Id = id, Title = "Python", Provider = "Shenyang Vocational", CityCode = "shenyang",
        Teaches = [new SkillLevel("python", 4)], DurationWeeks = 8, Subsidised = subsidised,
    };

    private async Task<long> CountAsync(string sql, object? param = null)
    {
        await using var c = await Db.Connections.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, param);
    }

    [ProviderFact]
    public async Task Worker_round_trips_with_skills_and_history()
    {
        var created = await Workers.CreateAsync(NewWorker());
        Assert.Equal(1, created.Version);
        var read = await Workers.GetAsync("w-1");
        Assert.NotNull(read);
        Assert.Equal(["python", "sql"], read.Skills.Select(s => s.SkillCode));
        Assert.Equal(2, read.History.Count);
        Assert.Null(read.History[1].End);
        Assert.Equal(new DateOnly(2015, 7, 1), read.History[0].Start);
        Assert.Equal(created.CreatedAt.ToUnixTimeMilliseconds(), read.CreatedAt.ToUnixTimeMilliseconds());
    }

    [ProviderFact]
    public async Task Every_flag_and_optional_column_round_trips()
    {
        // Booleans are 0/1 INTEGER on SQLite, BOOLEAN on PostgreSQL, BIT on SQL Server; nulls and enums likewise.
        var quiet = NewWorker("w-quiet") with
        {
            ActivelySeeking = false, BirthYear = null, SalaryWishMonthly = null, GraduationYear = 2012, Gender = Gender.Unspecified,
        };
        await Workers.CreateAsync(quiet);
        await Workers.CreateAsync(NewWorker("w-busy") with { ActivelySeeking = true });
        var read = (await Workers.GetAsync("w-quiet"))!;
        Assert.Equal((false, (int?)null, (int?)null, (int?)2012, Gender.Unspecified),
            (read.ActivelySeeking, read.BirthYear, read.SalaryWishMonthly, read.GraduationYear, read.Gender));
        Assert.True((await Workers.GetAsync("w-busy"))!.ActivelySeeking);

        await new DatasetWriter(Db.Connections).WriteAsync(new DatasetBatch { Programmes = [NewProgramme("tp-1", true), NewProgramme("tp-2", false)] });
        Assert.Equal([true, false], (await Programmes.GetAllAsync()).Select(p => p.Subsidised));
        var cities = await new ReferenceDataRepository(Db.Connections).GetCitiesAsync();
        Assert.True(cities.Single(c => c.Code == "shenyang").InLiaoning);
        Assert.False(cities.Single(c => c.Code == "beijing").InLiaoning);
    }

    [ProviderFact]
    public async Task Duplicate_worker_is_refused_and_the_first_is_kept()
    {
        await Workers.CreateAsync(NewWorker());
        var ex = await Assert.ThrowsAsync<DuplicateEntityException>(() => Workers.CreateAsync(NewWorker() with { DisplayName = "Other" }));
        Assert.Equal("w-1", ex.Id);
        Assert.Equal("Li Wei", (await Workers.GetAsync("w-1"))!.DisplayName);
    }

    [ProviderFact]
    public async Task Duplicate_enterprise_and_vacancy_are_refused()
    {
        await Enterprises.CreateAsync(NewEnterprise());
        await Assert.ThrowsAsync<DuplicateEntityException>(() => Enterprises.CreateAsync(NewEnterprise()));
        await Vacancies.PostAsync(NewVacancy());
        await Assert.ThrowsAsync<DuplicateEntityException>(() => Vacancies.PostAsync(NewVacancy()));
    }

    [ProviderFact]
    public async Task Ids_are_case_sensitive_as_on_sqlite()
    {
        await Workers.CreateAsync(NewWorker("w-case"));
        await Workers.CreateAsync(NewWorker("W-CASE"));
        Assert.Equal(2, await Workers.CountAsync());
    }

    [ProviderFact]
    public async Task Stale_version_update_is_refused_without_writing()
    {
        var v1 = await Workers.CreateAsync(NewWorker());
        var v2 = await Workers.UpdateAsync(v1 with { Skills = [new SkillLevel("python", 5)] });
        Assert.Equal(2, v2!.Version);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Workers.UpdateAsync(v1 with { DisplayName = "Lost update" }));
        var stored = await Workers.GetAsync("w-1");
        Assert.Equal("Li Wei", stored!.DisplayName);
        Assert.Equal([new SkillLevel("python", 5)], stored.Skills);
    }

    [ProviderFact]
    public async Task Concurrent_updates_of_one_version_have_exactly_one_winner()
    {
        const int writers = 8;
        var v1 = await Workers.CreateAsync(NewWorker());
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                // Each writer has its own repository (and so its own connection) and a distinct change.
                return (i, Worker: await new WorkerRepository(Db.Connections).UpdateAsync(
                    v1 with { DisplayName = $"writer {i}", Skills = [new SkillLevel("python", 1 + i % 5)] }), Error: (Exception?)null);
            }
            catch (Exception ex) { return (i, Worker: (Worker?)null, Error: ex); }
        })).ToList();
        start.Release(writers);
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Worker is not null);
        Assert.All(results.Where(r => r.Worker is null), r => Assert.IsType<ConcurrencyConflictException>(r.Error));
        var stored = (await Workers.GetAsync("w-1"))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal($"writer {winner.i}", stored.DisplayName);
        Assert.Equal([new SkillLevel("python", 1 + winner.i % 5)], stored.Skills);
        Assert.Equal(2, stored.History.Count);
    }

    [ProviderFact]
    public async Task Concurrent_retries_of_one_event_store_it_once()
    {
        await Enterprises.CreateAsync(NewEnterprise());
        await Vacancies.PostAsync(NewVacancy());
        await Workers.CreateAsync(NewWorker());
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            new InteractionRepository(Db.Connections).RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.Apply, at)))));
        Assert.Single(ids.Select(i => i.Id).Distinct());
        Assert.Equal(1, await Interactions.CountAsync());
    }

    [ProviderFact]
    public async Task Update_of_unknown_worker_returns_null() =>
        Assert.Null(await Workers.UpdateAsync(NewWorker("nobody") with { Version = 1 }));

    [ProviderFact]
    public async Task Enterprise_update_checks_the_version()
    {
        var v1 = await Enterprises.CreateAsync(NewEnterprise());
        var v2 = await Enterprises.UpdateAsync(v1 with { Employees = null, Ownership = "private" });
        Assert.Equal(2, v2!.Version);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Enterprises.UpdateAsync(v1 with { Name = "Lost" }));
        var stored = (await Enterprises.GetAsync("e-1"))!;
        Assert.Equal((null, "private", v1.CreatedAt), (stored.Employees, stored.Ownership, stored.CreatedAt));
    }

    [ProviderFact]
    public async Task Deleting_a_worker_removes_their_interactions()
    {
        await Enterprises.CreateAsync(NewEnterprise());
        await Vacancies.PostAsync(NewVacancy());
        await Workers.CreateAsync(NewWorker());
        await Interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.View, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await Interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.Apply, DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Equal(2, await Workers.DeleteAsync("w-1"));
        Assert.Null(await Workers.GetAsync("w-1"));
        Assert.Equal(0, await Interactions.CountAsync());
        Assert.Null(await Workers.DeleteAsync("w-1"));
    }

    [ProviderFact]
    public async Task Recording_the_same_event_twice_returns_the_first_id()
    {
        await Enterprises.CreateAsync(NewEnterprise());
        await Vacancies.PostAsync(NewVacancy());
        await Workers.CreateAsync(NewWorker());
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var first = await Interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.Apply, at));
        var again = await Interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.Apply, at));
        Assert.True(first.Id > 0);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, await Interactions.CountAsync());
        var listed = Assert.Single(await Interactions.ListAsync(at.AddMinutes(-1)));
        Assert.Equal((first.Id, at.ToUnixTimeMilliseconds()), (listed.Id, listed.OccurredAt.ToUnixTimeMilliseconds()));
        Assert.Empty(await Interactions.ListAsync(at.AddMinutes(1)));
    }

    [ProviderFact]
    public async Task Interaction_with_unknown_vacancy_names_the_field()
    {
        await Workers.CreateAsync(NewWorker());
        var ex = await Assert.ThrowsAsync<MissingReferenceException>(() =>
            Interactions.RecordAsync(new Interaction(0, "w-1", "v-missing", InteractionType.View, DateTimeOffset.UtcNow)));
        Assert.Equal("vacancy_id", ex.Field);
    }

    [ProviderFact]
    public async Task Vacancy_needs_an_existing_enterprise()
    {
        var ex = await Assert.ThrowsAsync<MissingReferenceException>(() => Vacancies.PostAsync(NewVacancy(enterprise: "e-missing")));
        Assert.Equal("enterprise_id", ex.Field);
        Assert.Null(await Vacancies.GetAsync("v-1"));
    }

    [ProviderFact]
    public async Task Closing_is_idempotent_and_removes_from_the_open_set()
    {
        await Enterprises.CreateAsync(NewEnterprise());
        await Vacancies.PostAsync(NewVacancy());
        Assert.Single(await Vacancies.GetOpenAsync());
        var closed = await Vacancies.CloseAsync("v-1");
        Assert.Equal(VacancyStatus.Closed, closed!.Status);
        var again = await Vacancies.CloseAsync("v-1");
        Assert.Equal(closed.ClosedAt, again!.ClosedAt);
        Assert.Empty(await Vacancies.GetOpenAsync());
        Assert.Null(await Vacancies.CloseAsync("v-none"));
    }

    [ProviderFact]
    public async Task Enterprise_with_open_vacancies_cannot_be_deleted()
    {
        await Enterprises.CreateAsync(NewEnterprise());
        await Vacancies.PostAsync(NewVacancy());
        await Assert.ThrowsAsync<StateConflictException>(() => Enterprises.DeleteAsync("e-1"));
        await Vacancies.CloseAsync("v-1");
        Assert.True(await Enterprises.DeleteAsync("e-1"));
        Assert.Null(await Vacancies.GetAsync("v-1"));
        Assert.False(await Enterprises.DeleteAsync("e-1"));
    }

    [ProviderFact]
    public async Task Listing_pages_by_id_without_gaps_or_repeats()
    {
        // Ordinal order, as the code sorts: '-' < digits < upper case < '_' < lower case.
        string[] ids = ["w-0", "w-1", "w-10", "w-2", "w-A", "w-_", "w-a"];
        foreach (var id in ids.Reverse()) await Workers.CreateAsync(NewWorker(id));
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Workers.ListAsync(3, token, null);
            seen.AddRange(page.Items.Select(w => w.Id));
            token = page.NextPageToken;
        } while (token is not null);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
        Assert.Equal(["w-10", "w-2", "w-A"], (await Workers.ListAsync(3, "w-1", "shenyang")).Items.Select(w => w.Id));
        Assert.Empty((await Workers.ListAsync(3, null, "dalian")).Items);
    }

    [ProviderFact]
    public async Task Vacancy_and_programme_listings_page_and_filter()
    {
        await Enterprises.CreateAsync(NewEnterprise());
        for (var i = 0; i < 5; i++) await Vacancies.PostAsync(NewVacancy($"v-{i}"));
        await Vacancies.CloseAsync("v-3");
        var open = await Vacancies.ListAsync(2, null, "e-1", "shenyang", VacancyStatus.Open);
        Assert.Equal(["v-0", "v-1"], open.Items.Select(v => v.Id));
        var rest = await Vacancies.ListAsync(10, open.NextPageToken, "e-1", null, VacancyStatus.Open);
        Assert.Equal(["v-2", "v-4"], rest.Items.Select(v => v.Id));
        Assert.Null(rest.NextPageToken);
        Assert.All(rest.Items, v => Assert.Equal(2, v.Requirements.Count));

        await new DatasetWriter(Db.Connections).WriteAsync(new DatasetBatch
        {
            Programmes = [NewProgramme("tp-1"), NewProgramme("tp-2") with { Teaches = [new SkillLevel("sql", 2)] }, NewProgramme("tp-3")],
        });
        var python = await Programmes.ListAsync(1, null, "python", "shenyang");
        Assert.Equal(["tp-1"], python.Items.Select(p => p.Id));
        Assert.Equal(["tp-3"], (await Programmes.ListAsync(5, python.NextPageToken, "python", null)).Items.Select(p => p.Id));
    }

    [ProviderFact]
    public async Task Schema_constraints_reject_invalid_rows_even_past_the_validator()
    {
        await using var c = await Db.Connections.OpenAsync();
        // Level 9, an unknown skill, and a salary range upside down: the database itself refuses each.
        await Workers.CreateAsync(NewWorker());
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("INSERT INTO worker_skills (worker_id, skill_code, level) VALUES ('w-1', 'excel', 9)"));
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("INSERT INTO worker_skills (worker_id, skill_code, level) VALUES ('w-1', 'no-such-skill', 3)"));
        await Enterprises.CreateAsync(NewEnterprise());
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("""
            INSERT INTO vacancies (id, enterprise_id, title, city_code, industry_code, min_education, min_experience_years,
                salary_min_monthly, salary_max_monthly, headcount, status, posted_at)
            VALUES ('v-x', 'e-1', 't', 'shenyang', 'software-it', 0, 0, 9000, 8000, 1, 1, 0)
            """));
        // Closed without a close time.
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("""
            INSERT INTO vacancies (id, enterprise_id, title, city_code, industry_code, min_education, min_experience_years,
                salary_min_monthly, salary_max_monthly, headcount, status, posted_at)
            VALUES ('v-y', 'e-1', 't', 'shenyang', 'software-it', 0, 0, 8000, 9000, 1, 2, 0)
            """));
    }

    [ProviderFact]
    public async Task Dataset_writer_is_all_or_nothing_and_replay_changes_nothing()
    {
        var writer = new DatasetWriter(Db.Connections);
        var batch = new DatasetBatch
        {
            Enterprises = [NewEnterprise()],
            Vacancies = [NewVacancy() with { PostedAt = DateTimeOffset.UtcNow }],
            Workers = [NewWorker()],
            Programmes = [NewProgramme()],
            Interactions = [new Interaction(0, "w-1", "v-1", InteractionType.View, DateTimeOffset.UtcNow)],
        };
        var first = await writer.WriteAsync(batch);
        Assert.Equal((1, 1, 1, 1, 1), (first.EnterprisesInserted, first.VacanciesInserted, first.WorkersInserted, first.ProgrammesInserted, first.InteractionsInserted));
        var replay = await writer.WriteAsync(batch);
        Assert.Equal(5, replay.Skipped);
        Assert.Equal(0, replay.WorkersInserted + replay.InteractionsInserted);

        // A batch with one bad row (unknown city violates a foreign key) writes nothing at all.
        var bad = new DatasetBatch { Workers = [NewWorker("w-2"), NewWorker("w-3") with { CityCode = "atlantis" }] };
        await Assert.ThrowsAnyAsync<DbException>(() => writer.WriteAsync(bad));
        Assert.Null(await Workers.GetAsync("w-2"));
    }

    [ProviderFact]
    public async Task Bulk_write_of_a_large_batch_reports_progress_and_dedups_events()
    {
        const int count = 12_000;
        var workers = Enumerable.Range(0, count).Select(i => NewWorker($"bulk-{i:D5}") with
        {
            ActivelySeeking = i % 2 == 0, SalaryWishMonthly = i % 3 == 0 ? null : 5000 + i,
        }).ToList();
        var at = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var events = workers.Select((w, i) => new Interaction(0, w.Id, "v-1", InteractionType.View, at.AddSeconds(i))).ToList();
        events.AddRange(events.Take(100)); // the same events twice within the batch
        var progress = new List<string>();
        var result = await new DatasetWriter(Db.Connections).WriteAsync(new DatasetBatch
        {
            Enterprises = [NewEnterprise()], Vacancies = [NewVacancy()], Workers = workers, Interactions = events,
        }, progress: new SynchronousProgress(progress));

        Assert.Equal((count, count, 100), (result.WorkersInserted, result.InteractionsInserted, result.Skipped));
        Assert.Contains("workers: 10000 of 12000 rows written", progress);
        Assert.Contains("worker_skills: 20000 of 24000 rows written", progress);
        Assert.Equal(2L * count, await CountAsync("SELECT COUNT(*) FROM worker_skills"));
        Assert.Equal(2L * count, await CountAsync("SELECT COUNT(*) FROM work_history"));
        Assert.Equal(count / 2, await CountAsync("SELECT COUNT(*) FROM workers WHERE actively_seeking = @yes", new { yes = true }));
        foreach (var i in new[] { 6, 7 })
        {
            var sample = (await Workers.GetAsync(workers[i].Id))!;
            Assert.Equal((workers[i].ActivelySeeking, workers[i].SalaryWishMonthly, workers[i].BirthYear), (sample.ActivelySeeking, sample.SalaryWishMonthly, sample.BirthYear));
            Assert.Equal(workers[i].Skills, sample.Skills);
            Assert.Equal(workers[i].History, sample.History);
        }

        // Replayed with more events: the stored ones are skipped, only the new one lands.
        var again = await new DatasetWriter(Db.Connections).WriteAsync(new DatasetBatch
        {
            Workers = workers.Take(10).ToList(),
            Interactions = [.. events.Take(50), new Interaction(0, "bulk-00001", "v-1", InteractionType.Apply, at)],
        });
        Assert.Equal((0, 1, 60), (again.WorkersInserted, again.InteractionsInserted, again.Skipped));
        Assert.Equal(count + 1, await Interactions.CountAsync());
    }

    [ProviderFact]
    public async Task Import_of_a_generated_dataset_is_applied_once()
    {
        var demo = DemoDataGenerator.Generate(ProviderDatabase.Reference.Taxonomy, ProviderDatabase.Reference.Cities,
            new DemoDataOptions { Workers = 300, Enterprises = 25, Vacancies = 120, Programmes = 20, Seed = 7 });
        var batch = new DatasetBatch
        {
            Enterprises = demo.Enterprises, Vacancies = demo.Vacancies, Workers = demo.Workers, Programmes = demo.Programmes,
            Interactions = demo.Interactions,
        };
        var parsed = new ParsedImport("demo", "demo.json", "hash-demo-7", batch, [], batch.Workers.Count);
        var runner = new ImportRunner(new DatasetWriter(Db.Connections));
        var messages = new List<string>();

        var first = await runner.ApplyAsync(parsed, progress: new SynchronousProgress(messages));
        Assert.True(first.Applied, first.Summary);
        Assert.Equal((25, 120, 300, demo.Programmes.Count), (first.Written!.EnterprisesInserted, first.Written.VacanciesInserted,
            first.Written.WorkersInserted, first.Written.ProgrammesInserted));
        var distinctEvents = demo.Interactions.Select(i => (i.WorkerId, i.VacancyId, i.Type, i.OccurredAt.ToUnixTimeMilliseconds())).Distinct().Count();
        Assert.Equal(distinctEvents, first.Written.InteractionsInserted);
        Assert.Equal(["cities", "enterprises", "vacancies", "workers", "training programmes", "interactions"],
            messages.Select(m => m[..m.IndexOf(':')]));

        var second = await runner.ApplyAsync(parsed);
        Assert.False(second.Applied);
        Assert.True(second.Written!.AlreadyImported);
        Assert.Equal(300, await Workers.CountAsync());
        Assert.Equal(distinctEvents, await Interactions.CountAsync());
        Assert.Equal(demo.Workers.Sum(w => w.Skills.Count), await CountAsync("SELECT COUNT(*) FROM worker_skills"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM import_batches"));

        static string Shape(Worker w) =>
            $"{w.Id}|{w.CityCode}|{w.ActivelySeeking}|{string.Join(",", w.Skills.OrderBy(s => s.SkillCode, StringComparer.Ordinal))}|{string.Join(",", w.History)}";
        Assert.Equal(demo.Workers.OrderBy(w => w.Id, StringComparer.Ordinal).Select(Shape), (await Workers.GetAllAsync()).Select(Shape));
        Assert.Equal(demo.Vacancies.Count(v => v.Status == VacancyStatus.Open), (await Vacancies.GetOpenAsync()).Count);
    }

    [ProviderFact]
    public async Task Kandij_fixture_imports_once_with_its_cities()
    {
        var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory());
        var parsed = KandijImporterTests.NewImporter(reference).Parse(ImportFixtures.Path("kandij")).Parsed;
        var runner = new ImportRunner(new DatasetWriter(Db.Connections));

        var first = await runner.ApplyAsync(parsed);
        Assert.True(first.Applied, first.Summary);
        Assert.Equal((3, 3, 3, 5, 5), (first.Written!.CitiesInserted, first.Written.EnterprisesInserted,
            first.Written.VacanciesInserted, first.Written.WorkersInserted, first.Written.InteractionsInserted));
        Assert.True((await runner.ApplyAsync(parsed)).Written!.AlreadyImported);

        Assert.Equal(5, await Interactions.CountAsync());
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM work_history WHERE worker_id = 'kandij-w-100'"));
        var stored = await new ReferenceDataRepository(Db.Connections).GetCitiesAsync();
        Assert.Equal(parsed.Batch.Cities.OrderBy(x => x.Code, StringComparer.Ordinal), stored.Where(x => x.Code.StartsWith("us-", StringComparison.Ordinal)));
    }

    [ProviderFact]
    public async Task Job51_fixture_imports_once()
    {
        var parsed = Job51Parser.Parse(ImportFixtures.Path("job51", "postings.csv"), ImportFixtures.Reference, ImportFixtures.Skills);
        var runner = new ImportRunner(new DatasetWriter(Db.Connections));
        var first = await runner.ApplyAsync(parsed);
        Assert.True(first.Applied, first.Summary);
        Assert.Equal(8, first.Written!.VacanciesInserted);
        Assert.True((await runner.ApplyAsync(parsed)).Written!.AlreadyImported);
        var v = await Vacancies.GetAsync(parsed.Batch.Vacancies[0].Id);
        Assert.Equal(parsed.Batch.Vacancies[0].Title, v!.Title);
        Assert.Equal(parsed.Batch.Vacancies[0].Description, v.Description);
    }

    [ProviderFact]
    public async Task Reference_sync_is_an_upsert()
    {
        var sync = new ReferenceDataRepository(Db.Connections);
        var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory());
        await sync.SyncAsync(reference); // a second sync over the same rows changes nothing
        var shenyang = reference.Cities.Find("shenyang")!;
        var renamed = new ReferenceData(reference.Taxonomy, new Core.Geography.CityDirectory(
            reference.Cities.All.Select(c => c.Code == "shenyang" ? c with { NameEn = "Mukden", Population = 1 } : c)));
        try
        {
            await sync.SyncAsync(renamed);
            var stored = (await sync.GetCitiesAsync()).Single(c => c.Code == "shenyang");
            Assert.Equal(("Mukden", 1L, shenyang.Latitude), (stored.NameEn, stored.Population, stored.Latitude));
            Assert.Equal(reference.Taxonomy.Occupations.Sum(o => o.Skills.Count), await CountAsync("SELECT COUNT(*) FROM occupation_skills"));
        }
        finally
        {
            await sync.SyncAsync(reference);
        }
    }

    [ProviderFact]
    public async Task Utc_date_of_a_timestamp_is_the_same_on_every_provider()
    {
        await using var c = await Db.Connections.OpenAsync();
        var ms = new DateTimeOffset(2026, 2, 28, 23, 59, 59, 999, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal("2026-02-28", await c.ExecuteScalarAsync<string>($"SELECT {Db.Dialect.UtcDate("@ms")}", new { ms }));
        Assert.Equal("2026-03-01", await c.ExecuteScalarAsync<string>($"SELECT {Db.Dialect.UtcDate("@ms")}", new { ms = ms + 1 }));
    }

    [ProviderFact]
    public void Migrations_are_recorded_and_not_rerun()
    {
        Assert.Empty(DatabaseMigrator.PendingScripts(Db.Options));
        Assert.Empty(DatabaseMigrator.Migrate(Db.Options));
    }
}

/// <summary>Records progress reports as they happen (Progress&lt;T&gt; would post them to the thread pool, after the call returns).</summary>
internal sealed class SynchronousProgress(List<string> into) : IProgress<string>
{
    public void Report(string value)
    {
        lock (into) into.Add(value);
    }
}
