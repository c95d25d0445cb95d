using System.Collections.Frozen;

namespace MatchingPlatform.Core.Geography;

/// <summary>The cities the platform knows, looked up by code or by Chinese/English name.</summary>
public sealed class CityDirectory
{
    private readonly FrozenDictionary<string, City> _byCode;
    private readonly FrozenDictionary<string, City> _byName;

    public CityDirectory(IEnumerable<City> cities)
    {
        All = cities.ToArray();
        _byCode = All.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        var byName = new Dictionary<string, City>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in All)
        {
            byName.TryAdd(c.Code, c);
            byName.TryAdd(c.NameEn, c);
            byName.TryAdd(c.NameZh, c);
            // Postings write 沈阳 as well as 沈阳市.
            byName.TryAdd(c.NameZh.TrimEnd('市'), c);
        }
        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<City> All { get; }
    public City? Find(string code) => _byCode.GetValueOrDefault(code);
    public bool Contains(string code) => _byCode.ContainsKey(code);
    public City? FindByName(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>Distance in km between two known cities; 0 for the same city.</summary>
    public double DistanceKm(string fromCode, string toCode) =>
        fromCode == toCode ? 0 : GeoDistance.Kilometres(_byCode[fromCode], _byCode[toCode]);
}
