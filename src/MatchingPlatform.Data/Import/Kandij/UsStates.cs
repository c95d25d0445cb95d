using System.Globalization;

namespace MatchingPlatform.Data.Import.Kandij;

/// <summary>A US state (or DC) from data/us_states.csv: postal code, approximate geographic centre, 2020 census population.</summary>
public sealed record UsState(string Code, string Name, double Latitude, double Longitude, long Population);

/// <summary>The shipped table of US states, looked up by two-letter postal code.</summary>
public sealed class UsStates
{
    public const string FileName = "us_states.csv";

    private readonly Dictionary<string, UsState> _byCode;

    public UsStates(IEnumerable<UsState> states) =>
        _byCode = states.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<UsState> All => _byCode.Values;

    public UsState? Find(string? code) => code is null ? null : _byCode.GetValueOrDefault(code.Trim());

    /// <summary>Loads <c>us_states.csv</c> from the shipped data folder (<see cref="Reference.ReferenceData.ResolveDataDirectory"/>).</summary>
    public static UsStates Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return new UsStates(CsvTable.Read(path, null, "code", "name", "latitude", "longitude", "population").Select(r =>
        {
            try
            {
                return new UsState(r["code"]!, r["name"]!,
                    double.Parse(r["latitude"]!, CultureInfo.InvariantCulture), double.Parse(r["longitude"]!, CultureInfo.InvariantCulture),
                    long.Parse(r["population"]!, CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentNullException or OverflowException)
            {
                throw new InvalidDataException($"{path}:{r.Line}: {ex.Message}", ex);
            }
        }).ToList());
    }
}
