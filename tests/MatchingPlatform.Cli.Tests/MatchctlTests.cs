using Dapper;
using MatchingPlatform.Cli;
using Microsoft.Data.Sqlite;

namespace MatchingPlatform.Cli.Tests;

/// <summary>matchctl commands run in-process against a temporary database, as a user would run them.</summary>
[Collection("console")] // Spectre.Console writes to the process console: run these one at a time.
public sealed class MatchctlTests() : ScratchFolder("matchctl-tests-")
{
    private string Database => $"Data Source={Path.Combine(Scratch, "cli.db")}";

    private long Count(string table)
    {
        using var c = new SqliteConnection(Database);
        return c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(Scratch, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Demo_data_is_written_once_and_a_second_run_skips_everything()
    {
        string[] args = ["demo-data", "--workers", "120", "--enterprises", "15", "--vacancies", "60", "--programmes", "20", "--database", Database];
        Assert.Equal(0, await Matchctl.RunAsync(args));
        Assert.Equal(120, Count("workers"));
        var interactions = Count("interactions");
        Assert.True(interactions > 0);
        Assert.Equal(0, await Matchctl.RunAsync(args));
        Assert.Equal(120, Count("workers"));
        Assert.Equal(interactions, Count("interactions"));
    }

    [Fact]
    public async Task Demo_data_exported_as_json_imports_into_an_empty_database_exactly_once()
    {
        var file = Path.Combine(Scratch, "demo.json");
        Assert.Equal(0, await Matchctl.RunAsync(["demo-data", "--workers", "80", "--enterprises", "10", "--vacancies", "40", "--programmes", "15", "--out", file]));
        Assert.Equal(0, await Matchctl.RunAsync(["import", "project", file, "--database", Database]));
        Assert.Equal(80, Count("workers"));
        Assert.Equal(40, Count("vacancies"));
        var interactions = Count("interactions");
        Assert.Equal(0, await Matchctl.RunAsync(["import", "project", file, "--database", Database]));
        Assert.Equal(interactions, Count("interactions"));
        Assert.Equal(1, Count("import_batches"));
    }

    [Fact]
    public async Task Rejected_rows_are_reported_with_lines_and_strict_mode_writes_nothing()
    {
        var csv = Write("workers.csv", """
            id,display_name,city,education,experience_years,birth_year,gender,salary_wish_monthly,actively_seeking,graduation_year,skills
            w-ok,Zhang Min,dalian,Bachelor,4,1994,Female,8000,true,2016,python:3;sql:4
            w-bad,Liu Yang,dalian,Bachelor,4,1994,Male,8000,true,2016,python:9
            """);
        var rejects = Path.Combine(Scratch, "rejects.txt");
        Assert.Equal(1, await Matchctl.RunAsync(["import", "project", csv, "--strict", "--database", Database]));
        Assert.Equal(0, Count("workers"));

        Assert.Equal(0, await Matchctl.RunAsync(["import", "project", csv, "--rejects", rejects, "--database", Database]));
        Assert.Equal(1, Count("workers"));
        var line = Assert.Single(File.ReadAllLines(rejects));
        Assert.StartsWith("workers.csv:3:", line);
        Assert.Contains("level", line);
    }

    [Fact]
    public async Task Missing_input_is_a_one_line_error_not_a_crash()
    {
        Assert.Equal(2, await Matchctl.RunAsync(["import", "job51", Path.Combine(Scratch, "absent.csv"), "--database", Database]));
        Assert.Equal(2, await Matchctl.RunAsync(["import", "kandij", Scratch, "--onet", Path.Combine(Scratch, "no-onet"), "--database", Database]));
    }

    [Fact]
    public async Task Migrate_is_idempotent()
    {
        Assert.Equal(0, await Matchctl.RunAsync(["migrate", "--database", Database]));
        Assert.Equal(0, await Matchctl.RunAsync(["migrate", "--database", Database]));
        using var c = new SqliteConnection(Database);
        // One journal row per shipped script, however often migrate runs.
        var scripts = typeof(MatchingPlatform.Data.Migrations.DatabaseMigrator).Assembly.GetManifestResourceNames()
            .Count(n => n.Contains(".Migrations.Sqlite.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal));
        Assert.True(scripts >= 2, $"expected the shipped SQLite scripts, found {scripts}");
        Assert.Equal(scripts, c.ExecuteScalar<long>("SELECT COUNT(*) FROM SchemaVersions"));
    }
}

[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;
