using MatchingPlatform.Core.Geography;

namespace MatchingPlatform.Analytics.Mobility;

/// <summary>Builds gravity-model places from cities, and aggregates cities into provinces.</summary>
public static class PlaceAggregation
{
    /// <summary>Cities of the directory as places, with the mass given per code (cities without one are left out).</summary>
    public static IReadOnlyList<GravityPlace> Cities(CityDirectory cities, IReadOnlyDictionary<string, double> massByCity) =>
        cities.All.Where(c => massByCity.ContainsKey(c.Code))
            .Select(c => new GravityPlace(c.Code, c.Latitude, c.Longitude, massByCity[c.Code])).ToArray();

    /// <summary>
    /// Provinces (City.Province) as places: mass is the sum of their cities' masses; location the mass-weighted mean of
    /// their cities' coordinates (the plain mean when every mass is 0). Flows are summed per province pair; moves within a
    /// province disappear. For data whose cities share a location (the kandij import places every US city at its state's
    /// centre, so distances inside a state are 0) this is the level at which distances mean something.
    /// </summary>
    public static (IReadOnlyList<OdFlow> Flows, IReadOnlyList<GravityPlace> Places) ToProvinces(
        IEnumerable<OdFlow> flows, CityDirectory cities, IReadOnlyDictionary<string, double> massByCity)
    {
        string ProvinceOf(string code) => cities.Find(code)?.Province ?? code;
        var places = cities.All.GroupBy(c => c.Province, StringComparer.Ordinal)
            .Select(g =>
            {
                var masses = g.Select(c => massByCity.GetValueOrDefault(c.Code)).ToArray();
                var total = masses.Sum();
                var weights = total > 0 ? masses.Select(m => m / total).ToArray() : masses.Select(_ => 1.0 / masses.Length).ToArray();
                var list = g.ToArray();
                return new GravityPlace(g.Key, list.Select((c, i) => c.Latitude * weights[i]).Sum(),
                    list.Select((c, i) => c.Longitude * weights[i]).Sum(), total);
            })
            .ToArray();
        var aggregated = flows.Select(f => (O: ProvinceOf(f.Origin), D: ProvinceOf(f.Destination), f.Volume))
            .Where(f => f.O != f.D)
            .GroupBy(f => (f.O, f.D))
            .Select(g => new OdFlow(g.Key.O, g.Key.D, g.Sum(f => f.Volume)))
            .ToArray();
        return (aggregated, places);
    }
}
