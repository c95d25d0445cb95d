using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Data.Providers.Dialects;
using static MatchingPlatform.Data.Providers.Dialects.ColumnType;

namespace MatchingPlatform.Data.Repositories;

/// <summary>
/// How each domain record fills its table's columns: the one mapping that single-row writes, upserts and the
/// bulk paths all use. The reading side (row classes to domain records) is in Rows.cs.
/// </summary>
internal static class Tables
{
    public static readonly Table<Worker> Workers = new("workers", ["id"],
        ("id", Text, w => w.Id), ("display_name", Text, w => w.DisplayName), ("city_code", Text, w => w.CityCode),
        ("education", Int, w => (int)w.Education), ("experience_years", Int, w => w.ExperienceYears),
        ("birth_year", Int, w => w.BirthYear), ("gender", Int, w => (int)w.Gender),
        ("salary_wish_monthly", Int, w => w.SalaryWishMonthly), ("actively_seeking", Bool, w => w.ActivelySeeking),
        ("graduation_year", Int, w => w.GraduationYear), ("version", Long, w => w.Version),
        ("created_at", Long, w => DbTime.ToMs(w.CreatedAt)), ("updated_at", Long, w => DbTime.ToMs(w.UpdatedAt)));

    public static readonly Table<(string WorkerId, SkillLevel Skill)> WorkerSkills = new("worker_skills", ["worker_id", "skill_code"],
        ("worker_id", Text, x => x.WorkerId), ("skill_code", Text, x => x.Skill.SkillCode), ("level", Int, x => x.Skill.Level));

    /// <summary>A worker's history entries are numbered from 0 in the order given.</summary>
    public static readonly Table<(string WorkerId, int Seq, WorkHistoryEntry Entry)> WorkHistory = new("work_history", ["worker_id", "seq"],
        ("worker_id", Text, x => x.WorkerId), ("seq", Int, x => x.Seq), ("city_code", Text, x => x.Entry.CityCode),
        ("occupation_code", Text, x => x.Entry.OccupationCode), ("employer_name", Text, x => x.Entry.EmployerName),
        ("industry_code", Text, x => x.Entry.IndustryCode), ("start_date", Text, x => DbTime.ToDate(x.Entry.Start)),
        ("end_date", Text, x => x.Entry.End is { } e ? DbTime.ToDate(e) : null));

    public static readonly Table<Enterprise> Enterprises = new("enterprises", ["id"],
        ("id", Text, e => e.Id), ("name", Text, e => e.Name), ("city_code", Text, e => e.CityCode),
        ("industry_code", Text, e => e.IndustryCode), ("ownership", Text, e => e.Ownership), ("employees", Int, e => e.Employees),
        ("version", Long, e => e.Version), ("created_at", Long, e => DbTime.ToMs(e.CreatedAt)),
        ("updated_at", Long, e => DbTime.ToMs(e.UpdatedAt)));

    public static readonly Table<Vacancy> Vacancies = new("vacancies", ["id"],
        ("id", Text, v => v.Id), ("enterprise_id", Text, v => v.EnterpriseId), ("title", Text, v => v.Title),
        ("city_code", Text, v => v.CityCode), ("industry_code", Text, v => v.IndustryCode),
        ("occupation_code", Text, v => v.OccupationCode), ("min_education", Int, v => (int)v.MinEducation),
        ("min_experience_years", Int, v => v.MinExperienceYears), ("salary_min_monthly", Int, v => v.SalaryMinMonthly),
        ("salary_max_monthly", Int, v => v.SalaryMaxMonthly), ("headcount", Int, v => v.Headcount),
        ("status", Int, v => (int)v.Status), ("posted_at", Long, v => DbTime.ToMs(v.PostedAt)),
        ("closed_at", Long, v => v.ClosedAt is { } c ? DbTime.ToMs(c) : null), ("description", Text, v => v.Description));

