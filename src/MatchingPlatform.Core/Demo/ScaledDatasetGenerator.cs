using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Training;

namespace MatchingPlatform.Core.Demo;

/// <summary>Size and seed of a benchmark dataset. Same options and reference data give the same dataset.</summary>
public sealed record ScaledDatasetOptions
{
    public int Workers { get; init; } = 1_000_000;
    /// <summary>Vacancies to generate; all of them are open, since the benchmark measures the open catalogue.</summary>
    public int Vacancies { get; init; } = 200_000;
    /// <summary>Employers; 0 picks one per 100 vacancies (at least 50, at most 3,000: firm names must stay unique).</summary>
    public int Enterprises { get; init; }
    public int Programmes { get; init; } = 300;
    public int Seed { get; init; } = 20261128;
    public DateTimeOffset End { get; init; } = new(2026, 10, 31, 0, 0, 0, TimeSpan.Zero);

    public int EffectiveEnterprises => Enterprises > 0 ? Enterprises : Math.Clamp(Vacancies / 100, 50, 3_000);
}

public sealed record ScaledDataset(
    IReadOnlyList<Enterprise> Enterprises,
    IReadOnlyList<Vacancy> Vacancies,
    IReadOnlyList<Worker> Workers,
    IReadOnlyList<TrainingProgramme> Programmes);

/// <summary>
/// A benchmark-sized dataset (a million workers, hundreds of thousands of open vacancies) generated in seconds.
/// </summary>
/// <remarks>
/// The demo generator simulates careers and an interaction log and is sized for thousands of workers; latency runs
/// need neither, only realistic skill profiles at scale. So employers and vacancies come from the demo factories
/// (occupation profiles with posting noise, industries by city affinity), while workers are drawn here more
/// cheaply: city weighted as the demo does, an occupation of an industry that fits the city, the occupation's
/// skill profile with level noise, and one history entry for the current job. Workers are generated in fixed
/// chunks, each with its own seeded random stream, so the output does not depend on how many threads ran.
/// </remarks>
public static class ScaledDatasetGenerator
{
    // Stage numbers seed the per-stage random streams; distinct from the demo generator's 1-5.
    private const int EnterpriseStage = 101;
    private const int VacancyStage = 102;
    private const int ProgrammeStage = 104;
    private const int WorkerStageBase = 1_000;
    private const int WorkerChunk = 20_000;

    public static ScaledDataset Generate(SkillTaxonomy taxonomy, CityDirectory cities, ScaledDatasetOptions options,
        IProgress<(string Stage, int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(cities);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Workers < 0 || options.Vacancies < 0 || options.Programmes < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "counts must not be negative");

        var ctx = new DemoContext(taxonomy, cities, new DemoDataOptions
        {
            Workers = options.Workers, Vacancies = options.Vacancies, Enterprises = options.EffectiveEnterprises,
            Programmes = options.Programmes, Seed = options.Seed, End = options.End,
        });
        var enterprises = new EnterpriseFactory(ctx).Create(ctx.Stream(EnterpriseStage));
        progress?.Report(("enterprises", enterprises.Count, enterprises.Count));

        // The demo closes old postings; here every vacancy is open so the catalogue size is what was asked for.
        var vacancies = new VacancyFactory(ctx).Create(ctx.Stream(VacancyStage), enterprises)
            .Select(v => v.Status == VacancyStatus.Open ? v : v with { Status = VacancyStatus.Open, ClosedAt = null })
            .ToArray();
        progress?.Report(("vacancies", vacancies.Length, vacancies.Length));

        var programmes = new ProgrammeFactory(ctx).Create(ctx.Stream(ProgrammeStage), vacancies);
        var workers = new ScaledWorkerFactory(ctx).Create(options.Workers, progress);
        return new ScaledDataset(enterprises, vacancies, workers, programmes);
    }

    private sealed class ScaledWorkerFactory
    {
        private readonly DemoContext _ctx;
        private readonly Dictionary<string, WeightedTable<string>> _industryByCity = new(StringComparer.Ordinal);
        private readonly Dictionary<string, WeightedTable<OccupationTraits>> _occupationsByIndustry = new(StringComparer.Ordinal);
        private readonly WeightedTable<OccupationTraits> _anyOccupation;

        public ScaledWorkerFactory(DemoContext ctx)
        {
            _ctx = ctx;
            // Every table is built up front: the chunks then only read them, from several threads.
            var enterpriseFactory = new EnterpriseFactory(ctx);
            foreach (var city in ctx.LiaoningCities.Concat(ctx.OutsideCities))
                _industryByCity[city.Code] = enterpriseFactory.IndustryTable(city.Code);
            var cross = ctx.CrossIndustry;
            var crossTotal = cross.Sum(t => t.EmploymentWeight);
            foreach (var industry in ctx.Industries)
            {
                var home = ctx.HomeOccupations(industry.Code);
                if (home.Count == 0) continue;
                var homeTotal = home.Sum(t => t.EmploymentWeight);
                var crossShare = cross.Count == 0 ? 0 : CalibrationProfile.CrossIndustryShare;
                _occupationsByIndustry[industry.Code] = new WeightedTable<OccupationTraits>(
                    home.Select(t => (t, (1 - crossShare) * t.EmploymentWeight / homeTotal))
                        .Concat(cross.Where(t => t.IndustryCode != industry.Code)
                            .Select(t => (t, crossShare * t.EmploymentWeight / crossTotal))));
            }
            _anyOccupation = new WeightedTable<OccupationTraits>(ctx.Occupations.Select(t => (t, t.EmploymentWeight)));
        }

