using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Ml.Factorization;
using MatchingPlatform.Ml.Ranking;

namespace MatchingPlatform.Ml.Tests;

/// <summary>The factor model's fast encoder and batched scoring against their definitions.</summary>
public class FactorEncodingTests
{
    private static MatchPair[] Pairs(int count, int seed)
    {
        var rng = new Random(seed);
        var workers = DemoWorld.Data.Workers;
        var vacancies = DemoWorld.Data.Vacancies;
        return Enumerable.Range(0, count)
            .Select(_ => new MatchPair(workers[rng.Next(workers.Count)], vacancies[rng.Next(vacancies.Count)], DemoWorld.Options.End))
            .ToArray();
    }

    private static void AssertSame(VBuffer a, VBuffer b, string because)
    {
        Assert.True(a.Length == b.Length, because);
        Assert.True(a.Indices.SequenceEqual(b.Indices), $"{because}: indices [{string.Join(",", a.Indices)}] vs [{string.Join(",", b.Indices)}]");
        Assert.True(a.Values.SequenceEqual(b.Values), $"{because}: values [{string.Join(",", a.Values)}] vs [{string.Join(",", b.Values)}]");
    }

    private readonly record struct VBuffer(int Length, int[] Indices, float[] Values)
    {
        public static VBuffer Of(Microsoft.ML.Data.VBuffer<float> v) => new(v.Length, v.GetIndices().ToArray(), v.GetValues().ToArray());
    }

    [Fact]
    public void Encode_equals_the_token_definition_on_every_field()
    {
        // A vocabulary from some pairs, applied to others: known and unknown tokens both occur.
        var vocabulary = FactorVocabulary.Build(Pairs(400, seed: 1));
        var odd = new Worker
        {
            Id = "odd", DisplayName = "x", CityCode = "shenyang",
            // Duplicates, a level above 5 and a zero level: the definition keeps the largest value per slot.
            Skills = [new SkillLevel("python", 2), new SkillLevel("python", 4), new SkillLevel("sql", 7), new SkillLevel("excel", 0)],
            History = [new WorkHistoryEntry("dalian", null, null, null, default, null), new WorkHistoryEntry("shenyang", "data-analyst", null, "software", default, null)],
        };
        var pairs = Pairs(600, seed: 2).Concat(DemoWorld.Data.Vacancies.Take(50).Select(v => new MatchPair(odd, v, DemoWorld.Options.End)));
        foreach (var pair in pairs)
            foreach (var field in FactorVocabulary.Fields)
                AssertSame(VBuffer.Of(vocabulary.EncodeByTokens(field, pair.Worker, pair.Vacancy)),
                    VBuffer.Of(vocabulary.Encode(field, pair.Worker, pair.Vacancy)), $"{field} of {pair.Worker.Id} x {pair.Vacancy.Id}");
    }

    [Fact]
    public void A_batch_scores_each_pair_as_it_would_alone()
    {
        var factor = (FieldAwareFactorModel)DemoWorld.Model.Ranker.ModelSignals.Factor;
        // One worker against many vacancies (a request), and mixed pairs.
        var worker = DemoWorld.Data.Workers[7];
        var request = DemoWorld.Data.Vacancies.Take(120).Select(v => new MatchPair(worker, v, DemoWorld.Options.End)).ToArray();
        foreach (var batch in new[] { request, Pairs(120, seed: 3) })
        {
            var together = factor.Score(batch);
            var alone = batch.Select(p => factor.Score([p])[0]).ToArray();
            Assert.Equal(alone, together);
            // The direct evaluation, a PredictionEngine row by row and a batch Transform: the same floats.
            Assert.Equal(factor.ScoreByTransform(batch), together);
            Assert.Equal(factor.ScoreByEngine(batch), together);
        }
    }

    [Fact]
    public void The_direct_evaluation_serves_after_agreeing_with_MLNET_and_agrees_on_every_pair()
    {
        var factor = (FieldAwareFactorModel)DemoWorld.Model.Ranker.ModelSignals.Factor;
        var pairs = Pairs(3000, seed: 4);
        var first = factor.Score(pairs);
        if (!System.Runtime.Intrinsics.X86.Avx.IsSupported) return; // no direct path on this CPU: the engine serves
        Assert.True(factor.ScoresDirectly);
        Assert.Equal(factor.ScoreByEngine(pairs), factor.Score(pairs));
        Assert.Equal(first, factor.Score(pairs));
    }
}
