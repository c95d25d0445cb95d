using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Profiles;

/// <summary>A worker's profile: what they can do, where they are, and what they want.</summary>
public sealed record Worker
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public required string CityCode { get; init; }
    public Education Education { get; init; }
    public int ExperienceYears { get; init; }
    /// <summary>Year of birth, for age bands in aggregates and fairness audits; never a model feature.</summary>
    public int? BirthYear { get; init; }
    /// <summary>Sensitive: used only for fairness audits, never a model feature.</summary>
    public Gender Gender { get; init; }
    /// <summary>Lowest acceptable monthly salary in CNY; null when the worker did not say.</summary>
    public int? SalaryWishMonthly { get; init; }
    /// <summary>Active seekers count as supply in shortage statistics.</summary>
    public bool ActivelySeeking { get; init; } = true;
    public int? GraduationYear { get; init; }
    public IReadOnlyList<SkillLevel> Skills { get; init; } = [];
    public IReadOnlyList<WorkHistoryEntry> History { get; init; } = [];
    /// <summary>
    /// Personal: stored encrypted, never logged, never a model feature, never kept in the in-memory indexes; shown
    /// to the worker, to administrators, and to an enterprise only for its vacancies the worker applied to.
    /// </summary>
    public WorkerContact? Contact { get; init; }
    /// <summary>Optimistic-concurrency version, incremented by every update.</summary>
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>How to reach a job seeker. No national id is collected at all: the platform never needs one.</summary>
public sealed record WorkerContact(string? Phone, string? Email);

/// <summary>One job in a worker's history; <see cref="End"/> null means current.</summary>
public sealed record WorkHistoryEntry(
    string CityCode, string? OccupationCode, string? EmployerName, string? IndustryCode,
    DateOnly Start, DateOnly? End);
