using System.Reflection;
using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Factorization;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;

namespace MatchingPlatform.Ml.Tests;

/// <summary>
/// Gender and birth year are for fairness audits only (matchctl audit): no feature, factor-model field or engine
/// record carries them, and changing them changes no feature value, factor token, score or ordering.
/// </summary>
public class SensitiveAttributesTests
{
    // Name fragments that would mean a sensitive attribute (or a stand-in for age) is a feature.
    private static readonly string[] Sensitive = ["gender", "sex", "female", "male", "birth", "born", "age", "dob"];

    // The one allowed use of "age": how long the vacancy has been posted, which says nothing about the worker.
    private static readonly HashSet<string> Allowed = ["vacancy_age_days", "VacancyAgeDays"];

    private static IEnumerable<string> Tokens(string name) =>
        System.Text.RegularExpressions.Regex.Split(name, "_|(?<=[a-z])(?=[A-Z])").Select(t => t.ToLowerInvariant());

    private static void AssertNotSensitive(IEnumerable<string> names, string where)
    {
        foreach (var name in names.Where(n => !Allowed.Contains(n)))
        {
            var hit = Tokens(name).FirstOrDefault(t => Sensitive.Contains(t));
            Assert.True(hit is null, $"{where} '{name}' looks like a sensitive attribute ('{hit}')");
        }
    }

