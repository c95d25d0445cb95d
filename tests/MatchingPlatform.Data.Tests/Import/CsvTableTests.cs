using MatchingPlatform.Data.Import;

namespace MatchingPlatform.Data.Tests.Import;

public sealed class CsvTableTests
{
    [Fact]
    public void Rows_carry_the_line_they_start_on_across_blank_lines_and_multi_line_fields()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "a,b\n1,x\n\n\n2,\"two\nlines\"\n3,NA\n");
            var rows = CsvTable.Read(path, nullToken: "NA", "a", "b").ToList();
            Assert.Equal([2L, 5L, 7L], rows.Select(r => r.Line));
            Assert.Equal("two\nlines", rows[1]["b"]);
            Assert.Null(rows[2]["b"]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_missing_required_column_refuses_the_file() =>
        Assert.Throws<InvalidDataException>(() =>
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "a\n1\n");
                _ = CsvTable.Read(path, null, "a", "b").ToList();
            }
            finally { File.Delete(path); }
        });
}
