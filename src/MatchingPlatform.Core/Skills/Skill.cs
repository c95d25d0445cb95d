namespace MatchingPlatform.Core.Skills;

/// <summary>One skill of the shipped taxonomy (data/taxonomy/skills.csv).</summary>
/// <param name="Code">Stable lowercase slug, e.g. <c>python</c> or <c>arc-welding</c>.</param>
/// <param name="Group">Skill group slug, e.g. <c>data-ai</c>, <c>machining</c>.</param>
/// <param name="IsDigital">Counts towards the province's digital-skills figures.</param>
public sealed record Skill(string Code, string NameEn, string NameZh, string Group, bool IsDigital);

/// <summary>An industry (data/taxonomy/industries.csv).</summary>
public sealed record Industry(string Code, string NameEn, string NameZh, bool TraditionalManufacturing, bool IsDigital);

/// <summary>An occupation with its typical skill profile (data/taxonomy/occupations.csv + occupation_skills.csv).</summary>
/// <param name="OnetSoc">Closest O*NET-SOC code, when one fits; links real O*NET data to the taxonomy.</param>
public sealed record Occupation(
    string Code, string NameEn, string NameZh, string IndustryCode, string? OnetSoc,
    IReadOnlyList<SkillRequirement> Skills);

/// <summary>A skill a person holds, at a level from 1 (basic) to 5 (expert).</summary>
public readonly record struct SkillLevel(string SkillCode, int Level)
{
    public const int Min = 1;
    public const int Max = 5;
}

/// <summary>A skill a vacancy or occupation requires: the level wanted (1-5) and how much it matters (1-5).</summary>
public readonly record struct SkillRequirement(string SkillCode, int Level, int Importance);
