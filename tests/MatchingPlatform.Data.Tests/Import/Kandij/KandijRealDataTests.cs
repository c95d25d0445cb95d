using System.Diagnostics;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Import.Kandij;
using MatchingPlatform.Data.Import.Onet;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;
using Xunit.Abstractions;

namespace MatchingPlatform.Data.Tests.Import.Kandij;

/// <summary>The O*NET 29.2 database and the kandij log from ../shared/data; skipped where they are absent.</summary>
public sealed class KandijRealDataTests(ITestOutputHelper output)
{
    private const string OnetProbe = "onet_29_2/Skills.csv";
    private const string KandijProbe = "jobrec_kandij_interactions/Job_Views.csv";

    private static readonly Lazy<(OnetCatalog Catalog, TimeSpan LoadTime)> LoadedOnet = new(() =>
    {
        var sw = Stopwatch.StartNew();
        var catalog = OnetCatalog.Load(Path.GetDirectoryName(RealData.PathOf(OnetProbe)!)!, ImportFixtures.Reference.Taxonomy);
        return (catalog, sw.Elapsed);
    });

    private static OnetCatalog Catalog => LoadedOnet.Value.Catalog;

    private static string KandijDirectory => Path.GetDirectoryName(RealData.PathOf(KandijProbe)!)!;

    [RealDataFact(OnetProbe)]
    public void Onet_loads_about_a_thousand_occupations_with_profiles()
    {
        var onet = Catalog;
        output.WriteLine($"O*NET: {onet.Occupations.Count} occupations loaded in {LoadedOnet.Value.LoadTime.TotalSeconds:0.0} s, " +
                         $"{onet.Occupations.Count(o => o.RatingsBorrowedFrom is not null)} with borrowed ratings, " +
                         $"{onet.Occupations.Count(o => o.Skills.Count == 0)} without a profile");
        Assert.InRange(onet.Occupations.Count, 950, 1100);
        Assert.True(onet.Occupations.Count(o => o.Skills.Count > 0) > 950);
        Assert.Equal("onet-15-2051.00", onet.Find("15-2051.00")!.Code);
        Assert.Equal("15-1252.00", onet.MatchTitle("Software Engineer")?.Occupation.SocCode);
        Assert.Equal("41-2011.00", onet.MatchTitle("CASHIER")?.Occupation.SocCode);
        Assert.Contains(onet.Find("15-1252.00")!.Skills, s => s.SkillCode == "python");
    }

    [RealDataFact(OnetProbe)]
    public void Title_matching_is_fast()
    {
        var onet = Catalog;
        var titles = Enumerable.Range(0, 12_000).Select(i => $"Seasonal Sales Associate {i % 50} - Store {i}").ToList();
        var sw = Stopwatch.StartNew();
        var matched = titles.Count(t => onet.MatchTitle(t) is not null);
        output.WriteLine($"{titles.Count} titles matched in {sw.ElapsedMilliseconds} ms ({matched} matched)");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"{sw.Elapsed}");
    }

    [RealDataFact(KandijProbe)]
    public async Task Kandij_parses_with_most_titles_matched_and_imports_into_sqlite()
    {
        // The attribute probes one file; the log is useless without O*NET beside it.
        Assert.True(File.Exists(RealData.PathOf(OnetProbe)), $"the kandij test needs {OnetProbe} under the shared data folder too");
        var reference = ReferenceData.Load(ReferenceData.ResolveDataDirectory());
        var importer = new KandijImporter(Catalog, reference.Taxonomy, reference.Cities, UsStates.Load(ReferenceData.ResolveDataDirectory()));
        var sw = Stopwatch.StartNew();
        var result = importer.Parse(KandijDirectory);
        var parseTime = sw.Elapsed;

        var batch = result.Parsed.Batch;
        output.WriteLine($"parse {parseTime.TotalSeconds:0.0} s; job titles matched {result.JobsMatched}/{result.JobsSeen} = {result.JobTitleMatchShare:P1}");
        foreach (var f in result.Files) output.WriteLine($"{f.File}: read {f.RowsRead}, accepted {f.Accepted}, rejected {f.Rejected}");
        output.WriteLine($"cities {batch.Cities.Count}, enterprises {batch.Enterprises.Count}, vacancies {batch.Vacancies.Count}, " +
                         $"workers {batch.Workers.Count}, interactions {batch.Interactions.Count}");
        foreach (var g in result.Parsed.Rejected.GroupBy(r => (r.File, Kind: ReasonKind(r.Reason))).OrderByDescending(g => g.Count()).Take(15))
            output.WriteLine($"{g.Count(),6}  {g.Key.File}: {g.Key.Kind}");

        Assert.True(result.JobTitleMatchShare > 0.5, $"{result.JobTitleMatchShare:P1}");
        Assert.All(result.Files, f => Assert.Equal(f.RowsRead, f.Accepted + f.Rejected));
        Assert.Equal(result.Parsed.RowsRead, result.Files.Sum(f => f.RowsRead));
        Assert.Equal(12_370, result.Files[0].RowsRead);
        Assert.Equal(8_653, result.Files[1].RowsRead);   // records, not lines: descriptions span lines
        Assert.Equal(6_560, result.Files[2].RowsRead);
        Assert.Equal(result.Files[0].Accepted, batch.Interactions.Count);

        using var db = new TestDatabase();
        var report = await new ImportRunner(new DatasetWriter(db.Connections)).ApplyAsync(result.Parsed);
        output.WriteLine(report.Summary);
        Assert.True(report.Applied, report.Summary);
        Assert.Equal(batch.Interactions.Count, report.Written!.InteractionsInserted);
        Assert.Equal(batch.Workers.Count, report.Written.WorkersInserted);
    }

    // "title 'X' matches no O*NET occupation" and "vacancy rejected at line 14" group by their wording.
    private static string ReasonKind(string reason) =>
        System.Text.RegularExpressions.Regex.Replace(reason, @"'.*'|\d[\d.:-]*", "…");
}
