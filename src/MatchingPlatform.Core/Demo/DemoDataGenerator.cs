using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;

namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Generates a deterministic demo dataset for Liaoning's public employment platform: employers, vacancies,
/// workers with work histories, training programmes and an interaction log, calibrated to the figures of DESIGN.md
/// (see <see cref="CalibrationProfile"/>).
/// </summary>
/// <remarks>
/// Same options and reference data give the same dataset: all randomness comes from <see cref="Random"/> seeded
/// from <see cref="DemoDataOptions.Seed"/> (one stream per stage), dates come from <see cref="DemoDataOptions.End"/>
/// and never from the clock, and everything is generated in a fixed order without depending on hash order.
/// <para>
/// Training-subsidy pilot: <see cref="DemoDataset.PilotCities"/> (Anshan, Fushun, Benxi and Jinzhou) start a training
/// subsidy pilot at <see cref="DemoDataOptions.PilotStart"/>, the middle of the window. The programme catalogue is
/// the snapshot at the end of the window, so most programmes in those cities are subsidised
/// (<see cref="CalibrationProfile.PilotSubsidisedShare"/> against <see cref="CalibrationProfile.SubsidisedShare"/>);
/// and from the start date, interviews of workers living in a pilot city lead to an offer
/// <see cref="CalibrationProfile.PilotHireUplift"/> times as often. Before the start the pilot cities follow the
/// same model as the others (parallel trends), which is what a difference-in-differences evaluation of
/// re-employment should find.
/// </para>
/// </remarks>
public static class DemoDataGenerator
{
    // Stage numbers seed the per-stage random streams; never renumber them, or every dataset changes.
    private const int EnterpriseStage = 1;
    private const int VacancyStage = 2;
    private const int WorkerStage = 3;
    private const int ProgrammeStage = 4;
    private const int InteractionStage = 5;

    public static DemoDataset Generate(SkillTaxonomy taxonomy, CityDirectory cities, DemoDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(cities);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Workers < 0 || options.Enterprises < 1 || options.Vacancies < 0 || options.Programmes < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "counts must not be negative, and at least one enterprise is needed");
        if (options.HistoryMonths < 2) throw new ArgumentOutOfRangeException(nameof(options), "the window must span at least two months");

        var ctx = new DemoContext(taxonomy, cities, options);
        var enterprises = new EnterpriseFactory(ctx).Create(ctx.Stream(EnterpriseStage));
        var vacancies = new VacancyFactory(ctx).Create(ctx.Stream(VacancyStage), enterprises);
        var aiCodes = ctx.AiData.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var aiDemand = vacancies.Where(v => v.Status == VacancyStatus.Open && v.OccupationCode is { } c && aiCodes.Contains(c))
            .Sum(v => v.Headcount);
        var workers = new WorkerFactory(ctx, enterprises, aiDemand).Create(ctx.Stream(WorkerStage));
        var programmes = new ProgrammeFactory(ctx).Create(ctx.Stream(ProgrammeStage), vacancies);
        var interactions = new InteractionSimulator(ctx).Simulate(ctx.Stream(InteractionStage), workers, vacancies);
        return new DemoDataset(enterprises, vacancies, workers, programmes, interactions, ctx.PilotCities);
    }
}