    [Fact]
    public void No_feature_factor_field_or_feature_property_is_named_after_a_sensitive_attribute()
    {
        AssertNotSensitive(MatchFeatures.Names, "feature");
        AssertNotSensitive(typeof(MatchFeatures).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => f.Name), "feature index");
        AssertNotSensitive(typeof(FeatureVector).GetProperties().Select(p => p.Name), "feature property");
        AssertNotSensitive(typeof(PairSignals).GetProperties().Select(p => p.Name), "pair signal");
        AssertNotSensitive(FactorVocabulary.Fields.Select(f => f.ToString()), "factor field");
        // The check itself catches what it is for.
        Assert.Contains("gender", Tokens("worker_gender"));
        Assert.Contains("birth", Tokens("WorkerBirthYear"));
        Assert.Contains("age", Tokens("worker_age"));
    }

    /// <summary>The same worker with the other gender and a birth year 30 years away (and the reverse for the others).</summary>
    private static Worker Swapped(Worker w) => w with
    {
        Gender = w.Gender switch { Gender.Female => Gender.Male, Gender.Male => Gender.Unspecified, _ => Gender.Female },
        BirthYear = w.BirthYear is { } y ? (y < 1985 ? y + 30 : y - 30) : 1965,
    };

    private static (Worker Worker, Vacancy Vacancy)[] DemoPairs()
    {
        var open = DemoWorld.Data.Vacancies.Where(v => v.Status == VacancyStatus.Open).OrderBy(v => v.Id, StringComparer.Ordinal).Take(40).ToArray();
        var workers = DemoWorld.Data.Workers.OrderBy(w => w.Id, StringComparer.Ordinal).Take(60).ToArray();
        Assert.Contains(workers, w => w.Gender == Gender.Female);
        Assert.Contains(workers, w => w.Gender == Gender.Male);
        Assert.All(workers, w => Assert.NotNull(w.BirthYear));
        return [.. workers.SelectMany((w, i) => open.Skip(i % 10).Take(8).Select(v => (w, v)))];
    }

    [Fact]
    public void Changing_gender_and_birth_year_leaves_every_feature_value_unchanged()
    {
        var at = DemoWorld.Options.End;
        var pairs = DemoPairs();
        foreach (var (worker, vacancy) in pairs)
        {
            var gaps = GapAnalyzer.Analyze(worker.Skills, vacancy.Requirements);
            var signals = new PairSignals(0.7, 1.3);
            var a = FeatureExtractor.Extract(worker, vacancy, 0.4, gaps, 120, at, signals).Values.ToArray();
            var b = FeatureExtractor.Extract(Swapped(worker), vacancy, 0.4, gaps, 120, at, signals).Values.ToArray();
            Assert.Equal(a, b);
        }

        // Through the engine, with the trained factor model and popularity table supplying the learned signals.
        var engine = DemoWorld.Engine();
        var signalsOf = DemoWorld.Model.Ranker.Signals;
        foreach (var direction in new[] { RankingDirection.VacanciesForWorker, RankingDirection.CandidatesForVacancy })
        {
            var original = engine.Features([.. pairs.Select(p => new MatchPair(p.Worker, p.Vacancy, at))], direction, signalsOf);
            var swapped = engine.Features([.. pairs.Select(p => new MatchPair(Swapped(p.Worker), p.Vacancy, at))], direction, signalsOf);
            for (var i = 0; i < original.Length; i++)
                Assert.Equal(original[i].Values.ToArray(), swapped[i].Values.ToArray());
            Assert.Contains(original, f => double.IsFinite(f.FactorScore)); // the factor model did score them
        }
    }

    [Fact]
    public void Changing_gender_and_birth_year_leaves_every_factor_model_input_unchanged()
    {
        var at = DemoWorld.Options.End;
        var pairs = DemoPairs();
        var vocabulary = FactorVocabulary.Build(pairs.Select(p => new MatchPair(p.Worker, p.Vacancy, at)));
        foreach (var (worker, vacancy) in pairs.Take(100))
            foreach (var field in FactorVocabulary.Fields)
            {
                var a = vocabulary.Encode(field, worker, vacancy);
                var b = vocabulary.Encode(field, Swapped(worker), vacancy);
                Assert.Equal(a.GetIndices().ToArray(), b.GetIndices().ToArray());
                Assert.Equal(a.GetValues().ToArray(), b.GetValues().ToArray());
            }
    }

    [Fact]
    public void Swapping_every_workers_gender_and_birth_year_changes_no_shortlist_or_score()
    {
        var holder = new RankerHolder(DemoWorld.Model.Ranker);
        var original = DemoWorld.Engine(holder);
        var swapped = new RecommendationEngine(
            DemoWorld.Reference.Taxonomy, DemoWorld.Reference.Cities, holder, time: new FixedTime(DemoWorld.Options.End));
        swapped.Load(DemoWorld.Data.Vacancies.Where(v => v.Status == VacancyStatus.Open), DemoWorld.Data.Workers.Select(Swapped),
            DemoWorld.Data.Enterprises, DemoWorld.Data.Programmes);

        foreach (var vacancy in DemoWorld.Data.Vacancies.Where(v => v.Status == VacancyStatus.Open).OrderBy(v => v.Id, StringComparer.Ordinal).Take(15))
        {
            var a = original.RecommendCandidates(vacancy, 20).Candidates;
            var b = swapped.RecommendCandidates(vacancy, 20).Candidates;
            Assert.Equal(a.Select(c => (c.Worker.Id, c.Score)), b.Select(c => (c.Worker.Id, c.Score)));
        }
        foreach (var worker in DemoWorld.Data.Workers.Where(w => w.ActivelySeeking).OrderBy(w => w.Id, StringComparer.Ordinal).Take(15))
        {
            var a = original.RecommendVacancies(worker, 20).Recommendations;
            var b = original.RecommendVacancies(Swapped(worker), 20).Recommendations;
            Assert.Equal(a.Select(r => (r.Vacancy.Id, r.Score)), b.Select(r => (r.Vacancy.Id, r.Score)));
        }

        // The engine does not even hold them.
        Assert.All(DemoWorld.Data.Workers.Take(50), w =>
        {
            var held = original.FindWorker(w.Id);
            if (held is null) return;
            Assert.Equal(Gender.Unspecified, held.Gender);
            Assert.Null(held.BirthYear);
        });
    }
}