    public static readonly Table<(string VacancyId, SkillRequirement Requirement)> VacancySkills = new("vacancy_skills", ["vacancy_id", "skill_code"],
        ("vacancy_id", Text, x => x.VacancyId), ("skill_code", Text, x => x.Requirement.SkillCode),
        ("level", Int, x => x.Requirement.Level), ("importance", Int, x => x.Requirement.Importance));

    public static readonly Table<TrainingProgramme> Programmes = new("training_programmes", ["id"],
        ("id", Text, p => p.Id), ("title", Text, p => p.Title), ("provider", Text, p => p.Provider),
        ("city_code", Text, p => p.CityCode), ("duration_weeks", Int, p => p.DurationWeeks), ("cost_cny", Int, p => p.CostCny),
        ("subsidised", Bool, p => p.Subsidised));

    public static readonly Table<(string ProgrammeId, SkillLevel Skill)> ProgrammeSkills = new("programme_skills", ["programme_id", "skill_code"],
        ("programme_id", Text, x => x.ProgrammeId), ("skill_code", Text, x => x.Skill.SkillCode), ("level", Int, x => x.Skill.Level));

    /// <summary>Events have no client id: the natural key (worker, vacancy, type, time) identifies them; the database numbers them.</summary>
    public static readonly Table<Interaction> Interactions = new("interactions", ["worker_id", "vacancy_id", "type", "occurred_at"],
        ("worker_id", Text, i => i.WorkerId), ("vacancy_id", Text, i => i.VacancyId), ("type", Int, i => (int)i.Type),
        ("occurred_at", Long, i => DbTime.ToMs(i.OccurredAt)));

    public static readonly Table<City> Cities = new("cities", ["code"],
        ("code", Text, c => c.Code), ("name_en", Text, c => c.NameEn), ("name_zh", Text, c => c.NameZh),
        ("province", Text, c => c.Province), ("admin_code", Text, c => c.AdminCode), ("latitude", Real, c => c.Latitude),
        ("longitude", Real, c => c.Longitude), ("population", Long, c => c.Population), ("in_liaoning", Bool, c => c.InLiaoning));

    public static readonly Table<Industry> Industries = new("industries", ["code"],
        ("code", Text, i => i.Code), ("name_en", Text, i => i.NameEn), ("name_zh", Text, i => i.NameZh),
        ("traditional_manufacturing", Bool, i => i.TraditionalManufacturing), ("digital", Bool, i => i.IsDigital));

    public static readonly Table<Skill> Skills = new("skills", ["code"],
        ("code", Text, s => s.Code), ("name_en", Text, s => s.NameEn), ("name_zh", Text, s => s.NameZh),
        ("skill_group", Text, s => s.Group), ("digital", Bool, s => s.IsDigital));

    public static readonly Table<Occupation> Occupations = new("occupations", ["code"],
        ("code", Text, o => o.Code), ("name_en", Text, o => o.NameEn), ("name_zh", Text, o => o.NameZh),
        ("industry_code", Text, o => o.IndustryCode), ("onet_soc", Text, o => o.OnetSoc));

    public static readonly Table<(string OccupationCode, SkillRequirement Requirement)> OccupationSkills = new("occupation_skills", ["occupation_code", "skill_code"],
        ("occupation_code", Text, x => x.OccupationCode), ("skill_code", Text, x => x.Requirement.SkillCode),
        ("level", Int, x => x.Requirement.Level), ("importance", Int, x => x.Requirement.Importance));

    public static IEnumerable<(string WorkerId, SkillLevel Skill)> SkillsOf(Worker w) => w.Skills.Select(s => (w.Id, s));
    public static IEnumerable<(string WorkerId, int Seq, WorkHistoryEntry Entry)> HistoryOf(Worker w) => w.History.Select((h, i) => (w.Id, i, h));
    public static IEnumerable<(string VacancyId, SkillRequirement Requirement)> RequirementsOf(Vacancy v) => v.Requirements.Select(r => (v.Id, r));
    public static IEnumerable<(string ProgrammeId, SkillLevel Skill)> TeachesOf(TrainingProgramme p) => p.Teaches.Select(t => (p.Id, t));
}
