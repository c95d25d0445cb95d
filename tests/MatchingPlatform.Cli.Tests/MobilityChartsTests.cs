using System.Buffers.Binary;
using MatchingPlatform.Cli.Reports;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Cli.Tests;

public sealed class MobilityChartsTests : IDisposable
{
    private static readonly Lazy<ReferenceData> Reference = new(() => ReferenceData.Load(ReferenceData.ResolveDataDirectory()));
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mobility-charts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Deterministic flows between every shipped city: towards the hubs mostly, some pairs empty, some repeated.</summary>
    private static List<(string From, string To, long Moves)> SyntheticFlows()
    {
        var cities = Reference.Value.Cities.All.Select(c => c.Code).ToList();
        var flows = new List<(string, string, long)>();
        for (var i = 0; i < cities.Count; i++)
            for (var j = 0; j < cities.Count; j++)
            {
                if (i == j || (i * 7 + j * 3) % 5 == 0) continue;
                flows.Add((cities[i], cities[j], 1 + (i * 13 + j * 5) % 9 + (j < 2 ? 20 : 0)));
            }
        flows.Add((cities[3], cities[0], 4)); // a repeated pair is added up
        flows.Add((cities[0], cities[0], 99)); // same city: ignored
        return flows;
    }

    private static (int Width, int Height) AssertPng(string path)
    {
        Assert.True(File.Exists(path), path);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Renders_a_heatmap_and_net_flow_bars_as_valid_pngs()
    {
        var file = Path.Combine(_dir, "nested", "flows.png");
        var written = MobilityCharts.Render(file, SyntheticFlows(), Reference.Value.Cities, "2020-2025", ChartLabels.English, width: 900, height: 700);
        Assert.Equal([Path.GetFullPath(file), MobilityCharts.NetFlowPath(file)], written);
        Assert.EndsWith("flows-netflow.png", written[1]);
        foreach (var path in written) Assert.Equal((900, 700), AssertPng(path));
    }

    [Fact]
    public void Renders_with_detected_labels_too()
    {
        var written = MobilityCharts.Render(Path.Combine(_dir, "detected.png"), SyntheticFlows(), Reference.Value.Cities, "", ChartLabels.Detect());
        foreach (var path in written) Assert.Equal((MobilityCharts.DefaultWidth, MobilityCharts.DefaultHeight), AssertPng(path));
    }

    [Fact]
    public void Net_flows_and_busiest_cities_are_computed_and_ordered()
    {
        var pairs = new Dictionary<(string, string), long> { [("a", "b")] = 5, [("b", "a")] = 2, [("c", "a")] = 1, [("b", "c")] = 1 };
        // a: in 2 + 1, out 5 -> -2; b: in 5, out 3 -> +2; c: in 1, out 1 -> 0 (left out).
        Assert.Equal([("b", 2L), ("a", -2L)], MobilityCharts.NetFlows(pairs));
        Assert.Equal(["a", "b"], MobilityCharts.BusiestCities(pairs, 2)); // a 8, b 8 (tie by code), c 2
    }

    [Fact]
    public void No_flows_is_an_argument_error_and_writes_nothing()
    {
        var file = Path.Combine(_dir, "empty.png");
        var ex = Assert.Throws<ArgumentException>(() => MobilityCharts.Render(file, [("shenyang", "shenyang", 3)], Reference.Value.Cities, "", ChartLabels.English));
        Assert.Contains(MobilityCharts.EmptyInputMessage, ex.Message);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task The_mobility_reports_run_on_demo_data_and_reject_bad_options()
    {
        Directory.CreateDirectory(_dir);
        var database = $"Data Source={Path.Combine(_dir, "cli.db")}";
        Assert.Equal(0, await Matchctl.RunAsync(["demo-data", "--workers", "400", "--enterprises", "30", "--vacancies", "150", "--programmes", "10", "--database", database]));
        var png = Path.Combine(_dir, "cli-flows.png");
        Assert.Equal(0, await Matchctl.RunAsync(["report", "mobility", "--period", "quarter", "--group", "digital", "--png", png, "--database", database]));
        AssertPng(png);
        AssertPng(MobilityCharts.NetFlowPath(png));
        Assert.Equal(0, await Matchctl.RunAsync(["report", "gravity", "--mass", "workforce", "--database", database]));
        Assert.Equal(2, await Matchctl.RunAsync(["report", "redeployment", "--skill", "python", "--database", database])); // no snapshot yet
        Assert.Equal(0, await Matchctl.RunAsync(["snapshot", "--database", database]));
        Assert.Equal(0, await Matchctl.RunAsync(["report", "redeployment", "--skill", "python", "--database", database]));
        Assert.Equal(2, await Matchctl.RunAsync(["report", "mobility", "--period", "month", "--database", database]));
        Assert.Equal(2, await Matchctl.RunAsync(["report", "mobility", "--sources", "history,gossip", "--database", database]));
        Assert.Equal(2, await Matchctl.RunAsync(["report", "redeployment", "--skill", "telepathy", "--database", database]));
    }
}
