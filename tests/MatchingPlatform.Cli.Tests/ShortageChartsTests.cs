using System.Buffers.Binary;
using System.Diagnostics;
using MatchingPlatform.Cli.Reports;
using MatchingPlatform.Core.Shortages;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Cli.Tests;

public sealed class ShortageChartsTests : IDisposable
{
    private static readonly Lazy<ReferenceData> Reference = new(() => ReferenceData.Load(ReferenceData.ResolveDataDirectory()));
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "shortage-charts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// A deterministic snapshot over real shipped codes: every city, several skills from several groups,
    /// two industries per (city, skill) so merging is exercised, some keys with zero supply.
    /// </summary>
    private static List<ShortageStat> SyntheticStats()
    {
        var reference = Reference.Value;
        var cities = reference.Cities.All.Take(14).ToList();
        var skills = reference.Taxonomy.Skills
            .GroupBy(s => s.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Take(10)
            .SelectMany(g => g.OrderBy(s => s.Code, StringComparer.Ordinal).Take(2))
            .ToList();
        var industries = reference.Taxonomy.Industries.Take(2).ToList();
        var rows = new List<ShortageStat>();
        for (var c = 0; c < cities.Count; c++)
            for (var s = 0; s < skills.Count; s++)
                for (var i = 0; i < industries.Count; i++)
                {
                    var demand = 5 + (c * 7 + s * 13 + i * 3) % 40;
                    var supply = (c + s) % 9 == 0 ? 0 : (c * 3 + s * 5) % 30;
                    rows.Add(new ShortageStat(
                        new ShortageKey(cities[c].Code, industries[i].Code, skills[s].Code), 3, demand, 1 + demand / 4, supply));
                }
        return rows;
    }

    private static (int Width, int Height) ReadPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is too short to be a PNG");
        Assert.Equal(PngSignature, bytes[..8]);
        // The first chunk must be IHDR: 4-byte length, "IHDR", then big-endian width and height.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    [Fact]
    public void ShortageCharts_write_two_pngs_of_the_requested_size()
    {
        var png = Path.Combine(_dir, "sub", "shortages.png");
        var written = ShortageCharts.Render(png, SyntheticStats(), Reference.Value, "2026-01-05 (7 days)", ChartLabels.English);

        Assert.Equal([Path.GetFullPath(png), Path.Combine(_dir, "sub", "shortages-heatmap.png")], written);
        foreach (var path in written)
        {
            Assert.True(File.Exists(path), path);
            Assert.Equal((ShortageCharts.DefaultWidth, ShortageCharts.DefaultHeight), ReadPng(path));
            // A blank 1200x800 PNG compresses to a few KB; a drawn chart with text and bars is far larger.
            Assert.True(new FileInfo(path).Length > 20_000, $"{path} is only {new FileInfo(path).Length} bytes");
        }

        var sample = Environment.GetEnvironmentVariable("SHORTAGE_CHARTS_SAMPLE_DIR");
        if (!string.IsNullOrWhiteSpace(sample))
        {
            Directory.CreateDirectory(sample);
            foreach (var path in written) File.Copy(path, Path.Combine(sample, Path.GetFileName(path)), overwrite: true);
        }
    }

    [Fact]
    public void ShortageCharts_honour_a_custom_size_and_a_tiny_input()
    {
        var key = new ShortageKey("shenyang", Reference.Value.Taxonomy.Industries[0].Code, Reference.Value.Taxonomy.Skills[0].Code);
        var written = ShortageCharts.Render(Path.Combine(_dir, "one.png"), [new ShortageStat(key, 2, 10, 3, 0)],
            Reference.Value, "", ChartLabels.English, width: 640, height: 480);

        Assert.Equal(2, written.Count);
        foreach (var path in written) Assert.Equal((640, 480), ReadPng(path));
    }

    [Fact]
    public void ShortageCharts_draw_chinese_labels_when_asked()
    {
        // Without a CJK font the glyphs come out as boxes, but the Chinese code path must still draw.
        var chinese = new ChartLabels(ChartLanguage.Chinese, ChartLabels.English.FontName);
        var written = ShortageCharts.Render(Path.Combine(_dir, "zh.png"), SyntheticStats(), Reference.Value, "2026-01-05", chinese);
        foreach (var path in written) Assert.Equal((ShortageCharts.DefaultWidth, ShortageCharts.DefaultHeight), ReadPng(path));

        var shenyang = Reference.Value.Cities.Find("shenyang");
        Assert.NotNull(shenyang);
        Assert.Equal(shenyang.NameZh, chinese.CityName(shenyang, shenyang.Code));
        var skill = Reference.Value.Taxonomy.Skills[0];
        Assert.Equal(skill.NameZh, chinese.SkillName(skill, skill.Code));
    }

    [Fact]
    public void ShortageCharts_draw_the_same_bytes_for_the_same_rows_in_any_order()
    {
        var stats = SyntheticStats();
        var a = ShortageCharts.Render(Path.Combine(_dir, "a.png"), stats, Reference.Value, "p", ChartLabels.English);
        var shuffled = stats.OrderBy(s => s.Key.ToString().GetHashCode(StringComparison.Ordinal)).Reverse().ToList();
        var b = ShortageCharts.Render(Path.Combine(_dir, "b.png"), shuffled, Reference.Value, "p", ChartLabels.English);

        Assert.Equal(File.ReadAllBytes(a[0]), File.ReadAllBytes(b[0]));
        Assert.Equal(File.ReadAllBytes(a[1]), File.ReadAllBytes(b[1]));
    }

    [Fact]
    public void ShortageCharts_rank_cities_by_gap_and_skills_by_ratio_with_ties_by_code()
    {
        ShortageStat Row(string city, string industry, string skill, int demand, int supply) =>
            new(new ShortageKey(city, industry, skill), 3, demand, 1, supply);
        var cells = ShortageCharts.Merge(
        [
            Row("dalian", "a", "python", 10, 5),
            Row("dalian", "b", "python", 10, 8),   // merged: demand 20, supply 8 (largest, not summed)
            Row("anshan", "a", "python", 12, 1),
            Row("anshan", "a", "welding", 1, 0),
            Row("shenyang", "a", "python", 3, 10), // no gap
        ], Reference.Value);

        var dalian = Assert.Single(cells, c => c.CityCode == "dalian");
        Assert.Equal((20L, 8L), (dalian.Demand, dalian.Supply));
        // anshan and dalian both have a gap of 12; anshan has less demand (13 < 20), so dalian first.
        Assert.Equal(["dalian", "anshan", "shenyang"], ShortageCharts.RankCities(cells).Select(c => c.CityCode));
        Assert.Equal(["python", "welding"], ShortageCharts.TopSkills(cells, "anshan", 3).Select(c => c.SkillCode));
    }

    [Fact]
    public void ShortageCharts_refuse_empty_input_with_a_clear_message()
    {
        var png = Path.Combine(_dir, "empty.png");
        var ex = Assert.Throws<ArgumentException>(() => ShortageCharts.Render(png, [], Reference.Value, "t", ChartLabels.English));
        Assert.Contains("no shortage rows to draw — take a snapshot first", ex.Message);
        Assert.False(File.Exists(png));
        Assert.False(File.Exists(ShortageCharts.HeatmapPath(png)));
    }

    [Fact]
    public void ShortageCharts_heatmap_path_sits_next_to_the_chart()
    {
        Assert.Equal(Path.GetFullPath(Path.Combine("out", "s-heatmap.png")), ShortageCharts.HeatmapPath(Path.Combine("out", "s.png")));
        Assert.Equal(Path.GetFullPath("s-heatmap.png"), ShortageCharts.HeatmapPath("s"));
    }

    [Fact]
    public void ShortageCharts_labels_are_english_unless_a_cjk_font_is_installed()
    {
        var labels = ChartLabels.Detect();
        Assert.False(string.IsNullOrWhiteSpace(labels.FontName));

        var city = Reference.Value.Cities.Find("shenyang");
        Assert.NotNull(city);
        Assert.Equal(labels.IsChinese ? city.NameZh : city.NameEn, labels.CityName(city, city.Code));
        Assert.Equal("Shenyang", ChartLabels.English.CityName(city, city.Code));
        Assert.Equal("nowhere", labels.CityName(null, "nowhere"));

        var zhFonts = FcList(":lang=zh", "file");
        if (zhFonts is null) return; // no fontconfig tools: nothing to compare against
        if (zhFonts.Count == 0)
            Assert.Equal(ChartLanguage.English, labels.Language);
        else if (zhFonts.Any(f => f.StartsWith("/usr/share/fonts/", StringComparison.Ordinal)))
            Assert.Equal(ChartLanguage.Chinese, labels.Language); // Skia scans /usr/share/fonts
    }

    /// <summary>Lines printed by <c>fc-list PATTERN ELEMENT</c>, or null when fc-list cannot be run.</summary>
    private static List<string>? FcList(string pattern, string element)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("fc-list", [pattern, element])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000) || process.ExitCode != 0) return null;
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.TrimEnd(':'))
                .ToList();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
