using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Recommendation;
using MatchingPlatform.Ml.Retrieval;

namespace MatchingPlatform.Ml.Training;

/// <summary>Where a training pair came from.</summary>
public enum PairSource
{
    /// <summary>In the log with grade 1 or more: always kept.</summary>
    Engaged = 1,
    /// <summary>In the log as an impression (or reject) only: a negative, sampled per group.</summary>
    Impression = 2,
    /// <summary>Retrieved for the query entity at the group's time but never in the log: a negative, sampled per group.</summary>
    Retrieval = 3,
    /// <summary>A negative drawn uniformly from the items available at the time.</summary>
    Random = 4,
}

/// <summary>
/// One row of a ranking group. <see cref="At"/> is the pair's first logged event; for a retrieval negative, the
/// first logged event of another pair of the group at which the item was available.
/// </summary>
public sealed record LabeledPair(Worker Worker, Vacancy Vacancy, int Grade, DateTimeOffset At, PairSource Source)
{
    public PairKey Key => new(Worker.Id, Vacancy.Id);
    public MatchPair Pair => new(Worker, Vacancy, At);
}

/// <summary>
/// One LambdaRank query: a worker and vacancies (vacancy direction), or a vacancy and workers (candidate direction).
/// <see cref="At"/> is the query entity's first logged event.
/// </summary>
public sealed record TrainingGroup(string QueryId, DateTimeOffset At, IReadOnlyList<LabeledPair> Pairs)
{
    public int MaxGrade => Pairs.Count == 0 ? 0 : Pairs.Max(p => p.Grade);
}

/// <summary>
/// Builds ranking groups from the log: graded pairs (<see cref="InteractionGrades"/>), impression-only negatives, and
/// negatives from retrieval: items the skill index returns for the query entity, among those available at one of the
/// group's logged times (vacancies open then, workers registered and seeking), that the entity never touched. A pair
/// with any logged event is never a retrieval negative. Deterministic: each group samples with its own random
/// stream, seeded from the options' seed and the group's id, so a group's sample does not depend on the others.
/// </summary>
public sealed class TrainingSetBuilder
{
    private readonly TrainingOptions _options;
    private readonly Dictionary<string, Worker> _workers;
    private readonly Dictionary<string, Vacancy> _vacancies;
    private readonly SkillIndex<Vacancy> _vacancyIndex;
    private readonly SkillIndex<Worker> _workerIndex;

    public TrainingSetBuilder(TrainingData data, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _workers = Unique(data.Workers, w => w.Id);
        _vacancies = Unique(data.Vacancies, v => v.Id);
        // Pairs whose worker or vacancy is not in the data cannot be featurised; they are left out and counted.
        var all = InteractionGrades.Label(data.Interactions);
        Labels = all.Where(kv => _workers.ContainsKey(kv.Key.WorkerId) && _vacancies.ContainsKey(kv.Key.VacancyId))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        UnknownPairs = all.Count - Labels.Count;
        // Over every vacancy, closed ones included: the log's past was served from vacancies that have closed since.
        // These indexes only choose negatives; the features' IDF comes from the engine.
        _vacancyIndex = new SkillIndex<Vacancy>(PostingRole.Requirement, v => v.Id, RecommendationEngine.RequiredTerms, _vacancies.Values);
        _workerIndex = new SkillIndex<Worker>(PostingRole.Holding, w => w.Id, RecommendationEngine.HeldTerms, _workers.Values);
    }

    /// <summary>Graded label of every logged pair whose worker and vacancy are both known.</summary>
    public IReadOnlyDictionary<PairKey, PairLabel> Labels { get; }
    /// <summary>Logged pairs left out because the worker or the vacancy is not in the training data.</summary>
    public int UnknownPairs { get; }

