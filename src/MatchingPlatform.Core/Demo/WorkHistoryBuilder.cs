using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Demo;

/// <summary>How a worker's history moves between cities; feeds the mobility module's origin-destination flows.</summary>
internal enum MobilityPattern
{
    /// <summary>Every spell in the current city.</summary>
    Stayer,
    /// <summary>Started in another Liaoning city, moved to the current one (mostly towards Shenyang/Dalian).</summary>
    IntraProvinceMover,
    /// <summary>Started in Liaoning, now works outside it: the talent outflow.</summary>
    Leaver,
    /// <summary>Worked outside Liaoning for a while, came back.</summary>
    Returner,
}

/// <summary>What the history builder needs to know about the worker it builds a history for.</summary>
internal sealed record CareerFacts(
    string CurrentCity, bool LivesOutside, OccupationTraits Occupation, string Industry,
    DateOnly CareerStart, bool Unemployed);

/// <summary>
/// Builds 1-4 non-overlapping job spells within the last 20 years, ending in the worker's current job (open-ended)
/// or, for the unemployed, in a job that ended. Cities along the way follow a <see cref="MobilityPattern"/>.
/// </summary>
internal sealed class WorkHistoryBuilder(DemoContext ctx, IReadOnlyList<Enterprise> enterprises)
{
    private const int MinSpellDays = 30;
    private const int HistoryYears = 20;
    private const double SameOccupationChance = 0.7;
    private const double UseKnownEmployerChance = 0.6;

    private readonly ILookup<(string City, string Industry), Enterprise> _employers =
        enterprises.ToLookup(e => (e.CityCode, e.IndustryCode));

    public IReadOnlyList<WorkHistoryEntry> Build(Random rng, CareerFacts facts)
    {
        var end = ctx.EndDate;
        var windowStart = end.AddYears(-HistoryYears);
        // Careers that began before the window are recorded from some point in its first year.
        var first = facts.CareerStart >= windowStart ? facts.CareerStart : windowStart.AddDays(rng.Between(0, 365));
        var span = end.DayNumber - first.DayNumber;
        var stop = facts.Unemployed ? end.AddDays(-Math.Min(rng.Between(30, 540), span / 2)) : end;
        span = stop.DayNumber - first.DayNumber;

        var pattern = PickPattern(rng, facts.CurrentCity);
        var n = SpellCount(rng, span);
        if (pattern != MobilityPattern.Stayer)
        {
            // A move needs two spells; a fresh graduate's first one may be a short first job or internship.
            if (span >= 2 * MinSpellDays + 2) n = Math.Max(n, 2);
            else pattern = MobilityPattern.Stayer;
        }
        var cities = Cities(rng, pattern, n, facts.CurrentCity);
        var dates = Spells(rng, first, stop, n);

        var result = new List<WorkHistoryEntry>(n);
        for (var i = 0; i < n; i++)
        {
            var last = i == n - 1;
            OccupationTraits occupation;
            string industry;
            if (last || rng.Chance(SameOccupationChance))
            {
                occupation = facts.Occupation;
                industry = last || rng.Chance(0.75) ? facts.Industry : occupation.IndustryCode;
            }
            else
            {
                occupation = EarlierOccupation(rng, facts);
                industry = occupation.IndustryCode;
            }
            var (start, stopDate) = dates[i];
            result.Add(new WorkHistoryEntry(cities[i], occupation.Code, Employer(rng, cities[i], industry), industry,
                start, last && !facts.Unemployed ? null : stopDate));
        }
        return result;
    }

    private MobilityPattern PickPattern(Random rng, string currentCity)
    {
        if (!ctx.InLiaoning(currentCity))
            return rng.Chance(CalibrationProfile.OutsideWorkersFromLiaoning) ? MobilityPattern.Leaver : MobilityPattern.Stayer;
        // Moves within the province run mostly towards the hubs, so hub residents are more often movers.
        var movers = CalibrationProfile.IntraProvinceMoverShare * (ctx.IsHub(currentCity) ? 1.5 : 0.5);
        var x = rng.NextDouble();
        return x < CalibrationProfile.ReturnMigrantShare ? MobilityPattern.Returner
            : x < CalibrationProfile.ReturnMigrantShare + movers ? MobilityPattern.IntraProvinceMover
            : MobilityPattern.Stayer;
    }

    /// <summary>Longer careers have had more jobs: up to 4 within the window.</summary>
    private static int SpellCount(Random rng, int spanDays)
    {
        var years = spanDays / 365.25;
        if (years < 1 || spanDays < 2 * MinSpellDays) return 1;
        if (years < 3) return rng.Chance(0.6) ? 1 : 2;
        if (years < 8) return 1 + rng.PickIndex([0.35, 0.4, 0.25]);
        return 1 + rng.PickIndex([0.2, 0.35, 0.3, 0.15]);
    }

