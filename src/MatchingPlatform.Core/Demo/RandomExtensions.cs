namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Sampling helpers over <see cref="Random"/>. System.Random has no weighted or normal draws, and Core takes no
/// statistics package, so these few live here. Every draw comes from the caller's seeded instance.
/// </summary>
internal static class RandomExtensions
{
    public static bool Chance(this Random rng, double probability) => rng.NextDouble() < probability;

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>Inclusive integer range.</summary>
    public static int Between(this Random rng, int min, int max) => rng.Next(min, max + 1);

    public static double Uniform(this Random rng, double min, double max) => min + (max - min) * rng.NextDouble();

    /// <summary>Standard normal by Box-Muller.</summary>
    public static double Normal(this Random rng)
    {
        var u1 = 1.0 - rng.NextDouble(); // (0,1]: keeps Log finite
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static double Normal(this Random rng, double mean, double sd) => mean + sd * rng.Normal();

    /// <summary>A log-normal multiplier with median 1, e.g. salary noise.</summary>
    public static double LogNormalFactor(this Random rng, double sigma) => Math.Exp(sigma * rng.Normal());

    /// <summary>An instant uniformly in [from, to), to the whole minute.</summary>
    public static DateTimeOffset Between(this Random rng, DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = (long)(to - from).TotalMinutes;
        return minutes <= 0 ? from : from.AddMinutes(rng.NextInt64(minutes));
    }

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/> (all zero: uniform).</summary>
    public static int PickIndex(this Random rng, ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        if (total <= 0) return rng.Next(weights.Length);
        var x = rng.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Length - 1;
    }

    /// <summary>
    /// <paramref name="k"/> distinct indices drawn with probability proportional to weight, without replacement
    /// (Efraimidis-Spirakis keys), in draw order.
    /// </summary>
    public static int[] SampleWithoutReplacement(this Random rng, ReadOnlySpan<double> weights, int k)
    {
        var keys = new (double Key, int Index)[weights.Length];
        for (var i = 0; i < weights.Length; i++)
            keys[i] = (weights[i] <= 0 ? double.NegativeInfinity : Math.Log(1.0 - rng.NextDouble()) / weights[i], i);
        // Larger key first; ties (only -inf) by index, so the order never depends on the sort's stability.
        Array.Sort(keys, (a, b) => a.Key != b.Key ? b.Key.CompareTo(a.Key) : a.Index.CompareTo(b.Index));
        var n = Math.Min(k, weights.Length);
        var result = new int[n];
        for (var i = 0; i < n; i++) result[i] = keys[i].Index;
        return result;
    }
}

/// <summary>A fixed weighted distribution over items, sampled in O(log n) by binary search on cumulative weights.</summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _weights;
    private readonly double[] _cumulative;

    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        var list = entries.Where(e => e.Weight > 0).ToArray();
        if (list.Length == 0) throw new ArgumentException("a weighted table needs at least one positive weight");
        _items = list.Select(e => e.Item).ToArray();
        _weights = list.Select(e => e.Weight).ToArray();
        _cumulative = new double[list.Length];
        double sum = 0;
        for (var i = 0; i < list.Length; i++) _cumulative[i] = sum += list[i].Weight;
    }

    public IReadOnlyList<T> Items => _items;

    /// <summary>Probability of each of <see cref="Items"/>, in the same order.</summary>
    public IEnumerable<double> Probabilities => _weights.Select(w => w / _cumulative[^1]);

    public T Sample(Random rng)
    {
        var x = rng.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, x);
        // BinarySearch returns the complement of the first larger element when x is not an exact boundary.
        i = i < 0 ? ~i : i + 1;
        return _items[Math.Min(i, _items.Length - 1)];
    }
}
