using MatchingPlatform.Core.Geography;

namespace MatchingPlatform.Data.Import.Kandij;

/// <summary>
/// The platform cities of a US log: one per (city, state) pair seen, code <c>us-&lt;state&gt;-&lt;city slug&gt;</c>.
/// The log gives names only, so two approximations stand in for facts the platform's gravity and distance
/// features need. Coordinates are the state's geographic centre, so distances between cities of one
/// state are 0 and between states are centre to centre. Population (the schema requires a positive one)
/// is the state's 2020 population split evenly over the state's cities seen in the log: a rough mass for
/// gravity models, not a census figure.
/// </summary>
internal sealed class UsCities
{
    private const int MaxSlugLength = 48;

    private readonly List<City> _all = [];

    public UsCities(UsStates states, IEnumerable<(string? City, string? State)> seen)
    {
        // Insertion-ordered: the first spelling of a city names it ("New York" before "new york").
        var named = new List<(string Code, string Name, UsState State)>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (city, stateCode) in seen)
            if (Code(city, stateCode, states) is { } code && codes.Add(code))
                named.Add((code, city!.Trim(), states.Find(stateCode)!));
        var perState = named.GroupBy(v => v.State.Code).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (code, name, state) in named)
        {
            var label = $"{name}, {state.Code}";
            // No Chinese names exist for these cities; the English label fills the column.
            _all.Add(new City(code, label, label, state.Name, "US-" + state.Code, state.Latitude, state.Longitude,
                Math.Max(1, state.Population / perState[state.Code]), InLiaoning: false));
        }
    }

    /// <summary>In the order first seen.</summary>
    public IReadOnlyList<City> All => _all;

    /// <summary>The city code for a (city, state code) pair; null when the state is not a US state or the city name has no letters or digits.</summary>
    public static string? Code(string? city, string? stateCode, UsStates states)
    {
        if (string.IsNullOrWhiteSpace(city) || states.Find(stateCode) is not { } state) return null;
        var slug = AsciiText.Slug(city, MaxSlugLength);
        return slug.Length == 0 ? null : $"us-{state.Code.ToLowerInvariant()}-{slug}";
    }
}
