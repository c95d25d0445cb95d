using System.Globalization;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Reference;
using ScottPlot;
using SkiaSharp;

namespace MatchingPlatform.Cli.Reports;

/// <summary>
/// Draws a shortage snapshot as two PNG charts: the top skill shortages of the worst cities (horizontal bars)
/// and a city × skill-group heatmap of the shortage ratio.
/// </summary>
/// <remarks>
/// Rows are first merged per (city, skill) over industries: demand adds up, supply is the largest of the rows'
/// supplies (supply is per city, and each industry's row counts the seekers at or above its own required level,
/// so the rows overlap and must not be summed). The ratio is demand / max(supply, 1), as in
/// <see cref="ShortageStat.Ratio"/>. A city's total shortage is the sum over its skills of max(0, demand − supply).
/// Every ordering breaks ties by code, so the same snapshot always draws the same picture.
/// </remarks>
public static class ShortageCharts
{
    public const int DefaultWidth = 1200;
    public const int DefaultHeight = 800;
    public const int DefaultTopCities = 8;
    public const int DefaultSkillsPerCity = 3;

    public const string EmptyInputMessage = "no shortage rows to draw — take a snapshot first";

    /// <summary>Path of the heatmap written next to <paramref name="pngPath"/>: <c>name-heatmap.png</c>.</summary>
    public static string HeatmapPath(string pngPath)
    {
        var full = Path.GetFullPath(pngPath);
        var dir = Path.GetDirectoryName(full) ?? ".";
        var ext = Path.GetExtension(full);
        return Path.Combine(dir, Path.GetFileNameWithoutExtension(full) + "-heatmap" + (ext.Length == 0 ? ".png" : ext));
    }

