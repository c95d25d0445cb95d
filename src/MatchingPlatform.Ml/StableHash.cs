namespace MatchingPlatform.Ml;

/// <summary>
/// FNV-1a over UTF-16 code units. string.GetHashCode is randomised per process, so anything that must come out the
/// same in every run (fold assignment, per-group random seeds) hashes with this instead.
/// </summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(string first, string second) => Append(Append(Append(Offset, first), "\u001f"), second);

    /// <summary>A non-negative int seed for <see cref="Random"/>, from a base seed and a key.</summary>
    public static int Seed(int seed, string key) => (int)((Append(Offset ^ (ulong)(uint)seed, key) >> 33) & int.MaxValue);

    private static ulong Append(ulong hash, string value)
    {
        foreach (var c in value)
        {
            hash ^= c;
            hash *= Prime;
        }
        return hash;
    }
}
