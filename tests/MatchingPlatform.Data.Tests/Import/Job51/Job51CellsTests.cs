using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Import.Job51;

namespace MatchingPlatform.Data.Tests.Import.Job51;

public class Job51CellsTests
{
    [Theory]
    [InlineData("['大数据开发工程师']", new[] { "大数据开发工程师" })]
    [InlineData("[]", new string[0])]
    [InlineData("  [ ]  ", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("['数据挖掘工程师', '（机器学习方向）']", new[] { "数据挖掘工程师", "（机器学习方向）" })]
    [InlineData("[\"大连'星海'智能\"]", new[] { "大连'星海'智能" })]
    [InlineData(@"['it\'s', 'a\\b', 'x\ny', '\xa0\u4e2d']", new[] { "it's", @"a\b", "x\ny", "\u00a0中" })]
    [InlineData("岗位职责：负责开发。", new[] { "岗位职责：负责开发。" })] // the description column is not wrapped
    [InlineData("[not quoted]", new[] { "not quoted" })]
    public void Unwraps_python_list_reprs(string cell, string[] expected) =>
        Assert.Equal(expected, Job51Cells.Unwrap(cell));

    [Fact]
    public void Text_joins_items_and_trims() =>
        Assert.Equal("数据挖掘工程师 （机器学习方向）", Job51Cells.Text("['数据挖掘工程师', '（机器学习方向）']"));

    [Fact]
    public void Classifies_a_complete_posting()
    {
        var facts = Job51Cells.Classify(["3-4年工作经验", "本科", "2人", "2019-09-13"]);
        Assert.Equal(new PostingFacts(3, Education.Bachelor, 2, new DateOnly(2019, 9, 13), []), facts with { Other = [] });
        Assert.Empty(facts.Other);
    }

    [Fact]
    public void Finds_fields_by_shape_when_experience_is_missing_and_the_rest_shifted_left()
    {
        // 工作经验 holds the education, 学历 holds a language requirement, 人数 is empty.
        var facts = Job51Cells.Classify(["本科", "英语熟练", "", "2019-09-05"]);
        Assert.Null(facts.ExperienceYears);
        Assert.Equal(Education.Bachelor, facts.Education);
        Assert.Null(facts.Headcount);
        Assert.Equal(new DateOnly(2019, 9, 5), facts.PostedOn);
        Assert.Equal(["英语熟练"], facts.Other);
    }

    [Theory]
    [InlineData("无工作经验", 0)]
    [InlineData("1年工作经验", 1)]
    [InlineData("3-4年经验", 3)]
    [InlineData("5-7年工作经验", 5)]
    [InlineData("10年以上经验", 10)]
    [InlineData("10年以上工作经验", 10)]
    public void Experience_is_the_lower_bound_in_years(string text, int years) =>
        Assert.Equal(years, Job51Cells.Classify([text]).ExperienceYears);

    [Theory]
    [InlineData("初中及以下", Education.JuniorSecondary)]
    [InlineData("高中", Education.SeniorSecondary)]
    [InlineData("中技", Education.SeniorSecondary)]
    [InlineData("中专", Education.SeniorSecondary)]
    [InlineData("大专", Education.Associate)]
    [InlineData("本科", Education.Bachelor)]
    [InlineData("硕士", Education.Master)]
    [InlineData("博士", Education.Doctorate)]
    public void Education_levels(string text, Education level) =>
        Assert.Equal(level, Job51Cells.Classify([text]).Education);

    [Fact]
    public void Headcount_some_is_unstated()
    {
        Assert.Equal(2, Job51Cells.Classify(["2人"]).Headcount);
        var some = Job51Cells.Classify(["若干人"]);
        Assert.Null(some.Headcount);
        Assert.Empty(some.Other);
    }

    [Theory]
    [InlineData("民营公司| 500-1000人| 教育/培训/院校 计算机软件", "民营公司", 750, "教育/培训/院校 计算机软件")]
    [InlineData("国企| 少于50人| 房地产", "国企", 25, "房地产")]
    [InlineData("上市公司| 10000人以上| 计算机软件", "上市公司", 10000, "计算机软件")]
    [InlineData("民营公司| 计算机软件", "民营公司", null, "计算机软件")]          // size omitted
    [InlineData("专业服务(咨询、人力资源、财会)", null, null, "专业服务(咨询、人力资源、财会)")] // industry alone
    [InlineData("", null, null, null)]
    public void Company_info_parts_are_found_by_shape(string text, string? ownership, int? employees, string? industry) =>
        Assert.Equal(new CompanyInfo(ownership, employees, industry), Job51Company.Parse(text));

    [Theory]
    [InlineData("计算机软件", "software-it")]
    [InlineData("互联网/电子商务 计算机软件", "internet")] // the first, main industry decides
    [InlineData("教育/培训/院校", "education")]
    [InlineData("金融/投资/证券", "finance")]
    [InlineData("银行", "finance")]
    [InlineData("汽车及零配件", "automotive")]
    [InlineData("石油/化工/矿产/地质", "petrochemical")]
    [InlineData("机械/设备/重工", "equipment-manufacturing")]
    [InlineData("医疗设备/器械", "equipment-manufacturing")]
    [InlineData("医疗/护理/卫生", "healthcare")]
    [InlineData("通信/电信/网络设备", "telecom")]
    [InlineData("专业服务(咨询、人力资源、财会)", "professional-services")]
    [InlineData("多元化业务集团公司", Job51Company.FallbackIndustry)]
    [InlineData(null, Job51Company.FallbackIndustry)]
    public void Industry_keywords_map_onto_taxonomy_codes(string? text, string code) =>
        Assert.Equal(code, Job51Company.IndustryCode(text));

    [Fact]
    public void Every_mapped_industry_exists_in_the_taxonomy()
    {
        var taxonomy = ImportFixtures.Reference.Taxonomy;
        Assert.All(Job51Company.IndustryKeywords, k => Assert.True(taxonomy.HasIndustry(k.IndustryCode), k.IndustryCode));
        Assert.True(taxonomy.HasIndustry(Job51Company.FallbackIndustry));
    }
}
