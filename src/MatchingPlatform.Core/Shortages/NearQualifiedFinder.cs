using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Shortages;

/// <summary>An open vacancy's requirements, as the near-qualified search needs them.</summary>
public sealed record VacancyRequirements(string VacancyId, IReadOnlyList<SkillRequirement> Requirements);

/// <summary>An active seeker's skills.</summary>
public sealed record SeekerSkills(string WorkerId, IReadOnlyList<SkillLevel> Skills);

/// <summary>
/// A seeker who would qualify for one of the shortage's vacancies but for the alert's skill: they miss only
/// that skill (<see cref="HeldLevel"/> 0) or hold it exactly one level short. Training them is the fastest
/// way to close the shortage.
/// </summary>
public sealed record NearQualifiedSeeker(string WorkerId, int HeldLevel, int RequiredLevel, string VacancyId)
{
    /// <summary>The seeker lacks the skill entirely (rather than holding it one level short).</summary>
    public bool IsMissing => HeldLevel == 0;
}

public static class NearQualifiedFinder
{
    /// <summary>
    /// Seekers that meet every requirement of at least one vacancy except <paramref name="skillCode"/>, which
    /// they lack or hold one level short. Each seeker appears once, with the vacancy where their gap is smallest
    /// (one level short before missing; then vacancy id). Ordered by that gap, then worker id.
    /// </summary>
    /// <remarks>
    /// Only vacancies that require <paramref name="skillCode"/> count. A requirement is met when the held level is at
    /// least the required one (as in <see cref="Gaps.GapAnalyzer"/>); a skill listed twice counts at its highest
    /// level, for vacancies and seekers alike. A seeker listed twice is one seeker. Held level 0 is "missing" even
    /// when the vacancy asks for level 1. Cost: skill codes are numbered once, each seeker fills one shared level
    /// array, and a seeker is checked only against the vacancies keyed by a skill it holds (see Plan.KeyedBy), so a
    /// snapshot at a million seekers does not pay seekers x vacancies per alert.
    /// </remarks>
    public static IReadOnlyList<NearQualifiedSeeker> Find(
        string skillCode, IReadOnlyList<VacancyRequirements> vacancies, IEnumerable<SeekerSkills> seekers)
    {
        ArgumentException.ThrowIfNullOrEmpty(skillCode);
        ArgumentNullException.ThrowIfNull(vacancies);
        ArgumentNullException.ThrowIfNull(seekers);

        var plan = Plan.Build(skillCode, vacancies);
        if (plan.Vacancies.Length == 0) return [];
        var seekerList = seekers as IReadOnlyCollection<SeekerSkills> ?? seekers.ToList();
        var byKey = plan.KeyedBy(seekerList);

        var levels = new int[plan.SkillIds.Count];
        var touched = new List<int>();
        var best = new Dictionary<string, NearQualifiedSeeker>(StringComparer.Ordinal);
        foreach (var seeker in seekerList)
        {
            // Load the seeker's levels into the shared array; skills no candidate vacancy asks for are irrelevant.
            foreach (var held in seeker.Skills)
                if (plan.SkillIds.TryGetValue(held.SkillCode, out var id) && held.Level > levels[id])
                {
                    if (levels[id] == 0) touched.Add(id);
                    levels[id] = held.Level;
                }

            // The seeker's level in the skill is the same for every vacancy, so whether they "miss" it or are "one
            // short" is decided per seeker; among their vacancies the lowest id wins (the plan lists vacancies in id
            // order). A vacancy the seeker qualifies for on its other skills is one keyed by a skill the seeker
            // holds (or by none), so only those are looked at.
            var heldTarget = levels[plan.TargetId];
            var first = int.MaxValue;
            foreach (var i in byKey.Unkeyed)
                if (plan.Vacancies[i].NearFor(heldTarget, levels)) { first = i; break; }
            foreach (var skill in touched)
                if (byKey.Keyed[skill] is { } keyed)
                    foreach (var i in keyed)
                    {
                        if (i >= first) break;
                        if (plan.Vacancies[i].NearFor(heldTarget, levels)) { first = i; break; }
                    }
            if (first != int.MaxValue)
            {
                var vacancy = plan.Vacancies[first];
                var found = new NearQualifiedSeeker(seeker.WorkerId, heldTarget, vacancy.TargetLevel, vacancy.VacancyId);
                if (!best.TryGetValue(seeker.WorkerId, out var previous) || Better(found, previous))
                    best[seeker.WorkerId] = found;
            }

            foreach (var id in touched) levels[id] = 0;
            touched.Clear();
        }

        var result = best.Values.ToList();
        result.Sort((a, b) => a.IsMissing != b.IsMissing
            ? a.IsMissing.CompareTo(b.IsMissing)
            : string.CompareOrdinal(a.WorkerId, b.WorkerId));
        return result;
    }

