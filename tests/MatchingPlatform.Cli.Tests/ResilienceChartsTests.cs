using System.Buffers.Binary;
using MatchingPlatform.Cli.Reports;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Cli.Tests;

public sealed class ResilienceChartsTests : IDisposable
{
    private static readonly Lazy<ReferenceData> Reference = new(() => ReferenceData.Load(ReferenceData.ResolveDataDirectory()));
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "resilience-charts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<(string Quarter, double Index)>> Series()
    {
        string[] quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"];
        return Reference.Value.Cities.All.Where(c => c.InLiaoning).Select((c, i) => (c.Code, i))
            .ToDictionary(x => x.Code, x => (IReadOnlyList<(string, double)>)quarters.Select((q, t) => (q, 20.0 + 3 * x.i + 2 * t)).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_line_chart_is_a_valid_png_of_the_requested_size(bool chinese)
    {
        var labels = chinese ? ChartLabels.Detect() : ChartLabels.English;
        var path = ResilienceCharts.Render(Path.Combine(_dir, "sub", "index.png"), Series(), Reference.Value.Cities, "test", 35, labels, 900, 600);
        Assert.True(File.Exists(path));
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    [Fact]
    public void No_points_is_refused_with_a_message()
    {
        var empty = new Dictionary<string, IReadOnlyList<(string, double)>> { ["anshan"] = [] };
        var ex = Assert.Throws<ArgumentException>(() => ResilienceCharts.Render(Path.Combine(_dir, "x.png"), empty, Reference.Value.Cities, ""));
        Assert.StartsWith(ResilienceCharts.EmptyInputMessage, ex.Message);
    }
}
