using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>Valid wire messages to start from; each test changes only what it is about.</summary>
internal static class Builders
{
    public static Enterprise Enterprise(string id = "e-test", string city = "shenyang") => new()
    {
        Id = id, Name = "Shenyang Robotics Co.", City = city, Industry = "equipment-manufacturing", Ownership = "state-owned", Employees = 1200,
    };

    public static Vacancy Vacancy(string id, string enterprise = "e-test", string city = "shenyang", params (string Skill, int Level, int Importance)[] skills)
    {
        var v = new Vacancy
        {
            Id = id, EnterpriseId = enterprise, Title = "Industrial robot programmer", City = city, Industry = "equipment-manufacturing",
            MinEducation = Education.Associate, MinExperienceYears = 2, SalaryMinMonthly = 7000, SalaryMaxMonthly = 11000, Headcount = 2,
        };
        var requirements = skills.Length > 0 ? skills : [("plc-programming", 3, 5), ("python", 2, 3)];
        v.Requirements.AddRange(requirements.Select(s => new SkillRequirement { Skill = s.Skill, Level = s.Level, Importance = s.Importance }));
        return v;
    }

    public static Worker Worker(string id = "w-test", string city = "shenyang", params (string Skill, int Level)[] skills)
    {
        var w = new Worker
        {
            Id = id, DisplayName = "Wang Fang", City = city, Education = Education.Associate, ExperienceYears = 8,
            BirthYear = 1985, Gender = Gender.Female, SalaryWishMonthly = 7500, ActivelySeeking = true,
        };
        var held = skills.Length > 0 ? skills : [("plc-programming", 4), ("onet-troubleshooting", 3)];
        w.Skills.AddRange(held.Select(s => new SkillLevel { Skill = s.Skill, Level = s.Level }));
        w.History.Add(new WorkHistoryEntry { City = "anshan", Employer = "Ansteel", Industry = "metallurgy-steel", StartDate = "2012-03-01", EndDate = "2018-12-31" });
        w.History.Add(new WorkHistoryEntry { City = city, Employer = "Shenyang Machine Tool", Industry = "equipment-manufacturing", StartDate = "2019-01-01" });
        return w;
    }
}