    private string[] Cities(Random rng, MobilityPattern pattern, int n, string current)
    {
        var cities = new string[n];
        Array.Fill(cities, current);
        if (n < 2) return cities;
        switch (pattern)
        {
            case MobilityPattern.Leaver:
            {
                var origin = ctx.LiaoningWorkerCities.Sample(rng);
                var move = rng.Between(1, n - 1);
                for (var i = 0; i < move; i++) cities[i] = origin;
                // Some go to Shenyang or Dalian first and leave the province from there.
                if (move >= 2 && !ctx.IsHub(origin) && rng.Chance(0.4)) cities[move - 1] = rng.Pick(ctx.HubCities);
                // And some change destination once outside.
                if (n - move >= 2 && rng.Chance(0.25)) cities[move] = ctx.Destinations.Sample(rng);
                break;
            }
            case MobilityPattern.Returner:
            {
                // n == 2: first job outside, then home. Longer histories leave and come back.
                var away = n == 2 ? 0 : rng.Between(1, n - 2);
                cities[away] = ctx.Destinations.Sample(rng);
                if (away > 0 && rng.Chance(0.3)) for (var i = 0; i < away; i++) cities[i] = OtherLiaoningCity(rng, current);
                break;
            }
            case MobilityPattern.IntraProvinceMover:
            {
                var origin = OtherLiaoningCity(rng, current);
                var move = rng.Between(1, n - 1);
                for (var i = 0; i < move; i++) cities[i] = origin;
                break;
            }
            case MobilityPattern.Stayer when !ctx.InLiaoning(current) && rng.Chance(0.2):
                // A local of one destination who worked in another first.
                cities[0] = ctx.Destinations.Sample(rng);
                break;
        }
        return cities;
    }

    /// <summary>
    /// Where someone now in <paramref name="current"/> worked before within Liaoning: hub residents mostly came from
    /// the smaller cities; residents of a smaller city mostly from another smaller city, some back from a hub.
    /// </summary>
    private string OtherLiaoningCity(Random rng, string current)
    {
        if (ctx.LiaoningCities.Count < 2) return current;
        var fromSmaller = ctx.SmallerLiaoningCities is not null && (ctx.IsHub(current) || rng.Chance(0.7));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var city = fromSmaller ? ctx.SmallerLiaoningCities!.Sample(rng) : rng.Pick(ctx.HubCities);
            if (city != current) return city;
            fromSmaller = !fromSmaller && ctx.SmallerLiaoningCities is not null;
        }
        return ctx.LiaoningCities.First(c => c.Code != current).Code;
    }

    /// <summary>Splits [first, stop] into n spells separated by short gaps; each spell at least a month long.</summary>
    private static (DateOnly Start, DateOnly End)[] Spells(Random rng, DateOnly first, DateOnly stop, int n)
    {
        var span = stop.DayNumber - first.DayNumber;
        var gaps = new int[n];
        for (var i = 0; i < n - 1; i++) gaps[i] = rng.Between(0, 120);
        var working = span - gaps.Sum();
        if (working < n * MinSpellDays)
        {
            Array.Clear(gaps);
            working = span;
        }
        var shares = new double[n];
        for (var i = 0; i < n; i++) shares[i] = rng.Uniform(0.5, 1.5);
        var total = shares.Sum();

        var result = new (DateOnly, DateOnly)[n];
        var cursor = first;
        for (var i = 0; i < n; i++)
        {
            var remainingSpells = n - i - 1;
            var days = i == n - 1
                ? stop.DayNumber - cursor.DayNumber
                : Math.Max(MinSpellDays, (int)(working * shares[i] / total));
            // Leave room for the spells still to come.
            days = Math.Min(days, stop.DayNumber - cursor.DayNumber - remainingSpells * (MinSpellDays + 1) - gaps.Skip(i).Take(remainingSpells).Sum());
            days = Math.Max(days, 1);
            var spellEnd = cursor.AddDays(days);
            result[i] = (cursor, spellEnd);
            cursor = spellEnd.AddDays(1 + gaps[i]);
        }
        return result;
    }

    private OccupationTraits EarlierOccupation(Random rng, CareerFacts facts)
    {
        // Cross-industry roles move between such roles; others move within their industry (welder -> fitter,
        // data annotator -> AI engineer).
        var pool = CalibrationProfile.CrossIndustryOccupations.Contains(facts.Occupation.Code)
            ? ctx.CrossIndustry
            : ctx.HomeOccupations(facts.Occupation.IndustryCode);
        var others = pool.Where(t => t.Code != facts.Occupation.Code).ToArray();
        return others.Length == 0 ? facts.Occupation : rng.Pick(others);
    }

    private string Employer(Random rng, string city, string industry)
    {
        var known = _employers[(city, industry)].ToArray();
        if (known.Length > 0 && rng.Chance(UseKnownEmployerChance)) return rng.Pick(known).Name;
        var ownership = rng.Chance(0.25) ? Ownership.StateOwned : Ownership.Private;
        return NameGenerator.Firm(rng, ctx.CityName(city), industry, ctx.Taxonomy.FindIndustry(industry)!.NameEn, ownership);
    }
}