    /// <summary>
    /// One level short beats missing (less training); then the lower vacancy id, so ties are stable. Only needed
    /// when the same worker id is passed twice with different skills.
    /// </summary>
    private static bool Better(NearQualifiedSeeker a, NearQualifiedSeeker b) =>
        a.IsMissing != b.IsMissing ? !a.IsMissing : string.CompareOrdinal(a.VacancyId, b.VacancyId) < 0;

    /// <summary>The vacancies that require the skill, with every skill code replaced by a small integer.</summary>
    private sealed class Plan
    {
        public required Dictionary<string, int> SkillIds { get; init; }
        public required int TargetId { get; init; }
        public required Candidate[] Vacancies { get; init; }

        public static Plan Build(string skillCode, IReadOnlyList<VacancyRequirements> vacancies)
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal) { [skillCode] = 0 };
            var candidates = new List<Candidate>();
            foreach (var vacancy in vacancies)
            {
                var targetLevel = 0;
                var others = new Dictionary<int, int>();
                foreach (var r in vacancy.Requirements)
                {
                    if (r.SkillCode == skillCode)
                    {
                        targetLevel = Math.Max(targetLevel, r.Level);
                        continue;
                    }
                    if (!ids.TryGetValue(r.SkillCode, out var id)) ids[r.SkillCode] = id = ids.Count;
                    others[id] = Math.Max(r.Level, others.GetValueOrDefault(id));
                }
                if (targetLevel > 0)
                    candidates.Add(new Candidate(vacancy.VacancyId, targetLevel, [.. others.Keys], [.. others.Values]));
            }
            candidates.Sort((a, b) => string.CompareOrdinal(a.VacancyId, b.VacancyId));
            return new Plan { SkillIds = ids, TargetId = 0, Vacancies = [.. candidates] };
        }

        /// <summary>
        /// Each vacancy (by position, ascending) under the one of its other skills that the fewest seekers hold: a
        /// seeker can meet the vacancy's other requirements only if it holds that skill, so a seeker checks the
        /// vacancies keyed by its own skills instead of every vacancy. Vacancies with no other skill are unkeyed.
        /// </summary>
        public (List<int>?[] Keyed, List<int> Unkeyed) KeyedBy(IEnumerable<SeekerSkills> seekers)
        {
            var holders = new int[SkillIds.Count];
            foreach (var seeker in seekers)
                foreach (var held in seeker.Skills)
                    if (SkillIds.TryGetValue(held.SkillCode, out var id)) holders[id]++;
            var keyed = new List<int>?[SkillIds.Count];
            var unkeyed = new List<int>();
            for (var i = 0; i < Vacancies.Length; i++)
            {
                var others = Vacancies[i].OtherIds;
                if (others.Length == 0) { unkeyed.Add(i); continue; }
                var key = others[0];
                foreach (var id in others)
                    if (holders[id] < holders[key]) key = id;
                (keyed[key] ??= []).Add(i);
            }
            return (keyed, unkeyed);
        }
    }

    private sealed record Candidate(string VacancyId, int TargetLevel, int[] OtherIds, int[] OtherLevels)
    {
        /// <summary>A seeker holding the skill at <paramref name="heldTarget"/> lacks it or is one level short, and meets the rest.</summary>
        public bool NearFor(int heldTarget, int[] levels)
        {
            var deficit = TargetLevel - heldTarget;
            return deficit > 0 && (heldTarget == 0 || deficit == 1) && MeetsOthers(levels);
        }

        public bool MeetsOthers(int[] levels)
        {
            for (var i = 0; i < OtherIds.Length; i++)
                if (levels[OtherIds[i]] < OtherLevels[i])
                    return false;
            return true;
        }
    }
}
