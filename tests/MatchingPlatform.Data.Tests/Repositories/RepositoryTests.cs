using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Repositories;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Data.Tests.Repositories;

public sealed class RepositoryTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly WorkerRepository _workers;
    private readonly EnterpriseRepository _enterprises;
    private readonly VacancyRepository _vacancies;
    private readonly InteractionRepository _interactions;

    public RepositoryTests()
    {
        _workers = new WorkerRepository(_db.Connections);
        _enterprises = new EnterpriseRepository(_db.Connections);
        _vacancies = new VacancyRepository(_db.Connections);
        _interactions = new InteractionRepository(_db.Connections);
    }

    public void Dispose() => _db.Dispose();

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

    [Fact]
    public async Task Worker_round_trips_with_skills_and_history()
    {
        var created = await _workers.CreateAsync(NewWorker());
        Assert.Equal(1, created.Version);
        var read = await _workers.GetAsync("w-1");
        Assert.NotNull(read);
        Assert.Equal(["python", "sql"], read.Skills.Select(s => s.SkillCode));
        Assert.Equal(2, read.History.Count);
        Assert.Null(read.History[1].End);
        Assert.Equal(new DateOnly(2015, 7, 1), read.History[0].Start);
        Assert.Equal(created.CreatedAt.ToUnixTimeMilliseconds(), read.CreatedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Duplicate_worker_is_refused_and_the_first_is_kept()
    {
        await _workers.CreateAsync(NewWorker());
        var ex = await Assert.ThrowsAsync<DuplicateEntityException>(() => _workers.CreateAsync(NewWorker() with { DisplayName = "Other" }));
        Assert.Equal("w-1", ex.Id);
        Assert.Equal("Li Wei", (await _workers.GetAsync("w-1"))!.DisplayName);
    }

    [Fact]
    public async Task Stale_version_update_is_refused_without_writing()
    {
        var v1 = await _workers.CreateAsync(NewWorker());
        var v2 = await _workers.UpdateAsync(v1 with { Skills = [new SkillLevel("python", 5)] });
        Assert.Equal(2, v2!.Version);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _workers.UpdateAsync(v1 with { DisplayName = "Lost update" }));
        var stored = await _workers.GetAsync("w-1");
        Assert.Equal("Li Wei", stored!.DisplayName);
        Assert.Equal([new SkillLevel("python", 5)], stored.Skills);
    }

    [Fact]
    public async Task Update_of_unknown_worker_returns_null() =>
        Assert.Null(await _workers.UpdateAsync(NewWorker("nobody") with { Version = 1 }));

    [Fact]
    public async Task Deleting_a_worker_removes_their_interactions()
    {
        await _enterprises.CreateAsync(NewEnterprise());
        await _vacancies.PostAsync(NewVacancy());
        await _workers.CreateAsync(NewWorker());
        await _interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.View, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await _interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.Apply, DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Equal(2, await _workers.DeleteAsync("w-1"));
        Assert.Null(await _workers.GetAsync("w-1"));
        Assert.Equal(0, await _interactions.CountAsync());
        Assert.Null(await _workers.DeleteAsync("w-1"));
    }

    [Fact]
    public async Task Recording_the_same_event_twice_returns_the_first_id()
    {
        await _enterprises.CreateAsync(NewEnterprise());
        await _vacancies.PostAsync(NewVacancy());
        await _workers.CreateAsync(NewWorker());
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var first = await _interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.Apply, at));
        var again = await _interactions.RecordAsync(new Interaction(0, "w-1", "v-1", InteractionType.Apply, at));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, await _interactions.CountAsync());
    }

    [Fact]
    public async Task Interaction_with_unknown_vacancy_names_the_field()
    {
        await _workers.CreateAsync(NewWorker());
        var ex = await Assert.ThrowsAsync<MissingReferenceException>(() =>
            _interactions.RecordAsync(new Interaction(0, "w-1", "v-missing", InteractionType.View, DateTimeOffset.UtcNow)));
        Assert.Equal("vacancy_id", ex.Field);
    }

    [Fact]
    public async Task Vacancy_needs_an_existing_enterprise()
    {
        var ex = await Assert.ThrowsAsync<MissingReferenceException>(() => _vacancies.PostAsync(NewVacancy(enterprise: "e-missing")));
        Assert.Equal("enterprise_id", ex.Field);
        Assert.Null(await _vacancies.GetAsync("v-1"));
    }

    [Fact]
    public async Task Closing_is_idempotent_and_removes_from_the_open_set()
    {
        await _enterprises.CreateAsync(NewEnterprise());
        await _vacancies.PostAsync(NewVacancy());
        Assert.Single(await _vacancies.GetOpenAsync());
        var closed = await _vacancies.CloseAsync("v-1");
        Assert.Equal(VacancyStatus.Closed, closed!.Status);
        var again = await _vacancies.CloseAsync("v-1");
        Assert.Equal(closed.ClosedAt, again!.ClosedAt);
        Assert.Empty(await _vacancies.GetOpenAsync());
        Assert.Null(await _vacancies.CloseAsync("v-none"));
    }

    [Fact]
    public async Task Enterprise_with_open_vacancies_cannot_be_deleted()
    {
        await _enterprises.CreateAsync(NewEnterprise());
        await _vacancies.PostAsync(NewVacancy());
        await Assert.ThrowsAsync<StateConflictException>(() => _enterprises.DeleteAsync("e-1"));
        await _vacancies.CloseAsync("v-1");
        Assert.True(await _enterprises.DeleteAsync("e-1"));
        Assert.Null(await _vacancies.GetAsync("v-1"));
    }

    [Fact]
    public async Task Listing_pages_by_id_without_gaps_or_repeats()
    {
        for (var i = 0; i < 7; i++) await _workers.CreateAsync(NewWorker($"w-{i}"));
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _workers.ListAsync(3, token, null);
            seen.AddRange(page.Items.Select(w => w.Id));
            token = page.NextPageToken;
        } while (token is not null);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"w-{i}"), seen);
    }

    [Fact]
    public async Task Schema_constraints_reject_invalid_rows_even_past_the_validator()
    {
        await using var c = await _db.Connections.OpenAsync();
        // Level 9, an unknown skill, and a salary range upside down: the database itself refuses each.
        await _workers.CreateAsync(NewWorker());
        await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("INSERT INTO worker_skills VALUES ('w-1', 'excel', 9)"));
        await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("INSERT INTO worker_skills VALUES ('w-1', 'no-such-skill', 3)"));
        await _enterprises.CreateAsync(NewEnterprise());
        await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("""
            INSERT INTO vacancies (id, enterprise_id, title, city_code, industry_code, min_education, min_experience_years,
                salary_min_monthly, salary_max_monthly, headcount, status, posted_at)
            VALUES ('v-x', 'e-1', 't', 'shenyang', 'software-it', 0, 0, 9000, 8000, 1, 1, 0)
            """));
    }

    [Fact]
    public async Task Dataset_writer_is_all_or_nothing_and_replay_changes_nothing()
    {
        var writer = new DatasetWriter(_db.Connections);
        var batch = new DatasetBatch
        {
            Enterprises = [NewEnterprise()],
            Vacancies = [NewVacancy() with { PostedAt = DateTimeOffset.UtcNow }],
            Workers = [NewWorker()],
            Programmes = [new TrainingProgramme { Id = "tp-1", Title = "Python", Provider = "Shenyang Vocational", CityCode = "shenyang", Teaches = [new SkillLevel("python", 4)], DurationWeeks = 8 }],
            Interactions = [new Interaction(0, "w-1", "v-1", InteractionType.View, DateTimeOffset.UtcNow)],
        };
        var first = await writer.WriteAsync(batch);
        Assert.Equal((1, 1, 1, 1, 1), (first.EnterprisesInserted, first.VacanciesInserted, first.WorkersInserted, first.ProgrammesInserted, first.InteractionsInserted));
        var replay = await writer.WriteAsync(batch);
        Assert.Equal(5, replay.Skipped);
        Assert.Equal(0, replay.WorkersInserted + replay.InteractionsInserted);

        // A batch with one bad row (unknown city violates a foreign key) writes nothing at all.
        var bad = new DatasetBatch { Workers = [NewWorker("w-2"), NewWorker("w-3") with { CityCode = "atlantis" }] };
        await Assert.ThrowsAsync<SqliteException>(() => writer.WriteAsync(bad));
        Assert.Null(await _workers.GetAsync("w-2"));
    }

    [Fact]
    public void Migrations_are_recorded_and_not_rerun() =>
        Assert.Empty(DatabaseMigrator.PendingScripts(_db.Options));
}
