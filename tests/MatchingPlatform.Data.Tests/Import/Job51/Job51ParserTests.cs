using System.Text.RegularExpressions;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Import.Job51;
using MatchingPlatform.Data.Repositories;
using Xunit.Abstractions;

namespace MatchingPlatform.Data.Tests.Import.Job51;

public class Job51ParserTests(ITestOutputHelper output)
{
    private const string RealFile = "job51_bigdata_2019/51job_bigdata_2019_utf8.csv";

    private static ParsedImport ParseFixture() =>
        Job51Parser.Parse(ImportFixtures.Path("job51", "postings.csv"), ImportFixtures.Reference, ImportFixtures.Skills);

    private static Vacancy VacancyAt(ParsedImport parsed, string title) => Assert.Single(parsed.Batch.Vacancies, v => v.Title == title);

    [Fact]
    public void Every_row_is_accepted_or_rejected_exactly_once()
    {
        var parsed = ParseFixture();
        Assert.Equal(16, parsed.RowsRead);
        Assert.Equal(8, parsed.Batch.Vacancies.Count);
        Assert.Equal(parsed.RowsRead, parsed.Batch.Vacancies.Count + parsed.Rejected.Count);
        Assert.Equal("job51", parsed.Source);
        Assert.Equal(64, parsed.ContentHash.Length);
    }

    [Fact]
    public void Rejections_carry_the_physical_line_and_the_reason()
    {
        var rejected = ParseFixture().Rejected.Select(r => r.ToString()).ToList();
        Assert.Equal(
        [
            "postings.csv:11: salary missing",
            "postings.csv:12: city '长沙' is not in the city table",
            "postings.csv:13: no taxonomy skill found",
            "postings.csv:14: duplicate of line 2",
            "postings.csv:15: empty row: every cell is []",
            "postings.csv:17: posted date missing",
            "postings.csv:18: salary not understood: '面议'",
            "postings.csv:19: city '异地招聘' is not in the city table",
        ], rejected);
    }

    [Fact]
    public void A_complete_posting_becomes_a_vacancy_with_its_enterprise()
    {
        var parsed = ParseFixture();
        var v = VacancyAt(parsed, "大数据开发工程师");
        Assert.Equal(Job51Parser.StableId("job51-v-", "大数据开发工程师|沈阳星河数据科技有限公司|沈阳-浑南区|2019-09-12"), v.Id);
        Assert.Matches("^job51-v-[0-9a-f]{12}$", v.Id);
        Assert.Equal("shenyang", v.CityCode);
        Assert.Equal("software-it", v.IndustryCode);
        Assert.Equal("big-data-engineer", v.OccupationCode);
        Assert.Equal((10_000, 15_000), (v.SalaryMinMonthly, v.SalaryMaxMonthly));
        Assert.Equal((Education.Bachelor, 3, 2), (v.MinEducation, v.MinExperienceYears, v.Headcount));
        Assert.Equal(new DateTimeOffset(2019, 9, 12, 0, 0, 0, TimeSpan.FromHours(8)), v.PostedAt);
        Assert.Equal(VacancyStatus.Open, v.Status);
        Assert.Contains("任职要求", v.Description);
        // Title mention first (importance 5), then the requirements section (4) with its proficiency words.
        Assert.Equal(
        [
            new SkillRequirement("big-data-hadoop", 4, 5), // 大数据 in the title, 熟悉Hadoop in the requirements
            new SkillRequirement("java", 5, 4),
            new SkillRequirement("spark", 4, 4),
            new SkillRequirement("python", 2, 4),
        ], v.Requirements);

        var e = Assert.Single(parsed.Batch.Enterprises, x => x.Id == v.EnterpriseId);
        Assert.Equal(Job51Parser.StableId("job51-e-", "沈阳星河数据科技有限公司"), e.Id);
        Assert.Equal(("沈阳星河数据科技有限公司", "shenyang", "software-it", "民营公司", 325),
            (e.Name, e.CityCode, e.IndustryCode, e.Ownership, e.Employees));
    }

    [Fact]
    public void Shifted_cells_are_read_by_their_values()
    {
        var parsed = ParseFixture();
        var analyst = VacancyAt(parsed, "数据分析师"); // 工作经验 = 本科, 学历 = [], 人数 = 若干人
        Assert.Equal((Education.Bachelor, 0, 1), (analyst.MinEducation, analyst.MinExperienceYears, analyst.Headcount));
        Assert.Equal("dalian", analyst.CityCode);
        Assert.Equal("logistics", analyst.IndustryCode);
        Assert.Contains(analyst.Requirements, r => r.SkillCode == "data-analysis" && r.Importance == 5);

        var miner = VacancyAt(parsed, "数据挖掘工程师 （机器学习方向）"); // 工作经验 = 本科, 学历 = 英语熟练, 人数 = []
        Assert.Equal((Education.Bachelor, 0, 1), (miner.MinEducation, miner.MinExperienceYears, miner.Headcount));
        Assert.Equal(["data-mining", "machine-learning"], miner.Requirements.Select(r => r.SkillCode));
        var company = Assert.Single(parsed.Batch.Enterprises, e => e.Id == miner.EnterpriseId);
        Assert.Equal("大连'星海'智能有限公司", company.Name);
        Assert.Equal(("合资", 750, "equipment-manufacturing"), (company.Ownership, company.Employees, company.IndustryCode));
    }

