using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using MatchingPlatform.Core.Validation;
using Domain = MatchingPlatform.Core.Profiles;
using Core = MatchingPlatform.Core;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Mapping;

/// <summary>
/// Proto &lt;-&gt; domain conversions. Conversions from the wire collect errors (a date that does not
/// parse, an enum value the server does not know) with the field path, instead of guessing a default.
/// </summary>
internal static class ProtoMapper
{
    public static Domain.Worker ToDomain(Worker p, List<ValidationError> errors) => new()
    {
        Id = p.Id,
        DisplayName = p.DisplayName,
        CityCode = p.City,
        Education = Enum<Core.Profiles.Education>((int)p.Education, "education", errors),
        ExperienceYears = p.ExperienceYears,
        BirthYear = p.HasBirthYear ? p.BirthYear : null,
        Gender = Enum<Core.Profiles.Gender>((int)p.Gender, "gender", errors),
        SalaryWishMonthly = p.HasSalaryWishMonthly ? p.SalaryWishMonthly : null,
        ActivelySeeking = p.ActivelySeeking,
        GraduationYear = p.HasGraduationYear ? p.GraduationYear : null,
        Skills = p.Skills.Select(s => new Core.Skills.SkillLevel(s.Skill, s.Level)).ToArray(),
        History = p.History.Select((h, i) => new Domain.WorkHistoryEntry(
            h.City, Blank(h.Occupation), Blank(h.Employer), Blank(h.Industry),
            Date(h.StartDate, $"history[{i}].start_date", errors, required: true) ?? default,
            Date(h.EndDate, $"history[{i}].end_date", errors, required: false))).ToArray(),
        Version = p.Version,
        Contact = p.Contact is { } c ? new Domain.WorkerContact(Blank(c.Phone), Blank(c.Email)) : null,
    };

    public static Worker ToProto(Domain.Worker w)
    {
        var p = new Worker
        {
            Id = w.Id, DisplayName = w.DisplayName, City = w.CityCode, Education = (Education)w.Education,
            ExperienceYears = w.ExperienceYears, Gender = (Gender)w.Gender, ActivelySeeking = w.ActivelySeeking,
            Version = w.Version, CreateTime = Timestamp.FromDateTimeOffset(w.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(w.UpdatedAt),
        };
        if (w.BirthYear is { } by) p.BirthYear = by;
        if (w.SalaryWishMonthly is { } s) p.SalaryWishMonthly = s;
        if (w.GraduationYear is { } g) p.GraduationYear = g;
        if (w.Contact is { } contact) p.Contact = ToProto(contact);
        p.Skills.AddRange(w.Skills.Select(ToProto));
        p.History.AddRange(w.History.Select(h => new WorkHistoryEntry
        {
            City = h.CityCode, Occupation = h.OccupationCode ?? "", Employer = h.EmployerName ?? "",
            Industry = h.IndustryCode ?? "", StartDate = FormatDate(h.Start), EndDate = h.End is { } e ? FormatDate(e) : "",
        }));
        return p;
    }

    public static ContactDetails ToProto(Domain.WorkerContact c) => new() { Phone = c.Phone ?? "", Email = c.Email ?? "" };

    public static Domain.Enterprise ToDomain(Enterprise p) => new()
    {
        Id = p.Id, Name = p.Name, CityCode = p.City, IndustryCode = p.Industry, Ownership = Blank(p.Ownership),
        Employees = p.HasEmployees ? p.Employees : null, Version = p.Version,
    };

    public static Enterprise ToProto(Domain.Enterprise e)
    {
        var p = new Enterprise
        {
            Id = e.Id, Name = e.Name, City = e.CityCode, Industry = e.IndustryCode, Ownership = e.Ownership ?? "",
            Version = e.Version, CreateTime = Timestamp.FromDateTimeOffset(e.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(e.UpdatedAt),
        };
        if (e.Employees is { } n) p.Employees = n;
        return p;
    }

    public static Domain.Vacancy ToDomain(Vacancy p, List<ValidationError> errors) => new()
    {
        Id = p.Id, EnterpriseId = p.EnterpriseId, Title = p.Title, CityCode = p.City, IndustryCode = p.Industry,
        OccupationCode = Blank(p.Occupation),
        Requirements = p.Requirements.Select(r => new Core.Skills.SkillRequirement(r.Skill, r.Level, r.Importance)).ToArray(),
        MinEducation = Enum<Core.Profiles.Education>((int)p.MinEducation, "min_education", errors),
        MinExperienceYears = p.MinExperienceYears, SalaryMinMonthly = p.SalaryMinMonthly, SalaryMaxMonthly = p.SalaryMaxMonthly,
        Headcount = p.Headcount, Description = Blank(p.Description),
    };

    public static Vacancy ToProto(Domain.Vacancy v)
    {
        var p = new Vacancy
        {
            Id = v.Id, EnterpriseId = v.EnterpriseId, Title = v.Title, City = v.CityCode, Industry = v.IndustryCode,
            Occupation = v.OccupationCode ?? "", MinEducation = (Education)v.MinEducation,
            MinExperienceYears = v.MinExperienceYears, SalaryMinMonthly = v.SalaryMinMonthly,
            SalaryMaxMonthly = v.SalaryMaxMonthly, Headcount = v.Headcount, Status = (VacancyStatus)v.Status,
            PostTime = Timestamp.FromDateTimeOffset(v.PostedAt), Description = v.Description ?? "",
        };
        if (v.ClosedAt is { } c) p.CloseTime = Timestamp.FromDateTimeOffset(c);
        p.Requirements.AddRange(v.Requirements.Select(r => new SkillRequirement { Skill = r.SkillCode, Level = r.Level, Importance = r.Importance }));
        return p;
    }

    public static TrainingProgramme ToProto(Core.Training.TrainingProgramme t)
    {
        var p = new TrainingProgramme
        {
            Id = t.Id, Title = t.Title, Provider = t.Provider, City = t.CityCode, DurationWeeks = t.DurationWeeks,
            CostCny = t.CostCny, Subsidised = t.Subsidised,
        };
        p.Teaches.AddRange(t.Teaches.Select(ToProto));
        return p;
    }

    public static SkillLevel ToProto(Core.Skills.SkillLevel s) => new() { Skill = s.SkillCode, Level = s.Level };

    public static Interaction ToProto(Domain.Interaction i) => new()
    {
        Id = i.Id, WorkerId = i.WorkerId, VacancyId = i.VacancyId, Type = (InteractionType)i.Type,
        OccurTime = Timestamp.FromDateTimeOffset(i.OccurredAt),
    };

    /// <summary>A wire enum value the domain defines, or an error naming the field (unspecified included where the domain has it).</summary>
    public static T Enum<T>(int value, string field, List<ValidationError> errors) where T : struct, System.Enum
    {
        var v = (T)(object)value;
        if (!System.Enum.IsDefined(v)) errors.Add(new ValidationError(field, $"unknown value {value}"));
        return v;
    }

    private static DateOnly? Date(string text, string field, List<ValidationError> errors, bool required)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required) errors.Add(new ValidationError(field, "required"));
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new ValidationError(field, "must be a date YYYY-MM-DD"));
        return null;
    }

    private static string FormatDate(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
