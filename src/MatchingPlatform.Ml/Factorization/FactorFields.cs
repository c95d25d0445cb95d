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
    public VBuffer<float> Encode(FactorField field, Worker worker, Vacancy vacancy)
    {
        var slots = _slots[(int)field];
        var entries = new SortedDictionary<int, float>();
        foreach (var (token, value) in Tokens(field, worker, vacancy))
            if (slots.TryGetValue(token, out var slot))
                entries[slot] = Math.Max(value, entries.GetValueOrDefault(slot));
        return new VBuffer<float>(Size(field), entries.Count, [.. entries.Values], [.. entries.Keys]);
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
