using System.Globalization;
using MatchingPlatform.Analytics.Resilience;
using MatchingPlatform.Data.Resilience;

namespace MatchingPlatform.Analytics.Policy;

/// <summary>
/// An outcome taken from the workforce-resilience index for a policy panel: the index itself, one dimension's score
/// (both 0..100, as <see cref="ResilienceIndex"/> computes them), or one indicator's value as observed (raw units,
/// never the index's imputed mean).
/// </summary>
public sealed record ResilienceOutcome
{
    /// <summary>The name of the overall index outcome.</summary>
    public const string IndexName = "resilience-index";

    private ResilienceOutcome(string name, ResilienceDimension? dimension, ResilienceIndicator? indicator)
    {
        Name = name;
        Dimension = dimension;
        Indicator = indicator;
    }

    /// <summary><see cref="IndexName"/>, a dimension name (resistance, ...) or an indicator code (reemployment_rate, ...).</summary>
    public string Name { get; }

    /// <summary>Set for a dimension score.</summary>
    public ResilienceDimension? Dimension { get; }

    /// <summary>Set for a single indicator.</summary>
    public ResilienceIndicator? Indicator { get; }

    public static ResilienceOutcome Index { get; } = new(IndexName, null, null);

    /// <summary>Every accepted name: the index, the four dimensions, the twelve indicator codes.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [IndexName, .. ResilienceIndicators.Dimensions.Select(ResilienceIndicators.Name), .. ResilienceIndicators.All.Select(i => i.Code)];

    /// <summary>The outcome called <paramref name="name"/> (case-insensitive), or null when there is none.</summary>
    public static ResilienceOutcome? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        if (key == IndexName) return Index;
        foreach (var d in ResilienceIndicators.Dimensions)
            if (key == ResilienceIndicators.Name(d)) return new ResilienceOutcome(key, d, null);
        return ResilienceIndicators.Find(key) is { } indicator ? new ResilienceOutcome(key, null, indicator) : null;
    }

    /// <summary>A line describing the outcome's scale, for titles.</summary>
    public string Description => Indicator is { } i
        ? $"indicator {i.Code} ({i.Unit}, {(i.Direction == IndicatorDirection.HigherIsBetter ? "higher" : "lower")} is more resilient; observed values, not imputed)"
        : Dimension is { } d ? $"{ResilienceIndicators.Name(d)} dimension score (0-100)" : "workforce-resilience index (0-100)";

    /// <summary>
    /// The outcome per (city, quarter) present in <paramref name="result"/> (index, dimension) or in
    /// <paramref name="observations"/> (indicator: observed values only). A dimension without an included indicator
    /// yields nothing.
    /// </summary>
    public IEnumerable<CityQuarterValue> ValuesOf(ResilienceResult result, IReadOnlyList<IndicatorObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(observations);
        if (Indicator is { } indicator)
            return observations.Where(o => o.Indicator == indicator.Code).Select(o => new CityQuarterValue(o.City, Quarter.Parse(o.Period), o.Value));
        if (Dimension is { } d)
            return result.Scores.Where(s => s.Dimensions.ContainsKey(d)).Select(s => new CityQuarterValue(s.City, Quarter.Parse(s.Period), s.Dimensions[d]));
        return result.Scores.Select(s => new CityQuarterValue(s.City, Quarter.Parse(s.Period), s.Index));
    }
}

/// <summary>A value of a city in a quarter.</summary>
public sealed record CityQuarterValue(string City, Quarter Quarter, double Value);

/// <summary>A (city, quarter) of the panel's grid that has no value.</summary>
public sealed record MissingCell(string City, Quarter Quarter)
{
    public override string ToString() => $"{City} {Quarter}";
}

