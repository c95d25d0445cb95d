using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Validation;

namespace MatchingPlatform.Data.Import.Skills;

/// <summary>A taxonomy skill named in a text: where, and the level the words just before it ask for, if any.</summary>
public sealed record SkillMention(string SkillCode, int Index, int Length, int? Level);

/// <summary>
/// Turns free posting text into taxonomy skill requirements. Skills are found by their English and Chinese
/// taxonomy names and by the alias table (matching rules: <see cref="TermScanner{T}"/>). English names of two
/// letters or fewer (R, Go) are left out: as bare words they are mostly something else (R&amp;D, "go"); their
/// Chinese names (R语言, Go语言) and aliases (Golang) still match.
/// Importance: 5 when the title names the skill, 4 when the requirements section does, 3 elsewhere.
/// Level: from a proficiency word shortly before a mention in the same clause (精通 5, 熟练/熟悉 4, 了解 2),
/// the highest such level over all mentions, else 3.
/// </summary>
public sealed class SkillExtractor
{
    public const int TitleImportance = 5;
    public const int RequirementsImportance = 4;
    public const int OtherImportance = 3;
    public const int DefaultLevel = 3;

    // How far back a proficiency word may stand from the skill it qualifies ("熟悉MySQL/Oracle等数据库、Hadoop").
    private const int LevelWindow = 30;

    private static readonly (string Word, int Level)[] LevelWords =
    [
        ("精通", 5), ("擅长", 5), ("熟练", 4), ("熟悉", 4), ("掌握", 4), ("了解", 2), ("接触", 2),
    ];

    // A proficiency word governs its own clause only: "精通Java，有Python经验优先" does not ask for expert Python.
    private static readonly char[] ClauseBreaks = ['。', '；', ';', '！', '!', '？', '?', '，', ',', '\n', '\r'];

    private static readonly string[] RequirementHeadings =
    [
        "任职要求", "岗位要求", "任职资格", "职位要求", "技能要求", "任职条件", "资格要求", "应聘要求", "招聘要求",
        "岗位资格", "能力要求", "职位资格",
    ];

    private static readonly string[] OtherHeadings =
    [
        "岗位职责", "工作职责", "职位描述", "工作内容", "岗位描述", "职位职责", "主要职责", "福利", "公司介绍", "公司简介",
        "工作地点", "薪资待遇",
    ];

    private readonly TermScanner<string> _skills;
    private readonly TermScanner<Occupation> _occupations;

    public SkillExtractor(SkillTaxonomy taxonomy, IEnumerable<SkillAlias> aliases)
    {
        var aliasList = aliases.ToList();
        var blockers = aliasList.Where(a => a.SkillCode is null).Select(a => (a.Alias, (Occupation?)null));
        _skills = new TermScanner<string>(
            taxonomy.Skills.SelectMany(s => new[] { (s.NameZh, (string?)s.Code), (s.NameEn, s.Code) })
                .Where(t => !IsShortLatinWord(t.Item1))
                .Concat(aliasList.Select(a => (a.Alias, a.SkillCode))));
        _occupations = new TermScanner<Occupation>(
            taxonomy.Occupations.SelectMany(o => new[] { (o.NameZh, (Occupation?)o), (o.NameEn, o) }).Concat(blockers));
    }

    /// <summary>Loads the alias table from <c>taxonomy/skill_aliases.csv</c> under the shipped data folder.</summary>
    public static SkillExtractor Load(SkillTaxonomy taxonomy, string dataDirectory) =>
        new(taxonomy, SkillAlias.Load(Path.Combine(dataDirectory, SkillAlias.RelativePath), taxonomy));

    /// <summary>Every skill mention in <paramref name="text"/>, in text order.</summary>
    public IReadOnlyList<SkillMention> FindMentions(string text) =>
        _skills.Scan(text).Select(m => new SkillMention(m.Value, m.Index, m.Length, LevelBefore(text, m.Index))).ToList();

    /// <summary>
    /// The requirements a posting states: one per skill, most important first (then in order of first
    /// mention), at most <see cref="ProfileValidator.MaxSkills"/>.
    /// </summary>
    public IReadOnlyList<SkillRequirement> Extract(string title, string? description)
    {
        var found = new Dictionary<string, (int? Level, int Importance, int Order)>(StringComparer.Ordinal);
        void Add(SkillMention m, int importance)
        {
            if (found.TryGetValue(m.SkillCode, out var seen))
                found[m.SkillCode] = (Max(seen.Level, m.Level), Math.Max(seen.Importance, importance), seen.Order);
            else
                found[m.SkillCode] = (m.Level, importance, found.Count);
        }

        foreach (var m in FindMentions(title)) Add(m, TitleImportance);
        if (!string.IsNullOrEmpty(description))
        {
            var sections = Headings(description);
            foreach (var m in FindMentions(description))
                Add(m, InRequirements(sections, m.Index) ? RequirementsImportance : OtherImportance);
        }
        return found
            .OrderByDescending(kv => kv.Value.Importance).ThenBy(kv => kv.Value.Order)
            .Take(ProfileValidator.MaxSkills)
            .Select(kv => new SkillRequirement(kv.Key, kv.Value.Level ?? DefaultLevel, kv.Value.Importance))
            .ToList();
    }

    /// <summary>
    /// The occupation a job title names (by its Chinese or English taxonomy name), the most specific when
    /// several do; null when none does.
    /// </summary>
    public Occupation? InferOccupation(string title) =>
        _occupations.Scan(title).OrderByDescending(m => m.Length).ThenBy(m => m.Index).Select(m => m.Value).FirstOrDefault();

    private static bool IsShortLatinWord(string name) => name.Length <= 2 && name.All(char.IsAsciiLetter);

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static int? LevelBefore(string text, int index)
    {
        var from = Math.Max(0, index - LevelWindow);
        var clauseStart = text.LastIndexOfAny(ClauseBreaks, Math.Max(0, index - 1), index - from);
        if (index > 0 && clauseStart >= 0) from = clauseStart + 1;
        var window = text.AsSpan(from, index - from);
        var (best, bestAt) = ((int?)null, -1);
        foreach (var (word, level) in LevelWords)
        {
            var at = window.LastIndexOf(word, StringComparison.Ordinal);
            if (at > bestAt) (best, bestAt) = (level, at);
        }
        return best;
    }

    private static List<(int Index, bool Requirements)> Headings(string text)
    {
        var headings = new List<(int Index, bool Requirements)>();
        foreach (var (words, requirements) in new[] { (RequirementHeadings, true), (OtherHeadings, false) })
            foreach (var word in words)
                for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
                    headings.Add((at, requirements));
        headings.Sort((a, b) => a.Index.CompareTo(b.Index));
        return headings;
    }

    // A mention belongs to the section of the last heading before it; text before any heading is not a requirements section.
    private static bool InRequirements(List<(int Index, bool Requirements)> headings, int index)
    {
        var result = false;
        foreach (var (at, requirements) in headings)
        {
            if (at > index) break;
            result = requirements;
        }
        return result;
    }
}
