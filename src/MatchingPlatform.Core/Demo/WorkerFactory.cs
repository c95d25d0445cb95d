using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Demo;

internal enum AgeBand { Under35, From35To45, Over45 }

/// <summary>
/// Worker profiles: age, city, current job, education, work history, skills and salary wish, drawn so that the
/// figures of DESIGN.md hold (see <see cref="CalibrationProfile"/>): most workers in Liaoning with young leavers
/// outside it, 35% in traditional manufacturing, digital skills concentrated in the hubs and among the young,
/// and few AI/data seekers for the AI/data openings.
/// </summary>
internal sealed class WorkerFactory
{
    private enum CityClass { Hub, Elsewhere, Outside }

    /// <summary>Whether a worker is one of the calibrated AI/data workers, and if so whether they seek.</summary>
    private enum AiDataRole { None, Seeking, NotSeeking }

    private readonly record struct Basics(int Age, bool Outside, string City);

    private readonly DemoContext _ctx;
    private readonly WorkHistoryBuilder _history;
    private readonly int _aiDataOpenHeadcount;
    private readonly Dictionary<(string City, bool Manufacturing, AgeBand Band), WeightedTable<string>?> _industryTables = [];
    private readonly Dictionary<(string Industry, CityClass Class, AgeBand Band), WeightedTable<OccupationTraits>> _occupationTables = [];
    private readonly HashSet<string> _aiCodes;

    /// <param name="aiDataOpenHeadcount">Open AI/data headcount; the AI/data seekers are sized against it.</param>
    public WorkerFactory(DemoContext ctx, IReadOnlyList<Enterprise> enterprises, int aiDataOpenHeadcount)
    {
        _ctx = ctx;
        _history = new WorkHistoryBuilder(ctx, enterprises);
        _aiCodes = ctx.AiData.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        _aiDataOpenHeadcount = aiDataOpenHeadcount;
    }

    public IReadOnlyList<Worker> Create(Random rng)
    {
        var n = _ctx.Options.Workers;
        // Where and how old everyone is comes first, so the AI/data workers can be placed among them.
        var basics = new Basics[n];
        for (var i = 0; i < n; i++)
        {
            var age = SampleAge(rng);
            var outside = rng.Chance(OutflowChance(age));
            basics[i] = new Basics(age, outside, outside ? _ctx.Destinations.Sample(rng) : _ctx.LiaoningWorkerCities.Sample(rng));
        }
        var roles = AiDataRoles(rng, basics);
        var result = new List<Worker>(n);
        for (var i = 0; i < n; i++) result.Add(Create(rng, i, basics[i], roles[i]));
        return result;
    }

    /// <summary>
    /// DESIGN.md's "1:10 supply-demand ratio for AI engineers and data analysts": exactly open headcount / 10
    /// Liaoning workers in those occupations are seeking, with the usual share of non-seekers beside them. They
    /// are drawn among Liaoning workers aged 45 or less, mostly in the hubs. A quota rather than a probability, so
    /// the ratio holds at any size instead of swinging with a handful of random draws.
    /// </summary>
    private AiDataRole[] AiDataRoles(Random rng, Basics[] basics)
    {
        var roles = new AiDataRole[basics.Length];
        if (_ctx.AiData.Count == 0) return roles;
        var seekers = (int)Math.Round(_aiDataOpenHeadcount / CalibrationProfile.AiDataDemandPerSeeker);
        var total = (int)Math.Round(seekers / CalibrationProfile.ActivelySeekingShare);
        var eligible = Enumerable.Range(0, basics.Length).Where(i => !basics[i].Outside && basics[i].Age <= 45).ToArray();
        var weights = eligible.Select(i => AiCityFactor(basics[i].City)).ToArray();
        var picked = rng.SampleWithoutReplacement(weights, total);
        for (var k = 0; k < picked.Length; k++)
            roles[eligible[picked[k]]] = k < seekers ? AiDataRole.Seeking : AiDataRole.NotSeeking;
        return roles;
    }

