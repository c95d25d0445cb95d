using MatchingPlatform.Data.Resilience;

namespace MatchingPlatform.Analytics.Resilience;

/// <summary>
/// Reads the indicator values of a quarter range through Data's repository (SQL aggregation plus imported values)
/// and scores them with <see cref="ResilienceIndex"/>. The server's ResilienceService and snapshot job and matchctl's
/// resilience report all score this way.
/// </summary>
public static class ResilienceScoring
{
    public static async Task<ResilienceResult> ComputeAsync(ResilienceRepository repository, Quarter from, Quarter to, CancellationToken ct)
    {
        var values = await repository.ValuesAsync(from, to, ct);
        return ResilienceIndex.Compute(values.Select(v => new IndicatorObservation(v.CityCode, v.Quarter.ToString(), v.Indicator, v.Value)).ToArray());
    }

    /// <summary>A quarter's snapshot scores: the index and dimensions per city, scored over the quarters from <paramref name="from"/> to it (what was known then).</summary>
    public static async Task<IReadOnlyList<CityResilienceScores>> SnapshotScoresAsync(ResilienceRepository repository, Quarter from, Quarter quarter, CancellationToken ct) =>
        ResilienceSnapshotScores.Of(await ComputeAsync(repository, from, quarter, ct), quarter.ToString())
            .Select(s => new CityResilienceScores(s.City, s.Scores)).ToArray();
}
