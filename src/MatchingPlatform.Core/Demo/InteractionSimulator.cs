using MatchingPlatform.Core.Gaps;
using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// A feedback log as an incumbent recommender would have produced it: each seeker is shown vacancies (impressions),
/// biased towards good matches, and then views, applies, is interviewed, hired or rejected with probabilities that
/// rise with match quality (skill coverage from <see cref="GapAnalyzer"/>, same city, salary, education and
/// experience fit). A learned ranker can therefore recover the signal from the log.
/// </summary>
/// <remarks>
/// Invariants: every event lies in [vacancy posted, vacancy closed or window end) and after the worker registered;
/// the funnel steps of one (worker, vacancy) pair are in time order; hires never exceed a vacancy's headcount and a
/// worker is hired at most once (later offers become rejects). After <see cref="DemoDataOptions.PilotStart"/>,
/// interviews of workers in pilot cities lead to an offer <see cref="CalibrationProfile.PilotHireUplift"/> times as often.
/// </remarks>
internal sealed class InteractionSimulator(DemoContext ctx)
{
    // Candidates are drawn from all vacancies of the worker's occupation and city; many fall outside the search
    // episode and are dropped, so draw generously.
    private const int OccupationCandidates = 40;
    private const int CityCandidates = 50;
    private const int EarlierOccupationCandidates = 10;
    private const int RandomCandidates = 30;
    private const double ImpressionBias = 1.5;
    private const int MinSearchDays = 90;
    private const int MaxSearchDays = 300;

    private readonly record struct Event(DateTimeOffset At, int Worker, int Vacancy, InteractionType Type);

    public IReadOnlyList<Interaction> Simulate(Random rng, IReadOnlyList<Worker> workers, IReadOnlyList<Vacancy> vacancies)
    {
        var o = ctx.Options;
        var byOccupation = Index(vacancies, v => v.OccupationCode);
        var byCity = Index(vacancies, v => v.CityCode);
        var events = new List<Event>(workers.Count * 20);
        var offers = new List<Event>();

        var pool = new List<int>(128);
        var seen = new HashSet<int>();
        for (var wi = 0; wi < workers.Count; wi++)
        {
            var w = workers[wi];
            if (!w.ActivelySeeking) continue;
            // One search episode per seeker, from registration: seekers spread over the window, so the log does not
            // pile up at its end where most open vacancies are.
            var activeFrom = w.CreatedAt > o.Start ? w.CreatedAt : o.Start;
            var activeTo = activeFrom.AddDays(rng.Between(MinSearchDays, MaxSearchDays));
            if (activeTo > o.End) activeTo = o.End;
            var main = w.History.Count > 0 ? w.History[^1].OccupationCode : null;

            pool.Clear();
            seen.Clear();
            void Draw(List<int>? list, int count)
            {
                if (list is null || list.Count == 0) return;
                for (var k = 0; k < count; k++)
                {
                    var v = list[rng.Next(list.Count)];
                    if (seen.Add(v)) pool.Add(v);
                }
            }
            Draw(main is null ? null : byOccupation.GetValueOrDefault(main), OccupationCandidates);
            // Seekers outside Liaoning browse the hubs' vacancies (return migration goes there first).
            Draw(byCity.GetValueOrDefault(ctx.InLiaoning(w.CityCode) ? w.CityCode : rng.Pick(ctx.HubCities)), CityCandidates);
            foreach (var earlier in w.History.Select(h => h.OccupationCode).OfType<string>().Where(c => c != main).Distinct(StringComparer.Ordinal))
                Draw(byOccupation.GetValueOrDefault(earlier), EarlierOccupationCandidates);
            for (var k = 0; k < RandomCandidates && vacancies.Count > 0; k++)
            {
                var v = rng.Next(vacancies.Count);
                if (seen.Add(v)) pool.Add(v);
            }

            // Keep candidates open during the search episode, score them, and show the better ones more often.
            var candidates = new List<(int Vacancy, double Score, double Coverage, DateTimeOffset From, DateTimeOffset To)>(pool.Count);
            foreach (var vi in pool)
            {
                var v = vacancies[vi];
                var from = v.PostedAt > activeFrom ? v.PostedAt : activeFrom;
                var to = v.ClosedAt is { } closed && closed < activeTo ? closed : activeTo;
                if ((to - from).TotalHours < 2) continue;
                var (score, coverage) = Match(w, v, main);
                candidates.Add((vi, score, coverage, from, to));
            }
            if (candidates.Count == 0) continue;
            var weights = candidates.Select(c => Math.Exp(ImpressionBias * c.Score)).ToArray();
            var shown = rng.SampleWithoutReplacement(weights, rng.Between(12, 28));
            foreach (var ci in shown)
            {
                var c = candidates[ci];
                Funnel(rng, wi, w, c.Vacancy, c.Score, c.Coverage, c.From, c.To, vacancies[c.Vacancy].ClosedAt ?? o.End, events, offers);
            }
        }

        // Offers are granted in time order while the vacancy has headcount left and the worker is not yet hired.
        var hires = new int[vacancies.Count];
        var hired = new bool[workers.Count];
        offers.Sort(Compare);
        foreach (var offer in offers)
        {
            var granted = hires[offer.Vacancy] < vacancies[offer.Vacancy].Headcount && !hired[offer.Worker];
            if (granted)
            {
                hires[offer.Vacancy]++;
                hired[offer.Worker] = true;
            }
            events.Add(offer with { Type = granted ? InteractionType.Hire : InteractionType.Reject });
        }

        events.Sort(Compare);
        var result = new Interaction[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            result[i] = new Interaction(i + 1, workers[e.Worker].Id, vacancies[e.Vacancy].Id, e.Type, e.At);
        }
        return result;
    }

