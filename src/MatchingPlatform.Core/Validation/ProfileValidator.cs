using System.Text.RegularExpressions;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;

namespace MatchingPlatform.Core.Validation;

/// <summary>
/// The single set of rules for what a valid worker, enterprise, vacancy, programme or interaction is.
/// Both the gRPC services and the importers call it, so a request and an imported row are judged alike.
/// Field names are the snake_case names of the wire contract.
/// </summary>
public sealed partial class ProfileValidator(SkillTaxonomy taxonomy, CityDirectory cities)
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 20_000;
    public const int MaxSkills = 100;
    public const int MaxHistory = 100;
    public const int MaxMonthlySalary = 1_000_000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
    private static partial Regex IdPattern();

    public IReadOnlyList<ValidationError> Validate(Worker w)
    {
        var e = new List<ValidationError>();
        Id(e, "id", w.Id);
        Name(e, "display_name", w.DisplayName);
        City(e, "city", w.CityCode);
        EducationValue(e, "education", w.Education);
        Range(e, "experience_years", w.ExperienceYears, 0, 60);
        if (w.BirthYear is { } by) Range(e, "birth_year", by, 1900, DateTime.UtcNow.Year - 14);
        if (!Enum.IsDefined(w.Gender)) e.Add(new("gender", "unknown gender"));
        if (w.SalaryWishMonthly is { } s) Range(e, "salary_wish_monthly", s, 0, MaxMonthlySalary);
        if (w.GraduationYear is { } gy) Range(e, "graduation_year", gy, 1950, DateTime.UtcNow.Year + 6);
        SkillLevels(e, "skills", w.Skills);
        if (w.History.Count > MaxHistory) e.Add(new("history", $"at most {MaxHistory} entries"));
        for (var i = 0; i < w.History.Count && i < MaxHistory; i++)
        {
            var h = w.History[i];
            var f = $"history[{i}]";
            City(e, f + ".city", h.CityCode);
            if (h.OccupationCode is { Length: > 0 } oc && taxonomy.FindOccupation(oc) is null)
                e.Add(new(f + ".occupation", $"unknown occupation '{Clip(oc)}'"));
            if (h.IndustryCode is { Length: > 0 } ic && !taxonomy.HasIndustry(ic))
                e.Add(new(f + ".industry", $"unknown industry '{Clip(ic)}'"));
            if (h.EmployerName is { Length: > MaxNameLength }) e.Add(new(f + ".employer", $"longer than {MaxNameLength} characters"));
            if (h.End is { } end && end < h.Start) e.Add(new(f + ".end_date", "ends before it starts"));
        }
        // The same spell twice is a data error.
        var spells = w.History.Take(MaxHistory).Select(h => (h.Start, h.End, h.CityCode, h.EmployerName)).ToList();
        if (spells.Distinct().Count() != spells.Count) e.Add(new("history", "duplicate entries"));
        HistoryOverlaps(e, w.History);
        if (w.Contact is { } contact) Contact(e, contact);
        return e;
    }

    /// <summary>
    /// A history is a sequence of spells: two entries whose date ranges overlap are rejected, naming the later-starting
    /// one (the first entry in list order on a tie). Ranges are inclusive days [start, end], an open end is ongoing;
    /// a job may start on the day the previous one ended (month-precision dates often meet like that), so only a
    /// shared span of more than that one day counts. Mobility flows (a move between consecutive spells, dated by the
    /// later start) are only defined on such a sequence. Entries with an end before their start are reported on their
    /// own and skipped here.
    /// </summary>
    private static void HistoryOverlaps(List<ValidationError> e, IReadOnlyList<WorkHistoryEntry> history)
    {
        var spells = history.Take(MaxHistory).Select((h, i) => (h, i)).Where(x => x.h.End is null || x.h.End >= x.h.Start)
            .OrderBy(x => x.h.Start).ThenBy(x => x.i).ToList();
        var reported = new HashSet<int>();
        for (var a = 0; a < spells.Count; a++)
            for (var b = a + 1; b < spells.Count; b++)
            {
                var (first, i) = spells[a];
                var (second, j) = spells[b];
                // Sorted by start: second starts on or after first. They overlap when second starts before first ends.
                if (first.End is { } end && second.Start >= end) continue;
                if (!reported.Add(j)) continue;
                var range = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{first.Start:yyyy-MM-dd} to {(first.End is { } x ? x.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "now")}");
                e.Add(new($"history[{j}].start_date", $"overlaps history[{i}] ({range}): a work history is a sequence of spells, one at a time"));
            }
    }

    private static void Contact(List<ValidationError> e, WorkerContact contact)
    {
        if (contact.Phone is null && contact.Email is null) e.Add(new("contact", "give a phone number or an email address, or leave contact out"));
        if (contact.Phone is { } phone && !PhonePattern().IsMatch(phone))
            e.Add(new("contact.phone", "must be 6 to 20 digits, optionally with a leading + and spaces or dashes"));
        if (contact.Email is { } email && (email.Length > 254 || !EmailPattern().IsMatch(email)))
            e.Add(new("contact.email", "must be an email address (name@domain), at most 254 characters"));
    }

    [GeneratedRegex(@"^\+?[0-9](?:[ -]?[0-9]){5,19}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s\p{C}]+@[^@\s\p{C}]+\.[^@\s\p{C}]+$")]
    private static partial Regex EmailPattern();

    public IReadOnlyList<ValidationError> Validate(Enterprise x)
    {
        var e = new List<ValidationError>();
        Id(e, "id", x.Id);
        Name(e, "name", x.Name);
        City(e, "city", x.CityCode);
        IndustryCode(e, "industry", x.IndustryCode);
        if (x.Ownership is { Length: > MaxNameLength }) e.Add(new("ownership", $"longer than {MaxNameLength} characters"));
        if (x.Employees is { } n) Range(e, "employees", n, 1, 5_000_000);
        return e;
    }

    public IReadOnlyList<ValidationError> Validate(Vacancy v)
    {
        var e = new List<ValidationError>();
        Id(e, "id", v.Id);
        Id(e, "enterprise_id", v.EnterpriseId);
        Name(e, "title", v.Title);
        City(e, "city", v.CityCode);
        IndustryCode(e, "industry", v.IndustryCode);
        if (v.OccupationCode is { Length: > 0 } oc && taxonomy.FindOccupation(oc) is null)
            e.Add(new("occupation", $"unknown occupation '{Clip(oc)}'"));
        if (v.Requirements.Count == 0) e.Add(new("requirements", "at least one required skill"));
        if (v.Requirements.Count > MaxSkills) e.Add(new("requirements", $"at most {MaxSkills} skills"));
        for (var i = 0; i < v.Requirements.Count && i < MaxSkills; i++)
        {
            var r = v.Requirements[i];
            SkillCode(e, $"requirements[{i}].skill", r.SkillCode);
            Range(e, $"requirements[{i}].level", r.Level, SkillLevel.Min, SkillLevel.Max);
            Range(e, $"requirements[{i}].importance", r.Importance, 1, 5);
        }
        if (v.Requirements.Select(r => r.SkillCode).Distinct().Count() != v.Requirements.Count)
            e.Add(new("requirements", "a skill is listed twice"));
        EducationValue(e, "min_education", v.MinEducation);
        Range(e, "min_experience_years", v.MinExperienceYears, 0, 40);
        Range(e, "salary_min_monthly", v.SalaryMinMonthly, 0, MaxMonthlySalary);
        Range(e, "salary_max_monthly", v.SalaryMaxMonthly, 0, MaxMonthlySalary);
        if (v.SalaryMaxMonthly < v.SalaryMinMonthly) e.Add(new("salary_max_monthly", "below salary_min_monthly"));
        Range(e, "headcount", v.Headcount, 1, 10_000);
        if (v.Description is { Length: > MaxTextLength }) e.Add(new("description", $"longer than {MaxTextLength} characters"));
        return e;
    }

    public IReadOnlyList<ValidationError> Validate(TrainingProgramme p)
    {
        var e = new List<ValidationError>();
        Id(e, "id", p.Id);
        Name(e, "title", p.Title);
        Name(e, "provider", p.Provider);
        City(e, "city", p.CityCode);
        if (p.Teaches.Count == 0) e.Add(new("teaches", "at least one skill"));
        SkillLevels(e, "teaches", p.Teaches);
        Range(e, "duration_weeks", p.DurationWeeks, 1, 520);
        Range(e, "cost_cny", p.CostCny, 0, 1_000_000);
        return e;
    }

    public IReadOnlyList<ValidationError> Validate(Interaction i)
    {
        var e = new List<ValidationError>();
        Id(e, "worker_id", i.WorkerId);
        Id(e, "vacancy_id", i.VacancyId);
        if (!Enum.IsDefined(i.Type)) e.Add(new("type", "unknown interaction type"));
        if (i.OccurredAt == default) e.Add(new("occur_time", "required"));
        else if (i.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(5)) e.Add(new("occur_time", "in the future"));
        return e;
    }

    /// <summary>Throws <see cref="DomainValidationException"/> when <paramref name="errors"/> is not empty.</summary>
    public static void ThrowIfAny(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }

    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && IdPattern().IsMatch(id);

    private void SkillLevels(List<ValidationError> e, string field, IReadOnlyList<SkillLevel> skills)
    {
        if (skills.Count > MaxSkills) { e.Add(new(field, $"at most {MaxSkills} skills")); return; }
        for (var i = 0; i < skills.Count; i++)
        {
            SkillCode(e, $"{field}[{i}].skill", skills[i].SkillCode);
            Range(e, $"{field}[{i}].level", skills[i].Level, SkillLevel.Min, SkillLevel.Max);
        }
        if (skills.Select(s => s.SkillCode).Distinct().Count() != skills.Count)
            e.Add(new(field, "a skill is listed twice"));
    }

    private static void Id(List<ValidationError> e, string field, string? id)
    {
        if (string.IsNullOrEmpty(id)) e.Add(new(field, "required"));
        else if (!IsValidId(id))
            e.Add(new(field, $"must be 1-{MaxIdLength} characters of letters, digits and _ . : - starting with a letter or digit"));
    }

    private static void Name(List<ValidationError> e, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) e.Add(new(field, "required"));
        else if (value.Length > MaxNameLength) e.Add(new(field, $"longer than {MaxNameLength} characters"));
        else if (value.Any(char.IsControl)) e.Add(new(field, "contains control characters"));
    }

    private void City(List<ValidationError> e, string field, string? code)
    {
        if (string.IsNullOrEmpty(code)) e.Add(new(field, "required"));
        else if (!cities.Contains(code)) e.Add(new(field, $"unknown city '{Clip(code)}'"));
    }

    private void IndustryCode(List<ValidationError> e, string field, string? code)
    {
        if (string.IsNullOrEmpty(code)) e.Add(new(field, "required"));
        else if (!taxonomy.HasIndustry(code)) e.Add(new(field, $"unknown industry '{Clip(code)}'"));
    }

    private void SkillCode(List<ValidationError> e, string field, string? code)
    {
        if (string.IsNullOrEmpty(code)) e.Add(new(field, "required"));
        else if (!taxonomy.HasSkill(code)) e.Add(new(field, $"unknown skill '{Clip(code)}'"));
    }

    private static void EducationValue(List<ValidationError> e, string field, Education value)
    {
        if (!Enum.IsDefined(value)) e.Add(new(field, "unknown education level"));
    }

    private static void Range(List<ValidationError> e, string field, int value, int min, int max)
    {
        if (value < min || value > max) e.Add(new(field, $"must be between {min} and {max}"));
    }

    private static string Clip(string s) => Echo.Clip(s);
}
