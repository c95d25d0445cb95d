using System.Collections.Concurrent;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Ml.Recommendation;

/// <summary>
/// Turns profiles into the compact records the engine keeps in memory for a million workers and as many vacancies:
/// only the fields matching reads, with every code string shared.
/// </summary>
/// <remarks>
/// <para><b>What is kept.</b> A worker keeps its id, display name (shortlists show it), city, education, experience,
/// salary wish, seeking flag, skills, and the industry and occupation of each history entry (the factor model's
/// sector field); contact details, birth year, gender, graduation year, employer names and job dates are dropped
/// (contact details must never be held in the indexes: a repository's paged read attaches them), and history entries
/// are shared instances per (city, occupation, industry). A vacancy keeps everything but its free-text description.
/// Features, gaps, the factor model's tokens and the gRPC responses read the same values from a compact record as
/// from the full profile, which the tests check.</para>
/// <para><b>Shared strings.</b> Codes read from a database arrive as a new string per row: at 1M workers x 9 skills
/// that is 9M copies of a few hundred skill codes. Skill codes are replaced by the taxonomy's own instances, and
/// every other code (cities, industries, occupations, enterprise ids, titles) by one pooled instance; the pool
/// stops growing at <see cref="MaxPooled"/> distinct strings, after which a string is kept as it is.</para>
/// <para>Compacting is idempotent and cheap on a record that is already compact (it returns the same instance),
/// so a caller may compact while paging through the database and the engine compacts again on load for free.</para>
/// </remarks>
public sealed class CompactProfiles(SkillTaxonomy taxonomy)
{
    /// <summary>Distinct strings the pool holds at most (codes and titles are a few thousand in practice).</summary>
    public const int MaxPooled = 200_000;

    private readonly SkillTaxonomy _taxonomy = taxonomy ?? throw new ArgumentNullException(nameof(taxonomy));
    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string City, string? Occupation, string? Industry), WorkHistoryEntry> _history = new();

    /// <summary>The worker with only what matching reads, all codes shared; the same instance when it already is.</summary>
    public Worker Compact(Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var city = Pooled(worker.CityCode);
        var skills = Skills(worker.Skills);
        var history = History(worker.History);
        if (ReferenceEquals(city, worker.CityCode) && ReferenceEquals(skills, worker.Skills) && ReferenceEquals(history, worker.History)
            && worker.BirthYear is null && worker.Gender == Gender.Unspecified && worker.GraduationYear is null && worker.Contact is null)
            return worker;
        return worker with
        {
            CityCode = city,
            Skills = skills,
            History = history,
            BirthYear = null,
            Gender = Gender.Unspecified,
            GraduationYear = null,
            // Personal contact details never enter the in-memory indexes, whichever path a profile arrives by.
            Contact = null,
        };
    }

    /// <summary>The vacancy without its description, all codes shared; the same instance when it already is.</summary>
    public Vacancy Compact(Vacancy vacancy)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        var enterprise = Pooled(vacancy.EnterpriseId);
        var title = Pooled(vacancy.Title);
        var city = Pooled(vacancy.CityCode);
        var industry = Pooled(vacancy.IndustryCode);
        var occupation = vacancy.OccupationCode is { } o ? Pooled(o) : null;
        var requirements = Requirements(vacancy.Requirements);
        if (ReferenceEquals(enterprise, vacancy.EnterpriseId) && ReferenceEquals(title, vacancy.Title) && ReferenceEquals(city, vacancy.CityCode)
            && ReferenceEquals(industry, vacancy.IndustryCode) && ReferenceEquals(occupation, vacancy.OccupationCode)
            && ReferenceEquals(requirements, vacancy.Requirements) && vacancy.Description is null)
            return vacancy;
        return vacancy with
        {
            EnterpriseId = enterprise,
            Title = title,
            CityCode = city,
            IndustryCode = industry,
            OccupationCode = occupation,
            Requirements = requirements,
            Description = null,
        };
    }

    /// <summary>The shared instance of <paramref name="value"/> (the taxonomy's for a skill code).</summary>
    public string Pooled(string value)
    {
        if (value is null) return value!;
        if (_pool.TryGetValue(value, out var shared)) return shared;
        if (_pool.Count >= MaxPooled) return value;
        return _pool.GetOrAdd(value, value);
    }

    private string SkillCode(string code) => _taxonomy.FindSkill(code)?.Code is { } known && known == code ? known : Pooled(code);

    // An array (no caller can mutate it later: the index re-reads skills) with shared codes.
    private IReadOnlyList<SkillLevel> Skills(IReadOnlyList<SkillLevel> skills)
    {
        if (skills is SkillLevel[] array && Shared(array, s => s.SkillCode)) return array;
        var copy = new SkillLevel[skills.Count];
        for (var i = 0; i < copy.Length; i++) copy[i] = skills[i] with { SkillCode = SkillCode(skills[i].SkillCode) };
        return copy;
    }

    private IReadOnlyList<SkillRequirement> Requirements(IReadOnlyList<SkillRequirement> requirements)
    {
        if (requirements is SkillRequirement[] array && Shared(array, r => r.SkillCode)) return array;
        var copy = new SkillRequirement[requirements.Count];
        for (var i = 0; i < copy.Length; i++) copy[i] = requirements[i] with { SkillCode = SkillCode(requirements[i].SkillCode) };
        return copy;
    }

    private bool Shared<TItem>(TItem[] items, Func<TItem, string> codeOf)
    {
        foreach (var item in items)
            if (!ReferenceEquals(SkillCode(codeOf(item)), codeOf(item))) return false;
        return true;
    }

    private IReadOnlyList<WorkHistoryEntry> History(IReadOnlyList<WorkHistoryEntry> history)
    {
        if (history.Count == 0) return history is WorkHistoryEntry[] ? history : [];
        if (history is WorkHistoryEntry[] array && Array.TrueForAll(array, h => ReferenceEquals(Entry(h), h))) return array;
        var entries = new WorkHistoryEntry[history.Count];
        for (var i = 0; i < entries.Length; i++) entries[i] = Entry(history[i]);
        return entries;
    }

    // One shared entry per (city, occupation, industry): what the factor model reads of a job, without dates or employer.
    private WorkHistoryEntry Entry(WorkHistoryEntry h)
    {
        var key = (Pooled(h.CityCode), h.OccupationCode is { } o ? Pooled(o) : null, h.IndustryCode is { } ind ? Pooled(ind) : null);
        if (_history.TryGetValue(key, out var shared)) return shared;
        var entry = new WorkHistoryEntry(key.Item1, key.Item2, null, key.Item3, default, null);
        return _history.Count >= MaxPooled ? entry : _history.GetOrAdd(key, entry);
    }
}
