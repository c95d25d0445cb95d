using System.Collections.Concurrent;
using System.Text.Json;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using Microsoft.ML.Data;

namespace MatchingPlatform.Ml.Factorization;

/// <summary>
/// The fields of the factorisation machine. Ids are one field each; everything else is side information from the
/// profiles, which is what scores a worker or vacancy that has no interactions yet (cold start): a new worker's
/// skills, city, sector and education interact with the vacancy's through latent vectors learned from other pairs.
/// </summary>
public enum FactorField
{
    WorkerId = 0,
    VacancyId = 1,
    /// <summary>Skills held, valued level / 5.</summary>
    WorkerSkills = 2,
    /// <summary>Skills required, valued level / 5.</summary>
    VacancySkills = 3,
    WorkerCity = 4,
    VacancyCity = 5,
    /// <summary>Industries and occupations of the work history ("ind:", "occ:" tokens).</summary>
    WorkerSector = 6,
    /// <summary>The vacancy's industry and occupation ("ind:", "occ:" tokens).</summary>
    VacancySector = 7,
    WorkerEducation = 8,
    /// <summary>The minimum education asked.</summary>
    VacancyEducation = 9,
    /// <summary>
    /// What the two sides share: each required skill the worker holds (valued held / required, capped at 1), and
    /// same city, same industry or occupation as the work history. Learning "a skill matches itself" from
    /// skill x skill latent products alone takes far more pairs than a log has; crossed tokens give it directly, and
    /// they exist for cold pairs too.
    /// </summary>
    Shared = 10,
}

/// <summary>
/// Maps each field's tokens to one-hot (or valued) slots of a fixed-size vector. Slot 0 of every field is the
/// unknown slot and is never set: a token unseen in training (a new worker's id, a skill no training pair had)
/// contributes nothing rather than borrowing an untrained latent vector. Immutable.
/// </summary>
public sealed class FactorVocabulary
{
    public static readonly IReadOnlyList<FactorField> Fields = Enum.GetValues<FactorField>();

    private readonly Dictionary<string, int>[] _slots;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _spanSlots;
    private readonly string[][] _tokens;

    private FactorVocabulary(string[][] tokens)
    {
        _tokens = tokens;
        _slots = tokens.Select(t =>
        {
            var d = new Dictionary<string, int>(t.Length, StringComparer.Ordinal);
            for (var i = 0; i < t.Length; i++)
                if (!d.TryAdd(t[i], i + 1)) throw new InvalidDataException($"factor vocabulary lists '{t[i]}' twice in one field");
            return d;
        }).ToArray();
        _spanSlots = _slots.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
    }

    /// <summary>Vector length of a field: its known tokens plus the unknown slot.</summary>
    public int Size(FactorField field) => _tokens[(int)field].Length + 1;

