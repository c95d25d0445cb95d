using MatchingPlatform.Core.Demo;

namespace MatchingPlatform.Analytics.Resilience;

/// <summary>
/// Synthetic values of the two external indicators for the demo dataset: NOT real statistics. The platform holds no
/// unemployment-insurance or training-completion records, and no sourced city-quarter series of them ships with the
/// project, so the demo generates them from the demo's own calibration (<see cref="CalibrationProfile"/>):
/// unemployment-insurance coverage is higher in the digital hubs (Shenyang, Dalian: 0.78) than elsewhere (0.52-0.68
/// by city) and creeps up 0.4 points a quarter; training completion is 0.62-0.74 by city and 8 points higher in the
/// training-subsidy pilot cities from the pilot's quarter on. Each value has deterministic noise of up to ±2 points
/// (a stable hash of city, quarter and indicator), so the same inputs always give the same file.
/// </summary>
public static class DemoExternalIndicators
{
    /// <param name="cities">City codes.</param>
    /// <param name="periods">Quarters as "YYYY-Qn", in order.</param>
    /// <param name="pilotFrom">The first quarter of the training-subsidy pilot ("YYYY-Qn"), or null for none.</param>
    public static IReadOnlyList<IndicatorObservation> Generate(IEnumerable<string> cities, IReadOnlyList<string> periods, string? pilotFrom)
    {
        var result = new List<IndicatorObservation>();
        foreach (var city in cities)
            for (var t = 0; t < periods.Count; t++)
            {
                var period = periods[t];
                var hub = CalibrationProfile.DigitalHubCities.Contains(city);
                var coverage = (hub ? 0.78 : 0.52 + 0.16 * Unit(city, "ui")) + 0.004 * t + 0.02 * Noise(city, period, ResilienceIndicators.UnemploymentInsuranceCoverage);
                var pilot = pilotFrom is not null && CalibrationProfile.PilotCities.Contains(city) && string.CompareOrdinal(period, pilotFrom) >= 0;
                var completion = 0.62 + 0.12 * Unit(city, "tc") + (pilot ? 0.08 : 0) + 0.02 * Noise(city, period, ResilienceIndicators.TrainingCompletionRate);
                result.Add(new IndicatorObservation(city, period, ResilienceIndicators.UnemploymentInsuranceCoverage, Math.Round(Math.Clamp(coverage, 0, 1), 4)));
                result.Add(new IndicatorObservation(city, period, ResilienceIndicators.TrainingCompletionRate, Math.Round(Math.Clamp(completion, 0, 1), 4)));
            }
        return result;
    }

    /// <summary>A stable number in [0, 1) from the parts (FNV-1a; string.GetHashCode differs between runs).</summary>
    private static double Unit(params string[] parts)
    {
        var h = 2166136261u;
        foreach (var part in parts)
        {
            foreach (var ch in part) { h ^= ch; h *= 16777619u; }
            h ^= 0x1f; h *= 16777619u;
        }
        return (h % 1_000_000u) / 1_000_000.0;
    }

    private static double Noise(string city, string period, string indicator) => 2 * Unit(city, period, indicator) - 1;
}
