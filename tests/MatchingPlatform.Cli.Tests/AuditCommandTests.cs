using System.Text.Json;
using MatchingPlatform.Cli;

namespace MatchingPlatform.Cli.Tests;

/// <summary>matchctl audit on a small generated demo database, without a model (the retrieval fallback).</summary>
[Collection("console")]
public sealed class AuditCommandTests() : ScratchFolder("matchctl-audit-")
{
    private string Database => $"Data Source={Path.Combine(Scratch, "audit.db")}";
    private string NoModels => Path.Combine(Scratch, "models");

    private async Task Demo() =>
        Assert.Equal(0, await Matchctl.RunAsync(["demo-data", "--workers", "400", "--enterprises", "30", "--vacancies", "150", "--programmes", "20", "--database", Database]));

    [Fact]
    public async Task Audit_reports_exposure_by_gender_and_age_band_for_the_fallback_ranker()
    {
        await Demo();
        var json = Path.Combine(Scratch, "audit.json");
        Assert.Equal(0, await Matchctl.RunAsync(
            ["audit", "--vacancies", "60", "--seekers", "40", "--year", "2026", "--models", NoModels, "--json", json, "--database", Database]));

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal("retrieval-score", root.GetProperty("Ranker").GetString());
        Assert.True(root.GetProperty("Fallback").GetBoolean());
        Assert.Equal(2026, root.GetProperty("AuditYear").GetInt32());
        var candidates = root.GetProperty("Candidates");
        Assert.Equal(60, candidates.GetProperty("Rankings").GetInt32());
        Assert.True(candidates.GetProperty("Audited").GetInt32() > 0);
        var attributes = candidates.GetProperty("Attributes").EnumerateArray().ToArray();
        Assert.Equal(["gender", "age band"], attributes.Select(a => a.GetProperty("Attribute").GetString()));
        foreach (var attribute in attributes)
        {
            Assert.True(attribute.GetProperty("HasData").GetBoolean());
            var groups = attribute.GetProperty("Groups").EnumerateArray().ToArray();
            Assert.Equal(1.0, groups.Sum(g => g.GetProperty("QualifiedShare").GetDouble()), 9);
            Assert.Equal(1.0, groups.Sum(g => g.GetProperty("ExposureShare").GetDouble()), 9);
        }
        Assert.Equal(40, root.GetProperty("Seekers").GetProperty("Seekers").GetInt32());
    }

    [Fact]
    public async Task Fail_on_flag_exits_1_when_a_group_is_flagged_and_bad_options_exit_2()
    {
        await Demo();
        // A zero margin and no minimum group size flag any difference at all.
        string[] strict = ["audit", "--vacancies", "40", "--seekers", "0", "--margin", "0", "--min-group", "0", "--models", NoModels, "--database", Database];
        Assert.Equal(0, await Matchctl.RunAsync(strict));
        Assert.Equal(1, await Matchctl.RunAsync([.. strict, "--fail-on-flag"]));
        // Nothing can differ by more than 100 points.
        Assert.Equal(0, await Matchctl.RunAsync(["audit", "--vacancies", "40", "--seekers", "0", "--margin", "1", "--fail-on-flag", "--models", NoModels, "--database", Database]));

        Assert.Equal(2, await Matchctl.RunAsync(["audit", "--k", "0", "--models", NoModels, "--database", Database]));
        Assert.Equal(2, await Matchctl.RunAsync(["audit", "--margin", "-0.1", "--models", NoModels, "--database", Database]));
        Assert.Equal(2, await Matchctl.RunAsync(["audit", "--vacancies", "0", "--models", NoModels, "--database", Database]));
    }

    [Fact]
    public async Task Audit_of_an_empty_database_says_there_is_nothing_to_audit()
    {
        Assert.Equal(2, await Matchctl.RunAsync(["audit", "--models", NoModels, "--database", Database]));
    }
}