    /// <summary>The vocabulary of every token appearing in <paramref name="pairs"/>, in ordinal order per field.</summary>
    public static FactorVocabulary Build(IEnumerable<MatchPair> pairs)
    {
        var sets = Fields.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var p in pairs)
            foreach (var field in Fields)
                foreach (var (token, _) in Tokens(field, p.Worker, p.Vacancy))
                    sets[(int)field].Add(token);
        return new FactorVocabulary(sets.Select(s => s.Order(StringComparer.Ordinal).ToArray()).ToArray());
    }

    /// <summary>The sparse vector of one field for one pair; unknown tokens are dropped.</summary>
    /// <remarks>
    /// Runs for every field of every pair a request scores (3,300 vectors for 300 candidates), so it walks the profile
    /// directly: no iterator, no token strings (prefixed tokens are looked up as spans), no sorted dictionary. It is
    /// the same function as <see cref="EncodeByTokens"/>, the definition over <see cref="Tokens"/>, which the tests
    /// compare it with on generated pairs.
    /// </remarks>
    public VBuffer<float> Encode(FactorField field, Worker worker, Vacancy vacancy)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(vacancy);
        var slots = _slots[(int)field];
        var lookup = _spanSlots[(int)field];
        var entries = new Entries(stackalloc int[32], stackalloc float[32]);
        switch (field)
        {
            case FactorField.WorkerId: entries.Add(slots, worker.Id, 1); break;
            case FactorField.VacancyId: entries.Add(slots, vacancy.Id, 1); break;
            case FactorField.WorkerSkills:
                foreach (var s in worker.Skills)
                    if (s.Level > 0) entries.Add(slots, s.SkillCode, Math.Min(s.Level, 5) / 5f);
                break;
            case FactorField.VacancySkills:
                foreach (var r in vacancy.Requirements)
                    if (r.Level > 0) entries.Add(slots, r.SkillCode, Math.Min(r.Level, 5) / 5f);
                break;
            case FactorField.WorkerCity: entries.Add(slots, worker.CityCode, 1); break;
            case FactorField.VacancyCity: entries.Add(slots, vacancy.CityCode, 1); break;
            case FactorField.WorkerSector:
                foreach (var h in worker.History)
                {
                    if (h.IndustryCode is { } industry) entries.Add(lookup, "ind:", industry, 1);
                    if (h.OccupationCode is { } occupation) entries.Add(lookup, "occ:", occupation, 1);
                }
                break;
            case FactorField.VacancySector:
                entries.Add(lookup, "ind:", vacancy.IndustryCode, 1);
                if (vacancy.OccupationCode is { } code) entries.Add(lookup, "occ:", code, 1);
                break;
            case FactorField.WorkerEducation: entries.Add(slots, Name(worker.Education), 1); break;
            case FactorField.VacancyEducation: entries.Add(slots, Name(vacancy.MinEducation), 1); break;
            case FactorField.Shared:
                foreach (var r in vacancy.Requirements)
                {
                    // The highest level held under the code; 0 when not held.
                    var found = false;
                    var held = int.MinValue;
                    foreach (var s in worker.Skills)
                        if (s.SkillCode == r.SkillCode)
                        {
                            held = Math.Max(held, s.Level);
                            found = true;
                        }
                    if (!found) held = 0;
                    if (held > 0 && r.Level > 0) entries.Add(lookup, "skill:", r.SkillCode, Math.Min(1f, (float)held / r.Level));
                }
                if (worker.CityCode == vacancy.CityCode) entries.Add(slots, "same-city", 1);
                if (AnyIndustry(worker.History, vacancy.IndustryCode)) entries.Add(slots, "same-industry", 1);
                if (vacancy.OccupationCode is not null && AnyOccupation(worker.History, vacancy.OccupationCode)) entries.Add(slots, "same-occupation", 1);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }
        return entries.ToVBuffer(Size(field));
    }

    /// <summary>The definition <see cref="Encode"/> implements: the tokens of <see cref="Tokens"/>, the largest value per slot.</summary>
    internal VBuffer<float> EncodeByTokens(FactorField field, Worker worker, Vacancy vacancy)
    {
        var slots = _slots[(int)field];
        var entries = new SortedDictionary<int, float>();
        foreach (var (token, value) in Tokens(field, worker, vacancy))
            if (slots.TryGetValue(token, out var slot))
                entries[slot] = Math.Max(value, entries.GetValueOrDefault(slot));
        return new VBuffer<float>(Size(field), entries.Count, [.. entries.Values], [.. entries.Keys]);
    }

    private static bool AnyIndustry(IReadOnlyList<WorkHistoryEntry> history, string? industry)
    {
        foreach (var h in history)
            if (h.IndustryCode == industry) return true;
        return false;
    }

    private static bool AnyOccupation(IReadOnlyList<WorkHistoryEntry> history, string occupation)
    {
        foreach (var h in history)
            if (h.OccupationCode == occupation) return true;
        return false;
    }

    private static readonly ConcurrentDictionary<Education, string> EducationNames = new();

    // Enum.ToString allocates a string per call; the names are few.
    private static string Name(Education e) => EducationNames.GetOrAdd(e, x => x.ToString());

    /// <summary>(slot, value) pairs of one vector, merged per slot by the largest value (at least 0), sorted by slot.</summary>
    private ref struct Entries(Span<int> slots, Span<float> values)
    {
        private Span<int> _slots = slots;
        private Span<float> _values = values;
        private int _count;

        public void Add(Dictionary<string, int> lookup, string? token, float value)
        {
            if (token is not null && lookup.TryGetValue(token, out var slot)) Add(slot, value);
        }

        public void Add(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, string prefix, string? code, float value)
        {
            var length = prefix.Length + (code?.Length ?? 0);
            Span<char> token = length <= 128 ? stackalloc char[length] : new char[length];
            prefix.AsSpan().CopyTo(token);
            code.AsSpan().CopyTo(token[prefix.Length..]);
            if (lookup.TryGetValue(token, out var slot)) Add(slot, value);
        }

        private void Add(int slot, float value)
        {
            for (var i = 0; i < _count; i++)
                if (_slots[i] == slot)
                {
                    _values[i] = Math.Max(value, _values[i]);
                    return;
                }
            if (_count == _slots.Length)
            {
                var slots = new int[_count * 2];
                var values = new float[_count * 2];
                _slots.CopyTo(slots);
                _values.CopyTo(values);
                _slots = slots;
                _values = values;
            }
            _slots[_count] = slot;
            _values[_count++] = Math.Max(value, 0);
        }

        public readonly VBuffer<float> ToVBuffer(int size)
        {
            var indices = _slots[.._count].ToArray();
            var values = _values[.._count].ToArray();
            Array.Sort(indices, values);
            return new VBuffer<float>(size, _count, values, indices);
        }
    }

    /// <summary>Tokens of a field with their values; a token may repeat (the encoder keeps the largest value).</summary>
    internal static IEnumerable<(string Token, float Value)> Tokens(FactorField field, Worker w, Vacancy v)
    {
        switch (field)
        {
            case FactorField.WorkerId: yield return (w.Id, 1); break;
            case FactorField.VacancyId: yield return (v.Id, 1); break;
            case FactorField.WorkerSkills:
                foreach (var s in w.Skills)
                    if (s.Level > 0) yield return (s.SkillCode, Math.Min(s.Level, 5) / 5f);
                break;
            case FactorField.VacancySkills:
                foreach (var r in v.Requirements)
                    if (r.Level > 0) yield return (r.SkillCode, Math.Min(r.Level, 5) / 5f);
                break;
            case FactorField.WorkerCity: yield return (w.CityCode, 1); break;
            case FactorField.VacancyCity: yield return (v.CityCode, 1); break;
            case FactorField.WorkerSector:
                foreach (var h in w.History)
                {
                    if (h.IndustryCode is { } industry) yield return ("ind:" + industry, 1);
                    if (h.OccupationCode is { } occupation) yield return ("occ:" + occupation, 1);
                }
                break;
            case FactorField.VacancySector:
                yield return ("ind:" + v.IndustryCode, 1);
                if (v.OccupationCode is { } code) yield return ("occ:" + code, 1);
                break;
            case FactorField.WorkerEducation: yield return (w.Education.ToString(), 1); break;
            case FactorField.VacancyEducation: yield return (v.MinEducation.ToString(), 1); break;
            case FactorField.Shared:
                foreach (var r in v.Requirements)
                {
                    var held = w.Skills.Where(s => s.SkillCode == r.SkillCode).Select(s => s.Level).DefaultIfEmpty(0).Max();
                    if (held > 0 && r.Level > 0) yield return ("skill:" + r.SkillCode, Math.Min(1f, (float)held / r.Level));
                }
                if (w.CityCode == v.CityCode) yield return ("same-city", 1);
                if (w.History.Any(h => h.IndustryCode == v.IndustryCode)) yield return ("same-industry", 1);
                if (v.OccupationCode is not null && w.History.Any(h => h.OccupationCode == v.OccupationCode)) yield return ("same-occupation", 1);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }
    }

    public void Save(Stream stream) =>
        JsonSerializer.Serialize(stream, new Stored(1, Fields.ToDictionary(f => f.ToString(), f => _tokens[(int)f])));

    /// <exception cref="InvalidDataException">Not a vocabulary of this format, or one with other fields.</exception>
    public static FactorVocabulary Load(Stream stream)
    {
        Stored? stored;
        try { stored = JsonSerializer.Deserialize<Stored>(stream); }
        catch (JsonException e) { throw new InvalidDataException($"factor vocabulary is not valid JSON: {e.Message}", e); }
        if (stored is null || stored.Format != 1 || stored.Fields is null)
            throw new InvalidDataException("factor vocabulary has an unknown format");
        var tokens = new string[Fields.Count][];
        foreach (var field in Fields)
        {
            if (!stored.Fields.TryGetValue(field.ToString(), out var list) || list is null)
                throw new InvalidDataException($"factor vocabulary lacks field {field}");
            tokens[(int)field] = list;
        }
        if (stored.Fields.Count != Fields.Count)
            throw new InvalidDataException($"factor vocabulary has {stored.Fields.Count} fields, expected {Fields.Count}");
        return new FactorVocabulary(tokens);
    }

    private sealed record Stored(int Format, Dictionary<string, string[]>? Fields);
}