    /// <summary>
    /// Writes the bar chart to <paramref name="pngPath"/> and the heatmap to <see cref="HeatmapPath"/>;
    /// returns both full paths, bar chart first. Creates the folder when missing and overwrites existing files.
    /// </summary>
    /// <param name="title">Appended to each chart's heading after a dash, e.g. the snapshot period; may be empty.</param>
    /// <param name="labels">Language and font; null means <see cref="ChartLabels.Detect"/>.</param>
    /// <exception cref="ArgumentException">There are no rows (<see cref="EmptyInputMessage"/>) or the path is blank.</exception>
    public static IReadOnlyList<string> Render(
        string pngPath, IReadOnlyList<ShortageStat> stats, ReferenceData reference, string title,
        ChartLabels? labels = null, int width = DefaultWidth, int height = DefaultHeight,
        int topCities = DefaultTopCities, int skillsPerCity = DefaultSkillsPerCity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(reference);
        if (stats.Count == 0) throw new ArgumentException(EmptyInputMessage, nameof(stats));
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(topCities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(skillsPerCity, 1);
        labels ??= ChartLabels.Detect();

        var cells = Merge(stats, reference);
        var cities = RankCities(cells);

        var barsPath = Path.GetFullPath(pngPath);
        var heatmapPath = HeatmapPath(pngPath);
        Directory.CreateDirectory(Path.GetDirectoryName(barsPath)!);

        DrawBars(barsPath, cells, cities.Take(topCities).ToList(), reference, title, labels, width, height, skillsPerCity);
        DrawHeatmap(heatmapPath, cells, cities, reference, title, labels, width, height);
        return [barsPath, heatmapPath];
    }

    /// <summary>One (city, skill) after merging its industries' rows; <see cref="Group"/> is the skill group ("other" if unknown).</summary>
    public sealed record CitySkill(string CityCode, string SkillCode, string Group, long Demand, long Supply)
    {
        public double Ratio => Demand / (double)Math.Max(Supply, 1);
        public long Gap => Math.Max(0, Demand - Supply);
    }

    public sealed record CityRank(string CityCode, long Gap, long Demand);

    public static List<CitySkill> Merge(IReadOnlyList<ShortageStat> stats, ReferenceData reference) =>
        stats
            .GroupBy(s => (s.Key.CityCode, s.Key.SkillCode))
            .Select(g => new CitySkill(
                g.Key.CityCode, g.Key.SkillCode,
                reference.Taxonomy.FindSkill(g.Key.SkillCode)?.Group ?? "other",
                g.Sum(s => (long)s.DemandHeadcount),
                g.Max(s => (long)s.Supply)))
            .OrderBy(c => c.CityCode, StringComparer.Ordinal)
            .ThenBy(c => c.SkillCode, StringComparer.Ordinal)
            .ToList();

    /// <summary>Cities by total shortage, then total demand, both descending, then code.</summary>
    public static List<CityRank> RankCities(IEnumerable<CitySkill> cells) =>
        cells
            .GroupBy(c => c.CityCode)
            .Select(g => new CityRank(g.Key, g.Sum(c => c.Gap), g.Sum(c => c.Demand)))
            .OrderByDescending(c => c.Gap)
            .ThenByDescending(c => c.Demand)
            .ThenBy(c => c.CityCode, StringComparer.Ordinal)
            .ToList();

    /// <summary>A city's skills by ratio, then demand, both descending, then code.</summary>
    public static IEnumerable<CitySkill> TopSkills(IEnumerable<CitySkill> cells, string cityCode, int count) =>
        cells
            .Where(c => c.CityCode == cityCode)
            .OrderByDescending(c => c.Ratio)
            .ThenByDescending(c => c.Demand)
            .ThenBy(c => c.SkillCode, StringComparer.Ordinal)
            .Take(count);

    private static void DrawBars(
        string path, List<CitySkill> cells, List<CityRank> cities, ReferenceData reference, string title,
        ChartLabels labels, int width, int height, int skillsPerCity)
    {
        // Bars run top to bottom: worst city first, its worst skill first. Each city is a block of its
        // (up to skillsPerCity) bars, then one empty slot; positions count down so the first bar is on top.
        var rows = new List<(int City, string CityName, CitySkill Cell)>();
        for (var i = 0; i < cities.Count; i++)
        {
            var cityName = labels.CityName(reference.Cities.Find(cities[i].CityCode), cities[i].CityCode);
            rows.AddRange(TopSkills(cells, cities[i].CityCode, skillsPerCity).Select(cell => (i, cityName, cell)));
        }
        var lastSlot = rows.Count - 1 + (cities.Count - 1);

        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        var palette = new ScottPlot.Palettes.Category10();
        double maxRatio = 0;
        for (var k = 0; k < rows.Count; k++)
        {
            var (city, cityName, cell) = rows[k];
            var position = lastSlot - (k + city); // one empty slot between cities
            var skillName = labels.SkillName(reference.Taxonomy.FindSkill(cell.SkillCode), cell.SkillCode);
            bars.Add(new Bar
            {
                Position = position,
                Value = cell.Ratio,
                Size = 0.8,
                FillColor = palette.GetColor(city),
                LineWidth = 0,
                Label = $"{FormatRatio(cell.Ratio, digits: 2)}  ({cell.Demand.ToString(CultureInfo.InvariantCulture)}/{cell.Supply.ToString(CultureInfo.InvariantCulture)})",
            });
            ticks.Add(new Tick(position, $"{cityName} · {skillName}"));
            maxRatio = Math.Max(maxRatio, cell.Ratio);
        }

        var plot = new Plot();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 12;

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.Title(Heading(labels.BarsTitle, title), size: 18);
        plot.XLabel(labels.BarsAxis, size: 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        // Room to the right of the longest bar for its value label.
        plot.Axes.SetLimitsX(0, Math.Max(maxRatio, 1e-9) * 1.22);
        plot.Axes.SetLimitsY(-0.8, lastSlot + 0.8);
        ApplyFont(plot, labels);
        barPlot.ValueLabelStyle.FontName = labels.FontName;

        plot.SavePng(path, width, height);
    }

    private static void DrawHeatmap(
        string path, List<CitySkill> cells, List<CityRank> cities, ReferenceData reference, string title,
        ChartLabels labels, int width, int height)
    {
        var groups = cells.Select(c => c.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        var rowOf = cities.Select((c, i) => (c.CityCode, i)).ToDictionary(x => x.CityCode, x => x.i);
        var colOf = groups.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i);

        // Row 0 (worst city) is drawn at the top; cells without any demand stay NaN (not drawn).
        var data = new double[cities.Count, groups.Count];
        for (var r = 0; r < cities.Count; r++)
            for (var c = 0; c < groups.Count; c++)
                data[r, c] = double.NaN;
        foreach (var g in cells.GroupBy(c => (c.CityCode, c.Group)))
        {
            var demand = g.Sum(c => c.Demand);
            var supply = g.Sum(c => c.Supply);
            data[rowOf[g.Key.CityCode], colOf[g.Key.Group]] = demand / (double)Math.Max(supply, 1);
        }

        // Colours span 0 to the 95th percentile (nearest rank): a few keys without any supply have ratios in
        // the hundreds and would otherwise flatten every other cell into the bottom colour.
        var values = data.Cast<double>().Where(v => !double.IsNaN(v)).Order().ToArray();
        var max = values.Length == 0 ? 1 : values[^1];
        var cap = Math.Max(values.Length == 0 ? 1 : values[Math.Max(0, (int)Math.Ceiling(0.95 * values.Length) - 1)], 1);
        var capped = max > cap * 1.05;
        if (!capped) cap = Math.Max(max, 1);

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Turbo();
        heatmap.NaNCellColor = Colors.LightGray.WithAlpha(0.35);
        heatmap.ManualRange = new ScottPlot.Range(0, cap);
        // Default extent with centred cells: column c is centred on x = c, row r on y = rows-1-r.

        var colorbar = plot.Add.ColorBar(heatmap);
        colorbar.Label = capped ? labels.HeatmapColorbarCapped(cap) : labels.HeatmapColorbar;
        colorbar.LabelStyle.FontName = labels.FontName;
        colorbar.LabelStyle.FontSize = 13;
        colorbar.Axis.TickLabelStyle.FontName = labels.FontName;

        // Value text in each cell while the grid is small enough to read it.
        var cellCount = cities.Count * groups.Count;
        if (cellCount <= 300)
        {
            for (var r = 0; r < cities.Count; r++)
                for (var c = 0; c < groups.Count; c++)
                {
                    if (double.IsNaN(data[r, c])) continue;
                    var text = plot.Add.Text(FormatRatio(data[r, c]), c, cities.Count - 1 - r);
                    text.LabelFontName = labels.FontName;
                    text.LabelFontSize = cellCount <= 160 ? 10 : 8;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = Colors.White;
                    text.LabelBackgroundColor = Colors.Black.WithAlpha(0.35);
                }
        }

        var cityNames = cities.Select(c => labels.CityName(reference.Cities.Find(c.CityCode), c.CityCode)).ToArray();
        var groupNames = groups.Select(labels.GroupName).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            cityNames.Select((name, r) => new Tick(cities.Count - 1 - r, name)).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            groupNames.Select((name, c) => new Tick(c, name)).ToArray());
        const float tickFontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = tickFontSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = tickFontSize;
        // Group names slant down to the left and end under their column; make room below and to the left.
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        var (longest, lineHeight) = MeasureWidest(groupNames, labels.FontName, tickFontSize);
        plot.Axes.Bottom.MinimumSize = (longest + lineHeight) * 0.7071f + 30;
        var (firstWidth, _) = MeasureWidest([groupNames[0]], labels.FontName, tickFontSize);
        var (cityWidth, _) = MeasureWidest(cityNames, labels.FontName, tickFontSize);
        plot.Axes.Left.MinimumSize = Math.Max(cityWidth + 35, firstWidth * 0.7071f + 10);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Title(Heading(labels.HeatmapTitle, title), size: 18);
        plot.YLabel(labels.CityAxis, size: 14);
        plot.XLabel(labels.GroupAxis, size: 14);
        plot.Axes.SetLimits(-0.5, groups.Count - 0.5, -0.5, cities.Count - 0.5);
        ApplyFont(plot, labels);

        plot.SavePng(path, width, height);
    }

    /// <summary>Fewer decimals for larger ratios: 1.25, 12.5, 125.</summary>
    private static string FormatRatio(double ratio, int digits = 1) =>
        ratio.ToString(ratio >= 100 ? "0" : ratio >= 10 || digits == 1 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    /// <summary>Width of the widest text and the line height, in pixels, in the given font.</summary>
    private static (float Width, float LineHeight) MeasureWidest(IEnumerable<string> texts, string fontName, float size)
    {
        using var typeface = SKTypeface.FromFamilyName(fontName) ?? SKTypeface.Default;
        using var font = new SKFont(typeface, size);
        var widest = texts.Select(t => font.MeasureText(t)).DefaultIfEmpty(0).Max();
        return (widest, font.Spacing);
    }

    private static string Heading(string chart, string title) =>
        string.IsNullOrWhiteSpace(title) ? chart : $"{chart} — {title.Trim()}";

    /// <summary>
    /// Sets the font of the title, axis labels and tick labels. Unlike <c>plot.Font.Set</c>, this leaves
    /// ScottPlot's process-wide <c>Fonts.Default</c> alone, so concurrent renders cannot affect each other.
    /// </summary>
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
