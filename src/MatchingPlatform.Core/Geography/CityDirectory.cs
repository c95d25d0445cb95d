using System.Collections.Concurrent;

namespace MatchingPlatform.Core.Geography;

/// <summary>The cities the platform knows, looked up by code or by Chinese/English name.</summary>
/// <remarks>
/// The shipped table is fixed, but importers of foreign data (e.g. the US job-view log) bring cities of
/// their own. They are added with <see cref="Register"/> into this same instance rather than by building
/// a new directory, because the validator and the server's services already hold this instance: a copy
/// would leave them judging against the old set. Reads are lock-free; registrations are serialised.
/// </remarks>
public sealed class CityDirectory
{
    private readonly ConcurrentDictionary<string, City> _byCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, City> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private City[] _all = [];

    public CityDirectory(IEnumerable<City> cities)
    {
        foreach (var c in cities)
            if (!ReferenceEquals(Register(c), c))
                throw new ArgumentException($"city code '{c.Code}' is listed twice", nameof(cities));
    }

    /// <summary>Every known city, shipped first, then registered ones in registration order (a snapshot).</summary>
    public IReadOnlyList<City> All => Volatile.Read(ref _all);
    public City? Find(string code) => _byCode.GetValueOrDefault(code);
    public bool Contains(string code) => _byCode.ContainsKey(code);
    public City? FindByName(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>
    /// Adds <paramref name="city"/> unless its code is already known, and returns the city now stored under
    /// that code. The first registration wins, so a re-import that recomputes a city's figures never
    /// changes a city that validators and the database already agree on. Names already taken keep
    /// pointing at their first city.
    /// </summary>
    public City Register(City city)
    {
        ArgumentNullException.ThrowIfNull(city);
        lock (_gate)
        {
            if (_byCode.TryGetValue(city.Code, out var existing)) return existing;
            _byName.TryAdd(city.Code, city);
            _byName.TryAdd(city.NameEn, city);
            _byName.TryAdd(city.NameZh, city);
            // Postings write 沈阳 as well as 沈阳市.
            _byName.TryAdd(city.NameZh.TrimEnd('市'), city);
            Volatile.Write(ref _all, [.. _all, city]);
            // Published last: a reader that finds the code also finds its names and its place in All.
            _byCode[city.Code] = city;
            return city;
        }
    }

    /// <summary>Distance in km between two known cities; 0 for the same city.</summary>
    public double DistanceKm(string fromCode, string toCode) =>
        fromCode == toCode ? 0 : GeoDistance.Kilometres(_byCode[fromCode], _byCode[toCode]);
}
