using System.Globalization;
using MatchingPlatform.Core.Geography;
using ScottPlot;

namespace MatchingPlatform.Cli.Reports;

/// <summary>
/// Draws talent flows as two PNG charts: a city x city heatmap of moves (origin rows, destination columns) and the net
/// flow (inflow - outflow) per city as horizontal bars. Names and font come from <see cref="ChartLabels"/>.
/// </summary>
/// <remarks>
/// The heatmap shows the cities with the most moves (in + out), at most <see cref="DefaultMaxCities"/>; colours run from
/// 0 to the 95th percentile of the non-zero cells (nearest rank), so one dominant corridor does not flatten the rest,
/// and the colour bar says when it is capped. Empty cells are grey. The bars show every city with a non-zero net flow,
/// largest gain on top, at most <see cref="DefaultMaxBars"/> (the largest gains and losses kept). Ties break by code,
/// so the same flows always draw the same picture.
/// </remarks>
public static class MobilityCharts
{
    public const int DefaultWidth = 1200;
    public const int DefaultHeight = 900;
    public const int DefaultMaxCities = 16;
    public const int DefaultMaxBars = 30;

    public const string EmptyInputMessage = "no flows to draw: no moves match the filters";

    /// <summary>Path of the net-flow chart written next to <paramref name="pngPath"/>: <c>name-netflow.png</c>.</summary>
    public static string NetFlowPath(string pngPath)
    {
        var full = Path.GetFullPath(pngPath);
        var ext = Path.GetExtension(full);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", Path.GetFileNameWithoutExtension(full) + "-netflow" + (ext.Length == 0 ? ".png" : ext));
    }

