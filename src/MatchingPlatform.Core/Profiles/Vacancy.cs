using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Profiles;

/// <summary>A job opening posted by an enterprise.</summary>
public sealed record Vacancy
{
    public required string Id { get; init; }
    public required string EnterpriseId { get; init; }
    public required string Title { get; init; }
    public required string CityCode { get; init; }
    public required string IndustryCode { get; init; }
    public string? OccupationCode { get; init; }
    public IReadOnlyList<SkillRequirement> Requirements { get; init; } = [];
    public Education MinEducation { get; init; }
    public int MinExperienceYears { get; init; }
    /// <summary>Monthly salary range in CNY.</summary>
    public int SalaryMinMonthly { get; init; }
    public int SalaryMaxMonthly { get; init; }
    public int Headcount { get; init; } = 1;
    public VacancyStatus Status { get; init; } = VacancyStatus.Open;
    public DateTimeOffset PostedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? Description { get; init; }
}
