using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Ml.Ranking;
using MatchingPlatform.Ml.Retrieval;

namespace MatchingPlatform.Ml.Recommendation;

/// <summary>
/// The request path in both directions: retrieval from an in-memory skill index, feature extraction, ranking by
/// the current ranker, and the explanation and skill gaps of each result. Thread-safe: queries run concurrently
/// with each other and with the mutators.
/// </summary>
public sealed class RecommendationEngine
{
    // Everything Load replaces, published as one reference so a request sees one consistent generation.
    private sealed record State(
        SkillIndex<Vacancy> Vacancies,
        SkillIndex<Worker> Workers,
        ConcurrentDictionary<string, Enterprise> Enterprises,
        TrainingCatalog Training);

    private sealed record Scored(RankingCandidate Candidate, RetrievedItem<Vacancy>? ForVacancy, RetrievedItem<Worker>? ForWorker);

    private readonly SkillTaxonomy _taxonomy;
    private readonly CityDirectory _cities;
    private readonly IRankerProvider _rankers;
    private readonly RecommendationOptions _options;
    private readonly TimeProvider _time;
    private readonly CompactProfiles _compact;
    // Cached per snapshot of the directory: importers may register cities into it after start-up.
    private sealed record CitySet(IReadOnlyList<City> Snapshot, HashSet<string> Codes);
    private CitySet? _liaoningCities;
    // Serialises mutators with Load, so an update is never applied to a generation that Load is about to discard.
    private readonly Lock _writeGate = new();
    private State _state;

    public RecommendationEngine(
        SkillTaxonomy taxonomy, CityDirectory cities, IRankerProvider rankers,
        RecommendationOptions? options = null, TimeProvider? time = null)
    {
        _taxonomy = taxonomy ?? throw new ArgumentNullException(nameof(taxonomy));
        _cities = cities ?? throw new ArgumentNullException(nameof(cities));
        _rankers = rankers ?? throw new ArgumentNullException(nameof(rankers));
        _options = options ?? new RecommendationOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _compact = new CompactProfiles(taxonomy);
        _state = Build([], [], [], []);
    }

    public IRankerProvider Rankers => _rankers;
    public int VacancyCount => Volatile.Read(ref _state).Vacancies.Count;
    public int WorkerCount => Volatile.Read(ref _state).Workers.Count;
    public Vacancy? FindVacancy(string id) => Volatile.Read(ref _state).Vacancies.Find(id);
    public Worker? FindWorker(string id) => Volatile.Read(ref _state).Workers.Find(id);

    /// <summary>The vacancy index, for benchmarks and training-time scoring of arbitrary pairs.</summary>
    public SkillIndex<Vacancy> VacancyIndex => Volatile.Read(ref _state).Vacancies;
    public SkillIndex<Worker> WorkerIndex => Volatile.Read(ref _state).Workers;

    /// <summary>The training programmes loaded with the indexes, by the skills they teach (alerts and area gaps cite them).</summary>
    public TrainingCatalog Training => Volatile.Read(ref _state).Training;

    /// <summary>
    /// The compact record the engine keeps for <paramref name="worker"/> (see <see cref="CompactProfiles"/>). The engine
    /// compacts whatever it is given; a loader paging through a database can compact each page as it arrives, so the
    /// full profiles are never all in memory at once.
    /// </summary>
    public Worker Compact(Worker worker) => _compact.Compact(worker);

    /// <summary>The compact record the engine keeps for <paramref name="vacancy"/>.</summary>
    public Vacancy Compact(Vacancy vacancy) => _compact.Compact(vacancy);

    /// <summary>Rebuilds everything from scratch; queries keep using the previous generation until it is published.</summary>
    public void Load(IEnumerable<Vacancy> open, IEnumerable<Worker> workers, IEnumerable<Enterprise> enterprises, IEnumerable<TrainingProgramme> programmes)
    {
        lock (_writeGate)
            Volatile.Write(ref _state, Build(open, workers, enterprises, programmes));
    }

