using MatchingPlatform.Data.Import.Job51;

namespace MatchingPlatform.Data.Tests.Import.Job51;

public class SalaryParserTests
{
    [Theory]
    [InlineData("1-1.5万/月", 10_000, 15_000)]
    [InlineData("0.8-1万/月", 8_000, 10_000)]
    [InlineData("6-8千/月", 6_000, 8_000)]
    [InlineData("4.5-6千/月", 4_500, 6_000)]
    [InlineData("20-40万/年", 16_667, 33_333)]       // ÷ 12, rounded
    [InlineData("10-15万/年", 8_333, 12_500)]
    [InlineData("150元/天", 3_263, 3_263)]          // × 21.75 = 3262.5, rounded away from zero
    [InlineData("1000元/天", 21_750, 21_750)]
    [InlineData("100元/小时", 17_400, 17_400)]      // × 8 × 21.75
    [InlineData("3000-5000元/月", 3_000, 5_000)]
    [InlineData("1万以上/月", 10_000, 10_000)]       // only the floor is promised
    [InlineData("100万以上/年", 83_333, 83_333)]
    [InlineData("1.5千以下/月", 0, 1_500)]
    [InlineData("2万以下/年", 0, 1_667)]
    [InlineData(" 6-8千/月 ", 6_000, 8_000)]
    public void Reads_monthly_cny(string text, int min, int max) =>
        Assert.Equal(new MonthlySalary(min, max), SalaryParser.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("面议")]
    [InlineData("8-6千/月")]      // min above max
    [InlineData("1-2万以上/月")]  // a range and a bound at once
    [InlineData("1-2万/周")]
    [InlineData("1-2万")]
    [InlineData("abc/月")]
    public void Refuses_what_it_does_not_know(string text) => Assert.Null(SalaryParser.Parse(text));
}
