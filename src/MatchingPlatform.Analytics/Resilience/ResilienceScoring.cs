using MatchingPlatform.Data.Resilience;

namespace MatchingPlatform.Analytics.Resilience;

/// <summary>The indicator values of a range as read (no imputation) and the index computed from them.</summary>
public sealed record ResilienceScored(IReadOnlyList<IndicatorObservation> Observations, ResilienceResult Result);

/// <summary>
/// Reads the indicator values of a quarter range through Data's repository (SQL aggregation plus imported values)
/// and scores them with <see cref="ResilienceIndex"/>. The server's ResilienceService and snapshot job and matchctl's
/// resilience report all score this way.
/// </summary>
public static class ResilienceScoring
{
    public static async Task<ResilienceResult> ComputeAsync(ResilienceRepository repository, Quarter from, Quarter to, CancellationToken ct) =>
        (await ScoreAsync(repository, from, to, includeExternal: true, ct)).Result;

    /// <summary>
    /// The values read (as observed, before any imputation) and the index scored from them. Without
    /// <paramref name="includeExternal"/> the imported indicators are left out (the index of the platform's own ones:
    /// they show as missing, weight 0). The policy panel uses this when it needs an indicator's observed values too.
    /// </summary>
    public static async Task<ResilienceScored> ScoreAsync(ResilienceRepository repository, Quarter from, Quarter to, bool includeExternal, CancellationToken ct)
    {
        var values = await repository.ValuesAsync(from, to, ct);
        var observations = values
            .Where(v => includeExternal || ResilienceIndicators.Find(v.Indicator)?.Source != IndicatorSource.External)
            .Select(v => new IndicatorObservation(v.CityCode, v.Quarter.ToString(), v.Indicator, v.Value)).ToArray();
        return new ResilienceScored(observations, ResilienceIndex.Compute(observations));
    }

    /// <summary>A quarter's snapshot scores: the index and dimensions per city, scored over the quarters from <paramref name="from"/> to it (what was known then).</summary>
    public static async Task<IReadOnlyList<CityResilienceScores>> SnapshotScoresAsync(ResilienceRepository repository, Quarter from, Quarter quarter, CancellationToken ct) =>
        ResilienceSnapshotScores.Of(await ComputeAsync(repository, from, quarter, ct), quarter.ToString())
            .Select(s => new CityResilienceScores(s.City, s.Scores)).ToArray();
}
