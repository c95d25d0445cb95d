using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Training;

namespace MatchingPlatform.Core.Demo;

/// <summary>A generated, internally consistent demo dataset (see <see cref="DemoDataGenerator"/>).</summary>
/// <param name="Interactions">Feedback log in time order; ids run 1..n in that order.</param>
/// <param name="PilotCities">
/// Liaoning cities of the simulated training-subsidy pilot, which starts at <see cref="DemoDataOptions.PilotStart"/>.
/// In these cities most training programmes are subsidised, and after the start date an interview in a pilot
/// city leads to a hire more often (<see cref="CalibrationProfile.PilotHireUplift"/>): the effect a
/// difference-in-differences evaluation of re-employment should recover.
/// </param>
public sealed record DemoDataset(
    IReadOnlyList<Enterprise> Enterprises,
    IReadOnlyList<Vacancy> Vacancies,
    IReadOnlyList<Worker> Workers,
    IReadOnlyList<TrainingProgramme> Programmes,
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<string> PilotCities);