    /// <summary>Match quality in about [0, 4.5], and the skill coverage part of it.</summary>
    private static (double Score, double Coverage) Match(Worker w, Vacancy v, string? mainOccupation)
    {
        var coverage = GapAnalyzer.Analyze(w.Skills, v.Requirements).Coverage;
        var sameCity = w.CityCode == v.CityCode ? 1.0 : 0.0;
        var salaryFit = w.SalaryWishMonthly is not { } wish ? 0.5
            : wish <= v.SalaryMaxMonthly ? 1.0
            : Math.Max(0, 1 - 2.0 * (wish - v.SalaryMaxMonthly) / v.SalaryMaxMonthly);
        var educationFit = w.Education >= v.MinEducation ? 1.0 : 0.0;
        var experienceFit = w.ExperienceYears >= v.MinExperienceYears ? 1.0 : 0.0;
        var sameOccupation = mainOccupation == v.OccupationCode ? 1.0 : 0.0;
        var score = 2.0 * coverage + 0.8 * sameCity + 0.6 * salaryFit + 0.3 * educationFit + 0.3 * experienceFit + 0.5 * sameOccupation;
        return (score, coverage);
    }

    /// <summary>
    /// One impression in [from, shownUntil), then the steps that follow it, each before the vacancy closes
    /// (<paramref name="to"/>); a step that would fall later ends the funnel.
    /// </summary>
    private void Funnel(Random rng, int wi, Worker w, int vi, double score, double coverage,
        DateTimeOffset from, DateTimeOffset shownUntil, DateTimeOffset to, List<Event> events, List<Event> offers)
    {
        var at = rng.Between(from, shownUntil.AddHours(-1));
        events.Add(new Event(at, wi, vi, InteractionType.Impression));

        if (!rng.Chance(Sigmoid(-3.2 + 0.9 * score))) return;
        at = at.AddMinutes(SkewedMinutes(rng, 1, 3 * 1440));
        if (at >= to) return;
        events.Add(new Event(at, wi, vi, InteractionType.View));

        if (!rng.Chance(Sigmoid(-2.6 + 0.75 * score))) return;
        at = at.AddMinutes(SkewedMinutes(rng, 5, 2 * 1440));
        if (at >= to) return;
        events.Add(new Event(at, wi, vi, InteractionType.Apply));

        if (!rng.Chance(Sigmoid(-4.0 + 3.0 * coverage + 0.35 * score)))
        {
            // Most applications that go nowhere are declined explicitly.
            at = at.AddDays(rng.Between(3, 21));
            if (at < to && rng.Chance(0.6)) events.Add(new Event(at, wi, vi, InteractionType.Reject));
            return;
        }
        at = at.AddDays(rng.Between(2, 14)).AddMinutes(rng.Between(0, 600));
        if (at >= to) return;
        events.Add(new Event(at, wi, vi, InteractionType.Interview));

        var hireChance = Sigmoid(-2.0 + 2.5 * coverage);
        if (at >= ctx.Options.PilotStart && ctx.IsPilot(w.CityCode)) hireChance = Math.Min(0.95, hireChance * CalibrationProfile.PilotHireUplift);
        var decided = at.AddDays(rng.Between(1, 10));
        if (decided >= to) return;
        if (rng.Chance(hireChance)) offers.Add(new Event(decided, wi, vi, InteractionType.Hire));
        else events.Add(new Event(decided, wi, vi, InteractionType.Reject));
    }

    /// <summary>Minutes between min and max, log-uniform: most reactions are quick, a few take days.</summary>
    private static int SkewedMinutes(Random rng, int min, int max) =>
        (int)Math.Round(Math.Exp(rng.Uniform(Math.Log(min), Math.Log(max))));

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static int Compare(Event a, Event b)
    {
        var c = a.At.CompareTo(b.At);
        if (c != 0) return c;
        c = a.Worker.CompareTo(b.Worker);
        if (c != 0) return c;
        c = a.Vacancy.CompareTo(b.Vacancy);
        return c != 0 ? c : a.Type.CompareTo(b.Type);
    }

    private static Dictionary<string, List<int>> Index(IReadOnlyList<Vacancy> vacancies, Func<Vacancy, string?> key)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < vacancies.Count; i++)
        {
            if (key(vacancies[i]) is not { } k) continue;
            if (!index.TryGetValue(k, out var list)) index[k] = list = [];
            list.Add(i);
        }
        return index;
    }
}
