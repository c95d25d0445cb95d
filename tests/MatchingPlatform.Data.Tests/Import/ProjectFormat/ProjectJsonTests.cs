using MatchingPlatform.Core.Demo;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Data.Import;
using MatchingPlatform.Data.Import.ProjectFormat;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Tests.Import.ProjectFormat;

public class ProjectJsonTests
{
    private static ParsedImport ParseFixture() =>
        ProjectFormatParser.Parse(ImportFixtures.Path("project-json", "batch.json"), ImportFixtures.Reference);

    private static ParsedImport ParseText(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"project-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, json);
            return ProjectFormatParser.Parse(path, ImportFixtures.Reference);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Accepts_valid_objects_and_counts_every_array_element()
    {
        var parsed = ParseFixture();
        Assert.Equal(14, parsed.RowsRead);
        Assert.Equal(parsed.RowsRead, parsed.Accepted + parsed.Rejected.Count);
        Assert.Equal("ent-j1", Assert.Single(parsed.Batch.Enterprises).Id);
        Assert.Equal("vj-1", Assert.Single(parsed.Batch.Vacancies).Id);
        var worker = Assert.Single(parsed.Batch.Workers);
        Assert.Equal(("wj-6", Education.Associate, Gender.Female, 9), (worker.Id, worker.Education, worker.Gender, worker.ExperienceYears));
        var job = Assert.Single(worker.History);
        Assert.Equal(new WorkHistoryEntry("fushun", "welder", "Fushun Boiler Works", null, new DateOnly(2015, 3, 1), new DateOnly(2020, 6, 30)), job);
        var apply = Assert.Single(parsed.Batch.Interactions);
        Assert.Equal((InteractionType.Apply, new DateTimeOffset(2024, 9, 2, 10, 0, 0, TimeSpan.Zero)), (apply.Type, apply.OccurredAt));
    }

    [Fact]
    public void Rejections_give_the_line_where_the_object_starts_and_the_field()
    {
        var rejected = ParseFixture().Rejected.Select(r => r.ToString()).ToList();
        Assert.Equal(
        [
            "batch.json:10: enterprises[1].id: duplicate of line 3",
            "batch.json:13: workers[0].skills[1].level: must be between 1 and 5",
            "batch.json:21: workers[1].education: unknown value 'Bachelors'; expected one of Unspecified, JuniorSecondary, SeniorSecondary, Associate, Bachelor, Master, Doctorate",
            "batch.json:22: workers[2].experienceYears: The JSON value could not be converted to Int32.",
            "batch.json:23: workers[3].favouriteColour: The JSON property 'favouriteColour' could not be mapped to any .NET member contained in type 'Worker'.",
            "batch.json:24: workers[4]: JSON deserialization for type 'Worker' was missing required properties including: 'id'.",
            "batch.json:32: workers[6]: expected an object",
            "batch.json:41: vacancies[1].enterprise_id: unknown enterprise 'ent-elsewhere': neither accepted in this import nor stored",
            "batch.json:49: interactions[1].occur_time: in the future",
            "batch.json:50: interactions[2].type: expected a string, one of Impression, View, Apply, Interview, Hire, Reject",
        ], rejected);
    }

    [Fact]
    public void A_syntax_error_refuses_the_whole_file_at_its_line()
    {
        var parsed = ParseText("{\n  \"workers\": [\n    { \"id\": \"w-1\", }\n  ]\n}\n");
        Assert.Equal(0, parsed.Accepted);
        var r = Assert.Single(parsed.Rejected);
        Assert.Equal(3, r.Line);
        Assert.StartsWith("invalid JSON:", r.Reason);
    }

    [Theory]
    [InlineData("{ \"worker\": [] }", "unknown key 'worker'")]
    [InlineData("{ \"workers\": {} }", "'workers' must be an array")]
    [InlineData("{ \"workers\": [], \"workers\": [] }", "key 'workers' appears twice")]
    [InlineData("[]", "expected a JSON object")]
    public void A_wrong_shape_refuses_the_whole_file(string json, string reason)
    {
        var parsed = ParseText(json);
        Assert.Equal(0, parsed.Accepted);
        Assert.Contains(reason, Assert.Single(parsed.Rejected).Reason);
    }

    [Theory]
    [InlineData("\"3\"")]
    [InlineData("3")]
    [InlineData("\"Graduate\"")]
    public void Unknown_enum_values_are_refused(string education)
    {
        var parsed = ParseText($$"""{ "workers": [ { "id": "w-1", "displayName": "x", "cityCode": "dalian", "education": {{education}} } ] }""");
        Assert.StartsWith("workers[0].education:", Assert.Single(parsed.Rejected).Reason);
    }

    [Fact]
    public void Null_where_the_record_says_non_nullable_is_refused()
    {
        var parsed = ParseText("""{ "workers": [ { "id": "w-1", "displayName": "x", "cityCode": "dalian", "skills": null } ] }""");
        Assert.StartsWith("workers[0].skills:", Assert.Single(parsed.Rejected).Reason);
    }

    [Fact]
    public void A_generated_demo_dataset_round_trips()
    {
        var reference = ImportFixtures.Reference;
        var demo = DemoDataGenerator.Generate(reference.Taxonomy, reference.Cities,
            // A window safely in the past: the validator refuses interactions dated in the future.
            new DemoDataOptions
            {
                Workers = 120, Enterprises = 15, Vacancies = 60, Programmes = 12,
                End = new DateTimeOffset(2024, 10, 31, 0, 0, 0, TimeSpan.Zero),
            });
        var batch = new DatasetBatch
        {
            Enterprises = demo.Enterprises, Vacancies = demo.Vacancies, Workers = demo.Workers,
            Programmes = demo.Programmes, Interactions = demo.Interactions,
        };
        var path = Path.Combine(Path.GetTempPath(), $"demo-{Guid.NewGuid():N}.json");
        try
        {
            using (var file = File.Create(path)) ProjectJson.Write(batch, file);
            var parsed = ProjectFormatParser.Parse(path, reference);

            Assert.Empty(parsed.Rejected);
            Assert.Equal(parsed.RowsRead, parsed.Accepted);
            Assert.Equal(batch.Enterprises, parsed.Batch.Enterprises);
            Assert.Equal(batch.Interactions, parsed.Batch.Interactions);
            AssertSameRecords(batch.Vacancies, parsed.Batch.Vacancies, v => v with { Requirements = [] }, v => v.Requirements);
            AssertSameRecords(batch.Workers, parsed.Batch.Workers, w => w with { Skills = [], History = [] }, w => w.Skills);
            AssertSameRecords(batch.Workers, parsed.Batch.Workers, w => w with { Skills = [], History = [] }, w => w.History);
            AssertSameRecords(batch.Programmes, parsed.Batch.Programmes, p => p with { Teaches = [] }, p => p.Teaches);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Written_json_uses_camel_case_names_enum_names_and_iso_instants()
    {
        var vacancy = new Vacancy
        {
            Id = "v-1", EnterpriseId = "e-1", Title = "t", CityCode = "dalian", IndustryCode = "automotive",
            MinEducation = Education.Bachelor, PostedAt = new DateTimeOffset(2024, 9, 1, 9, 30, 0, TimeSpan.FromHours(8)),
            Requirements = [new("python", 3, 4)],
        };
        using var stream = new MemoryStream();
        ProjectJson.Write(new DatasetBatch { Vacancies = [vacancy] }, stream);
        var json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("\"enterpriseId\": \"e-1\"", json);
        Assert.Contains("\"minEducation\": \"Bachelor\"", json);
        Assert.Contains("\"status\": \"Open\"", json);
        Assert.Contains("\"postedAt\": \"2024-09-01T09:30:00+08:00\"", json);
        Assert.Contains("\"skillCode\": \"python\"", json);
        Assert.DoesNotContain("closedAt", json); // nulls are left out
    }

    // Records holding lists compare lists by reference: compare the scalars and the lists separately.
    private static void AssertSameRecords<T, TItem>(IReadOnlyList<T> expected, IReadOnlyList<T> actual,
        Func<T, T> withoutLists, Func<T, IEnumerable<TItem>> list)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(withoutLists(expected[i]), withoutLists(actual[i]));
            Assert.Equal(list(expected[i]), list(actual[i]));
        }
    }
}
