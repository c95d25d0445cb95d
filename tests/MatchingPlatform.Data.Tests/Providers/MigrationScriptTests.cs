using System.Text.RegularExpressions;
using MatchingPlatform.Data.Migrations;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Data.Tests.Providers;

/// <summary>
/// The three dialects' migration scripts, compared as text (no database needed): every script exists for every
/// provider and declares the same tables, columns, foreign keys, cascades and indexes (name, table, columns, filter).
/// This is what keeps the SQL Server scripts, which no test database here runs, in step with the other two.
/// </summary>
public sealed partial class MigrationScriptTests
{
    private static readonly DatabaseProvider[] Providers = Enum.GetValues<DatabaseProvider>();

    private static readonly HashSet<string> NotColumns = ["PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "OR", "AND", "CONSTRAINT"];

    private static Dictionary<string, string> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(n => n[prefix.Length..], n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return reader.ReadToEnd();
            });
    }

    [Fact]
    public void Every_provider_has_the_same_scripts() =>
        Assert.All(Providers, p => Assert.Equal(Scripts(DatabaseProvider.Sqlite).Keys.Order(), Scripts(p).Keys.Order()));

    public static TheoryData<string> ScriptNames() => new(Scripts(DatabaseProvider.Sqlite).Keys.Order());

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_script_declares_the_same_schema_on_every_provider(string script)
    {
        var expected = Shape(Scripts(DatabaseProvider.Sqlite)[script]);
        Assert.NotEmpty(expected);
        foreach (var provider in Providers)
            Assert.Equal(expected, Shape(Scripts(provider)[script]));
    }

    [Fact]
    public void The_comparison_reads_columns_keys_and_filtered_indexes()
    {
        // A check on the parser itself, so that the comparison above cannot pass by reading nothing.
        var shape = Shape(Scripts(DatabaseProvider.SqlServer)["0002_shortages_and_alerts.sql"]);
        Assert.Contains("alert_events(id,alert_id,kind,snapshot_id,severity,ratio,demand_headcount,supply,city_code,occurred_at) -> " +
                        "alerts (id, city_code),shortage_snapshots (id); cascades 0", shape);
        Assert.Contains("alert_near_qualified(alert_id,worker_id,held_level,required_level,vacancy_id) -> alerts (id),workers (id); cascades 2", shape);
        Assert.Contains("UNIQUE index ux_alerts_open_key on alerts(city_code,industry_code,skill_code) status = 1", shape);
        Assert.Contains("index ix_alert_events_city on alert_events(city_code,id) ", shape);
    }

    /// <summary>One line per table (columns, references, cascades) and per index, comments removed.</summary>
    private static List<string> Shape(string sql)
    {
        sql = Comment().Replace(sql, "");
        var shape = new List<string>();
        foreach (Match table in CreateTable().Matches(sql))
        {
            var body = table.Groups["body"].Value;
            var columns = body.Split('\n')
                .Select(l => ColumnName().Match(l))
                .Where(m => m.Success && !NotColumns.Contains(m.Groups[1].Value.ToUpperInvariant()))
                .Select(m => m.Groups[1].Value);
            var references = References().Matches(body).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
            shape.Add($"{table.Groups["name"].Value}({string.Join(",", columns)}) -> {string.Join(",", references)}; " +
                      $"cascades {Regex.Matches(body, "ON DELETE CASCADE").Count}");
        }
        foreach (Match index in CreateIndex().Matches(sql))
            shape.Add($"{index.Groups["unique"].Value}index {index.Groups["name"].Value} on {index.Groups["table"].Value}" +
                      $"({Regex.Replace(index.Groups["columns"].Value, @"\s+", "")}) {index.Groups["where"].Value.Trim()}");
        return shape;
    }

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"CREATE TABLE (?<name>\w+) \((?<body>.*?)\n\);", RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^\s+(\w+)\s")]
    private static partial Regex ColumnName();

    [GeneratedRegex(@"REFERENCES (\w+ \([\w, ]+\))")]
    private static partial Regex References();

    [GeneratedRegex(@"CREATE (?<unique>UNIQUE )?INDEX (?<name>\w+) ON (?<table>\w+) \((?<columns>[^)]*)\)(?: WHERE (?<where>[^;]*))?;")]
    private static partial Regex CreateIndex();
}
