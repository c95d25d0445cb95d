using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Import.ProjectFormat;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Tests.Import.ProjectFormat;

public class ProjectCsvTests
{
    private static readonly IKnownIds Stored = new KnownIds(enterprises: ["ent-stored"], vacancies: ["vac-stored"]);

    private static ParsedImport ParseFolder(IKnownIds? known = null) =>
        ProjectFormatParser.Parse(ImportFixtures.Path("project"), ImportFixtures.Reference, known ?? Stored);

    private static ParsedImport ParseText(string fileName, string content, IKnownIds? known = null)
    {
        var dir = Directory.CreateTempSubdirectory("project-csv-");
        try
        {
            var path = Path.Combine(dir.FullName, fileName);
            File.WriteAllText(path, content);
            return ProjectFormatParser.Parse(path, ImportFixtures.Reference, known);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_folder_of_csv_files_is_read_together_and_every_row_is_accounted_for()
    {
        var parsed = ParseFolder();
        Assert.Equal(25, parsed.RowsRead);
        Assert.Equal(parsed.RowsRead, parsed.Accepted + parsed.Rejected.Count);
        Assert.Equal("project", parsed.Source);
        Assert.Equal("project", parsed.FileName);
        Assert.Equal(["ent-shenyang-soft", "ent-dalian-auto"], parsed.Batch.Enterprises.Select(e => e.Id));
        Assert.Equal(["vac-data-1", "vac-stored-ent"], parsed.Batch.Vacancies.Select(v => v.Id));
        Assert.Equal(["w-1", "w-6"], parsed.Batch.Workers.Select(w => w.Id));
        Assert.Equal(["prog-py"], parsed.Batch.Programmes.Select(p => p.Id));
        Assert.Equal(3, parsed.Batch.Interactions.Count);
    }

    [Fact]
    public void Rejections_name_file_line_and_field()
    {
        var rejected = ParseFolder().Rejected.Select(r => r.ToString()).ToList();
        Assert.Equal(
        [
            "enterprises.csv:4: id: duplicate of line 2",
            "enterprises.csv:5: industry: unknown industry 'spaceflight'",
            "interactions.csv:3: worker_id: unknown worker 'w-unknown': neither accepted in this import nor stored",
            "interactions.csv:4: duplicate of line 2",
            "interactions.csv:5: type: unknown value 'Like'; expected one of Impression, View, Apply, Interview, Hire, Reject",
            "programmes.csv:3: teaches: at least one skill",
            "vacancies.csv:3: enterprise_id: unknown enterprise 'ent-nowhere': neither accepted in this import nor stored",
            "vacancies.csv:5: requirements[0].level: must be between 1 and 5",
            "vacancies.csv:6: status: unknown value 'Pending'; expected one of Open, Closed",
            "vacancies.csv:7: title: contains control characters",
            // The quoted title above spans lines 7-8, so this row starts on line 9.
            "vacancies.csv:9: posted_at: 'not-a-date': " + "expected an ISO 8601 date or date-time, e.g. 2025-03-01 or 2025-03-01T09:30:00+08:00",
            "workers.csv:3: skills[1].level: must be between 1 and 5",
            "workers.csv:4: education: unknown value 'Bachelors'; expected one of Unspecified, JuniorSecondary, SeniorSecondary, Associate, Bachelor, Master, Doctorate",
            "workers.csv:5: experience_years: not an integer: 'three'",
            "workers.csv:6: skills[0]: expected skill:level, got 'python'",
        ], rejected);
    }

    [Fact]
    public void Cells_become_typed_fields_and_empty_cells_take_the_documented_defaults()
    {
        var parsed = ParseFolder();
        var w1 = parsed.Batch.Workers[0];
        Assert.Equal(("Li Wei", "shenyang", Education.Bachelor, 5, 1990, Gender.Male, 12000, true, 2012),
            (w1.DisplayName, w1.CityCode, w1.Education, w1.ExperienceYears, w1.BirthYear, w1.Gender, w1.SalaryWishMonthly, w1.ActivelySeeking, w1.GraduationYear));
        Assert.Equal([new SkillLevel("python", 4), new SkillLevel("sql", 3)], w1.Skills);
        var w6 = parsed.Batch.Workers[1];
        Assert.True(w6.ActivelySeeking); // empty: seeking
        Assert.Null(w6.GraduationYear);

        var closed = parsed.Batch.Vacancies[1];
        Assert.Equal((0, 1, VacancyStatus.Closed, "fitter"), (closed.MinExperienceYears, closed.Headcount, closed.Status, closed.OccupationCode));
        Assert.Equal(new DateTimeOffset(2024, 8, 1, 8, 30, 0, TimeSpan.FromHours(8)), closed.PostedAt);
        Assert.Equal(new DateTimeOffset(2024, 9, 15, 17, 0, 0, TimeSpan.FromHours(8)), closed.ClosedAt);
        var open = parsed.Batch.Vacancies[0];
        Assert.Equal(new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero), open.PostedAt); // a date alone is midnight UTC
        Assert.Equal([new SkillRequirement("python", 4, 5), new SkillRequirement("sql", 3, 4)], open.Requirements);

        var e2 = parsed.Batch.Enterprises[1];
        Assert.Null(e2.Ownership);
        Assert.Null(e2.Employees);
        var p = Assert.Single(parsed.Batch.Programmes);
        Assert.Equal((8, 3000, true), (p.DurationWeeks, p.CostCny, p.Subsidised));
    }

    [Fact]
    public void References_to_stored_ids_need_the_known_ids()
    {
        var parsed = ParseFolder(KnownIds.None);
        Assert.Contains(parsed.Rejected, r => r.ToString() ==
            "vacancies.csv:4: enterprise_id: unknown enterprise 'ent-stored': neither accepted in this import nor stored");
        Assert.Contains(parsed.Rejected, r => r.ToString() ==
            "interactions.csv:6: vacancy_id: unknown vacancy 'vac-stored': neither accepted in this import nor stored");
    }

    [Fact]
    public void A_single_file_is_recognised_by_its_header_whatever_its_name_and_column_order()
    {
        var parsed = ParseText("people.csv", "skills,id,display_name,city,education,experience_years,birth_year,gender,salary_wish_monthly,actively_seeking,graduation_year\n" +
            "python:3,w-9,Test Person,dalian,,2,,,,,\n");
        Assert.Empty(parsed.Rejected);
        Assert.Equal("w-9", Assert.Single(parsed.Batch.Workers).Id);
    }

    [Fact]
    public void An_unrecognised_header_refuses_the_file_and_says_what_is_wrong()
    {
        var parsed = ParseText("workers.csv", "id,display_name,city,education,experience_years,birth_year,gender,salary_wish_monthly,actively_seeking,graduation_year,skils\nw-1,x,dalian,,,,,,,,\n");
        Assert.Equal(0, parsed.Accepted);
        var r = Assert.Single(parsed.Rejected);
        Assert.Equal("workers.csv:1: unrecognised header: closest is workers.csv; missing skills; unexpected skils", r.ToString());
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_refused()
    {
        var parsed = ParseText("e.csv", "id,name,city,industry,ownership,employees\nent-1,A,dalian,automotive\n");
        Assert.Equal("e.csv:2: expected 6 fields, found 4", Assert.Single(parsed.Rejected).ToString());
    }

    [Theory]
    [InlineData("3")]       // a number, even one that names a member
    [InlineData("Bachelor ish")]
    public void Enum_cells_accept_member_names_only(string education)
    {
        var parsed = ParseText("w.csv", "id,display_name,city,education,experience_years,birth_year,gender,salary_wish_monthly,actively_seeking,graduation_year,skills\n" +
            $"w-1,x,dalian,{education},1,,,,,,python:3\n");
        Assert.StartsWith("w.csv:2: education: unknown value", Assert.Single(parsed.Rejected).ToString());
    }

    [Fact]
    public void Enum_cells_ignore_case()
    {
        var parsed = ParseText("w.csv", "id,display_name,city,education,experience_years,birth_year,gender,salary_wish_monthly,actively_seeking,graduation_year,skills\n" +
            "w-1,x,dalian,bachelor,1,,female,,,,python:3\n");
        Assert.Equal((Education.Bachelor, Gender.Female), (parsed.Batch.Workers[0].Education, parsed.Batch.Workers[0].Gender));
    }

    [Fact]
    public async Task Accepted_rows_write_to_the_database()
    {
        using var db = new TestDatabase();
        var parsed = ParseFolder(new KnownIds());
        // Without stored ids the stored-enterprise vacancy and its interaction are refused; the rest must insert cleanly.
        var report = await new ImportRunner(new DatasetWriter(db.Connections)).ApplyAsync(parsed);
        Assert.True(report.Applied);
        Assert.Equal((2, 1, 2, 1, 2), (report.Written!.EnterprisesInserted, report.Written.VacanciesInserted,
            report.Written.WorkersInserted, report.Written.ProgrammesInserted, report.Written.InteractionsInserted));
    }
}
