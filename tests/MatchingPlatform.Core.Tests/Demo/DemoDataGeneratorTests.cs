using System.Diagnostics;
using System.Text.Json;
using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Validation;
using Xunit.Abstractions;

namespace MatchingPlatform.Core.Tests.Demo;

/// <summary>The default-size demo dataset, generated once for all tests of the class.</summary>
public sealed class DefaultDemoDataset
{
    public DefaultDemoDataset()
    {
        var reference = ReferenceFixture.Shared;
        var watch = Stopwatch.StartNew();
        Data = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities, Options);
        Elapsed = watch.Elapsed;
    }

    public DemoDataOptions Options { get; } = new();
    public DemoDataset Data { get; }
    public TimeSpan Elapsed { get; }
}

public sealed class DemoDataGeneratorTests(ReferenceFixture reference, DefaultDemoDataset demo, ITestOutputHelper output)
    : IClassFixture<ReferenceFixture>, IClassFixture<DefaultDemoDataset>
{
    private static readonly string[] Hubs = ["shenyang", "dalian"];
    private static readonly string[] AiData = ["ai-engineer", "data-analyst"];

    private DemoDataset Data => demo.Data;
    private DemoDataOptions Options => demo.Options;
    private SkillTaxonomy Taxonomy => reference.Taxonomy;

    private bool InLiaoning(string city) => reference.Cities.Find(city)!.InLiaoning;
    private int Age(Worker w) => Options.End.Year - w.BirthYear!.Value;
    private int DigitalSkillCount(Worker w) => w.Skills.Count(s => Taxonomy.FindSkill(s.SkillCode)!.IsDigital);
    private IEnumerable<Worker> LiaoningWorkers => Data.Workers.Where(w => InLiaoning(w.CityCode));

    private void Report(string figure, double value) =>
        output.WriteLine(FormattableString.Invariant($"{figure}: {value:0.###}"));

    // ---- determinism and validity -------------------------------------------------------------------

    [Fact]
    public void Same_options_give_byte_identical_output()
    {
        var options = new DemoDataOptions { Workers = 300, Enterprises = 40, Vacancies = 200, Programmes = 50 };
        var a = JsonSerializer.Serialize(DemoDataGenerator.Generate(Taxonomy, reference.Cities, options));
        var b = JsonSerializer.Serialize(DemoDataGenerator.Generate(Taxonomy, reference.Cities, options));
        Assert.Equal(a, b);

        var other = JsonSerializer.Serialize(DemoDataGenerator.Generate(Taxonomy, reference.Cities, options with { Seed = 7 }));
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void Generation_at_default_size_is_fast()
    {
        Report("generation seconds", demo.Elapsed.TotalSeconds);
        // The target is ~3 s; the bound leaves room for slow, shared test machines.
        Assert.True(demo.Elapsed < TimeSpan.FromSeconds(15), $"took {demo.Elapsed}");
    }

    [Fact]
    public void Sizes_and_ids_follow_the_options()
    {
        Assert.Equal(Options.Workers, Data.Workers.Count);
        Assert.Equal(Options.Enterprises, Data.Enterprises.Count);
        Assert.Equal(Options.Vacancies, Data.Vacancies.Count);
        Assert.True(Data.Programmes.Count >= Options.Programmes);
        Assert.Equal("w-000001", Data.Workers[0].Id);
        Assert.Equal("e-00001", Data.Enterprises[0].Id);
        Assert.Equal("v-000001", Data.Vacancies[0].Id);
        Assert.Equal("tp-0001", Data.Programmes[0].Id);
        Assert.Equal($"w-{Options.Workers:D6}", Data.Workers[^1].Id);
        Assert.Equal(Enumerable.Range(1, Data.Interactions.Count).Select(i => (long)i), Data.Interactions.Select(i => i.Id));
    }

    [Fact]
    public void Every_entity_passes_the_profile_validator()
    {
        var validator = new ProfileValidator(Taxonomy, reference.Cities);
        var errors = Data.Workers.SelectMany(w => validator.Validate(w).Select(e => $"{w.Id} {e}"))
            .Concat(Data.Enterprises.SelectMany(x => validator.Validate(x).Select(e => $"{x.Id} {e}")))
            .Concat(Data.Vacancies.SelectMany(v => validator.Validate(v).Select(e => $"{v.Id} {e}")))
            .Concat(Data.Programmes.SelectMany(p => validator.Validate(p).Select(e => $"{p.Id} {e}")))
            .Concat(Data.Interactions.SelectMany(i => validator.Validate(i).Select(e => $"interaction {i.Id} {e}")))
            .Take(20).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [InlineData(0, 1, 0, 0)]
    [InlineData(40, 3, 15, 5)]
    public void Tiny_datasets_are_still_valid(int workers, int enterprises, int vacancies, int programmes)
    {
        var options = new DemoDataOptions { Workers = workers, Enterprises = enterprises, Vacancies = vacancies, Programmes = programmes };
        var data = DemoDataGenerator.Generate(Taxonomy, reference.Cities, options);
        var validator = new ProfileValidator(Taxonomy, reference.Cities);
        Assert.All(data.Workers, w => Assert.Empty(validator.Validate(w)));
        Assert.All(data.Enterprises, e => Assert.Empty(validator.Validate(e)));
        Assert.All(data.Vacancies, v => Assert.Empty(validator.Validate(v)));
        Assert.All(data.Programmes, p => Assert.Empty(validator.Validate(p)));
        Assert.All(data.Interactions, i => Assert.Empty(validator.Validate(i)));
        Assert.Equal(workers, data.Workers.Count);
        Assert.Equal(vacancies, data.Vacancies.Count);
        Assert.True(data.Programmes.Count >= programmes);
        Assert.Equal(4, data.PilotCities.Count);
    }

    [Fact]
    public void Vacancies_reference_their_enterprise_and_respect_the_window()
    {
        var enterprises = Data.Enterprises.ToDictionary(e => e.Id);
        foreach (var v in Data.Vacancies)
        {
            Assert.True(enterprises.TryGetValue(v.EnterpriseId, out var e), v.Id);
            Assert.Equal(e!.CityCode, v.CityCode);
            Assert.InRange(v.PostedAt, Options.Start, Options.End);
            Assert.InRange(v.Headcount, 1, 10);
            Assert.NotNull(v.OccupationCode);
            Assert.Equal(v.Status == VacancyStatus.Closed, v.ClosedAt.HasValue);
            if (v.ClosedAt is { } closed)
            {
                Assert.True(closed > v.PostedAt, v.Id);
                Assert.True(closed <= Options.End, v.Id);
            }
        }
        var open = Data.Vacancies.Count(v => v.Status == VacancyStatus.Open) / (double)Data.Vacancies.Count;
        Report("open vacancy share", open);
        Assert.InRange(open, 0.7, 0.8);
    }

    [Fact]
    public void Interactions_reference_existing_entities_in_a_consistent_order()
    {
        var workers = Data.Workers.ToDictionary(w => w.Id);
        var vacancies = Data.Vacancies.ToDictionary(v => v.Id);
        for (var i = 1; i < Data.Interactions.Count; i++)
            Assert.True(Data.Interactions[i - 1].OccurredAt <= Data.Interactions[i].OccurredAt, $"ids not in time order at {i}");

        foreach (var x in Data.Interactions)
        {
            Assert.True(workers.TryGetValue(x.WorkerId, out var w), x.WorkerId);
            Assert.True(vacancies.TryGetValue(x.VacancyId, out var v), x.VacancyId);
            Assert.True(x.OccurredAt >= v!.PostedAt, $"interaction {x.Id} before its vacancy was posted");
            Assert.True(x.OccurredAt < (v.ClosedAt ?? Options.End), $"interaction {x.Id} after its vacancy closed");
            Assert.True(x.OccurredAt >= w!.CreatedAt, $"interaction {x.Id} before the worker registered");
            Assert.True(w.ActivelySeeking, $"interaction {x.Id} of a worker who is not seeking");
        }

        foreach (var pair in Data.Interactions.GroupBy(x => (x.WorkerId, x.VacancyId)))
        {
            var first = pair.GroupBy(x => x.Type).ToDictionary(g => g.Key, g => g.Min(x => x.OccurredAt));
            Assert.Contains(InteractionType.Impression, first.Keys);
            var funnel = new[] { InteractionType.Impression, InteractionType.View, InteractionType.Apply, InteractionType.Interview, InteractionType.Hire }
                .Where(first.ContainsKey).Select(t => first[t]).ToArray();
            Assert.True(funnel.SequenceEqual(funnel.Order()), $"funnel out of order for {pair.Key}");
            if (first.TryGetValue(InteractionType.Hire, out var hiredAt))
                Assert.True(first.TryGetValue(InteractionType.Apply, out var appliedAt) && appliedAt < hiredAt, $"hire without earlier apply for {pair.Key}");
        }

        var hires = Data.Interactions.Where(x => x.Type == InteractionType.Hire).ToList();
        foreach (var g in hires.GroupBy(x => x.VacancyId))
            Assert.True(g.Count() <= vacancies[g.Key].Headcount, $"{g.Key} hired beyond its headcount");
        Assert.Equal(hires.Count, hires.Select(h => h.WorkerId).Distinct().Count());
    }

    [Fact]
    public void Interaction_funnel_narrows_and_is_sized_per_active_worker()
    {
        var count = Data.Interactions.GroupBy(x => x.Type).ToDictionary(g => g.Key, g => g.Count());
        int N(InteractionType t) => count.GetValueOrDefault(t);
        foreach (var t in Enum.GetValues<InteractionType>()) Report($"{t} events", N(t));
        Assert.True(N(InteractionType.Impression) > 2 * N(InteractionType.View));
        Assert.True(N(InteractionType.View) > N(InteractionType.Apply));
        Assert.True(N(InteractionType.Apply) > N(InteractionType.Interview));
        Assert.True(N(InteractionType.Interview) > N(InteractionType.Hire));
        Assert.True(N(InteractionType.Hire) > 0 && N(InteractionType.Reject) > 0);

        var perActive = Data.Interactions.Count / (double)Data.Workers.Count(w => w.ActivelySeeking);
        Report("interactions per active worker", perActive);
        Assert.InRange(perActive, 20, 40);
    }

    [Fact]
    public void Interactions_favour_good_matches()
    {
        // A ranker can only learn from the log if engagement rises with match quality.
        var workers = Data.Workers.ToDictionary(w => w.Id);
        var vacancies = Data.Vacancies.ToDictionary(v => v.Id);
        double Coverage(Interaction x) => Gaps.GapAnalyzer.Analyze(workers[x.WorkerId].Skills, vacancies[x.VacancyId].Requirements).Coverage;
        var shown = Data.Interactions.Where(x => x.Type == InteractionType.Impression).Average(Coverage);
        var applied = Data.Interactions.Where(x => x.Type == InteractionType.Apply).Average(Coverage);
        var hired = Data.Interactions.Where(x => x.Type == InteractionType.Hire).Average(Coverage);
        Report("mean coverage shown", shown);
        Report("mean coverage applied", applied);
        Report("mean coverage hired", hired);
        Assert.True(applied > shown + 0.05);
        Assert.True(hired > applied);
    }

    [Fact]
    public void Work_histories_are_ordered_non_overlapping_spells_within_twenty_years()
    {
        var end = DateOnly.FromDateTime(Options.End.UtcDateTime);
        foreach (var w in Data.Workers)
        {
            Assert.InRange(w.History.Count, 1, 4);
            for (var i = 0; i < w.History.Count; i++)
            {
                var h = w.History[i];
                Assert.True(h.Start >= end.AddYears(-21), $"{w.Id} spell {i} starts too early");
                Assert.NotNull(h.OccupationCode);
                Assert.NotNull(h.IndustryCode);
                if (i < w.History.Count - 1)
                {
                    Assert.NotNull(h.End);
                    Assert.True(h.End < w.History[i + 1].Start, $"{w.Id} spells {i} and {i + 1} overlap");
                }
                Assert.True((h.End ?? end) <= end, $"{w.Id} spell {i} ends after the window");
            }
            Assert.Equal(w.CityCode, w.History[^1].CityCode);
        }
        // Histories feed the mobility module: moves within Liaoning, out of it and back must all occur.
        var moves = Data.Workers.SelectMany(w => w.History.Zip(w.History.Skip(1), (a, b) => (From: a.CityCode, To: b.CityCode)))
            .Where(m => m.From != m.To).ToList();
        Assert.Contains(moves, m => InLiaoning(m.From) && InLiaoning(m.To));
        Assert.Contains(moves, m => InLiaoning(m.From) && !InLiaoning(m.To));
        Assert.Contains(moves, m => !InLiaoning(m.From) && InLiaoning(m.To));
        var intoHubs = moves.Count(m => InLiaoning(m.From) && !Hubs.Contains(m.From) && Hubs.Contains(m.To));
        var outOfHubs = moves.Count(m => Hubs.Contains(m.From) && InLiaoning(m.To) && !Hubs.Contains(m.To));
        Report("moves from smaller Liaoning cities into the hubs", intoHubs);
        Report("moves from the hubs to smaller Liaoning cities", outOfHubs);
        Assert.True(intoHubs > outOfHubs);
        Assert.True(Data.Workers.Count(w => w.History[^1].End is null) > Data.Workers.Count / 2);
    }

    [Fact]
    public void Worker_profiles_are_internally_consistent()
    {
        foreach (var w in Data.Workers)
        {
            var age = Age(w);
            Assert.InRange(age, 18, 64);
            Assert.True(w.ExperienceYears <= age - 14, $"{w.Id}: {w.ExperienceYears} years of experience at {age}");
            Assert.True(w.GraduationYear <= Options.End.Year && w.GraduationYear > w.BirthYear + 14, w.Id);
            Assert.NotEmpty(w.Skills);
            Assert.True(w.UpdatedAt >= w.CreatedAt && w.UpdatedAt <= Options.End, w.Id);
        }
        var seeking = Data.Workers.Count(w => w.ActivelySeeking) / (double)Data.Workers.Count;
        Report("actively seeking share", seeking);
        Assert.InRange(seeking, 0.55, 0.65);
    }

    [Fact]
    public void Salary_wishes_follow_city_wage_levels()
    {
        double Mean(params string[] cities) => Data.Workers
            .Where(w => cities.Contains(w.CityCode) && w.SalaryWishMonthly.HasValue).Average(w => w.SalaryWishMonthly!.Value);
        var hubs = Mean(Hubs);
        var small = Mean("fuxin", "tieling");
        var tier1 = Mean("beijing", "shanghai", "shenzhen");
        Report("mean salary wish Shenyang+Dalian", hubs);
        Report("mean salary wish Fuxin+Tieling", small);
        Report("mean salary wish Beijing+Shanghai+Shenzhen", tier1);
        Assert.True(hubs > small);
        Assert.True(tier1 > hubs);
    }

    // ---- calibration to DESIGN.md -------------------------------------------------------------------

    [Fact]
    public void Over_70_percent_of_digital_talent_is_in_Shenyang_and_Dalian()
    {
        var digital = LiaoningWorkers.Where(w => DigitalSkillCount(w) > 0).ToList();
        var share = digital.Count(w => Hubs.Contains(w.CityCode)) / (double)digital.Count;
        Report("hub share of digitally skilled Liaoning workers", share);
        Report("hub share of all Liaoning workers", LiaoningWorkers.Count(w => Hubs.Contains(w.CityCode)) / (double)LiaoningWorkers.Count());
        Assert.True(share > 0.70, $"hub share {share:P1}");
    }

    [Fact]
    public void Ai_and_data_roles_have_about_ten_openings_per_seeker()
    {
        var demand = Data.Vacancies
            .Where(v => v.Status == VacancyStatus.Open && AiData.Contains(v.OccupationCode))
            .Sum(v => v.Headcount);
        // Core skills: the importance-5 skills of the occupation profile, at the profile level.
        var cores = AiData.Select(code => Taxonomy.FindOccupation(code)!.Skills.Where(r => r.Importance == 5).ToArray()).ToArray();
        bool HoldsCore(Worker w) => cores.Any(core => core.All(r => w.Skills.Any(s => s.SkillCode == r.SkillCode && s.Level >= r.Level)));
        var supply = LiaoningWorkers.Count(w => w.ActivelySeeking
            && (AiData.Contains(w.History[^1].OccupationCode) || HoldsCore(w)));
        var ratio = demand / (double)supply;
        Report("AI/data seekers by occupation", LiaoningWorkers.Count(w => w.ActivelySeeking && AiData.Contains(w.History[^1].OccupationCode)));
        Report("AI/data workers by occupation", LiaoningWorkers.Count(w => AiData.Contains(w.History[^1].OccupationCode)));
        Report("AI/data open headcount", demand);
        Report("AI/data active seekers", supply);
        Report("AI/data demand per seeker", ratio);
        Assert.InRange(ratio, 6, 14);
    }

    [Fact]
    public void About_35_percent_of_Liaoning_workers_are_in_traditional_manufacturing()
    {
        var share = LiaoningWorkers.Count(w => Taxonomy.FindIndustry(w.History[^1].IndustryCode!)!.TraditionalManufacturing)
            / (double)LiaoningWorkers.Count();
        Report("traditional manufacturing share (current or last job)", share);
        Assert.InRange(share, 0.30, 0.40);
    }

    [Fact]
    public void Workforce_is_old_and_older_workers_have_fewer_digital_skills()
    {
        var over45 = Data.Workers.Where(w => Age(w) > 45).ToList();
        var under35 = Data.Workers.Where(w => Age(w) < 35).ToList();
        var share = over45.Count / (double)Data.Workers.Count;
        var old = over45.Average(DigitalSkillCount);
        var young = under35.Average(DigitalSkillCount);
        Report("share over 45", share);
        Report("mean digital skills over 45", old);
        Report("mean digital skills under 35", young);
        Assert.InRange(share, 0.35, 0.45);
        Assert.True(old < young / 2, $"over 45: {old:0.00}, under 35: {young:0.00}");

        // DESIGN.md: many of the traditional-manufacturing workers are over 45.
        var manufacturing = Data.Workers.Where(w => Taxonomy.FindIndustry(w.History[^1].IndustryCode!)!.TraditionalManufacturing).ToList();
        Assert.True(manufacturing.Count(w => Age(w) > 45) / (double)manufacturing.Count > share);
    }

    [Fact]
    public void A_significant_share_of_recent_Liaoning_graduates_work_outside_the_province()
    {
        // Recent graduates whose first job was in Liaoning; how many now work outside it.
        var cohort = Data.Workers.Where(w => w.GraduationYear > Options.End.Year - 5 && InLiaoning(w.History[0].CityCode)).ToList();
        var left = cohort.Count(w => !InLiaoning(w.History[^1].CityCode));
        var share = left / (double)cohort.Count;
        Report("recent Liaoning graduates", cohort.Count);
        Report("share now working outside Liaoning", share);
        Assert.InRange(share, 0.25, 0.45);
    }

    [Fact]
    public void Most_workers_live_in_Liaoning()
    {
        var outside = Data.Workers.Count(w => !InLiaoning(w.CityCode)) / (double)Data.Workers.Count;
        Report("share living outside Liaoning", outside);
        Assert.InRange(outside, 0.10, 0.15);
        var tier1 = Data.Workers.Count(w => w.CityCode is "beijing" or "shanghai" or "shenzhen") / (double)Data.Workers.Count(w => !InLiaoning(w.CityCode));
        Assert.True(tier1 > 0.5, $"Beijing/Shanghai/Shenzhen hold {tier1:P0} of those outside");
    }

    [Fact]
    public void Enterprises_and_digital_vacancies_concentrate_in_the_hubs_but_reach_every_city()
    {
        var liaoning = reference.Cities.All.Where(c => c.InLiaoning).Select(c => c.Code).ToList();
        Assert.All(Data.Enterprises, e => Assert.Contains(e.CityCode, liaoning));
        Assert.All(liaoning, c => Assert.Contains(Data.Enterprises, e => e.CityCode == c));
        var byCity = Data.Enterprises.GroupBy(e => e.CityCode).ToDictionary(g => g.Key, g => g.Count());
        var largest = byCity.OrderByDescending(kv => kv.Value).Take(2).Select(kv => kv.Key).Order().ToArray();
        Assert.Equal(Hubs.Order(), largest);
        Assert.Contains(Data.Enterprises, e => e.CityCode is "anshan" or "benxi" && e.IndustryCode == "metallurgy-steel");
        Assert.Contains(Data.Enterprises, e => e.CityCode is "panjin" or "fushun" && e.IndustryCode == "petrochemical");

        bool IsDigital(Vacancy v) => v.Requirements.Where(r => Taxonomy.FindSkill(r.SkillCode)!.IsDigital).Sum(r => r.Importance)
            >= 0.5 * v.Requirements.Sum(r => r.Importance);
        var digital = Data.Vacancies.Where(IsDigital).ToList();
        var hubShare = digital.Count(v => Hubs.Contains(v.CityCode)) / (double)digital.Count;
        var citiesWithDigital = digital.Select(v => v.CityCode).Distinct().Count();
        Report("hub share of digital vacancies", hubShare);
        Report("Liaoning cities with a digital vacancy", citiesWithDigital);
        Assert.True(hubShare > 0.5);
        Assert.True(citiesWithDigital >= liaoning.Count - 2, $"{citiesWithDigital} of {liaoning.Count} cities");
    }

    [Fact]
    public void Programmes_cover_every_required_skill_in_every_city_and_the_pilot_subsidises_more()
    {
        var taught = Data.Programmes.SelectMany(p => p.Teaches.Select(t => t.SkillCode)).ToHashSet();
        var required = Data.Vacancies.SelectMany(v => v.Requirements.Select(r => r.SkillCode)).Distinct();
        Assert.All(required, s => Assert.Contains(s, taught));
        Assert.All(Data.Programmes, p => Assert.InRange(p.Teaches.Count, 1, 3));

        var liaoning = reference.Cities.All.Where(c => c.InLiaoning).Select(c => c.Code).ToList();
        Assert.All(liaoning, c => Assert.Contains(Data.Programmes, p => p.CityCode == c));
        var digitalCities = Data.Programmes.Where(p => p.Teaches.Any(t => Taxonomy.FindSkill(t.SkillCode)!.IsDigital))
            .Select(p => p.CityCode).Distinct().Count();
        Report("cities teaching digital skills", digitalCities);
        Assert.True(digitalCities >= 5);

        Assert.Equal(4, Data.PilotCities.Count);
        Assert.All(Data.PilotCities, c => Assert.Contains(c, liaoning));
        Assert.DoesNotContain(Data.PilotCities, c => Hubs.Contains(c));
        var pilot = Data.Programmes.Where(p => Data.PilotCities.Contains(p.CityCode)).Average(p => p.Subsidised ? 1.0 : 0.0);
        var others = Data.Programmes.Where(p => !Data.PilotCities.Contains(p.CityCode)).Average(p => p.Subsidised ? 1.0 : 0.0);
        Report("subsidised share in pilot cities", pilot);
        Report("subsidised share elsewhere", others);
        Assert.True(pilot > others + 0.2);
    }
}
