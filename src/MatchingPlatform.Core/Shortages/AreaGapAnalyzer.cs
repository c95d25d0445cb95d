using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Shortages;

/// <summary>A skill that open vacancies near a worker ask for and the worker lacks or holds below the level asked.</summary>
/// <param name="Vacancies">Nearby open vacancies whose requirement the worker does not meet.</param>
/// <param name="Headcount">Their open headcount.</param>
/// <param name="RequiredLevel">The level most of that headcount asks for (ties: the lower level).</param>
/// <param name="HeldLevel">The worker's level; 0 when missing.</param>
/// <param name="WouldQualifyFor">Vacancies where this is the worker's only gap: closing it alone opens them.</param>
public sealed record AreaSkillGap(string SkillCode, int Vacancies, int Headcount, int RequiredLevel, int HeldLevel, int WouldQualifyFor);

/// <summary>A nearby open vacancy's requirements and headcount.</summary>
public sealed record NearbyVacancy(string VacancyId, int Headcount, IReadOnlyList<SkillRequirement> Requirements);

/// <summary>A worker's aggregate gap against the open vacancies near them.</summary>
public sealed record AreaGapReport(int VacanciesConsidered, int VacanciesQualified, IReadOnlyList<AreaSkillGap> Gaps);

public static class AreaGapAnalyzer
{
    /// <summary>
    /// Aggregates per-vacancy gaps (<see cref="Gaps.GapAnalyzer"/>) over the nearby vacancies. Gaps are ordered by
    /// vacancies the skill alone would open, then headcount, then skill code; at most <paramref name="max"/>.
    /// </summary>
    /// <remarks>
    /// A vacancy with no gap at all counts in <see cref="AreaGapReport.VacanciesQualified"/> and in no gap. A skill a
    /// vacancy lists twice is one gap of that vacancy, at the higher level, so it never counts the vacancy twice.
    /// </remarks>
    public static AreaGapReport Analyze(IReadOnlyList<SkillLevel> held, IReadOnlyList<NearbyVacancy> nearby, int max = 20)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(nearby);
        ArgumentOutOfRangeException.ThrowIfNegative(max);

        var heldLevel = new Dictionary<string, int>(held.Count, StringComparer.Ordinal);
        foreach (var h in held)
            heldLevel[h.SkillCode] = Math.Max(h.Level, heldLevel.GetValueOrDefault(h.SkillCode));

        var bySkill = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        var qualified = 0;
        var requiredHere = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var vacancy in nearby)
        {
            var report = Gaps.GapAnalyzer.Analyze(held, vacancy.Requirements);
            if (report.Gaps.Count == 0)
            {
                qualified++;
                continue;
            }

            requiredHere.Clear();
            foreach (var gap in report.Gaps)
                requiredHere[gap.SkillCode] = Math.Max(gap.RequiredLevel, requiredHere.GetValueOrDefault(gap.SkillCode));

            // Distinct skills, not gap items: a duplicated requirement must not hide a vacancy that one skill opens.
            var onlyGap = requiredHere.Count == 1;
            foreach (var (skill, level) in requiredHere)
            {
                if (!bySkill.TryGetValue(skill, out var acc)) bySkill[skill] = acc = new Accumulator();
                acc.Vacancies++;
                acc.Headcount += vacancy.Headcount;
                acc.HeadcountByLevel[level] = acc.HeadcountByLevel.GetValueOrDefault(level) + vacancy.Headcount;
                if (onlyGap) acc.WouldQualifyFor++;
            }
        }

        var gaps = bySkill
            .Select(kv => new AreaSkillGap(kv.Key, kv.Value.Vacancies, kv.Value.Headcount, kv.Value.MainLevel(),
                heldLevel.GetValueOrDefault(kv.Key), kv.Value.WouldQualifyFor))
            .OrderByDescending(g => g.WouldQualifyFor)
            .ThenByDescending(g => g.Headcount)
            .ThenBy(g => g.SkillCode, StringComparer.Ordinal)
            .Take(max)
            .ToList();
        return new AreaGapReport(nearby.Count, qualified, gaps);
    }

    private sealed class Accumulator
    {
        public int Vacancies;
        public int Headcount;
        public int WouldQualifyFor;
        /// <summary>Headcount per required level, in level order; a level is present once any gap vacancy asks for it.</summary>
        public readonly SortedDictionary<int, int> HeadcountByLevel = [];

        /// <summary>The level with the most headcount; scanning upwards with a strict "more" keeps the lower one on ties.</summary>
        public int MainLevel()
        {
            int best = 0, bestHeadcount = -1;
            foreach (var (level, headcount) in HeadcountByLevel)
                if (headcount > bestHeadcount)
                    (best, bestHeadcount) = (level, headcount);
            return best;
        }
    }
}
