using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using Microsoft.Extensions.Options;

namespace MatchingPlatform.Server.Infrastructure;

internal static class RecommendationEngineFactory
{
    /// <summary>
    /// The engine starts with the retrieval-score ranker; a learned ranker is swapped into the
    /// <see cref="RankerHolder"/> when one is trained and loaded.
    /// </summary>
    public static RecommendationEngine Create(IServiceProvider sp)
    {
        var platform = sp.GetRequiredService<IOptions<PlatformOptions>>().Value;
        return new RecommendationEngine(
            sp.GetRequiredService<SkillTaxonomy>(), sp.GetRequiredService<CityDirectory>(),
            sp.GetRequiredService<RankerHolder>(),
            new RecommendationOptions
            {
                RetrievalCandidates = platform.RetrievalCandidates, MaxK = platform.MaxK, PostingBudget = platform.RetrievalPostingBudget,
            },
            sp.GetRequiredService<TimeProvider>());
    }
}
