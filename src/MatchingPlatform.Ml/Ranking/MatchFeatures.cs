using System.Collections.Immutable;
using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Ml.Ranking;

/// <summary>
/// The features of one (worker, vacancy) pair, named once here: the explanation lists them under these names
/// and a learned ranker is trained and served on exactly this column order.
/// </summary>
public static class MatchFeatures
{
    public const int SkillOverlap = 0;
    public const int Coverage = 1;
    public const int LevelDeficitSum = 2;
    public const int MissingCount = 3;
    public const int SameCity = 4;
    public const int DistanceKm = 5;
    public const int SalaryFit = 6;
    public const int ExperienceFit = 7;
    public const int EducationFit = 8;
    public const int VacancyAgeDays = 9;
    /// <summary>The factor model's logit for the pair; NaN when no factor model is loaded.</summary>
    public const int FactorScore = 10;
    /// <summary>ln(1 + workers who engaged with the vacancy in the training window before the pair's time); NaN without a model.</summary>
    public const int VacancyPopularity = 11;

    /// <summary>
    /// Feature names by index. Append only: the indices are the learned ranker's column order, and the model store
    /// refuses a stored model whose list differs from this one rather than feed it misplaced columns.
    /// </summary>
    public static readonly ImmutableArray<string> Names =
    [
        "skill_overlap",
        "coverage",
        "level_deficit_sum",
        "missing_count",
        "same_city",
        "distance_km",
        "salary_fit",
        "experience_fit",
        "education_fit",
        "vacancy_age_days",
        "factor_score",
        "vacancy_popularity",
    ];

    public static int Count => Names.Length;
}

/// <summary>One pair's feature values, indexed by the constants of <see cref="MatchFeatures"/>. Immutable.</summary>
public sealed class FeatureVector
{
    private readonly double[] _values;

    public FeatureVector(ReadOnlySpan<double> values)
    {
        if (values.Length != MatchFeatures.Count)
            throw new ArgumentException($"expected {MatchFeatures.Count} feature values, got {values.Length}", nameof(values));
        _values = values.ToArray();
    }

    public double this[int index] => _values[index];
    public ReadOnlySpan<double> Values => _values;

    public double SkillOverlap => _values[MatchFeatures.SkillOverlap];
    public double Coverage => _values[MatchFeatures.Coverage];
    public double LevelDeficitSum => _values[MatchFeatures.LevelDeficitSum];
    public double MissingCount => _values[MatchFeatures.MissingCount];
    public bool SameCity => _values[MatchFeatures.SameCity] > 0;
    /// <summary>NaN when a city is unknown to the directory (LightGBM reads NaN as missing).</summary>
    public double DistanceKm => _values[MatchFeatures.DistanceKm];
    public double SalaryFit => _values[MatchFeatures.SalaryFit];
    public double ExperienceFit => _values[MatchFeatures.ExperienceFit];
    public double EducationFit => _values[MatchFeatures.EducationFit];
    public double VacancyAgeDays => _values[MatchFeatures.VacancyAgeDays];
    public double FactorScore => _values[MatchFeatures.FactorScore];
    public double VacancyPopularity => _values[MatchFeatures.VacancyPopularity];

    /// <summary>The values as floats into <paramref name="destination"/> (at least <see cref="MatchFeatures.Count"/> long).</summary>
    public void CopyTo(Span<float> destination)
    {
        for (var i = 0; i < _values.Length; i++) destination[i] = (float)_values[i];
    }

    /// <summary>The values as ML.NET's float vector column wants them.</summary>
    public float[] ToSingles()
    {
        var f = new float[_values.Length];
        for (var i = 0; i < f.Length; i++) f[i] = (float)_values[i];
        return f;
    }
}

/// <summary>
/// What the features read of a pair's skill gaps: <see cref="GapAnalyzer"/>'s coverage, the sum of level deficits and
/// the number of missing skills, computed without building the report (no dictionary or list per candidate: the
/// request path computes it for every retrieved candidate and builds full reports for the k results only).
/// </summary>
public readonly record struct GapStats(double Coverage, int LevelDeficitSum, int MissingCount)
{
    /// <summary>The same values as <see cref="From"/>(<see cref="GapAnalyzer.Analyze"/>(held, required)), bit for bit.</summary>
    public static GapStats Of(IReadOnlyList<SkillLevel> held, IReadOnlyList<SkillRequirement> required)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(required);
        double weighted = 0, total = 0;
        var deficit = 0;
        var missing = 0;
        for (var r = 0; r < required.Count; r++)
        {
            var req = required[r];
            // The highest level held under the code, 0 when not held (as GapAnalyzer's lookup has it).
            var level = 0;
            for (var h = 0; h < held.Count; h++)
                if (string.Equals(held[h].SkillCode, req.SkillCode, StringComparison.Ordinal))
                    level = Math.Max(held[h].Level, level);
            total += req.Importance;
            weighted += req.Importance * Math.Min(level, req.Level) / (double)req.Level;
            if (level >= req.Level) continue;
            deficit += req.Level - level;
            if (level == 0) missing++;
        }
        return new GapStats(total == 0 ? 1.0 : weighted / total, deficit, missing);
    }

    /// <summary>The counts of an existing report.</summary>
    public static GapStats From(SkillGapReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var deficit = 0;
        var missing = 0;
        foreach (var g in report.Gaps)
        {
            deficit += g.Deficit;
            if (g.IsMissing) missing++;
        }
        return new GapStats(report.Coverage, deficit, missing);
    }
}