    /// <summary>Adds or replaces a vacancy; a closed one is removed from the index.</summary>
    public void UpsertVacancy(Vacancy vacancy)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        lock (_writeGate)
        {
            var index = _state.Vacancies;
            if (vacancy.Status == VacancyStatus.Open) index.Upsert(_compact.Compact(vacancy));
            else index.Remove(vacancy.Id);
        }
    }

    public bool RemoveVacancy(string id)
    {
        lock (_writeGate) return _state.Vacancies.Remove(id);
    }

    public void UpsertWorker(Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        lock (_writeGate) _state.Workers.Upsert(_compact.Compact(worker));
    }

    public bool RemoveWorker(string id)
    {
        lock (_writeGate) return _state.Workers.Remove(id);
    }

    /// <summary>Adds or renames an enterprise (only its name is used, in results).</summary>
    public void UpsertEnterprise(Enterprise enterprise)
    {
        ArgumentNullException.ThrowIfNull(enterprise);
        lock (_writeGate) _state.Enterprises[enterprise.Id] = enterprise;
    }

    /// <summary>Open vacancies for <paramref name="worker"/>, best first.</summary>
    public VacancyRecommendations RecommendVacancies(Worker worker, int k, VacancyQuery? filter = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        CheckK(k);
        filter ??= VacancyQuery.None;
        ArgumentOutOfRangeException.ThrowIfNegative(filter.MinSalaryMonthly, nameof(filter.MinSalaryMonthly));
        if (!(filter.MaxDistanceKm >= 0) || double.IsInfinity(filter.MaxDistanceKm))
            throw new ArgumentOutOfRangeException(nameof(filter.MaxDistanceKm), filter.MaxDistanceKm, "must be a finite distance, 0 for no limit");

        // Read both once: the whole request uses one index generation and one ranker.
        var state = Volatile.Read(ref _state);
        var ranker = _rankers.Current;
        var now = _time.GetUtcNow();

        var cities = AllowedCities(filter, worker.CityCode);
        var industries = filter.Industries.Count > 0 ? filter.Industries.ToHashSet(StringComparer.Ordinal) : null;
        var salaryFloor = filter.MinSalaryMonthly > 0 ? filter.MinSalaryMonthly : worker.SalaryWishMonthly ?? 0;
        // The cities are the index's partitions: a query for a few cities reads only their vacancies.
        bool Accept(Vacancy v) =>
            v.Status == VacancyStatus.Open
            && (salaryFloor <= 0 || v.SalaryMaxMonthly >= salaryFloor)
            && (industries is null || industries.Contains(v.IndustryCode));

        var retrieved = state.Vacancies.Search(HeldTerms(worker), Math.Max(_options.RetrievalCandidates, k), Accept, cities);
        var scored = Prepare(retrieved.Items, v => (worker, v), ranker.Signals, now, (r, candidate) => new Scored(candidate, r, null));

        var (order, scores, contributions) = Rank(ranker, RankingRequest.ForWorker(worker, scored.Select(s => s.Candidate).ToArray()), scored, k);
        var results = new VacancyRecommendation[order.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            var i = order[rank];
            var s = scored[i];
            var v = s.Candidate.Vacancy;
            // The full gap report (with the skills met) only for the k returned; features used its counts.
            var gaps = GapAnalyzer.Analyze(worker.Skills, v.Requirements);
            results[rank] = new VacancyRecommendation(
                rank + 1, scores[i], s.Candidate.RetrievalScore, v,
                state.Enterprises.TryGetValue(v.EnterpriseId, out var e) ? e.Name : null,
                s.Candidate.Features.DistanceKm, gaps.Coverage,
                Explain(s.Candidate, gaps, contributions[rank], s.ForVacancy!.Skills),
                GapsWithProgrammes(state, gaps, worker.CityCode),
                s.Candidate.Features);
        }
        return new VacancyRecommendations(results, Info(ranker, scored.Length));
    }

    /// <summary>Workers for <paramref name="vacancy"/>, best first.</summary>
    public CandidateRecommendations RecommendCandidates(Vacancy vacancy, int k, CandidateQuery? filter = null)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        CheckK(k);
        filter ??= CandidateQuery.None;

        var state = Volatile.Read(ref _state);
        var ranker = _rankers.Current;
        var now = _time.GetUtcNow();

        var cities = filter.Cities.Count > 0 ? filter.Cities.ToHashSet(StringComparer.Ordinal) : null;
        Func<Worker, bool>? accept = filter.IncludePassive ? null : w => w.ActivelySeeking;

        var retrieved = state.Workers.Search(RequiredTerms(vacancy), Math.Max(_options.RetrievalCandidates, k), accept, cities);
        var scored = Prepare(retrieved.Items, w => (w, vacancy), ranker.Signals, now, (r, candidate) => new Scored(candidate, null, r));

        var (order, scores, contributions) = Rank(ranker, RankingRequest.ForVacancy(vacancy, scored.Select(s => s.Candidate).ToArray()), scored, k);
        var results = new CandidateRecommendation[order.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            var i = order[rank];
            var s = scored[i];
            var w = s.Candidate.Worker;
            var gaps = GapAnalyzer.Analyze(w.Skills, vacancy.Requirements);
            results[rank] = new CandidateRecommendation(
                rank + 1, scores[i], s.Candidate.RetrievalScore, w,
                s.Candidate.Features.DistanceKm, gaps.Coverage,
                Explain(s.Candidate, gaps, contributions[rank], s.ForWorker!.Skills),
                GapsWithProgrammes(state, gaps, w.CityCode),
                s.Candidate.Features);
        }
        return new CandidateRecommendations(results, Info(ranker, scored.Length));
    }

    /// <summary>
    /// Features of any (worker, vacancy) pair under the current index and ranker, whether or not retrieval would
    /// return it, at the engine's current time. The skill-overlap feature is scored in <paramref name="direction"/>,
    /// as the request in that direction would score it.
    /// </summary>
    public FeatureVector Features(Worker worker, Vacancy vacancy, RankingDirection direction = RankingDirection.VacanciesForWorker) =>
        Features([new MatchPair(worker, vacancy, _time.GetUtcNow())], direction, _rankers.Current.Signals)[0];

    /// <summary>
    /// Features of many pairs under the current index, with the pair signals of <paramref name="signals"/> computed
    /// in one batch: the path training and evaluation use, so they compute features exactly as requests do (with
    /// each pair's own time, and with the signals of the model being trained rather than the one being served).
    /// </summary>
    public FeatureVector[] Features(IReadOnlyList<MatchPair> pairs, RankingDirection direction, IMatchSignals signals)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(signals);
        var state = Volatile.Read(ref _state);
        var overlaps = new double[pairs.Count];
        var gaps = new GapStats[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            var (worker, vacancy, _) = pairs[i];
            overlaps[i] = direction == RankingDirection.VacanciesForWorker
                ? state.Vacancies.Score(HeldTerms(worker), vacancy).Score
                : state.Workers.Score(RequiredTerms(vacancy), worker).Score;
            gaps[i] = GapStats.Of(worker.Skills, vacancy.Requirements);
        }
        return Extract(pairs, overlaps, gaps, signals);
    }

    /// <summary>The one place a pair's features are computed, for requests, training and evaluation alike.</summary>
    private FeatureVector[] Extract(IReadOnlyList<MatchPair> pairs, double[] overlaps, GapStats[] gaps, IMatchSignals signals)
    {
        var learned = new PairSignals[pairs.Count];
        if (pairs.Count > 0) signals.Compute(pairs, learned);
        var features = new FeatureVector[pairs.Count];
        for (var i = 0; i < features.Length; i++)
        {
            var (worker, vacancy, at) = pairs[i];
            features[i] = FeatureExtractor.Extract(
                worker, vacancy, overlaps[i], gaps[i], Distance(worker.CityCode, vacancy.CityCode), at, learned[i]);
        }
        return features;
    }

    /// <summary>
    /// The step both directions share: each retrieved item becomes a (worker, vacancy) pair with its gap counts
    /// (coverage, deficits, missing: no allocation per candidate), and all pairs get their features in one batch (one
    /// factor-model call per request). The full gap report is built later for the k results only.
    /// </summary>
    private Scored[] Prepare<T>(
        IReadOnlyList<RetrievedItem<T>> items, Func<T, (Worker Worker, Vacancy Vacancy)> pairOf, IMatchSignals signals,
        DateTimeOffset now, Func<RetrievedItem<T>, RankingCandidate, Scored> make) where T : class
    {
        var n = items.Count;
        var pairs = new MatchPair[n];
        var overlaps = new double[n];
        var gaps = new GapStats[n];
        for (var i = 0; i < n; i++)
        {
            var (w, v) = pairOf(items[i].Item);
            pairs[i] = new MatchPair(w, v, now);
            overlaps[i] = items[i].Score;
            gaps[i] = GapStats.Of(w.Skills, v.Requirements);
        }
        var features = Extract(pairs, overlaps, gaps, signals);
        var scored = new Scored[n];
        for (var i = 0; i < n; i++)
            scored[i] = make(items[i], new RankingCandidate(pairs[i].Worker, pairs[i].Vacancy, items[i].Score, features[i]));
        return scored;
    }

    /// <summary>
    /// One worker against one vacancy (GetSkillGap): coverage, the skills met, and each gap with the
    /// programmes that close it, chosen exactly as in recommendations.
    /// </summary>
    public (SkillGapReport Report, IReadOnlyList<RecommendedGap> Gaps) AnalyzeGap(Worker worker, Vacancy vacancy)
    {
        var report = GapAnalyzer.Analyze(worker.Skills, vacancy.Requirements);
        return (report, GapsWithProgrammes(Volatile.Read(ref _state), report, worker.CityCode));
    }

    public static IEnumerable<SkillTerm> HeldTerms(Worker worker) =>
        worker.Skills.Select(s => new SkillTerm(s.SkillCode, s.Level, OverlapScoring.MaxImportance));

    public static IEnumerable<SkillTerm> RequiredTerms(Vacancy vacancy) =>
        vacancy.Requirements.Select(r => new SkillTerm(r.SkillCode, r.Level, r.Importance));

    // Both indexes are partitioned by city, so a city filter reads only that city's items when that is cheaper.
    private State Build(IEnumerable<Vacancy> open, IEnumerable<Worker> workers, IEnumerable<Enterprise> enterprises, IEnumerable<TrainingProgramme> programmes) =>
        new(
            new SkillIndex<Vacancy>(PostingRole.Requirement, v => v.Id, RequiredTerms,
                open.Where(v => v.Status == VacancyStatus.Open).Select(_compact.Compact), v => v.CityCode) { PostingBudget = _options.PostingBudget },
            new SkillIndex<Worker>(PostingRole.Holding, w => w.Id, HeldTerms, workers.Select(_compact.Compact), w => w.CityCode)
            {
                PostingBudget = _options.PostingBudget,
            },
            new ConcurrentDictionary<string, Enterprise>(
                enterprises.GroupBy(e => e.Id, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Last())),
                StringComparer.Ordinal),
            new TrainingCatalog(programmes));

    private void CheckK(int k)
    {
        if (k < 1 || k > _options.MaxK)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"must be between 1 and {_options.MaxK}");
    }

    /// <summary>Cities, Liaoning-only and max distance folded into one set (null: any city), so the filter is one lookup per candidate.</summary>
    private HashSet<string>? AllowedCities(VacancyQuery filter, string origin)
    {
        HashSet<string>? allowed = filter.Cities.Count > 0 ? filter.Cities.ToHashSet(StringComparer.Ordinal) : null;
        if (filter.LiaoningOnly)
        {
            var liaoning = LiaoningCities();
            if (allowed is null) allowed = new HashSet<string>(liaoning, StringComparer.Ordinal);
            else allowed.IntersectWith(liaoning);
        }
        if (filter.MaxDistanceKm > 0)
        {
            // An unknown origin has no distances: nothing is provably within reach.
            var near = _cities.Contains(origin)
                ? _cities.All.Where(c => _cities.DistanceKm(origin, c.Code) <= filter.MaxDistanceKm).Select(c => c.Code)
                : [];
            if (allowed is null) allowed = near.ToHashSet(StringComparer.Ordinal);
            else allowed.IntersectWith(near);
        }
        return allowed;
    }

    private HashSet<string> LiaoningCities()
    {
        var all = _cities.All;
        var cached = Volatile.Read(ref _liaoningCities);
        if (cached is not null && ReferenceEquals(cached.Snapshot, all)) return cached.Codes;
        var codes = all.Where(x => x.InLiaoning).Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        // A racing request may rebuild the same set; either result is correct, so no lock.
        Volatile.Write(ref _liaoningCities, new CitySet(all, codes));
        return codes;
    }

    private double Distance(string from, string to) =>
        from == to ? 0 : _cities.Contains(from) && _cities.Contains(to) ? _cities.DistanceKm(from, to) : double.NaN;

    /// <summary>
    /// Scores with the ranker and orders: score, then coverage, then salary fit, then id. The tie-breaks apply to
    /// every ranker, so equal scores from a learned model are as deterministic as the fallback's. Only the k returned
    /// are explained (one more batched call over k rows instead of attributing every candidate).
    /// </summary>
    private static (int[] Order, IReadOnlyList<double> Scores, IReadOnlyList<IReadOnlyList<double>> Contributions) Rank(
        ICandidateRanker ranker, RankingRequest request, Scored[] scored, int k)
    {
        var n = scored.Length;
        var scores = ranker.ScoreOnly(request);
        if (scores.Count != n)
            throw new InvalidOperationException($"ranker '{ranker.Name}' returned {scores.Count} scores for {n} candidates");

        var direction = request.Direction;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) =>
        {
            // NaN (a broken model row) sorts last rather than poisoning the comparison.
            var sa = double.IsNaN(scores[a]) ? double.NegativeInfinity : scores[a];
            var sb = double.IsNaN(scores[b]) ? double.NegativeInfinity : scores[b];
            if (sa != sb) return sb.CompareTo(sa);
            var fa = scored[a].Candidate.Features;
            var fb = scored[b].Candidate.Features;
            if (fa.Coverage != fb.Coverage) return fb.Coverage.CompareTo(fa.Coverage);
            if (fa.SalaryFit != fb.SalaryFit) return fb.SalaryFit.CompareTo(fa.SalaryFit);
            return string.CompareOrdinal(scored[a].Candidate.ItemId(direction), scored[b].Candidate.ItemId(direction));
        });
        var top = order.Length > k ? order[..k] : order;
        var contributions = ranker.Explain(request, top);
        if (contributions.Count != top.Length)
            throw new InvalidOperationException($"ranker '{ranker.Name}' returned {contributions.Count} attributions for {top.Length} candidates");
        return (top, scores, contributions);
    }

    private static RankingInfo Info(ICandidateRanker ranker, int considered) =>
        new(ranker.Name, ranker.ModelVersion, !ranker.IsLearned, ranker.IsLearned ? null : RankingInfo.FallbackNote, considered);

    private static MatchExplanation Explain(
        RankingCandidate candidate, SkillGapReport gaps, IReadOnlyList<double> contributions, IReadOnlyList<SkillContribution> skills)
    {
        if (contributions.Count != MatchFeatures.Count)
            throw new InvalidOperationException($"ranker attributed {contributions.Count} features, expected {MatchFeatures.Count}");
        double total = 0;
        foreach (var c in contributions)
            if (double.IsFinite(c)) total += Math.Abs(c);
        var features = new FeatureContribution[MatchFeatures.Count];
        for (var f = 0; f < features.Length; f++)
        {
            var c = contributions[f];
            features[f] = new FeatureContribution(
                MatchFeatures.Names[f], candidate.Features[f], total > 0 && double.IsFinite(c) ? c / total : 0);
        }
        var matched = gaps.Met.Select(r => r.SkillCode).ToArray();
        return new MatchExplanation(Summary(candidate.Features, gaps), features, matched, skills);
    }

    /// <summary>E.g. "Holds 4 of 6 required skills (python, sql, excel, ...); below the level asked in statistics (2 of 4); missing machine-learning; same city".</summary>
    internal static string Summary(FeatureVector features, SkillGapReport gaps)
    {
        const int listed = 3;
        var total = gaps.Met.Count + gaps.Gaps.Count;
        var sb = new StringBuilder();
        if (gaps.Met.Count == 0)
            sb.Append(CultureInfo.InvariantCulture, $"Holds none of the {total} required skills");
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"Holds {gaps.Met.Count} of {total} required skills (");
            sb.AppendJoin(", ", gaps.Met.Take(listed).Select(r => r.SkillCode));
            if (gaps.Met.Count > listed) sb.Append(", ...");
            sb.Append(')');
        }

        var deficits = gaps.Deficits.ToArray();
        if (deficits.Length > 0)
        {
            sb.Append("; below the level asked in ");
            sb.AppendJoin(", ", deficits.Take(listed).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.SkillCode} ({g.HeldLevel} of {g.RequiredLevel})")));
            if (deficits.Length > listed) sb.Append(CultureInfo.InvariantCulture, $" and {deficits.Length - listed} more");
        }

        var missing = gaps.Missing.ToArray();
        if (missing.Length > 0)
        {
            sb.Append("; missing ");
            sb.AppendJoin(", ", missing.Take(listed).Select(g => g.SkillCode));
            if (missing.Length > listed) sb.Append(CultureInfo.InvariantCulture, $" and {missing.Length - listed} more");
        }

        if (features.SameCity) sb.Append("; same city");
        else if (double.IsNaN(features.DistanceKm)) sb.Append("; distance unknown");
        else sb.Append(CultureInfo.InvariantCulture, $"; {features.DistanceKm:0} km away");
        return sb.ToString();
    }

    private IReadOnlyList<RecommendedGap> GapsWithProgrammes(State state, SkillGapReport gaps, string workerCity)
    {
        if (gaps.Gaps.Count == 0) return [];
        var result = new RecommendedGap[gaps.Gaps.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var g = gaps.Gaps[i];
            var programmes = _options.ProgrammesPerGap == 0
                ? []
                : state.Training.For(g.SkillCode, g.RequiredLevel, workerCity, _options.ProgrammesPerGap);
            result[i] = new RecommendedGap(g, _taxonomy.FindSkill(g.SkillCode), programmes);
        }
        return result;
    }
}
