namespace MatchingPlatform.Core.Profiles;

/// <summary>A feedback event between a worker and a vacancy.</summary>
public sealed record Interaction(
    long Id, string WorkerId, string VacancyId, InteractionType Type, DateTimeOffset OccurredAt);
