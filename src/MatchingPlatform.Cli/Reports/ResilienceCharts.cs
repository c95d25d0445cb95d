using MatchingPlatform.Core.Geography;
using ScottPlot;

namespace MatchingPlatform.Cli.Reports;

/// <summary>
/// Draws the resilience index per city over quarters as a PNG line chart (one line per city, quarters on the x axis,
/// 0..100 on the y axis, an optional dashed line at the warning level). Names and font come from <see cref="ChartLabels"/>.
/// Cities are drawn in code order with a fixed palette, so the same scores always draw the same picture.
/// </summary>
public static class ResilienceCharts
{
    public const int DefaultWidth = 1200;
    public const int DefaultHeight = 800;
    public const string EmptyInputMessage = "no index values to draw";

    /// <param name="series">Per city, its (quarter "YYYY-Qn", index) points; quarters may differ between cities.</param>
    /// <param name="level">The warning level to mark, or null.</param>
    /// <returns>The full path written.</returns>
    public static string Render(string pngPath, IReadOnlyDictionary<string, IReadOnlyList<(string Quarter, double Index)>> series, CityDirectory cities,
        string title, double? level = null, ChartLabels? labels = null, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 200);
        if (series.Values.All(s => s.Count == 0)) throw new ArgumentException(EmptyInputMessage, nameof(series));
        labels ??= ChartLabels.Detect();
        var quarters = series.Values.SelectMany(s => s.Select(p => p.Quarter)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var position = quarters.Select((q, i) => (q, i)).ToDictionary(x => x.q, x => (double)x.i, StringComparer.Ordinal);

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var n = 0;
        foreach (var (city, points) in series.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (points.Count == 0) continue;
            var ordered = points.OrderBy(p => p.Quarter, StringComparer.Ordinal).ToArray();
            var line = plot.Add.Scatter(ordered.Select(p => position[p.Quarter]).ToArray(), ordered.Select(p => p.Index).ToArray(), palette.GetColor(n++));
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = labels.CityName(cities.Find(city), city);
        }
        if (level is { } l)
        {
            var mark = plot.Add.HorizontalLine(l, 1.5f, Colors.Gray, LinePattern.Dashed);
            mark.LegendText = labels.IsChinese ? $"预警线 {l:0}" : $"warning level {l:0}";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            quarters.Select((q, i) => new Tick(i, q)).ToArray());
        plot.Axes.SetLimitsX(-0.3, Math.Max(1, quarters.Count - 1) + 0.3);
        plot.Axes.SetLimitsY(0, 100);
        plot.Title(Heading(labels.IsChinese ? "各城市劳动力韧性指数（熵权法）" : "Workforce resilience index by city (entropy weights)", title), size: 17);
        plot.XLabel(labels.IsChinese ? "季度" : "quarter", size: 14);
        plot.YLabel(labels.IsChinese ? "韧性指数 (0-100)" : "index (0-100)", size: 14);
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontName = labels.FontName;
        plot.Axes.Title.Label.FontName = labels.FontName;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = labels.FontName;
            axis.TickLabelStyle.FontName = labels.FontName;
        }
        var full = Path.GetFullPath(pngPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        plot.SavePng(full, width, height);
        return full;
    }

    private static string Heading(string chart, string title) =>
        string.IsNullOrWhiteSpace(title) ? chart : $"{chart} — {title.Trim()}";
}
