using System.Text.Json;
using MatchingPlatform.Ml.Evaluation;
using Xunit.Abstractions;

namespace MatchingPlatform.Ml.Tests;

public class EvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void On_the_demo_holdout_the_full_ranker_beats_skill_overlap()
    {
        var report = Evaluator.Run(DemoWorld.TrainingData(), new EvaluationOptions { Training = DemoWorld.FastOptions });
        output.WriteLine(report.ToTable());

        Assert.Equal([Evaluator.Popularity, Evaluator.SkillOverlap, Evaluator.Nearest, Evaluator.FactorModel, Evaluator.Ranker], report.Methods.Select(m => m.Method));
        Assert.True(report.TestWorkers >= 50, $"only {report.TestWorkers} test workers");
        Assert.True(report.PositivesAdded > 0);
        var ranker = report[Evaluator.Ranker];
        var overlap = report[Evaluator.SkillOverlap];
        Assert.True(ranker.Ndcg10 > overlap.Ndcg10, $"ranker NDCG@10 {ranker.Ndcg10} <= skill overlap {overlap.Ndcg10}");
        Assert.True(ranker.Ndcg10 > report[Evaluator.Popularity].Ndcg10);
        // Every positive is among the candidates, so recall reaches 1 by the end of the list for every method.
        Assert.All(report.Methods, m => Assert.InRange(m.Recall50, m.Recall10, 1));
        Assert.All(report.Methods, m => Assert.InRange(m.Coverage10, 0, 1));

        var json = JsonSerializer.Serialize(report);
        var back = JsonSerializer.Deserialize<EvaluationReport>(json)!;
        Assert.Equal(report.Methods, back.Methods);
        Assert.Equal(report.Cut, back.Cut);
        Assert.Equal(ranker.Ndcg10, report.Metrics()["ndcg@10"]);
    }
}