    /// <summary>Every group of the direction, ordered by query id, each group's rows by item id.</summary>
    public IReadOnlyList<TrainingGroup> Groups(RankingDirection direction) => direction switch
    {
        RankingDirection.VacanciesForWorker => Build(
            direction, k => k.WorkerId, k => k.VacancyId, _workers, _vacancies, _vacancyIndex,
            RecommendationEngine.HeldTerms, OpenAt, (w, v) => (w, v)),
        RankingDirection.CandidatesForVacancy => Build(
            direction, k => k.VacancyId, k => k.WorkerId, _vacancies, _workers, _workerIndex,
            RecommendationEngine.RequiredTerms, SeekingAt, (v, w) => (w, v)),
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// <summary>Whether the vacancy could have been shown at <paramref name="at"/>; a closed one without a date could not.</summary>
    public static bool OpenAt(Vacancy vacancy, DateTimeOffset at)
    {
        if (vacancy.PostedAt > at) return false;
        if (vacancy.ClosedAt is { } closed) return closed > at;
        return vacancy.Status == VacancyStatus.Open;
    }

    /// <summary>
    /// Whether the worker could have engaged at <paramref name="at"/>: registered by then and seeking (as the serving
    /// path's default filter has it); a passive worker never touching a vacancy says nothing about the match.
    /// </summary>
    public static bool SeekingAt(Worker worker, DateTimeOffset at) =>
        worker.ActivelySeeking && (worker.CreatedAt == default || worker.CreatedAt <= at);

    private IReadOnlyList<TrainingGroup> Build<TQuery, TItem>(
        RankingDirection direction,
        Func<PairKey, string> queryIdOf,
        Func<PairKey, string> itemIdOf,
        Dictionary<string, TQuery> queries,
        Dictionary<string, TItem> items,
        SkillIndex<TItem> index,
        Func<TQuery, IEnumerable<SkillTerm>> termsOf,
        Func<TItem, DateTimeOffset, bool> availableAt,
        Func<TQuery, TItem, (Worker Worker, Vacancy Vacancy)> pairOf)
        where TQuery : class where TItem : class
    {
        var groups = new List<TrainingGroup>();
        var catalogue = items.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToArray();
        foreach (var logged in Labels.GroupBy(kv => queryIdOf(kv.Key), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var query = queries[logged.Key];
            var rng = new Random(StableHash.Seed(_options.Seed, $"{direction}|{logged.Key}"));
            var at = logged.Min(kv => kv.Value.FirstAt);
            var touched = logged.Select(kv => itemIdOf(kv.Key)).ToHashSet(StringComparer.Ordinal);
            var rows = new List<LabeledPair>();

            LabeledPair Row(string itemId, int grade, DateTimeOffset when, PairSource source)
            {
                var (w, v) = pairOf(query, items[itemId]);
                return new LabeledPair(w, v, grade, when, source);
            }

            var ordered = logged.OrderBy(kv => itemIdOf(kv.Key), StringComparer.Ordinal).ToArray();
            foreach (var (key, label) in ordered.Where(kv => kv.Value.Grade > InteractionGrades.ImpressionOnly))
                rows.Add(Row(itemIdOf(key), label.Grade, label.FirstAt, PairSource.Engaged));
            var shownOnly = ordered.Where(kv => kv.Value.Grade == InteractionGrades.ImpressionOnly).ToArray();
            foreach (var (key, label) in Sample(shownOnly, _options.ImpressionNegativesPerGroup, rng))
                rows.Add(Row(itemIdOf(key), InteractionGrades.ImpressionOnly, label.FirstAt, PairSource.Impression));

            if (_options.RetrievalNegativesPerGroup > 0)
            {
                // A retrieval negative takes the time of one of the group's logged pairs (one at which the item was
                // available): the features read the time (vacancy age, popularity as of then), so negatives must
                // share the logged rows' times or the model could tell them apart by time alone.
                var times = ordered.Select(kv => kv.Value.FirstAt).Distinct().Order().ToArray();
                var retrieved = index.Search(termsOf(query), _options.RetrievalDepth,
                    item => !touched.Contains(IdOf(pairOf(query, item), direction)) && Array.Exists(times, t => availableAt(item, t)));
                var found = retrieved.Items.Select(r => (Id: IdOf(pairOf(query, r.Item), direction), r.Item))
                    .OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
                foreach (var (id, item) in Sample(found, _options.RetrievalNegativesPerGroup, rng))
                {
                    var when = Array.FindAll(times, t => availableAt(item, t));
                    rows.Add(Row(id, InteractionGrades.ImpressionOnly, when[rng.Next(when.Length)], PairSource.Retrieval));
                }
            }

            if (_options.RandomNegativesPerGroup > 0 && catalogue.Length > 0)
            {
                // Random negatives: items drawn uniformly from everything available at one of the group's times.
                // Retrieval negatives all share skills with the query; without unrelated items as well, the model
                // never learns to push down what is far off in skills and place, which broad queries do retrieve.
                var times = ordered.Select(kv => kv.Value.FirstAt).Distinct().Order().ToArray();
                var chosen = rows.Select(r => IdOf((r.Worker, r.Vacancy), direction)).ToHashSet(StringComparer.Ordinal);
                for (int drawn = 0, tries = 0; drawn < _options.RandomNegativesPerGroup && tries < 4 * _options.RandomNegativesPerGroup; tries++)
                {
                    var item = catalogue[rng.Next(catalogue.Length)];
                    var id = IdOf(pairOf(query, item), direction);
                    if (touched.Contains(id) || chosen.Contains(id)) continue;
                    var when = Array.FindAll(times, t => availableAt(item, t));
                    if (when.Length == 0) continue;
                    chosen.Add(id);
                    rows.Add(Row(id, InteractionGrades.ImpressionOnly, when[rng.Next(when.Length)], PairSource.Random));
                    drawn++;
                }
            }

            rows.Sort((a, b) => string.CompareOrdinal(IdOf((a.Worker, a.Vacancy), direction), IdOf((b.Worker, b.Vacancy), direction)));
            groups.Add(new TrainingGroup(logged.Key, at, rows));
        }
        return groups;
    }

    /// <summary>The id of the ranked side of a pair.</summary>
    private static string IdOf((Worker Worker, Vacancy Vacancy) pair, RankingDirection direction) =>
        direction == RankingDirection.VacanciesForWorker ? pair.Vacancy.Id : pair.Worker.Id;

    /// <summary>At most <paramref name="count"/> of <paramref name="items"/>, uniformly without replacement, in their original order.</summary>
    internal static IReadOnlyList<T> Sample<T>(IReadOnlyList<T> items, int count, Random rng)
    {
        if (count >= items.Count) return items;
        var index = Enumerable.Range(0, items.Count).ToArray();
        // Partial Fisher-Yates: the first `count` positions end up a uniform sample.
        for (var i = 0; i < count; i++)
        {
            var j = rng.Next(i, index.Length);
            (index[i], index[j]) = (index[j], index[i]);
        }
        var chosen = index[..count];
        Array.Sort(chosen);
        return chosen.Select(i => items[i]).ToArray();
    }

    private static Dictionary<string, T> Unique<T>(IEnumerable<T> items, Func<T, string> idOf)
    {
        var d = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
            if (!d.TryAdd(idOf(item), item))
                throw new ArgumentException($"training data lists id '{idOf(item)}' twice", nameof(items));
        return d;
    }
}
