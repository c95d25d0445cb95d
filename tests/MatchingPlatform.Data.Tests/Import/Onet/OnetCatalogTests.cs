using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Import.Onet;

namespace MatchingPlatform.Data.Tests.Import.Onet;

public sealed class OnetCatalogTests
{
    /// <summary>The mini O*NET of Fixtures/onet (3 occupations) over the shipped taxonomy.</summary>
    internal static readonly Lazy<OnetCatalog> Fixture =
        new(() => OnetCatalog.Load(ImportFixtures.Path("onet"), ImportFixtures.Reference.Taxonomy));

    private static OnetCatalog Catalog => Fixture.Value;

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.7, 1)]   // 0.5 rounds away from zero to 1
    [InlineData(2.0, 1)]   // 1.43
    [InlineData(2.8, 2)]   // 2.0
    [InlineData(3.5, 3)]   // 2.5 rounds up
    [InlineData(4.0, 3)]   // 2.86
    [InlineData(5.0, 4)]   // 3.57
    [InlineData(6.0, 4)]   // 4.29
    [InlineData(6.3, 5)]   // 4.5 rounds up
    [InlineData(7.0, 5)]
    public void Level_maps_LV_0_to_7_onto_1_to_5(double lv, int level) => Assert.Equal(level, OnetScales.Level(lv));

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(2.49, 2)]
    [InlineData(3.5, 4)]
    [InlineData(4.6, 5)]
    [InlineData(5.0, 5)]
    public void Importance_rounds_IM(double im, int importance) => Assert.Equal(importance, OnetScales.Importance(im));

    [Fact]
    public void Loads_every_occupation_with_titles()
    {
        Assert.Equal(["15-1251.00", "15-1252.00", "41-2011.00"], Catalog.Occupations.Select(o => o.SocCode));
        var developers = Catalog.Find("15-1252.00")!;
        Assert.Equal("Software Developers", developers.Title);
        Assert.Contains("Software Engineer", developers.AlternateTitles);
        Assert.Equal(["SDE"], developers.ShortTitles);
    }

    [Fact]
    public void Ratings_map_by_element_name_and_keep_importance_of_3_and_more()
    {
        var programmers = Catalog.Find("15-1251.00")!;
        // IM 4.6 / LV 5.4 -> importance 5, level round(3.86) = 4.
        Assert.Equal(new SkillRequirement("onet-programming", 4, 5), programmers.Skills[0]);
        Assert.Contains(new SkillRequirement("onet-critical-thinking", 3, 4), programmers.Skills);
        // Negotiation (IM 2.0) is under the bar; the made-up element is not in the taxonomy.
        Assert.DoesNotContain(programmers.Skills, s => s.SkillCode == "onet-negotiation");
        Assert.All(programmers.Skills, s => Assert.True(ImportFixtures.Reference.Taxonomy.HasSkill(s.SkillCode)));
    }

    [Fact]
    public void Technology_skills_match_by_name_vendor_prefix_alias_and_commodity()
    {
        var programmers = Catalog.Find("15-1251.00")!;
        Assert.Contains(new SkillRequirement("python", 3, 4), programmers.Skills);  // exact name, hot
        Assert.Contains(new SkillRequirement("java", 3, 4), programmers.Skills);    // "Oracle Java"
        Assert.Contains(new SkillRequirement("sql", 3, 3), programmers.Skills);     // alias, not hot
        var cashiers = Catalog.Find("41-2011.00")!;
        Assert.Contains(new SkillRequirement("office-software", 3, 4), cashiers.Skills); // Microsoft Excel
        Assert.Contains(new SkillRequirement("cashiering", 3, 3), cashiers.Skills);      // POS, by example and by commodity
        Assert.Equal(cashiers.Skills.Count, cashiers.Skills.Select(s => s.SkillCode).Distinct().Count());
    }

    [Fact]
    public void Profile_is_ordered_most_important_first_ratings_before_technology()
    {
        var programmers = Catalog.Find("15-1251.00")!;
        Assert.Equal(
            ["onet-programming", "onet-critical-thinking", "onet-reading-comprehension", "onet-complex-problem-solving", "python", "java", "sql"],
            programmers.Skills.Select(s => s.SkillCode));
        Assert.Equal(["onet-programming", "onet-critical-thinking"], programmers.TopSkills(2).Select(s => s.SkillCode));
    }

    [Fact]
    public void An_occupation_without_ratings_borrows_those_of_the_closest_rated_code()
    {
        var developers = Catalog.Find("15-1252.00")!;
        Assert.Equal("15-1251.00", developers.RatingsBorrowedFrom);
        Assert.Equal("onet-programming", developers.Skills[0].SkillCode);
        Assert.Contains(new SkillRequirement("git", 3, 4), developers.Skills);
        Assert.Contains(new SkillRequirement("c-cpp", 3, 3), developers.Skills);
        Assert.Null(Catalog.Find("15-1251.00")!.RatingsBorrowedFrom);
    }

    [Fact]
    public void Converts_to_a_core_occupation_with_an_onet_code_and_a_guessed_industry()
    {
        var occupation = Catalog.Find("41-2011.00")!.ToOccupation();
        Assert.Equal("onet-41-2011.00", occupation.Code);
        Assert.Equal("41-2011.00", occupation.OnetSoc);
        Assert.Equal("retail-ecommerce", occupation.IndustryCode);
        Assert.Equal("software-it", Catalog.Find("15-1251.00")!.IndustryCode);
    }

    [Theory]
    [InlineData("15-1252.00", "software-it")]
    [InlineData("15-2051.00", "ai-bigdata")]   // minor group overrides major group
    [InlineData("13-2011.00", "finance")]
    [InlineData("13-1071.00", "professional-services")]
    [InlineData("47-5041.00", "mining")]
    [InlineData("47-2111.00", "construction")]
    [InlineData("53-3032.00", "logistics")]
    [InlineData("99-9999.00", SocIndustryMap.Fallback)]
    public void Industry_guess_uses_the_longest_SOC_prefix(string soc, string industry) =>
        Assert.Equal(industry, SocIndustryMap.Guess(soc));

    [Fact]
    public void Every_guessed_industry_is_in_the_shipped_taxonomy() =>
        Assert.All(SocIndustryMap.Industries, i => Assert.True(ImportFixtures.Reference.Taxonomy.HasIndustry(i), i));

    [Fact]
    public void A_missing_directory_names_the_expected_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-onet-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<DirectoryNotFoundException>(() => OnetCatalog.Load(missing, ImportFixtures.Reference.Taxonomy));
        Assert.Contains(missing, ex.Message);
        Assert.Contains("Occupation_Data.csv", ex.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("onet-partial-");
        try
        {
            File.Copy(ImportFixtures.Path("onet", "Occupation_Data.csv"), Path.Combine(dir.FullName, "Occupation_Data.csv"));
            var ex = Assert.Throws<FileNotFoundException>(() => OnetCatalog.Load(dir.FullName, ImportFixtures.Reference.Taxonomy));
            Assert.Contains("Skills.csv", ex.Message);
        }
        finally { dir.Delete(recursive: true); }
    }
}
