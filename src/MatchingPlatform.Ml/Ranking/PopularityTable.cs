using System.Text.Json;
using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Ml.Ranking;

/// <summary>
/// Vacancy popularity over a training window, as of a moment: ln(1 + distinct workers who engaged with the vacancy
/// (viewed it or went further) before that moment). Serving asks as of the request time, so it counts the whole
/// window; training asks as of each row's own time, so a row never counts its own engagement (which comes after the
/// pair was first shown) nor anyone's later one.
/// </summary>
/// <remarks>
/// As-of rather than leave-one-out: leaving the scored worker out makes the feature one lower exactly for the
/// workers who engaged, which inside a vacancy's group of candidates (all sharing the vacancy) is the label itself.
/// Impressions do not count: they measure what the incumbent recommender chose to show, not demand. A reject always
/// follows an application, so the worker is already counted. Per vacancy the table keeps each engaged worker's
/// first engagement time, sorted, so a lookup is a binary search.
/// </remarks>
public sealed class PopularityTable
{
    private readonly Dictionary<string, long[]> _firstEngaged;

    private PopularityTable(Dictionary<string, long[]> firstEngaged) => _firstEngaged = firstEngaged;

    public static readonly PopularityTable Empty = new(new Dictionary<string, long[]>(StringComparer.Ordinal));

    /// <summary>Vacancies with at least one engaged worker.</summary>
    public int VacancyCount => _firstEngaged.Count;

    public static bool Engages(InteractionType type) =>
        type is InteractionType.View or InteractionType.Apply or InteractionType.Interview or InteractionType.Hire;

    /// <summary>Builds the table from the interactions of a training window (the caller chooses the window).</summary>
    public static PopularityTable FromInteractions(IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var first = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var i in interactions)
        {
            if (!Engages(i.Type)) continue;
            if (!first.TryGetValue(i.VacancyId, out var byWorker)) first[i.VacancyId] = byWorker = new(StringComparer.Ordinal);
            var ticks = i.OccurredAt.UtcTicks;
            byWorker[i.WorkerId] = byWorker.TryGetValue(i.WorkerId, out var seen) ? Math.Min(seen, ticks) : ticks;
        }
        return new PopularityTable(first.ToDictionary(kv => kv.Key, kv => Sorted(kv.Value.Values), StringComparer.Ordinal));
    }

    /// <summary>Distinct workers who engaged with the vacancy before <paramref name="at"/>.</summary>
    public int Count(string vacancyId, DateTimeOffset at)
    {
        if (!_firstEngaged.TryGetValue(vacancyId, out var times)) return 0;
        // The first index whose time is not before `at` is the count of those before it.
        var i = Array.BinarySearch(times, at.UtcTicks);
        if (i < 0) return ~i;
        while (i > 0 && times[i - 1] == at.UtcTicks) i--;
        return i;
    }

    /// <summary>ln(1 + <see cref="Count"/>).</summary>
    public double Value(string vacancyId, DateTimeOffset at) => Math.Log(1 + Count(vacancyId, at));

    public void Save(Stream stream) =>
        JsonSerializer.Serialize(stream, new Stored(1, new SortedDictionary<string, long[]>(_firstEngaged, StringComparer.Ordinal)));

    /// <exception cref="InvalidDataException">The stream is not a popularity table of a known format.</exception>
    public static PopularityTable Load(Stream stream)
    {
        Stored? stored;
        try { stored = JsonSerializer.Deserialize<Stored>(stream); }
        catch (JsonException e) { throw new InvalidDataException($"popularity table is not valid JSON: {e.Message}", e); }
        if (stored is null || stored.Format != 1 || stored.FirstEngaged is null)
            throw new InvalidDataException("popularity table has an unknown format");
        return new PopularityTable(stored.FirstEngaged.ToDictionary(kv => kv.Key, kv => Sorted(kv.Value), StringComparer.Ordinal));
    }

    private static long[] Sorted(IEnumerable<long> ticks)
    {
        var a = ticks.ToArray();
        Array.Sort(a);
        return a;
    }

    private sealed record Stored(int Format, IDictionary<string, long[]>? FirstEngaged);
}
