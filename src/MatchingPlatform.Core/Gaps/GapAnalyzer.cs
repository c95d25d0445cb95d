using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Gaps;

/// <summary>One required skill the worker lacks (<see cref="HeldLevel"/> 0) or holds below the level asked.</summary>
public sealed record SkillGapItem(string SkillCode, int RequiredLevel, int HeldLevel, int Importance)
{
    public bool IsMissing => HeldLevel == 0;
    public int Deficit => RequiredLevel - HeldLevel;
}

/// <summary>How a worker's skills compare with a vacancy's requirements.</summary>
/// <param name="Coverage">
/// Importance-weighted coverage in [0,1]: each requirement contributes importance x min(held, required) / required.
/// </param>
public sealed record SkillGapReport(
    IReadOnlyList<SkillGapItem> Gaps,
    IReadOnlyList<SkillRequirement> Met,
    double Coverage)
{
    public IEnumerable<SkillGapItem> Missing => Gaps.Where(g => g.IsMissing);
    public IEnumerable<SkillGapItem> Deficits => Gaps.Where(g => !g.IsMissing);
}

/// <summary>Compares held skills with required skills. Pure and allocation-light: it runs per candidate.</summary>
public static class GapAnalyzer
{
    public static SkillGapReport Analyze(IReadOnlyList<SkillLevel> held, IReadOnlyList<SkillRequirement> required)
    {
        var heldByCode = new Dictionary<string, int>(held.Count, StringComparer.Ordinal);
        foreach (var h in held)
            heldByCode[h.SkillCode] = Math.Max(h.Level, heldByCode.GetValueOrDefault(h.SkillCode));

        var gaps = new List<SkillGapItem>();
        var met = new List<SkillRequirement>();
        double weighted = 0, total = 0;
        foreach (var r in required)
        {
            var level = heldByCode.GetValueOrDefault(r.SkillCode);
            total += r.Importance;
            weighted += r.Importance * Math.Min(level, r.Level) / (double)r.Level;
            if (level >= r.Level) met.Add(r);
            else gaps.Add(new SkillGapItem(r.SkillCode, r.Level, level, r.Importance));
        }

        // Most important gaps first, then the largest deficits: the order a worker should close them in.
        gaps.Sort((a, b) => b.Importance != a.Importance
            ? b.Importance.CompareTo(a.Importance)
            : b.Deficit != a.Deficit ? b.Deficit.CompareTo(a.Deficit) : string.CompareOrdinal(a.SkillCode, b.SkillCode));
        return new SkillGapReport(gaps, met, total == 0 ? 1.0 : weighted / total);
    }
}