    private Worker Create(Random rng, int index, Basics basics, AiDataRole role)
    {
        var o = _ctx.Options;
        var (age, outside, city) = basics;
        var band = Band(age);
        OccupationTraits occupation;
        string industry;
        if (role == AiDataRole.None) (occupation, industry) = PickJob(rng, city, outside, band);
        else
        {
            occupation = rng.Pick(_ctx.AiData);
            industry = occupation.IndustryCode;
        }

        var education = PickEducation(rng, occupation, age, band);
        var birthYear = o.End.Year - age;
        var graduationYear = Math.Min(o.End.Year, birthYear + GraduationAge(education) + rng.Between(0, 1));
        var careerStart = new DateOnly(graduationYear, 7, 1).AddDays(rng.Between(0, 150));
        var latestStart = _ctx.EndDate.AddDays(-45);
        if (careerStart > latestStart) careerStart = latestStart;

        // Seekers = the unemployed plus enough on-the-job searchers to reach the overall share.
        bool unemployed, seeking;
        switch (role)
        {
            case AiDataRole.Seeking:
                seeking = true;
                unemployed = rng.Chance(CalibrationProfile.UnemployedShare / CalibrationProfile.ActivelySeekingShare);
                break;
            case AiDataRole.NotSeeking:
                seeking = unemployed = false;
                break;
            default:
                unemployed = rng.Chance(CalibrationProfile.UnemployedShare);
                seeking = unemployed || rng.Chance((CalibrationProfile.ActivelySeekingShare - CalibrationProfile.UnemployedShare)
                    / (1 - CalibrationProfile.UnemployedShare));
                break;
        }
        var history = _history.Build(rng, new CareerFacts(city, outside, occupation, industry, careerStart, unemployed));
        var experience = ExperienceYears(history, careerStart);

        var skills = Skills(rng, occupation, history, experience, city, band);
        int? wish = rng.Chance(0.05) ? null : RoundToHundred(occupation.BaseMonthlySalary * _ctx.WageIndex(city)
            * (1 + 0.025 * Math.Min(experience, 20)) * (1 + 0.08 * ((int)education - (int)occupation.TypicalEducation))
            * rng.LogNormalFactor(0.15));

        var created = seeking
            ? rng.Between(o.Start.AddMonths(-1), o.End.AddDays(-45)) // seekers register when they start searching
            : rng.Between(o.Start.AddMonths(-12), o.End.AddDays(-30));
        return new Worker
        {
            Id = $"w-{index + 1:D6}",
            DisplayName = NameGenerator.Person(rng),
            CityCode = city,
            Education = education,
            ExperienceYears = experience,
            BirthYear = birthYear,
            Gender = rng.Chance(MaleShare(industry)) ? Gender.Male : Gender.Female,
            SalaryWishMonthly = wish,
            ActivelySeeking = seeking,
            GraduationYear = graduationYear,
            Skills = skills,
            History = history,
            Version = 1,
            CreatedAt = created,
            UpdatedAt = rng.Between(created, o.End),
        };
    }

    private static int SampleAge(Random rng)
    {
        var bands = CalibrationProfile.AgeBands;
        var (from, to, _) = bands[rng.PickIndex(bands.Select(b => b.Weight).ToArray())];
        return rng.Between(from, to);
    }

    private static AgeBand Band(int age) => age < 35 ? AgeBand.Under35 : age <= 45 ? AgeBand.From35To45 : AgeBand.Over45;

    private static double OutflowChance(int age) =>
        age <= CalibrationProfile.YoungAgeLimit ? CalibrationProfile.YoungOutflowProbability
        : age <= 45 ? CalibrationProfile.PrimeOutflowProbability
        : CalibrationProfile.OlderOutflowProbability;

    private static T ByBand<T>((T Under35, T From35To45, T Over45) values, AgeBand band) => band switch
    {
        AgeBand.Under35 => values.Under35,
        AgeBand.From35To45 => values.From35To45,
        _ => values.Over45,
    };

    private CityClass Classify(string city) =>
        !_ctx.InLiaoning(city) ? CityClass.Outside : _ctx.IsHub(city) ? CityClass.Hub : CityClass.Elsewhere;

    /// <summary>Relative chance of a digital job by where the worker lives: mostly in the hubs.</summary>
    private static double CityDigitalFactor(CityClass cityClass) => cityClass switch
    {
        CityClass.Hub => CalibrationProfile.DigitalOccupationHubBoost,
        CityClass.Elsewhere => CalibrationProfile.DigitalOccupationElsewhere,
        _ => 1.0,
    };

