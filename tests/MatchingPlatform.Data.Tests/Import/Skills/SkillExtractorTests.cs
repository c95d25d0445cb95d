using MatchingPlatform.Core.Skills;
using MatchingPlatform.Data.Import.Skills;
using MatchingPlatform.Data.Reference;

namespace MatchingPlatform.Data.Tests.Import.Skills;

public class SkillExtractorTests
{
    private static SkillExtractor Skills => ImportFixtures.Skills;

    private static string[] Codes(string text) => Skills.FindMentions(text).Select(m => m.SkillCode).ToArray();

    [Theory]
    [InlineData("熟悉Java开发", new[] { "java" })]
    [InlineData("精通JavaScript", new[] { "javascript" })]            // Java is not inside JavaScript
    [InlineData("Java/JavaScript均可", new[] { "java", "javascript" })]
    [InlineData("熟悉NoSQL数据库", new string[0])]                      // SQL is not inside NoSQL
    [InlineData("熟悉MySQL和PL/SQL", new[] { "mysql", "sql" })]
    [InlineData("熟悉PYTHON，hadoop", new[] { "python", "big-data-hadoop" })] // case-insensitive
    [InlineData("Python3开发", new[] { "python" })]                    // a digit does not continue a word
    [InlineData("熟悉HTML5，了解XML", new[] { "html-css" })]            // ML is not inside HTML or XML
    [InlineData("熟悉Spring Boot框架", new[] { "spring-boot" })]         // the longer term wins, Spring alone is not counted again
    [InlineData("负责R&D管理，Go to market", new string[0])]           // bare R and Go are not skills
    [InlineData("会R语言和Golang", new[] { "r-language", "go" })]
    [InlineData("数据分析与机器学习", new[] { "data-analysis", "machine-learning" })] // Chinese names are substrings
    [InlineData("汽车工程师", new string[0])]                           // 车工 (lathe work) is blocked inside 汽车工
    [InlineData("熟悉Hadoop生态及大数据平台", new[] { "big-data-hadoop" })]
    public void Finds_taxonomy_names_and_aliases(string text, string[] expected) =>
        Assert.Equal(expected.Distinct(), Codes(text).Distinct());

    [Theory]
    [InlineData("精通Python", 5)]
    [InlineData("熟练掌握Python", 4)]
    [InlineData("熟悉Python", 4)]
    [InlineData("了解Python", 2)]
    [InlineData("会用Python", null)]
    [InlineData("熟悉MySQL/Oracle等数据库、Python", 4)] // one proficiency word governs a list
    [InlineData("精通Java，有Python经验优先", null)]    // but not the next clause
    [InlineData("精通Java；了解Python", 2)]             // the nearest word wins
    public void Reads_the_level_from_the_word_before_the_mention(string text, int? level) =>
        Assert.Equal(level, Skills.FindMentions(text).Single(m => m.SkillCode == "python").Level);

    [Fact]
    public void Title_and_requirements_section_weigh_more()
    {
        var requirements = Skills.Extract("Java开发工程师",
            "岗位职责：使用Docker部署服务。任职要求：熟悉Linux，精通Java。福利：会用Excel的同事多");
        Assert.Equal(
        [
            new SkillRequirement("java", 5, 5),      // title; the level comes from the requirements text
            new SkillRequirement("linux", 4, 4),     // requirements section
            new SkillRequirement("docker", 3, 3),    // duties section, no level word
            new SkillRequirement("excel-advanced", 3, 3),
        ], requirements);
    }

    [Fact]
    public void Nothing_found_is_an_empty_list() => Assert.Empty(Skills.Extract("跟单员", "负责跟进订单进度"));

    [Theory]
    [InlineData("大数据开发工程师（北京）", "big-data-engineer")]
    [InlineData("高级Java开发工程师", "java-developer")]
    [InlineData("数据分析师", "data-analyst")]
    [InlineData("嵌入式软件工程师", "embedded-software-engineer")] // the most specific name, not 软件工程师
    [InlineData("汽车工程师", "automotive-engineer")]
    [InlineData("跟单员", null)]
    public void Infers_the_occupation_from_the_title(string title, string? occupation) =>
        Assert.Equal(occupation, Skills.InferOccupation(title)?.Code);

    [Fact]
    public void The_shipped_alias_file_loads_and_names_only_taxonomy_skills()
    {
        var reference = ImportFixtures.Reference;
        var aliases = SkillAlias.Load(Path.Combine(ReferenceData.ResolveDataDirectory(), SkillAlias.RelativePath), reference.Taxonomy);
        Assert.Contains(aliases, a => a is { Alias: "Hadoop生态", SkillCode: "big-data-hadoop" });
        Assert.Contains(aliases, a => a is { Alias: "汽车工", SkillCode: null });
        Assert.All(aliases.Where(a => a.SkillCode is not null), a => Assert.True(reference.Taxonomy.HasSkill(a.SkillCode!)));
    }

    [Fact]
    public void An_alias_for_an_unknown_skill_is_refused_with_its_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "alias,skill_code\nHadoop,big-data-hadoop\nFoo,no-such-skill\n");
            var ex = Assert.Throws<InvalidDataException>(() => SkillAlias.Load(path, ImportFixtures.Reference.Taxonomy));
            Assert.Contains(":3: unknown skill 'no-such-skill'", ex.Message);
        }
        finally { File.Delete(path); }
    }
}