    /// <summary>
    /// Writes the heatmap to <paramref name="pngPath"/> and the net-flow bars to <see cref="NetFlowPath"/>; returns both full
    /// paths, heatmap first. Creates the folder when missing and overwrites existing files.
    /// </summary>
    /// <param name="flows">Moves per (origin, destination); pairs may repeat (they are added up); same-city pairs are ignored.</param>
    /// <param name="title">Appended to each chart's heading after a dash; may be empty.</param>
    /// <exception cref="ArgumentException">No moves between distinct cities (<see cref="EmptyInputMessage"/>) or a blank path.</exception>
    public static IReadOnlyList<string> Render(string pngPath, IReadOnlyList<(string From, string To, long Moves)> flows, CityDirectory cities,
        string title, ChartLabels? labels = null, int width = DefaultWidth, int height = DefaultHeight, int maxCities = DefaultMaxCities)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(cities);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCities, 2);
        var pairs = flows.Where(f => f.From != f.To && f.Moves > 0).GroupBy(f => (f.From, f.To))
            .ToDictionary(g => g.Key, g => g.Sum(f => f.Moves));
        if (pairs.Count == 0) throw new ArgumentException(EmptyInputMessage, nameof(flows));
        labels ??= ChartLabels.Detect();

        var heatmapPath = Path.GetFullPath(pngPath);
        var barsPath = NetFlowPath(pngPath);
        Directory.CreateDirectory(Path.GetDirectoryName(heatmapPath)!);
        DrawHeatmap(heatmapPath, pairs, cities, title, labels, width, height, maxCities);
        DrawNetFlow(barsPath, NetFlows(pairs), cities, title, labels, width, height);
        return [heatmapPath, barsPath];
    }

    /// <summary>Inflow - outflow per city over <paramref name="pairs"/>, non-zero only, largest first, then code.</summary>
    public static List<(string City, long Net)> NetFlows(IReadOnlyDictionary<(string From, string To), long> pairs)
    {
        var net = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((from, to), moves) in pairs)
        {
            net[to] = net.GetValueOrDefault(to) + moves;
            net[from] = net.GetValueOrDefault(from) - moves;
        }
        return net.Where(kv => kv.Value != 0).Select(kv => (kv.Key, kv.Value))
            .OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The cities with the most moves in and out, most first, then code.</summary>
    public static List<string> BusiestCities(IReadOnlyDictionary<(string From, string To), long> pairs, int max)
    {
        var volume = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((from, to), moves) in pairs)
        {
            volume[from] = volume.GetValueOrDefault(from) + moves;
            volume[to] = volume.GetValueOrDefault(to) + moves;
        }
        return volume.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(max).Select(kv => kv.Key).ToList();
    }

    private static void DrawHeatmap(string path, Dictionary<(string From, string To), long> pairs, CityDirectory cities, string title,
        ChartLabels labels, int width, int height, int maxCities)
    {
        var shown = BusiestCities(pairs, maxCities);
        var n = shown.Count;
        var data = new double[n, n];
        for (var r = 0; r < n; r++)
            for (var c = 0; c < n; c++)
                data[r, c] = r == c ? double.NaN : pairs.GetValueOrDefault((shown[r], shown[c])) is var m && m > 0 ? m : double.NaN;

        var values = data.Cast<double>().Where(v => !double.IsNaN(v)).Order().ToArray();
        var max = values.Length == 0 ? 1 : values[^1];
        var cap = Math.Max(values.Length == 0 ? 1 : values[Math.Max(0, (int)Math.Ceiling(0.95 * values.Length) - 1)], 1);
        var capped = max > cap * 1.05;
        if (!capped) cap = Math.Max(max, 1);

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.LightGray.WithAlpha(0.35);
        heatmap.ManualRange = new ScottPlot.Range(0, cap);
        var colorbar = plot.Add.ColorBar(heatmap);
        colorbar.Label = labels.IsChinese
            ? (capped ? string.Create(CultureInfo.InvariantCulture, $"迁移人次（≥ {cap:0} 同色）") : "迁移人次")
            : (capped ? string.Create(CultureInfo.InvariantCulture, $"moves (colour capped at {cap:0})") : "moves");
        colorbar.LabelStyle.FontName = labels.FontName;
        colorbar.LabelStyle.FontSize = 13;
        colorbar.Axis.TickLabelStyle.FontName = labels.FontName;

        if (n * n <= 400)
            for (var r = 0; r < n; r++)
                for (var c = 0; c < n; c++)
                {
                    if (double.IsNaN(data[r, c])) continue;
                    var text = plot.Add.Text(data[r, c].ToString("0", CultureInfo.InvariantCulture), c, n - 1 - r);
                    text.LabelFontName = labels.FontName;
                    text.LabelFontSize = n <= 12 ? 10 : 8;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = Colors.White;
                    text.LabelBackgroundColor = Colors.Black.WithAlpha(0.35);
                }

        var names = shown.Select(code => labels.CityName(cities.Find(code), code)).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(names.Select((name, r) => new Tick(n - 1 - r, name)).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(names.Select((name, c) => new Tick(c, name)).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        var longest = names.Max(s => s.Length);
        plot.Axes.Bottom.MinimumSize = Math.Min(300, 30 + longest * 6.5f);
        plot.Axes.Left.MinimumSize = Math.Min(300, 30 + longest * 7.5f);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Title(Heading(labels.IsChinese ? "城市间人才流动（行：流出地，列：流入地）" : "Talent flows between cities (rows: origin, columns: destination)", title), size: 17);
        plot.YLabel(labels.IsChinese ? "流出地" : "origin", size: 14);
        plot.XLabel(labels.IsChinese ? "流入地" : "destination", size: 14);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        ApplyFont(plot, labels);
        plot.SavePng(path, width, height);
    }

    private static void DrawNetFlow(string path, List<(string City, long Net)> net, CityDirectory cities, string title, ChartLabels labels,
        int width, int height)
    {
        // Keep the largest gains and losses when there are too many cities to read.
        if (net.Count > DefaultMaxBars)
            net = net.Take(DefaultMaxBars / 2).Concat(net.Skip(net.Count - DefaultMaxBars / 2)).ToList();
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < net.Count; i++)
        {
            var position = net.Count - 1 - i; // largest gain on top
            var (city, value) = net[i];
            bars.Add(new Bar
            {
                Position = position, Value = value, Size = 0.75, LineWidth = 0,
                FillColor = value >= 0 ? Color.FromHex("#2a9d8f") : Color.FromHex("#e76f51"),
                Label = value.ToString("+0;-0;0", CultureInfo.InvariantCulture),
            });
            ticks.Add(new Tick(position, labels.CityName(cities.Find(city), city)));
        }
        if (bars.Count == 0)
        {
            // Every city balanced: say so instead of drawing an empty frame.
            plot.Add.Text(labels.IsChinese ? "各城市净流动均为 0" : "every city's net flow is 0", 0, 0).LabelFontName = labels.FontName;
        }
        else
        {
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            barPlot.ValueLabelStyle.FontSize = 11;
            barPlot.ValueLabelStyle.FontName = labels.FontName;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
            var extent = Math.Max(1, net.Max(x => Math.Abs(x.Net)));
            plot.Axes.SetLimitsX(-extent * 1.2, extent * 1.2);
            plot.Axes.SetLimitsY(-0.8, net.Count - 0.2);
            plot.Add.VerticalLine(0, 1, Colors.Black);
        }
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.Title(Heading(labels.IsChinese ? "各城市人才净流入（流入 − 流出）" : "Net talent flow by city (inflow - outflow)", title), size: 17);
        plot.XLabel(labels.IsChinese ? "净流入人次" : "net moves", size: 14);
        ApplyFont(plot, labels);
        plot.SavePng(path, width, height);
    }

    private static string Heading(string chart, string title) =>
        string.IsNullOrWhiteSpace(title) ? chart : $"{chart} — {title.Trim()}";

    /// <summary>Title, axis labels and tick labels in the labels' font, leaving ScottPlot's process-wide default alone.</summary>
    private static void ApplyFont(Plot plot, ChartLabels labels)
    {
        plot.Axes.Title.Label.FontName = labels.FontName;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = labels.FontName;
            axis.TickLabelStyle.FontName = labels.FontName;
        }
    }
}
