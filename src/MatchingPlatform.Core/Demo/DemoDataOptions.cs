namespace MatchingPlatform.Core.Demo;

/// <summary>
/// Size, seed and time window of a generated demo dataset. The same options (and the same reference data)
/// always give the same dataset, so demos, benchmarks and model-quality numbers are reproducible.
/// </summary>
public sealed record DemoDataOptions
{
    public int Workers { get; init; } = 6000;
    public int Enterprises { get; init; } = 400;
    public int Vacancies { get; init; } = 2500;
    /// <summary>
    /// Training programmes wanted. The generator may produce more when that many are needed for every skill
    /// that vacancies require to be taught somewhere (gap reports must always find a programme).
    /// </summary>
    public int Programmes { get; init; } = 300;
    public int Seed { get; init; } = 20261128;
    /// <summary>End of the simulated window: a fixed date, never the clock, so output does not drift day by day.</summary>
    public DateTimeOffset End { get; init; } = new(2026, 10, 31, 0, 0, 0, TimeSpan.Zero);
    /// <summary>Length of the window that vacancies and interactions are spread over.</summary>
    public int HistoryMonths { get; init; } = 24;

    /// <summary>First instant of the simulated window.</summary>
    public DateTimeOffset Start => End.AddMonths(-HistoryMonths);

    /// <summary>
    /// When the training-subsidy pilot begins in <see cref="DemoDataset.PilotCities"/>: the middle of the window,
    /// so a difference-in-differences evaluation has as many periods before as after.
    /// </summary>
    public DateTimeOffset PilotStart => End.AddMonths(-HistoryMonths / 2);
}