/// <summary>Computes <see cref="FeatureVector"/>s. Pure: everything that varies (IDF, distance, clock) comes in as arguments.</summary>
public static class FeatureExtractor
{
    /// <param name="skillOverlap">The normalised IDF-weighted overlap of the pair, as retrieval scored it.</param>
    /// <param name="gaps">GapAnalyzer's report for the worker's skills against the vacancy's requirements.</param>
    /// <param name="distanceKm">Distance between the two cities; NaN when unknown.</param>
    /// <param name="now">The request time (when training, the logged time of the pair), for the vacancy's age.</param>
    /// <param name="learned">What trained state says about the pair: <see cref="PairSignals.Unknown"/> without a model.</param>
    public static FeatureVector Extract(
        Worker worker, Vacancy vacancy, double skillOverlap, SkillGapReport gaps, double distanceKm, DateTimeOffset now,
        PairSignals learned) =>
        Extract(worker, vacancy, skillOverlap, GapStats.From(gaps), distanceKm, now, learned);

    /// <param name="gaps">The gap counts of the pair (<see cref="GapStats.Of"/>), which is all the features read of the gap report.</param>
    public static FeatureVector Extract(
        Worker worker, Vacancy vacancy, double skillOverlap, GapStats gaps, double distanceKm, DateTimeOffset now,
        PairSignals learned)
    {
        Span<double> v = stackalloc double[MatchFeatures.Count];
        v[MatchFeatures.SkillOverlap] = skillOverlap;
        v[MatchFeatures.Coverage] = gaps.Coverage;
        v[MatchFeatures.LevelDeficitSum] = gaps.LevelDeficitSum;
        v[MatchFeatures.MissingCount] = gaps.MissingCount;
        v[MatchFeatures.SameCity] = string.Equals(worker.CityCode, vacancy.CityCode, StringComparison.Ordinal) ? 1 : 0;
        v[MatchFeatures.DistanceKm] = distanceKm;
        v[MatchFeatures.SalaryFit] = SalaryFit(worker.SalaryWishMonthly, vacancy.SalaryMinMonthly, vacancy.SalaryMaxMonthly);
        v[MatchFeatures.ExperienceFit] = ExperienceFit(worker.ExperienceYears, vacancy.MinExperienceYears);
        v[MatchFeatures.EducationFit] = EducationFit(worker.Education, vacancy.MinEducation);
        v[MatchFeatures.VacancyAgeDays] = vacancy.PostedAt == default ? 0 : Math.Max(0, (now - vacancy.PostedAt).TotalDays);
        v[MatchFeatures.FactorScore] = learned.FactorScore;
        v[MatchFeatures.VacancyPopularity] = learned.Popularity;
        return new FeatureVector(v);
    }

    /// <summary>
    /// How well the vacancy's range meets the worker's lowest acceptable salary, in [0,1]: 1 when even the bottom
    /// of the range meets it; falling linearly to 0.5 as the wish climbs to the top of the range; above the range,
    /// 0.5 x max / wish, so the fit keeps shrinking with the shortfall (continuous at the top of the range).
    /// No wish: 1 (any salary is acceptable). No stated range (max 0): 0.5, neither good nor bad.
    /// </summary>
    public static double SalaryFit(int? wishMonthly, int salaryMinMonthly, int salaryMaxMonthly)
    {
        if (wishMonthly is not { } wish || wish <= 0) return 1;
        if (salaryMaxMonthly <= 0) return 0.5;
        var min = Math.Clamp(salaryMinMonthly, 0, salaryMaxMonthly);
        if (wish <= min) return 1;
        if (wish <= salaryMaxMonthly) return 1 - 0.5 * (wish - min) / (salaryMaxMonthly - min);
        return 0.5 * salaryMaxMonthly / wish;
    }

    /// <summary>Years held over years asked, capped at 1; 1 when the vacancy asks for none.</summary>
    public static double ExperienceFit(int experienceYears, int minExperienceYears) =>
        minExperienceYears <= 0 ? 1 : Math.Clamp((double)experienceYears / minExperienceYears, 0, 1);

    /// <summary>
    /// 1 when the worker meets the minimum; otherwise 1 - (levels short) / (level asked). An unstated education
    /// is unknown rather than none, so it scores 0.5.
    /// </summary>
    public static double EducationFit(Education held, Education minimum)
    {
        if (minimum == Education.Unspecified || held >= minimum) return 1;
        if (held == Education.Unspecified) return 0.5;
        return Math.Clamp(1 - (double)(minimum - held) / (int)minimum, 0, 1);
    }
}