        public IReadOnlyList<Worker> Create(int count, IProgress<(string Stage, int Done, int Total)>? progress)
        {
            var result = new Worker[count];
            var chunks = (count + WorkerChunk - 1) / WorkerChunk;
            var done = 0;
            Parallel.For(0, chunks, chunk =>
            {
                var rng = _ctx.Stream(WorkerStageBase + chunk);
                var end = Math.Min(count, (chunk + 1) * WorkerChunk);
                for (var i = chunk * WorkerChunk; i < end; i++) result[i] = Create(rng, i);
                progress?.Report(("workers", Interlocked.Add(ref done, end - chunk * WorkerChunk), count));
            });
            return result;
        }

        private Worker Create(Random rng, int index)
        {
            var o = _ctx.Options;
            var bands = CalibrationProfile.AgeBands;
            var band = bands[rng.PickIndex([bands[0].Weight, bands[1].Weight, bands[2].Weight, bands[3].Weight, bands[4].Weight])];
            var age = rng.Between(band.From, band.To);
            var outside = rng.Chance(age <= CalibrationProfile.YoungAgeLimit ? CalibrationProfile.YoungOutflowProbability
                : age <= 45 ? CalibrationProfile.PrimeOutflowProbability : CalibrationProfile.OlderOutflowProbability);
            var city = outside ? _ctx.Destinations.Sample(rng) : _ctx.LiaoningWorkerCities.Sample(rng);
            var industry = _industryByCity.TryGetValue(city, out var industries) ? industries.Sample(rng) : rng.Pick(_ctx.Industries).Code;
            var occupation = _occupationsByIndustry.TryGetValue(industry, out var table) ? table.Sample(rng) : _anyOccupation.Sample(rng);

            var educationLevel = (int)occupation.TypicalEducation + (rng.NextDouble() switch { < 0.15 => -1, > 0.9 => 1, _ => 0 });
            var education = (Education)Math.Clamp(educationLevel, (int)Education.JuniorSecondary, (int)Education.Doctorate);
            var experience = Math.Clamp((int)((age - 20) * 0.9), 0, 40);
            var shift = experience < 2 ? -1 : experience >= 10 && rng.Chance(0.5) ? 1 : 0;

            var skills = new List<SkillLevel>(occupation.Occupation.Skills.Count + 2);
            foreach (var r in occupation.Occupation.Skills)
            {
                if (!rng.Chance(0.55 + 0.08 * r.Importance)) continue;
                var noise = rng.NextDouble() switch { < 0.15 => -1, > 0.85 => 1, _ => 0 };
                skills.Add(new SkillLevel(r.SkillCode, Math.Clamp(r.Level + shift + noise, SkillLevel.Min, SkillLevel.Max)));
            }
            // A couple of neighbouring skills, as the demo's workers pick up next to their trade.
            var extras = rng.Between(0, 2);
            for (var e = 0; e < extras; e++)
            {
                var anchor = _ctx.Taxonomy.FindSkill(rng.Pick(occupation.Occupation.Skills).SkillCode)!;
                var group = _ctx.SkillsInGroup(anchor.Group);
                var extra = group[rng.Next(group.Count)];
                if (skills.Exists(s => s.SkillCode == extra.Code)) continue;
                skills.Add(new SkillLevel(extra.Code, rng.Between(1, 3)));
            }
            if (skills.Count == 0)
            {
                var top = occupation.Occupation.Skills.MaxBy(r => r.Importance)!;
                skills.Add(new SkillLevel(top.SkillCode, top.Level));
            }

            var unemployed = rng.Chance(CalibrationProfile.UnemployedShare);
            var seeking = unemployed || rng.Chance((CalibrationProfile.ActivelySeekingShare - CalibrationProfile.UnemployedShare)
                / (1 - CalibrationProfile.UnemployedShare));
            var jobStart = _ctx.EndDate.AddDays(-rng.Between(60, 365 * Math.Max(1, Math.Min(experience, 10))));
            DateOnly? jobEnd = unemployed ? _ctx.EndDate.AddDays(-rng.Between(1, 45)) : null;
            if (jobEnd < jobStart) jobEnd = jobStart;
            int? wish = rng.Chance(0.05) ? null : (int)Math.Max(100, Math.Round(occupation.BaseMonthlySalary * _ctx.WageIndex(city)
                * (1 + 0.025 * Math.Min(experience, 20)) * rng.LogNormalFactor(0.15) / 100) * 100);
            var created = rng.Between(o.Start, o.End.AddDays(-30));
            return new Worker
            {
                Id = $"w-{index + 1:D7}",
                DisplayName = NameGenerator.Person(rng),
                CityCode = city,
                Education = education,
                ExperienceYears = experience,
                BirthYear = o.End.Year - age,
                Gender = rng.Chance(0.55) ? Gender.Male : Gender.Female,
                SalaryWishMonthly = wish,
                ActivelySeeking = seeking,
                Skills = skills,
                History = [new WorkHistoryEntry(city, occupation.Code, null, industry, jobStart, jobEnd)],
                Version = 1,
                CreatedAt = created,
                UpdatedAt = rng.Between(created, o.End),
            };
        }
    }
}
