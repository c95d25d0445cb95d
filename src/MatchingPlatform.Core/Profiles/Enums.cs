namespace MatchingPlatform.Core.Profiles;

/// <summary>Highest completed education, ordered so that comparisons mean "at least".</summary>
public enum Education
{
    Unspecified = 0,
    JuniorSecondary = 1,   // 初中及以下
    SeniorSecondary = 2,   // 高中 / 中专 / 中技
    Associate = 3,         // 大专
    Bachelor = 4,          // 本科
    Master = 5,            // 硕士
    Doctorate = 6,         // 博士
}

public enum Gender
{
    Unspecified = 0,
    Female = 1,
    Male = 2,
}

public enum VacancyStatus
{
    Open = 1,
    Closed = 2,
}

/// <summary>Feedback events, in increasing strength of interest (Reject is the enterprise's no).</summary>
public enum InteractionType
{
    Impression = 1,
    View = 2,
    Apply = 3,
    Interview = 4,
    Hire = 5,
    Reject = 6,
}
