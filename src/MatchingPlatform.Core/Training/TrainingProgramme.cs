using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Training;

/// <summary>A course run by a training provider that raises skills to a target level.</summary>
public sealed record TrainingProgramme
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Provider { get; init; }
    public required string CityCode { get; init; }
    /// <summary>Skills taught, each with the level a graduate reaches.</summary>
    public IReadOnlyList<SkillLevel> Teaches { get; init; } = [];
    public int DurationWeeks { get; init; }
    public int CostCny { get; init; }
    /// <summary>Eligible for the government training subsidy.</summary>
    public bool Subsidised { get; init; }
}

/// <summary>Programmes indexed by the skills they teach.</summary>
public sealed class TrainingCatalog
{
    private readonly Dictionary<string, List<(TrainingProgramme Programme, int Level)>> _bySkill = new(StringComparer.Ordinal);

    public TrainingCatalog(IEnumerable<TrainingProgramme> programmes)
    {
        All = programmes.ToArray();
        foreach (var p in All)
            foreach (var t in p.Teaches)
            {
                if (!_bySkill.TryGetValue(t.SkillCode, out var list))
                    _bySkill[t.SkillCode] = list = [];
                list.Add((p, t.Level));
            }
    }

    public IReadOnlyList<TrainingProgramme> All { get; }

    /// <summary>
    /// Programmes that bring <paramref name="skillCode"/> to at least <paramref name="minLevel"/>,
    /// those in <paramref name="preferCity"/> first, then subsidised, then shortest.
    /// </summary>
    public IReadOnlyList<TrainingProgramme> For(string skillCode, int minLevel = 1, string? preferCity = null, int max = 3)
    {
        if (!_bySkill.TryGetValue(skillCode, out var list)) return [];
        return list.Where(x => x.Level >= minLevel)
            .Select(x => x.Programme)
            .OrderByDescending(p => p.CityCode == preferCity)
            .ThenByDescending(p => p.Subsidised)
            .ThenBy(p => p.DurationWeeks)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .Take(max)
            .ToArray();
    }
}
