using MatchingPlatform.Core.Demo;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Bound from "DemoData": the size of the demo dataset seeded into an empty database.</summary>
public sealed class DemoDataSettings
{
    public const string Section = "DemoData";
    private static readonly DemoDataOptions Defaults = new();

    public int Workers { get; set; } = Defaults.Workers;
    public int Enterprises { get; set; } = Defaults.Enterprises;
    public int Vacancies { get; set; } = Defaults.Vacancies;
    public int Programmes { get; set; } = Defaults.Programmes;
    public int Seed { get; set; } = Defaults.Seed;

    public DemoDataOptions ToOptions() => new()
    {
        Workers = Workers, Enterprises = Enterprises, Vacancies = Vacancies, Programmes = Programmes, Seed = Seed,
    };
}