    private double AiCityFactor(string city) => CityDigitalFactor(Classify(city));

    /// <summary>How likely a digital industry or occupation is, given where and how old the worker is.</summary>
    private static double DigitalFactor(CityClass cityClass, AgeBand band) =>
        ByBand(CalibrationProfile.DigitalOccupationByAge, band) * CityDigitalFactor(cityClass);

    /// <summary>The current (or last) job: an occupation and the industry of the employer.</summary>
    private (OccupationTraits, string) PickJob(Random rng, string city, bool outside, AgeBand band)
    {
        var manufacturing = rng.Chance(outside
            ? CalibrationProfile.TraditionalManufacturingShareOutside
            : ByBand(CalibrationProfile.TraditionalManufacturingShare, band));
        var industries = IndustryTable(city, manufacturing, band) ?? IndustryTable(city, !manufacturing, band)!;
        var industry = industries.Sample(rng);
        return (OccupationTable(industry, Classify(city), band).Sample(rng), industry);
    }

    private WeightedTable<string>? IndustryTable(string city, bool manufacturing, AgeBand band)
    {
        if (_industryTables.TryGetValue((city, manufacturing, band), out var table)) return table;
        var cityClass = Classify(city);
        var entries = _ctx.Industries
            .Where(i => i.TraditionalManufacturing == manufacturing && _ctx.HomeOccupations(i.Code).Count > 0)
            .Select(i => (i.Code, _ctx.IndustryBase(i.Code) * _ctx.Affinity(city, i.Code) * (i.IsDigital ? DigitalFactor(cityClass, band) : 1)))
            .ToArray();
        table = entries.Length == 0 ? null : new WeightedTable<string>(entries);
        _industryTables[(city, manufacturing, band)] = table;
        return table;
    }

    /// <summary>
    /// Occupations within an employer's industry: its own occupations, plus the cross-industry ones with a fixed
    /// share. Inside Liaoning the AI/data occupations are excluded here: they are drawn to match demand instead.
    /// </summary>
    private WeightedTable<OccupationTraits> OccupationTable(string industry, CityClass cityClass, AgeBand band)
    {
        if (_occupationTables.TryGetValue((industry, cityClass, band), out var table)) return table;
        var digital = DigitalFactor(cityClass, band);
        bool Allowed(OccupationTraits t) => cityClass == CityClass.Outside || !_aiCodes.Contains(t.Code);
        double Weight(OccupationTraits t) => t.EmploymentWeight * (t.IsDigital ? digital : 1);
        var home = _ctx.HomeOccupations(industry).Where(Allowed).ToArray();
        var cross = _ctx.CrossIndustry.Where(t => t.IndustryCode != industry && Allowed(t)).ToArray();
        var homeTotal = home.Sum(Weight);
        var crossTotal = cross.Sum(Weight);
        var crossShare = home.Length == 0 ? 1 : cross.Length == 0 ? 0 : CalibrationProfile.CrossIndustryShare;
        var entries = home.Select(t => (t, (1 - crossShare) * Weight(t) / homeTotal))
            .Concat(cross.Select(t => (t, crossShare * Weight(t) / crossTotal)))
            .ToArray();
        // An industry whose only occupations are AI/data ones (inside Liaoning) falls back to any occupation.
        table = entries.Length > 0 ? new WeightedTable<OccupationTraits>(entries)
            : new WeightedTable<OccupationTraits>(_ctx.Occupations.Where(Allowed).Select(t => (t, t.EmploymentWeight)));
        _occupationTables[(industry, cityClass, band)] = table;
        return table;
    }

    private static Education PickEducation(Random rng, OccupationTraits occupation, int age, AgeBand band)
    {
        var level = (int)occupation.TypicalEducation;
        // Older cohorts studied less; younger ones more (higher-education expansion after 1999).
        if (band == AgeBand.Over45 && rng.Chance(0.3)) level--;
        else if (band == AgeBand.Under35 && rng.Chance(0.2)) level++;
        else if (rng.Chance(0.1)) level--;
        level = Math.Clamp(level, (int)Education.JuniorSecondary, (int)Education.Doctorate);
        while (level > (int)Education.JuniorSecondary && GraduationAge((Education)level) > age) level--;
        return (Education)level;
    }

