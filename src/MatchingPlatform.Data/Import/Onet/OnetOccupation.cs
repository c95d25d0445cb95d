using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Data.Import.Onet;

/// <summary>An O*NET occupation with its skill profile expressed in the platform's taxonomy.</summary>
/// <param name="SocCode">O*NET-SOC code, e.g. <c>15-2051.00</c>.</param>
/// <param name="IndustryCode">The platform industry guessed from the SOC group (<see cref="SocIndustryMap"/>).</param>
/// <param name="ShortTitles">O*NET's short titles (mostly acronyms: CEO, CNA).</param>
/// <param name="Skills">Most important first: O*NET skill ratings kept by importance, then technology skills.</param>
/// <param name="RatingsBorrowedFrom">
/// When O*NET publishes no skill ratings for this occupation (137 of 1016 in 29.2, e.g. 15-1252.00 Software
/// Developers), the SOC code of the rated occupation whose ratings were used instead; null when its own.
/// </param>
public sealed record OnetOccupation(
    string SocCode, string Title, string Description, string IndustryCode,
    IReadOnlyList<string> ShortTitles, IReadOnlyList<string> AlternateTitles,
    IReadOnlyList<SkillRequirement> Skills, string? RatingsBorrowedFrom)
{
    public const string CodePrefix = "onet-";

    /// <summary>The platform occupation code: <c>onet-</c> plus the SOC code, e.g. <c>onet-15-2051.00</c>.</summary>
    public string Code => CodePrefix + SocCode;

    /// <summary>The <paramref name="count"/> most important skills, the requirements of a vacancy for this occupation.</summary>
    public IReadOnlyList<SkillRequirement> TopSkills(int count) => Skills.Take(count).ToList();

    /// <summary>
    /// As a Core occupation. O*NET has no Chinese titles, so the English title stands in for
    /// <see cref="Occupation.NameZh"/> until someone translates it.
    /// </summary>
    public Occupation ToOccupation() => new(Code, Title, Title, IndustryCode, SocCode, Skills);
}