    [Theory]
    [InlineData("Java开发工程师", 16_667, 33_333)]
    [InlineData("数据标注员", 3_263, 3_263)]
    [InlineData("Python讲师", 17_400, 17_400)]
    [InlineData("大数据架构师", 10_000, 10_000)]
    [InlineData("数据录入员", 0, 1_500)]
    public void Every_salary_form_becomes_a_monthly_range(string title, int min, int max)
    {
        var v = VacancyAt(ParseFixture(), title);
        Assert.Equal((min, max), (v.SalaryMinMonthly, v.SalaryMaxMonthly));
    }

    [Fact]
    public void A_multi_line_description_keeps_later_line_numbers_right()
    {
        var parsed = ParseFixture();
        var java = VacancyAt(parsed, "Java开发工程师");
        Assert.Contains("熟悉MySQL", java.Description);
        // "熟悉Java, 会用JavaScript;" on line 5: Java is asked for at level 4; JavaScript is its own skill, no level word.
        Assert.Equal(
        [
            new SkillRequirement("java", 4, 5),
            new SkillRequirement("javascript", 3, 4),
            new SkillRequirement("mysql", 4, 4),
        ], java.Requirements);
        Assert.Equal("java-developer", java.OccupationCode);
        Assert.Equal("beijing", java.CityCode);
        Assert.Null(Assert.Single(parsed.Batch.Enterprises, e => e.Id == java.EnterpriseId).Employees); // size omitted
    }

    [Fact]
    public void A_company_with_several_postings_is_one_enterprise_and_only_enterprises_with_vacancies_are_kept()
    {
        var parsed = ParseFixture();
        Assert.Equal(parsed.Batch.Enterprises.Count, parsed.Batch.Enterprises.Select(e => e.Id).Distinct().Count());
        Assert.Equal(parsed.Batch.Vacancies.Select(v => v.EnterpriseId).ToHashSet(), parsed.Batch.Enterprises.Select(e => e.Id).ToHashSet());
    }

    [Fact]
    public async Task The_batch_writes_and_a_second_import_of_the_same_file_changes_nothing()
    {
        using var db = new TestDatabase();
        var runner = new ImportRunner(new DatasetWriter(db.Connections));
        var first = await runner.ApplyAsync(ParseFixture());
        Assert.True(first.Applied);
        Assert.Equal(8, first.Written!.VacanciesInserted);
        var again = await runner.ApplyAsync(ParseFixture());
        Assert.False(again.Applied);
        Assert.True(again.Written!.AlreadyImported);
    }

    [RealDataFact(RealFile)]
    public void Parses_the_real_51job_file()
    {
        var path = RealData.PathOf(RealFile)!;
        var reference = ImportFixtures.Reference;
        var parsed = Job51Parser.Parse(path, reference, ImportFixtures.Skills);
        var vacancies = parsed.Batch.Vacancies;

        // No row lost: the file has 4950 postings.
        Assert.Equal(4950, parsed.RowsRead);
        Assert.Equal(parsed.RowsRead, vacancies.Count + parsed.Rejected.Count);
        Assert.True(vacancies.Count > 1000, $"only {vacancies.Count} vacancies accepted");
        Assert.Contains(vacancies, v => v.CityCode == "shenyang");
        Assert.Contains(vacancies, v => v.CityCode == "dalian");

        var validator = new ProfileValidator(reference.Taxonomy, reference.Cities);
        Assert.All(vacancies, v => Assert.Empty(validator.Validate(v)));
        Assert.All(parsed.Batch.Enterprises, e => Assert.Empty(validator.Validate(e)));
        Assert.Equal(vacancies.Count, vacancies.Select(v => v.Id).Distinct().Count());
        var enterpriseIds = parsed.Batch.Enterprises.Select(e => e.Id).ToHashSet();
        Assert.All(vacancies, v => Assert.Contains(v.EnterpriseId, enterpriseIds));
        // 4950 rows, 4912 distinct title + company. 28 rows are all [] (one of the 4912 "distinct" keys); they are
        // refused as empty, and the other 4950 - 28 - (4912 - 1) = 11 repeats as duplicates.
        Assert.Equal(28, parsed.Rejected.Count(r => r.Reason.StartsWith("empty row", StringComparison.Ordinal)));
        Assert.Equal(11, parsed.Rejected.Count(r => r.Reason.StartsWith("duplicate of line", StringComparison.Ordinal)));

        output.WriteLine($"read {parsed.RowsRead}, accepted {vacancies.Count} vacancies from {parsed.Batch.Enterprises.Count} enterprises, rejected {parsed.Rejected.Count}");
        foreach (var g in parsed.Rejected.GroupBy(r => Regex.Replace(r.Reason, "'[^']*'|line \\d+", "…")).OrderByDescending(g => g.Count()))
            output.WriteLine($"  rejected {g.Count(),5}  {g.Key}");
        foreach (var g in vacancies.GroupBy(v => v.CityCode).OrderByDescending(g => g.Count()))
            output.WriteLine($"  accepted {g.Count(),5}  {g.Key}");
        output.WriteLine($"  with an inferred occupation: {vacancies.Count(v => v.OccupationCode is not null)}");
        foreach (var g in vacancies.SelectMany(v => v.Requirements).GroupBy(r => r.SkillCode).OrderByDescending(g => g.Count()).Take(15))
            output.WriteLine($"  skill {g.Count(),5}  {g.Key}");
    }
}