    private static int GraduationAge(Education education) => education switch
    {
        Education.JuniorSecondary => 16,
        Education.SeniorSecondary => 18,
        Education.Associate => 21,
        Education.Bachelor => 22,
        Education.Master => 25,
        Education.Doctorate => 28,
        _ => 18,
    };

    /// <summary>Years worked: the recorded spells plus, for careers begun before the window, the years before it.</summary>
    private int ExperienceYears(IReadOnlyList<WorkHistoryEntry> history, DateOnly careerStart)
    {
        var end = _ctx.EndDate;
        double days = history.Sum(h => (h.End ?? end).DayNumber - h.Start.DayNumber);
        // Before the recorded window, assume the usual ~90% of time in work.
        if (careerStart < history[0].Start) days += 0.9 * (history[0].Start.DayNumber - careerStart.DayNumber);
        return Math.Clamp((int)(days / 365.25), 0, 60);
    }

    private IReadOnlyList<SkillLevel> Skills(Random rng, OccupationTraits occupation,
        IReadOnlyList<WorkHistoryEntry> history, int experience, string city, AgeBand band)
    {
        var held = new List<SkillLevel>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var cityClass = Classify(city);
        // DESIGN.md: outside the hubs, and among older workers, few have digital training.
        var incidentalKeep = (cityClass == CityClass.Elsewhere ? CalibrationProfile.IncidentalDigitalKeepOutsideHubs : 1.0)
            * ByBand(CalibrationProfile.IncidentalDigitalKeepByAge, band);
        var experienceShift = experience < 2 ? -1 : experience >= 10 && rng.Chance(0.5) ? 1 : 0;

        void Add(SkillRequirement r, OccupationTraits from, int shift)
        {
            if (codes.Contains(r.SkillCode)) return;
            var skill = _ctx.Taxonomy.FindSkill(r.SkillCode)!;
            var keep = 0.55 + 0.08 * r.Importance;
            if (skill.IsDigital && !from.IsDigital) keep *= incidentalKeep;
            if (!rng.Chance(keep)) return;
            var noise = rng.NextDouble() switch { < 0.15 => -1, > 0.85 => 1, _ => 0 };
            held.Add(new SkillLevel(r.SkillCode, Math.Clamp(r.Level + shift + noise, SkillLevel.Min, SkillLevel.Max)));
            codes.Add(r.SkillCode);
        }

        foreach (var r in occupation.Occupation.Skills) Add(r, occupation, experienceShift);
        // Earlier jobs leave their main skills behind, a little rusty.
        foreach (var code in history.Select(h => h.OccupationCode).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (code == occupation.Code) continue;
            var earlier = _ctx.Traits(code);
            foreach (var r in earlier.Occupation.Skills.OrderByDescending(r => r.Importance).Take(2)) Add(r, earlier, -1);
        }
        // A few extras next to what they already know.
        var extras = rng.Between(0, 2);
        for (var i = 0; i < extras; i++)
        {
            var anchor = _ctx.Taxonomy.FindSkill(rng.Pick(occupation.Occupation.Skills).SkillCode)!;
            var candidates = _ctx.SkillsInGroup(anchor.Group).Where(s => !codes.Contains(s.Code)).ToArray();
            if (candidates.Length == 0) continue;
            var extra = rng.Pick(candidates);
            if (extra.IsDigital && !occupation.IsDigital && !rng.Chance(incidentalKeep)) continue;
            held.Add(new SkillLevel(extra.Code, rng.Between(1, 3)));
            codes.Add(extra.Code);
        }
        if (held.Count == 0)
        {
            var top = occupation.Occupation.Skills.OrderByDescending(r => r.Importance).First();
            held.Add(new SkillLevel(top.SkillCode, top.Level));
        }
        return held;
    }

    private static double MaleShare(string industry) => industry switch
    {
        "equipment-manufacturing" or "automotive" or "metallurgy-steel" or "petrochemical" or "shipbuilding"
            or "mining" or "construction" or "logistics" or "energy-utilities" => 0.8,
        "healthcare" or "education" => 0.25,
        "hospitality" or "retail-ecommerce" or "finance" => 0.42,
        _ => 0.55,
    };

    private static int RoundToHundred(double x) => (int)Math.Max(100, Math.Round(x / 100) * 100);
}
