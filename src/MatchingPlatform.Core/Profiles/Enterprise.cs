namespace MatchingPlatform.Core.Profiles;

/// <summary>An employer that posts vacancies.</summary>
public sealed record Enterprise
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string CityCode { get; init; }
    public required string IndustryCode { get; init; }
    /// <summary>Ownership as declared (state-owned, private, foreign...); free text.</summary>
    public string? Ownership { get; init; }
    public int? Employees { get; init; }
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
