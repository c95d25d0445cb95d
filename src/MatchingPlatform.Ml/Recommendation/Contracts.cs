using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Retrieval;

namespace MatchingPlatform.Ml.Recommendation;

/// <summary>Filters for RecommendVacancies, applied during retrieval (before top-N), mirroring talent.v1.VacancyFilter.</summary>
public sealed record VacancyQuery
{
    public static readonly VacancyQuery None = new();

    /// <summary>Only vacancies in these cities; empty means anywhere.</summary>
    public IReadOnlyCollection<string> Cities { get; init; } = [];
    public bool LiaoningOnly { get; init; }
    /// <summary>Only vacancies whose SalaryMaxMonthly reaches this; 0 means the worker's SalaryWishMonthly, if set.</summary>
    public int MinSalaryMonthly { get; init; }
    /// <summary>Only vacancies in these industries; empty means any.</summary>
    public IReadOnlyCollection<string> Industries { get; init; } = [];
    /// <summary>Only vacancies within this many km of the worker's city; 0 means no limit.</summary>
    public double MaxDistanceKm { get; init; }
}

/// <summary>Filters for RecommendCandidates, mirroring talent.v1.CandidateFilter.</summary>
public sealed record CandidateQuery
{
    public static readonly CandidateQuery None = new();

    /// <summary>Only workers in these cities; empty means anywhere.</summary>
    public IReadOnlyCollection<string> Cities { get; init; } = [];
    /// <summary>Also return workers who are not actively seeking.</summary>
    public bool IncludePassive { get; init; }
}

/// <summary>Tuning of the request path; bind from configuration and call <see cref="Validate"/> at start-up.</summary>
public sealed record RecommendationOptions
{
    /// <summary>
    /// Candidates retrieval hands to the ranker (the N of top-N); at least k are always retrieved. 100: the retrieval
    /// depth the evaluation uses (EvaluationOptions.RetrievalCandidates), so the server retrieves as deep as the
    /// ranker's quality was measured; features and ranking cost per candidate, and at 300 they were most of a
    /// request with the learned ranker (README, "Performance").
    /// </summary>
    public int RetrievalCandidates { get; init; } = DefaultRetrievalCandidates;
    public const int DefaultRetrievalCandidates = 100;
    /// <summary>
    /// Most postings one retrieval reads before it stops reading its query's most common skills (0: no budget, exact);
    /// see <see cref="Retrieval.SkillIndex{T}.PostingBudget"/>. It bounds a request's cost whatever the catalogue size.
    /// </summary>
    public long PostingBudget { get; init; } = DefaultPostingBudget;
    public const long DefaultPostingBudget = 0;
    /// <summary>Largest k a caller may ask for (the wire contract allows 1..100).</summary>
    public int MaxK { get; init; } = 100;
    /// <summary>Training programmes attached to each gap.</summary>
    public int ProgrammesPerGap { get; init; } = 3;

    public void Validate()
    {
        if (RetrievalCandidates < 1) throw new ArgumentOutOfRangeException(nameof(RetrievalCandidates), RetrievalCandidates, "must be at least 1");
        if (PostingBudget < 0) throw new ArgumentOutOfRangeException(nameof(PostingBudget), PostingBudget, "must not be negative (0: no budget)");
        if (MaxK < 1) throw new ArgumentOutOfRangeException(nameof(MaxK), MaxK, "must be at least 1");
        if (ProgrammesPerGap < 0) throw new ArgumentOutOfRangeException(nameof(ProgrammesPerGap), ProgrammesPerGap, "must not be negative");
    }
}

/// <summary>One feature behind a score: its value and its share of the ranker's total absolute attribution.</summary>
public sealed record FeatureContribution(string Name, double Value, double Contribution);

/// <summary>Why an item was recommended.</summary>
/// <param name="Summary">One line of English, e.g. "Holds 4 of 6 required skills (python, sql, ...); missing machine-learning; same city".</param>
/// <param name="Features">Every feature of <see cref="MatchFeatures.Names"/>, in that order.</param>
/// <param name="MatchedSkills">Required skills the worker holds at the level asked, in requirement order.</param>
/// <param name="SkillContributions">What each shared skill earned in retrieval, largest first; they add up to the retrieval score.</param>
public sealed record MatchExplanation(
    string Summary,
    IReadOnlyList<FeatureContribution> Features,
    IReadOnlyList<string> MatchedSkills,
    IReadOnlyList<SkillContribution> SkillContributions);

/// <summary>A missing skill or level deficit, with the taxonomy entry (for names) and the programmes that close it.</summary>
public sealed record RecommendedGap(SkillGapItem Gap, Skill? Skill, IReadOnlyList<TrainingProgramme> Programmes);

/// <summary>Which ranker ordered a list, and whether it was the fallback.</summary>
public sealed record RankingInfo(string Ranker, string? ModelVersion, bool Fallback, string? Note, int CandidatesConsidered)
{
    public const string FallbackNote = "no learned model loaded: ordered by retrieval score";
}

public sealed record VacancyRecommendation(
    int Rank, double Score, double RetrievalScore, Vacancy Vacancy, string? EnterpriseName,
    double DistanceKm, double Coverage, MatchExplanation Explanation, IReadOnlyList<RecommendedGap> Gaps, FeatureVector Features);

public sealed record CandidateRecommendation(
    int Rank, double Score, double RetrievalScore, Worker Worker,
    double DistanceKm, double Coverage, MatchExplanation Explanation, IReadOnlyList<RecommendedGap> Gaps, FeatureVector Features);

public sealed record VacancyRecommendations(IReadOnlyList<VacancyRecommendation> Recommendations, RankingInfo Ranking);

public sealed record CandidateRecommendations(IReadOnlyList<CandidateRecommendation> Candidates, RankingInfo Ranking);
