using System.Collections.Frozen;

namespace MatchingPlatform.Core.Skills;

/// <summary>
/// The skill, industry and occupation vocabulary every profile and vacancy is expressed in.
/// Immutable once built; lookups are by code and, for skills, by English or Chinese name
/// (case-insensitive), which is what importers of free-text data need.
/// </summary>
public sealed class SkillTaxonomy
{
    private readonly FrozenDictionary<string, Skill> _skills;
    private readonly FrozenDictionary<string, Skill> _skillsByName;
    private readonly FrozenDictionary<string, Industry> _industries;
    private readonly FrozenDictionary<string, Occupation> _occupations;

    public SkillTaxonomy(IEnumerable<Skill> skills, IEnumerable<Industry> industries, IEnumerable<Occupation> occupations)
    {
        Skills = skills.ToArray();
        Industries = industries.ToArray();
        Occupations = occupations.ToArray();
        _skills = Skills.ToFrozenDictionary(s => s.Code, StringComparer.Ordinal);
        _industries = Industries.ToFrozenDictionary(i => i.Code, StringComparer.Ordinal);
        _occupations = Occupations.ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);
        var byName = new Dictionary<string, Skill>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in Skills)
        {
            byName.TryAdd(s.NameEn, s);
            byName.TryAdd(s.NameZh, s);
            byName.TryAdd(s.Code, s);
        }
        _skillsByName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

        foreach (var o in Occupations)
        {
            if (!_industries.ContainsKey(o.IndustryCode))
                throw new ArgumentException($"occupation '{o.Code}' names unknown industry '{o.IndustryCode}'");
            foreach (var r in o.Skills)
                if (!_skills.ContainsKey(r.SkillCode))
                    throw new ArgumentException($"occupation '{o.Code}' names unknown skill '{r.SkillCode}'");
        }
    }

    public IReadOnlyList<Skill> Skills { get; }
    public IReadOnlyList<Industry> Industries { get; }
    public IReadOnlyList<Occupation> Occupations { get; }

    public Skill? FindSkill(string code) => _skills.GetValueOrDefault(code);
    public bool HasSkill(string code) => _skills.ContainsKey(code);
    public Skill? FindSkillByName(string name) => _skillsByName.GetValueOrDefault(name.Trim());
    public Industry? FindIndustry(string code) => _industries.GetValueOrDefault(code);
    public bool HasIndustry(string code) => _industries.ContainsKey(code);
    public Occupation? FindOccupation(string code) => _occupations.GetValueOrDefault(code);
}