/// <summary>
/// A city × quarter policy panel: one observation per city and quarter that has a value (periods are quarter
/// ordinals, <see cref="Quarter.Ordinal"/>, so event time counts quarters), the treated cities' first treated quarter,
/// and every cell of the grid without a value. Missing cells are listed, never filled:
/// <see cref="PolicyPanel.Create"/> then drops the cities they belong to (balanced panel) with a note.
/// </summary>
public sealed record CityQuarterPanel(IReadOnlyList<PanelObservation> Observations, IReadOnlyList<string> Cities, IReadOnlyList<Quarter> Quarters,
    IReadOnlyList<string> Treated, Quarter TreatedFrom, IReadOnlyList<MissingCell> Missing)
{
    /// <summary>Cities with at least one missing quarter, in city order.</summary>
    public IReadOnlyList<string> IncompleteCities => Missing.Select(m => m.City).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>A panel period (quarter ordinal) as "2025-Q4".</summary>
    public static string Label(int period) => Quarter.FromOrdinal(period).ToString();

    /// <summary>
    /// The panel of <paramref name="values"/> over <paramref name="cities"/> × <paramref name="quarters"/>: treated
    /// cities get <paramref name="treatedFrom"/> as their first treated period, the others none. Values of quarters
    /// outside the window are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The quarters are empty or not consecutive; <paramref name="treatedFrom"/> is not after the first quarter or is
    /// after the last (the panel needs a pre-treatment period and a treated one); a treated city or a value's city is
    /// not among <paramref name="cities"/>; a (city, quarter) has two values; a value is not finite.
    /// </exception>
    public static CityQuarterPanel Build(IEnumerable<CityQuarterValue> values, IReadOnlyList<string> cities, IReadOnlyList<Quarter> quarters,
        IReadOnlyCollection<string> treatedCities, Quarter treatedFrom)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(cities);
        ArgumentNullException.ThrowIfNull(quarters);
        ArgumentNullException.ThrowIfNull(treatedCities);
        if (quarters.Count == 0) throw new ArgumentException("the window has no quarter");
        for (var t = 1; t < quarters.Count; t++)
            if (quarters[t].Ordinal != quarters[t - 1].Ordinal + 1)
                throw new ArgumentException($"the quarters must be consecutive ({quarters[t - 1]} is followed by {quarters[t]})");
        if (treatedFrom.CompareTo(quarters[0]) <= 0 || treatedFrom.CompareTo(quarters[^1]) > 0)
            throw new ArgumentException(
                $"the first treated quarter {treatedFrom} must lie after the window's first quarter and within it ({quarters[0]}..{quarters[^1]})");
        var citySet = cities.ToHashSet(StringComparer.Ordinal);
        if (citySet.Count != cities.Count) throw new ArgumentException("a city is listed twice");
        if (treatedCities.FirstOrDefault(c => !citySet.Contains(c)) is { } stranger)
            throw new ArgumentException($"treated city '{stranger}' is not one of the panel's cities ({string.Join(", ", cities)})");
        var treated = treatedCities.ToHashSet(StringComparer.Ordinal);

        var cell = new Dictionary<(string City, Quarter Quarter), double>();
        foreach (var v in values)
        {
            if (v.Quarter.CompareTo(quarters[0]) < 0 || v.Quarter.CompareTo(quarters[^1]) > 0) continue;
            if (!citySet.Contains(v.City)) throw new ArgumentException($"value of city '{v.City}', which is not one of the panel's cities");
            if (!double.IsFinite(v.Value)) throw new ArgumentException($"{v.City} {v.Quarter}: the value is not a finite number ({v.Value})");
            if (!cell.TryAdd((v.City, v.Quarter), v.Value)) throw new ArgumentException($"{v.City} {v.Quarter}: two values");
        }

        var ordered = cities.Order(StringComparer.Ordinal).ToArray();
        var observations = new List<PanelObservation>(cell.Count);
        var missing = new List<MissingCell>();
        foreach (var city in ordered)
            foreach (var q in quarters)
            {
                if (cell.TryGetValue((city, q), out var value))
                    observations.Add(new PanelObservation(city, q.Ordinal, value, treated.Contains(city) ? treatedFrom.Ordinal : null));
                else
                    missing.Add(new MissingCell(city, q));
            }
        return new CityQuarterPanel(observations, ordered, quarters.ToArray(), treated.Order(StringComparer.Ordinal).ToArray(), treatedFrom, missing);
    }
}

