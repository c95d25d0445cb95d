using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Import.Skills;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Import.Job51;

/// <summary>
/// Parses the 51job "大数据" postings scrape of September 2019 (see the dataset's SOURCE.txt) into enterprises and
/// open vacancies. Every row read ends up either as an accepted vacancy or as exactly one rejected row.
/// Repeated postings (same title and company) keep the first; later ones are rejected as duplicates of it,
/// whatever became of the first.
/// </summary>
public static class Job51Parser
{
    public const string Source = "job51";

    private static readonly string[] Columns = ["职位", "薪资", "公司", "公司信息", "公司地址", "地区", "工作经验", "学历", "人数", "时间", "岗位信息"];

    // The cells whose content shifts left when a posting omits one: read by value pattern (Job51Cells.Classify).
    private static readonly string[] ShiftingColumns = ["工作经验", "学历", "人数", "时间"];

    // Posting dates are Chinese calendar days.
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static ParsedImport Parse(string path, ReferenceData reference, SkillExtractor skills)
    {
        var file = Path.GetFileName(path);
        var run = new Run(reference, skills);
        var badData = false;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = _ => badData = true };
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        using (var csv = new CsvParser(reader, config))
        {
            var header = csv.Read() ? csv.Record!.Select(h => h.Trim()).ToArray() : [];
            var missing = Columns.Where(c => !header.Contains(c)).ToList();
            if (missing.Count > 0)
                run.Rejected.Add(new(file, 1, $"not a 51job export: missing column(s) {string.Join(", ", missing)}"));
            else
            {
                var columns = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c));
                while (csv.Read())
                {
                    var line = CsvTable.StartLine(csv);
                    var fields = csv.Record!;
                    run.RowsRead++;
                    var reason = badData ? "malformed quoting"
                        : fields.Length < header.Length ? $"expected {header.Length} fields, found {fields.Length}"
                        : run.Add(line, name => fields[columns[name]]);
                    badData = false;
                    if (reason is not null) run.Rejected.Add(new(file, line, reason));
                }
            }
        }
        var used = run.Vacancies.Select(v => v.EnterpriseId).ToHashSet(StringComparer.Ordinal);
        var batch = new DatasetBatch
        {
            Enterprises = run.Enterprises.Values.Select(e => e.Entity).OfType<Enterprise>().Where(e => used.Contains(e.Id)).ToList(),
            Vacancies = run.Vacancies,
        };
        return new ParsedImport(Source, file, ImportRunner.HashFiles(path), batch, run.Rejected, run.RowsRead);
    }

    /// <summary><c>prefix</c> + the first 12 hex digits of SHA-256(<paramref name="key"/>): stable across re-imports.</summary>
    public static string StableId(string prefix, string key) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];

    private sealed class Run(ReferenceData reference, SkillExtractor skills)
    {
        private readonly ProfileValidator _validator = new(reference.Taxonomy, reference.Cities);
        private readonly Dictionary<(string Title, string Company), long> _firstLine = [];

        public List<RejectedRow> Rejected { get; } = [];
        public List<Vacancy> Vacancies { get; } = [];
        public Dictionary<string, (Enterprise? Entity, string? Error)> Enterprises { get; } = new(StringComparer.Ordinal);
        public long RowsRead { get; set; }

        /// <summary>Turns one row into a vacancy; returns the rejection reason instead when it cannot.</summary>
        public string? Add(long line, Func<string, string> cell)
        {
            var title = Job51Cells.Text(cell("职位"));
            var company = Job51Cells.Text(cell("公司"));
            var area = Job51Cells.Text(cell("地区"));
            var salaryText = Job51Cells.Text(cell("薪资"));
            var description = Job51Cells.Text(cell("岗位信息"));
            var facts = Job51Cells.Classify(ShiftingColumns.SelectMany(c => Job51Cells.Unwrap(cell(c))));

            if (Columns.All(c => Job51Cells.Text(cell(c)).Length == 0)) return "empty row: every cell is []";
            if (title.Length == 0) return "title missing";
            if (company.Length == 0) return "company missing";
            if (_firstLine.TryGetValue((title, company), out var first)) return $"duplicate of line {first}";
            _firstLine[(title, company)] = line;

            if (salaryText.Length == 0) return "salary missing";
            if (SalaryParser.Parse(salaryText) is not { } salary) return $"salary not understood: '{Echo.Clip(salaryText)}'";
            var cityName = area.Split('-', 2)[0].Trim();
            if (cityName.Length == 0) return "city missing";
            if (reference.Cities.FindByName(cityName) is not { } city) return $"city '{Echo.Clip(cityName)}' is not in the city table";
            if (facts.PostedOn is not { } postedOn) return "posted date missing";

            var occupation = skills.InferOccupation(title);
            var requirements = skills.Extract(title, description);
            // A title such as 数据分析师 with nothing else to go on still says what the job needs: the occupation's profile.
            if (requirements.Count == 0 && occupation is not null) requirements = occupation.Skills;
            if (requirements.Count == 0) return "no taxonomy skill found";

            var (enterprise, enterpriseError) = EnterpriseFor(company, cell("公司信息"), city.Code);
            if (enterprise is null) return $"enterprise: {enterpriseError}";

            var date = postedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var vacancy = new Vacancy
            {
                Id = StableId("job51-v-", string.Join('|', title, company, area, date)),
                EnterpriseId = enterprise.Id,
                Title = title,
                CityCode = city.Code,
                IndustryCode = enterprise.IndustryCode,
                OccupationCode = occupation?.Code,
                Requirements = requirements,
                MinEducation = facts.Education ?? Education.Unspecified,
                MinExperienceYears = facts.ExperienceYears ?? 0,
                SalaryMinMonthly = salary.Min,
                SalaryMaxMonthly = salary.Max,
                // 若干 (some) or unstated: one is the number the posting actually vouches for.
                Headcount = facts.Headcount ?? 1,
                Status = VacancyStatus.Open,
                PostedAt = new DateTimeOffset(postedOn.ToDateTime(TimeOnly.MinValue), ChinaStandardTime),
                // The text is context for people, not a key: an overlong one is cut rather than losing the posting.
                Description = description.Length == 0 ? null
                    : description.Length > ProfileValidator.MaxTextLength ? description[..ProfileValidator.MaxTextLength] : description,
            };
            var errors = _validator.Validate(vacancy);
            if (errors.Count > 0) return string.Join("; ", errors);
            Vacancies.Add(vacancy);
            return null;
        }

        // One enterprise per company name, described by the first posting that gets this far; its city is that posting's.
        private (Enterprise? Entity, string? Error) EnterpriseFor(string company, string infoCell, string cityCode)
        {
            if (Enterprises.TryGetValue(company, out var known)) return known;
            var info = Job51Company.Parse(Job51Cells.Text(infoCell));
            var enterprise = new Enterprise
            {
                Id = StableId("job51-e-", company),
                Name = company,
                CityCode = cityCode,
                IndustryCode = Job51Company.IndustryCode(info.Industry),
                Ownership = info.Ownership,
                Employees = info.Employees,
            };
            var errors = _validator.Validate(enterprise);
            var result = errors.Count == 0 ? (enterprise, null) : ((Enterprise?)null, string.Join("; ", errors));
            Enterprises[company] = result;
            return result;
        }
    }
}
