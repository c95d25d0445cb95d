using MatchingPlatform.Analytics.Policy;
using ScottPlot;

namespace MatchingPlatform.Cli.Reports;

/// <summary>
/// Draws an event study as a PNG: one point per event time with its pointwise 95% interval (error bar) and the
/// uniform 95% band (shaded), a zero line, and a dashed line between the last pre-treatment period and treatment.
/// Pre-treatment points are grey, post-treatment points blue.
/// </summary>
public static class EventStudyChart
{
    public const int DefaultWidth = 1000;
    public const int DefaultHeight = 620;

    /// <summary>Writes the chart to <paramref name="pngPath"/> (folder created, file overwritten); returns the full path.</summary>
    /// <param name="periodUnit">What one event-time step is, for the axis label, e.g. "years" or "quarters".</param>
    public static string Render(string pngPath, EventStudyResult study, string title, string periodUnit = "periods",
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
        ArgumentNullException.ThrowIfNull(study);
        if (study.Points.Count == 0) throw new ArgumentException("the event study has no coefficients to draw", nameof(study));
        var path = Path.GetFullPath(pngPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var font = ChartLabels.English.FontName;

        var plot = new Plot();
        var points = study.Points;
        double[] xs = points.Select(p => (double)p.EventTime).ToArray();

        var band = plot.Add.FillY(xs, points.Select(p => p.UniformHigh).ToArray(), points.Select(p => p.UniformLow).ToArray());
        band.FillColor = Colors.SteelBlue.WithAlpha(0.15);
        band.LineWidth = 0;
        band.LegendText = $"uniform 95% band (critical value {study.UniformCriticalValue:F2})";

        foreach (var (pre, color, label) in new[] { (true, Colors.Gray, "before treatment"), (false, Colors.SteelBlue, "after treatment") })
        {
            var subset = points.Where(p => p.EventTime < 0 == pre).ToArray();
            if (subset.Length == 0) continue;
            var bars = plot.Add.ErrorBar(subset.Select(p => (double)p.EventTime).ToArray(), subset.Select(p => p.Estimate).ToArray(),
                subset.Select(p => p.Estimate - p.CiLow).ToArray());
            bars.Color = color;
            bars.LineWidth = 2;
            var scatter = plot.Add.ScatterPoints(subset.Select(p => (double)p.EventTime).ToArray(), subset.Select(p => p.Estimate).ToArray());
            scatter.Color = color;
            scatter.MarkerSize = 10;
            scatter.LegendText = $"{label} (pointwise 95% CI)";
        }

        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Black;
        zero.LineWidth = 1;
        var start = plot.Add.VerticalLine(-0.5);
        start.Color = Colors.DarkRed;
        start.LinePattern = LinePattern.Dashed;
        start.LineWidth = 1;

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            points.Select(p => new Tick(p.EventTime, p.EventTime.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        plot.Title(title, size: 16);
        plot.XLabel($"event time ({periodUnit} since first treated period)", size: 14);
        plot.YLabel("effect on the outcome", size: 14);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Legend.FontName = font;
        plot.Axes.Title.Label.FontName = font;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = font;
            axis.TickLabelStyle.FontName = font;
        }
        plot.SavePng(path, width, height);
        return path;
    }
}
