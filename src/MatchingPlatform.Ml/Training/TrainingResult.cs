using System.Security.Cryptography;
using System.Text;
using MatchingPlatform.Ml.Ranking;

namespace MatchingPlatform.Ml.Training;

public enum TrainingStage
{
    Labelling = 1,
    FactorModel = 2,
    Features = 3,
    Ranker = 4,
    Done = 5,
    /// <summary>The evaluator ranking its test workers, after training.</summary>
    Evaluating = 6,
}

/// <summary>A progress report: the stage entered and what it is doing, for a CLI to print.</summary>
public sealed record TrainingProgress(TrainingStage Stage, string Message);

/// <summary>Sizes of what one training run read and built.</summary>
public sealed record TrainingCounts
{
    public int Interactions { get; init; }
    public int Workers { get; init; }
    public int Vacancies { get; init; }
    /// <summary>Logged (worker, vacancy) pairs with both sides known, and those left out because a side was unknown.</summary>
    public int LabeledPairs { get; init; }
    public int UnknownPairs { get; init; }
    /// <summary>Factor-model examples (distinct pairs over both directions) and the positives among them.</summary>
    public int FactorExamples { get; init; }
    public int FactorPositives { get; init; }
    /// <summary>LambdaRank groups and rows per direction, after dropping groups without any grade above 0.</summary>
    public int VacancyGroups { get; init; }
    public int VacancyRows { get; init; }
    public int CandidateGroups { get; init; }
    public int CandidateRows { get; init; }
}

/// <summary>What a training run produced besides the model: for the model's metadata and the CLI.</summary>
/// <param name="DataHash">SHA-256 of the training data (see <see cref="TrainingDataHash"/>).</param>
public sealed record TrainingSummary(string DataHash, TrainingCounts Counts, int Seed, double Seconds);

/// <summary>A trained, not yet saved, model: serve <see cref="Ranker"/> directly or hand this to the model store.</summary>
public sealed record TrainedRanker(LightGbmRanker Ranker, TrainingSummary Summary);

/// <summary>
/// A fingerprint of the training data: the interactions (id, worker, vacancy, type, time) and the parts of each
/// profile that features read (city, skills or requirements, education, experience, salary, dates, status), all in
/// id order, so two runs on the same data hash alike whatever order the caller listed it in.
/// </summary>
public static class TrainingDataHash
{
    public static string Compute(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Line(FormattableString s) => sha.AppendData(Encoding.UTF8.GetBytes(FormattableString.Invariant(s) + "\n"));
        foreach (var i in data.Interactions.OrderBy(i => i.Id).ThenBy(i => i.OccurredAt))
            Line($"i|{i.Id}|{i.WorkerId}|{i.VacancyId}|{(int)i.Type}|{i.OccurredAt.UtcTicks}");
        foreach (var w in data.Workers.OrderBy(w => w.Id, StringComparer.Ordinal))
            Line($"w|{w.Id}|{w.Version}|{w.CityCode}|{(int)w.Education}|{w.ExperienceYears}|{w.SalaryWishMonthly}|{w.CreatedAt.UtcTicks}|{string.Join(',', w.Skills.Select(s => $"{s.SkillCode}:{s.Level}"))}|{string.Join(',', w.History.Select(h => $"{h.IndustryCode}:{h.OccupationCode}"))}");
        foreach (var v in data.Vacancies.OrderBy(v => v.Id, StringComparer.Ordinal))
            Line($"v|{v.Id}|{(int)v.Status}|{v.CityCode}|{v.IndustryCode}|{v.OccupationCode}|{(int)v.MinEducation}|{v.MinExperienceYears}|{v.SalaryMinMonthly}|{v.SalaryMaxMonthly}|{v.PostedAt.UtcTicks}|{v.ClosedAt?.UtcTicks}|{string.Join(',', v.Requirements.Select(r => $"{r.SkillCode}:{r.Level}:{r.Importance}"))}");
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