/// <summary>
/// The platform's resilience index (or a dimension, or an indicator) as a city × quarter policy panel around a pilot:
/// the calendar quarter containing the pilot start is the first treated quarter, the window is
/// <c>quarters</c> quarters before it and <c>quarters</c> from it on, cut to the data's complete quarters
/// (<see cref="ResilienceRepository.DataQuartersAsync"/>: a partial quarter's counts look like a slump). The index is
/// scored by the one composition (<see cref="ResilienceScoring"/>, <see cref="ResilienceIndex"/>) over exactly the
/// window's quarters, so the min-max bounds and entropy weights are fitted on the window's pooled city-quarters,
/// before and after the pilot start alike — the same as <c>matchctl report resilience --from --to</c>. Without
/// <c>includeExternal</c> the imported indicators are left out of the index.
/// </summary>
/// <param name="Panel">The panel and its missing cells.</param>
/// <param name="Scores">The index over the window (weights, imputed counts) the outcome came from.</param>
/// <param name="Requested">The window before the cut to the data's complete quarters.</param>
/// <param name="LeftOut">Requested quarters outside the data's complete quarters, with the reason.</param>
public sealed record ResiliencePolicyPanel(CityQuarterPanel Panel, ResilienceResult Scores, IReadOnlyList<Quarter> Requested,
    IReadOnlyList<string> LeftOut)
{
    /// <exception cref="InvalidOperationException">The database has no complete quarter, or too little of the window remains.</exception>
    /// <exception cref="ArgumentException">See <see cref="CityQuarterPanel.Build"/> (e.g. a treated city that is not a Liaoning city).</exception>
    public static async Task<ResiliencePolicyPanel> BuildAsync(ResilienceRepository repository, ResilienceOutcome outcome,
        IReadOnlyCollection<string> treatedCities, DateTimeOffset pilotStart, int quarters, bool includeExternal, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarters, 1);
        var first = Quarter.Containing(pilotStart);
        var requested = Quarter.Range(Quarter.FromOrdinal(first.Ordinal - quarters), Quarter.FromOrdinal(first.Ordinal + quarters - 1));
        var data = await repository.DataQuartersAsync(ct)
            ?? throw new InvalidOperationException("the database has no complete quarter of interactions: load data first (matchctl demo-data)");
        var window = requested.Where(q => q.CompareTo(data.From) >= 0 && q.CompareTo(data.To) <= 0).ToArray();
        var leftOut = requested.Except(window).Select(q => string.Create(CultureInfo.InvariantCulture,
            $"{q}: outside the data's complete quarters {data.From}..{data.To} ({(q.CompareTo(data.From) < 0 ? "before the data, or its first weeks are missing" : "not ended yet, or after the data")})")).ToArray();
        if (window.Length == 0 || first.CompareTo(window[0]) <= 0 || first.CompareTo(window[^1]) > 0)
            throw new InvalidOperationException(
                $"the window {requested[0]}..{requested[^1]} around the pilot's first quarter {first} has no quarter before it or none from it within the data's complete quarters {data.From}..{data.To}");

        var scored = await ResilienceScoring.ScoreAsync(repository, window[0], window[^1], includeExternal, ct);
        var cities = await repository.LiaoningCityListAsync(ct);
        var panel = CityQuarterPanel.Build(outcome.ValuesOf(scored.Result, scored.Observations), cities, window, treatedCities, first);
        return new ResiliencePolicyPanel(panel, scored.Result, requested, leftOut);
    }
}
