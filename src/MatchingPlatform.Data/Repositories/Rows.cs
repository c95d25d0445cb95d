using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;

namespace MatchingPlatform.Data.Repositories;

// Dapper row shapes, one per table, and their mapping to domain records. Kept apart from the SQL so
// each repository reads as queries only.

internal sealed class WorkerRow
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string CityCode { get; set; } = "";
    public long Education { get; set; }
    public long ExperienceYears { get; set; }
    public long? BirthYear { get; set; }
    public long Gender { get; set; }
    public long? SalaryWishMonthly { get; set; }
    public bool ActivelySeeking { get; set; }
    public long? GraduationYear { get; set; }
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }


    public Worker ToDomain(IReadOnlyList<SkillLevel> skills, IReadOnlyList<WorkHistoryEntry> history) => new()
    {
        Id = Id, DisplayName = DisplayName, CityCode = CityCode, Education = (Education)Education,
        ExperienceYears = (int)ExperienceYears, BirthYear = (int?)BirthYear, Gender = (Gender)Gender,
        SalaryWishMonthly = (int?)SalaryWishMonthly, ActivelySeeking = ActivelySeeking,
        GraduationYear = (int?)GraduationYear, Skills = skills, History = history, Version = Version,
        CreatedAt = DbTime.FromMs(CreatedAt), UpdatedAt = DbTime.FromMs(UpdatedAt),
    };
}

internal sealed class OwnedSkillRow
{
    public string OwnerId { get; set; } = "";
    public string SkillCode { get; set; } = "";
    public long Level { get; set; }
    public long Importance { get; set; }
    public SkillLevel ToLevel() => new(SkillCode, (int)Level);
    public SkillRequirement ToRequirement() => new(SkillCode, (int)Level, (int)Importance);
}

internal sealed class HistoryRow
{
    public string WorkerId { get; set; } = "";
    public long Seq { get; set; }
    public string CityCode { get; set; } = "";
    public string? OccupationCode { get; set; }
    public string? EmployerName { get; set; }
    public string? IndustryCode { get; set; }
    public string StartDate { get; set; } = "";
    public string? EndDate { get; set; }

    public WorkHistoryEntry ToDomain() => new(CityCode, OccupationCode, EmployerName, IndustryCode,
        DbTime.FromDate(StartDate), EndDate is null ? null : DbTime.FromDate(EndDate));

}

internal sealed class EnterpriseRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string IndustryCode { get; set; } = "";
    public string? Ownership { get; set; }
    public long? Employees { get; set; }
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }


    public Enterprise ToDomain() => new()
    {
        Id = Id, Name = Name, CityCode = CityCode, IndustryCode = IndustryCode, Ownership = Ownership,
        Employees = (int?)Employees, Version = Version, CreatedAt = DbTime.FromMs(CreatedAt), UpdatedAt = DbTime.FromMs(UpdatedAt),
    };
}

internal sealed class VacancyRow
{
    public string Id { get; set; } = "";
    public string EnterpriseId { get; set; } = "";
    public string Title { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string IndustryCode { get; set; } = "";
    public string? OccupationCode { get; set; }
    public long MinEducation { get; set; }
    public long MinExperienceYears { get; set; }
    public long SalaryMinMonthly { get; set; }
    public long SalaryMaxMonthly { get; set; }
    public long Headcount { get; set; }
    public long Status { get; set; }
    public long PostedAt { get; set; }
    public long? ClosedAt { get; set; }
    public string? Description { get; set; }


    public Vacancy ToDomain(IReadOnlyList<SkillRequirement> requirements) => new()
    {
        Id = Id, EnterpriseId = EnterpriseId, Title = Title, CityCode = CityCode, IndustryCode = IndustryCode,
        OccupationCode = OccupationCode, Requirements = requirements, MinEducation = (Education)MinEducation,
        MinExperienceYears = (int)MinExperienceYears, SalaryMinMonthly = (int)SalaryMinMonthly,
        SalaryMaxMonthly = (int)SalaryMaxMonthly, Headcount = (int)Headcount, Status = (VacancyStatus)Status,
        PostedAt = DbTime.FromMs(PostedAt), ClosedAt = DbTime.FromMs(ClosedAt), Description = Description,
    };
}

internal sealed class ProgrammeRow
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Provider { get; set; } = "";
    public string CityCode { get; set; } = "";
    public long DurationWeeks { get; set; }
    public long CostCny { get; set; }
    public bool Subsidised { get; set; }


    public TrainingProgramme ToDomain(IReadOnlyList<SkillLevel> teaches) => new()
    {
        Id = Id, Title = Title, Provider = Provider, CityCode = CityCode, Teaches = teaches,
        DurationWeeks = (int)DurationWeeks, CostCny = (int)CostCny, Subsidised = Subsidised,
    };
}

internal sealed class InteractionRow
{
    public long Id { get; set; }
    public string WorkerId { get; set; } = "";
    public string VacancyId { get; set; } = "";
    public long Type { get; set; }
    public long OccurredAt { get; set; }
    public Interaction ToDomain() => new(Id, WorkerId, VacancyId, (InteractionType)Type, DbTime.FromMs(OccurredAt));
}

internal sealed class CityRow
{
    public string Code { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string Province { get; set; } = "";
    public string AdminCode { get; set; } = "";
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public long Population { get; set; }
    public bool InLiaoning { get; set; }
    public City ToDomain() => new(Code, NameEn, NameZh, Province, AdminCode, Latitude, Longitude, Population, InLiaoning);
}
