namespace MatchingPlatform.Core.Geography;

/// <summary>A prefecture-level city (data/cities.csv).</summary>
/// <param name="Code">Lowercase pinyin slug, e.g. <c>shenyang</c>.</param>
/// <param name="AdminCode">Official 4-digit prefecture code, e.g. 2101.</param>
/// <param name="Population">Resident population, 2020 census.</param>
public sealed record City(
    string Code, string NameEn, string NameZh, string Province, string AdminCode,
    double Latitude, double Longitude, long Population, bool InLiaoning);

/// <summary>Great-circle distances between cities.</summary>
public static class GeoDistance
{
    private const double EarthRadiusKm = 6371.0088;

    public static double Kilometres(City a, City b) => Kilometres(a.Latitude, a.Longitude, b.Latitude, b.Longitude);

    /// <summary>Haversine distance in kilometres.</summary>
    public static double Kilometres(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double deg) => deg * Math.PI / 180.0;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
              + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
