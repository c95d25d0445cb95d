using Dapper;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Import.Kandij;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using MatchingPlatform.Data.Tests.Import.Onet;

namespace MatchingPlatform.Data.Tests.Import.Kandij;

public sealed class KandijImporterTests
{
    // A fresh reference per test: the importer registers the log's cities into its directory.
    private readonly ReferenceData _reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory());
    private readonly Lazy<KandijImport> _parsed;

    public KandijImporterTests()
    {
        _parsed = new(() => NewImporter(_reference).Parse(ImportFixtures.Path("kandij")));
    }

    private KandijImport Parsed => _parsed.Value;
    private DatasetBatch Batch => Parsed.Parsed.Batch;

    internal static KandijImporter NewImporter(ReferenceData reference) =>
        new(OnetCatalogTests.Fixture.Value, reference.Taxonomy, reference.Cities, UsStates.Load(ReferenceData.ResolveDataDirectory()));

    private string RejectionAt(string file, long line) =>
        Assert.Single(Parsed.Parsed.Rejected, r => r.File == file && r.Line == line).Reason;

    [Fact]
    public void Shipped_state_table_has_the_50_states_and_DC()
    {
        var states = UsStates.Load(ReferenceData.ResolveDataDirectory());
        Assert.Equal(51, states.All.Count);
        Assert.Equal(331_449_281, states.All.Sum(s => s.Population)); // 2020 census resident population
        Assert.Equal("Illinois", states.Find("il")!.Name);
    }

    [Fact]
    public void Creates_one_city_per_city_and_state_and_registers_it()
    {
        var il = UsStates.Load(ReferenceData.ResolveDataDirectory()).Find("IL")!;
        Assert.Equal(["us-il-springfield", "us-il-chicago", "us-tx-austin"], Batch.Cities.Select(c => c.Code));
        var springfield = Batch.Cities[0];
        Assert.Equal("Springfield, IL", springfield.NameEn);
        Assert.Equal("Illinois", springfield.Province);
        Assert.Equal("US-IL", springfield.AdminCode);
        Assert.Equal((il.Latitude, il.Longitude), (springfield.Latitude, springfield.Longitude));
        Assert.Equal(il.Population / 2, springfield.Population);   // two Illinois cities seen
        Assert.False(springfield.InLiaoning);
        Assert.All(Batch.Cities, c => Assert.Same(c, _reference.Cities.Find(c.Code)));
        Assert.Equal(0, _reference.Cities.DistanceKm("us-il-springfield", "us-il-chicago"));
    }

    [Fact]
    public void Rows_read_equal_accepted_plus_rejected_per_file()
    {
        Assert.Equal(
            [("Job_Views.csv", 10L, 5L, 5L), ("Experience.csv", 9L, 4L, 5L), ("Positions_Of_Interest.csv", 6L, 3L, 3L)],
            Parsed.Files.Select(f => (f.File, f.RowsRead, f.Accepted, f.Rejected)));
        Assert.Equal(25, Parsed.Parsed.RowsRead);
        Assert.Equal(13, Parsed.Parsed.Rejected.Count);
    }

    [Fact]
    public void Rejected_views_name_their_line_and_reason()
    {
        Assert.Equal("duplicate of line 2 (same applicant, job and View.Start)", RejectionAt(KandijImporter.ViewsFile, 4));
        Assert.Equal("title 'Zorblax Wrangler' matches no O*NET occupation", RejectionAt(KandijImporter.ViewsFile, 6));
        Assert.Equal("vacancy rejected at line 6", RejectionAt(KandijImporter.ViewsFile, 7));
        Assert.Equal("vacancy has no State.Code", RejectionAt(KandijImporter.ViewsFile, 8));
        Assert.Contains("View.Start 'yesterday'", RejectionAt(KandijImporter.ViewsFile, 9));
    }

    [Fact]
    public void Rejected_experience_and_interest_rows_name_their_line_and_reason()
    {
        // Line numbers are where a record starts: the first record spans lines 2-3.
        Assert.Equal("duplicate of line 2 (same position and employer, overlapping dates)", RejectionAt(KandijImporter.ExperienceFile, 5));
        Assert.Equal("nothing to import: no Position.Name and no Start.Date", RejectionAt(KandijImporter.ExperienceFile, 6));
        Assert.Contains("Start.Date '2012-13-45' is not a yyyy-MM-dd date", RejectionAt(KandijImporter.ExperienceFile, 7));
        Assert.StartsWith("applicant 104 rejected: no known city", RejectionAt(KandijImporter.ExperienceFile, 9));
        Assert.Contains("End.Date 2010-01-01 is before Start.Date 2011-05-01", RejectionAt(KandijImporter.ExperienceFile, 10));
        Assert.StartsWith("applicant 104 rejected: no known city", RejectionAt(KandijImporter.InterestsFile, 4));
        Assert.Equal("position of interest 'Zorblax Wrangler' matches no O*NET occupation", RejectionAt(KandijImporter.InterestsFile, 5));
        Assert.Equal("Position.Of.Interest is empty", RejectionAt(KandijImporter.InterestsFile, 6));
    }

    [Fact]
    public void Vacancies_take_the_matched_occupations_top_skills_and_the_first_view_as_posting_time()
    {
        Assert.Equal(["kandij-v-1", "kandij-v-2", "kandij-v-5"], Batch.Vacancies.Select(v => v.Id));
        var cashier = Batch.Vacancies[0];
        Assert.Equal("Cashier", cashier.Title);
        Assert.Equal("kandij-e-shopco", cashier.EnterpriseId);
        Assert.Equal("us-il-springfield", cashier.CityCode);
        Assert.Equal("retail-ecommerce", cashier.IndustryCode);      // no Industry label: the occupation's guess
        Assert.Null(cashier.OccupationCode);
        Assert.Equal(OnetCatalogTests.Fixture.Value.Find("41-2011.00")!.TopSkills(KandijImporter.RequirementsPerVacancy), cashier.Requirements);
        Assert.Equal((0, 0, 1, VacancyStatus.Open), (cashier.SalaryMinMonthly, cashier.SalaryMaxMonthly, cashier.Headcount, cashier.Status));
        Assert.Equal(new DateTimeOffset(2014, 12, 12, 20, 12, 35, TimeSpan.Zero), cashier.PostedAt);

        var engineer = Batch.Vacancies[1];
        Assert.Equal("software-it", engineer.IndustryCode);          // "Information Technology"
        Assert.Equal(OnetCatalogTests.Fixture.Value.Find("15-1252.00")!.TopSkills(KandijImporter.RequirementsPerVacancy), engineer.Requirements);
        Assert.Contains("15-1252.00", engineer.Description);

        Assert.Equal("kandij-e-job-5", Batch.Vacancies[2].EnterpriseId); // no Company
        Assert.Equal(["kandij-e-shopco", "kandij-e-acme-software", "kandij-e-job-5"], Batch.Enterprises.Select(e => e.Id));
    }

    [Fact]
    public void Workers_get_city_skills_experience_and_history_from_their_rows()
    {
        Assert.Equal(["kandij-w-100", "kandij-w-101", "kandij-w-102", "kandij-w-103", "kandij-w-106"], Batch.Workers.Select(w => w.Id));
        var w100 = Batch.Workers[0];
        Assert.Equal("Applicant 100", w100.DisplayName);
        Assert.Equal("us-tx-austin", w100.CityCode);                 // the most recent spell's city
        Assert.Equal(4, w100.ExperienceYears);                       // 2010-01 .. 2013-06 and 2013-07 .. record date 2014-12
        Assert.Equal(["us-il-springfield", "us-tx-austin"], w100.History.Select(h => h.CityCode));
        Assert.Null(w100.History[1].End);
        Assert.Equal("ShopCo", w100.History[0].EmployerName);
        Assert.True(w100.ActivelySeeking);
        Assert.Equal(Education.Unspecified, w100.Education);
        // 1.4 years as a programmer: the programmers' level (4 for Programming); cashiering from 3.5 years as a cashier.
        Assert.Contains(new SkillLevel("onet-programming", 4), w100.Skills);
        Assert.Contains(new SkillLevel("cashiering", 3), w100.Skills);
        Assert.Contains(new SkillLevel("git", 2), w100.Skills);      // only an interest in software development: level 3 - 1

        var w101 = Batch.Workers[1];
        Assert.Equal("us-il-chicago", w101.CityCode);                // no experience: the first viewed job's city
        Assert.Contains(new SkillLevel("cashiering", 2), w101.Skills);
        Assert.Equal("us-il-springfield", Batch.Workers[2].CityCode); // jobs 3 and 4 were rejected, job 5 was not
        Assert.Empty(Batch.Workers[2].Skills);
        Assert.Empty(Batch.Workers[3].History);                      // a dated spell without a city counts for years only
        Assert.Equal(2, Batch.Workers[3].ExperienceYears);
        Assert.Empty(Batch.Workers[4].Skills);                       // unmatched position: history and years only
        Assert.Single(Batch.Workers[4].History);
    }

    [Fact]
    public void Interactions_are_views_of_accepted_workers_and_vacancies_repeats_kept()
    {
        var workers = Batch.Workers.Select(w => w.Id).ToHashSet();
        var vacancies = Batch.Vacancies.Select(v => v.Id).ToHashSet();
        Assert.Equal(5, Batch.Interactions.Count);
        Assert.All(Batch.Interactions, i =>
        {
            Assert.Equal(InteractionType.View, i.Type);
            Assert.Contains(i.WorkerId, workers);
            Assert.Contains(i.VacancyId, vacancies);
        });
        Assert.Equal(2, Batch.Interactions.Count(i => i.WorkerId == "kandij-w-100" && i.VacancyId == "kandij-v-1"));
    }

    [Fact]
    public void Everything_accepted_passes_the_validator()
    {
        var validator = new Core.Validation.ProfileValidator(_reference.Taxonomy, _reference.Cities);
        Assert.All(Batch.Workers, w => Assert.Empty(validator.Validate(w)));
        Assert.All(Batch.Vacancies, v => Assert.Empty(validator.Validate(v)));
        Assert.All(Batch.Enterprises, e => Assert.Empty(validator.Validate(e)));
    }

    [Fact]
    public void Content_hash_covers_the_three_files_and_matching_is_reported()
    {
        var dir = ImportFixtures.Path("kandij");
        Assert.Equal(ImportRunner.HashFiles(Path.Combine(dir, "Job_Views.csv"), Path.Combine(dir, "Experience.csv"),
            Path.Combine(dir, "Positions_Of_Interest.csv")), Parsed.Parsed.ContentHash);
        Assert.Equal(KandijImporter.Source, Parsed.Parsed.Source);
        Assert.Equal((5, 4), (Parsed.JobsSeen, Parsed.JobsMatched)); // job 3's title matches nothing
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("kandij-partial-");
        try
        {
            File.Copy(ImportFixtures.Path("kandij", "Job_Views.csv"), Path.Combine(dir.FullName, "Job_Views.csv"));
            var ex = Assert.Throws<FileNotFoundException>(() => NewImporter(_reference).Parse(dir.FullName));
            Assert.Contains("Experience.csv", ex.Message);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void City_registration_keeps_the_first_city_under_a_code()
    {
        var first = Batch.Cities[0];
        var again = first with { Population = 1 };
        Assert.Same(first, _reference.Cities.Register(again));
        Assert.Equal(first.Population, _reference.Cities.Find(first.Code)!.Population);
        Assert.Single(_reference.Cities.All, c => c.Code == first.Code);
    }

    [Fact]
    public async Task Imports_into_sqlite_once_with_its_cities()
    {
        using var db = new TestDatabase();
        var runner = new ImportRunner(new DatasetWriter(db.Connections));

        var first = await runner.ApplyAsync(Parsed.Parsed);
        Assert.True(first.Applied, first.Summary);
        Assert.Equal((3, 3, 3, 5, 5), (first.Written!.CitiesInserted, first.Written.EnterprisesInserted,
            first.Written.VacanciesInserted, first.Written.WorkersInserted, first.Written.InteractionsInserted));

        var second = await runner.ApplyAsync(Parsed.Parsed);
        Assert.False(second.Applied);
        Assert.True(second.Written!.AlreadyImported);
        Assert.Contains("already imported", second.Summary);

        await using var c = await db.Connections.OpenAsync();
        Assert.Equal(5, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM interactions"));
        Assert.Equal(5, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM workers WHERE id LIKE 'kandij-w-%'"));
        Assert.Equal(2, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM work_history WHERE worker_id = 'kandij-w-100'"));
        var stored = await new ReferenceDataRepository(db.Connections).GetCitiesAsync();
        Assert.Equal(Batch.Cities.OrderBy(x => x.Code, StringComparer.Ordinal), stored.Where(x => x.Code.StartsWith("us-", StringComparison.Ordinal)));
        Assert.Contains(stored, x => x.Code == "shenyang");
    }
}
