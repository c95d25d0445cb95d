using MatchingPlatform.Ml.Retrieval;

namespace MatchingPlatform.Ml.Tests;

public class SkillIndexTests
{
    private sealed record Item(string Id, SkillTerm[] Terms);

    private static SkillIndex<Item> Requirements(params Item[] items) =>
        new(PostingRole.Requirement, i => i.Id, i => i.Terms, items);

    private static SkillTerm T(string skill, int level, int importance = 5) => new(skill, level, importance);

    private static readonly Item[] Four =
    [
        new("v1", [T("python", 4, 5), T("sql", 2, 3)]),
        new("v2", [T("sql", 2, 5), T("excel", 2, 5)]),
        new("v3", [T("sql", 3, 5)]),
        new("v4", [T("welding", 2, 5)]),
    ];

    [Fact]
    public void Idf_is_log_of_one_plus_n_over_df()
    {
        var index = Requirements(Four);
        Assert.Equal(4, index.Count);
        Assert.Equal(3, index.DocumentFrequency("sql"));
        Assert.Equal(Math.Log(1 + 4.0 / 3), index.Idf("sql"), 12);
        Assert.Equal(0.8472978603872037, index.Idf("sql"), 12);
        Assert.Equal(Math.Log(5), index.Idf("python"), 12);
        Assert.Equal(0, index.Idf("cobol"));
    }

    [Fact]
    public void Vacancy_direction_scores_match_hand_computation()
    {
        var index = Requirements(Four);
        // Worker holds python 3, sql 2. Max attainable = idf(python) + idf(sql) = ln 5 + ln 7/3.
        var result = index.Search([T("python", 3), T("sql", 2)], 10);

        Assert.Equal(["v1", "v2", "v3"], result.Items.Select(i => i.Item.Id));
        Assert.Equal(3, result.Overlapping);
        Assert.Equal(Math.Log(5) + Math.Log(7.0 / 3), result.MaxAttainable, 12);
        // v1: python ln5 x 5/5 x 3/4, sql ln(7/3) x 3/5 x 2/2.
        Assert.Equal(0.698266850483426, result.Items[0].Score, 9);
        // v2: sql ln(7/3) x 1 x 1 only.
        Assert.Equal(0.3448876634438268, result.Items[1].Score, 9);
        // v3: sql held 2 of 3 asked.
        Assert.Equal(0.3448876634438268 * 2 / 3, result.Items[2].Score, 9);

        var v1 = result.Items[0];
        Assert.Equal(["python", "sql"], v1.Skills.Select(s => s.SkillCode));
        Assert.Equal(v1.Score, v1.Skills.Sum(s => s.Contribution), 12);
        Assert.Equal(Math.Log(5) * 0.75 / result.MaxAttainable, v1.Skills[0].Contribution, 12);
    }

    [Fact]
    public void Candidate_direction_scores_match_hand_computation()
    {
        var workers = new SkillIndex<Item>(PostingRole.Holding, i => i.Id, i => i.Terms,
        [
            new("w1", [T("python", 4), T("sql", 2)]),
            new("w2", [T("python", 2), T("sql", 5)]),
            new("w3", [T("sql", 1)]),
            new("w4", [T("welding", 3)]),
        ]);
        // Vacancy requires python 4 (importance 5) and sql 2 (importance 3).
        var result = workers.Search([T("python", 4, 5), T("sql", 2, 3)], 10);

        Assert.Equal(["w1", "w2", "w3"], result.Items.Select(i => i.Item.Id));
        Assert.Equal(Math.Log(3) + 0.6 * Math.Log(7.0 / 3), result.MaxAttainable, 12);
        Assert.Equal(1.0, result.Items[0].Score, 12);
        Assert.Equal(0.6581772127790538, result.Items[1].Score, 9);
        Assert.Equal(0.1581772127790538, result.Items[2].Score, 9);
    }

    [Fact]
    public void Score_of_an_arbitrary_item_equals_what_search_reports()
    {
        var index = Requirements(Four);
        var query = new[] { T("python", 3), T("sql", 2) };
        var searched = index.Search(query, 10).Items.Single(i => i.Item.Id == "v1");
        Assert.Equal(searched.Score, index.Score(query, Four[0]).Score, 12);
        Assert.Equal(0, index.Score(query, Four[3]).Score);
    }

    [Fact]
    public void Top_n_is_bounded_and_ties_are_broken_by_id_whatever_the_insertion_order()
    {
        var ids = new[] { "d", "b", "e", "a", "c" };
        var index = Requirements([.. ids.Select(id => new Item(id, [T("sql", 3)]))]);
        var result = index.Search([T("sql", 3)], 3);
        Assert.Equal(["a", "b", "c"], result.Items.Select(i => i.Item.Id));
        Assert.Equal(5, result.Overlapping);

        // Reusing freed slots must not change tie order.
        index.Remove("a");
        index.Upsert(new Item("a", [T("sql", 3)]));
        Assert.Equal(["a", "b", "c"], index.Search([T("sql", 3)], 3).Items.Select(i => i.Item.Id));
    }

    [Fact]
    public void Filter_runs_before_top_n_so_filtered_items_do_not_use_up_places()
    {
        var index = Requirements([.. Enumerable.Range(0, 10).Select(i => new Item($"x{i}", [T("sql", 3)]))]);
        var result = index.Search([T("sql", 3)], 3, i => i.Id is "x7" or "x8" or "x9");
        Assert.Equal(["x7", "x8", "x9"], result.Items.Select(i => i.Item.Id));
    }

    [Fact]
    public void Upsert_replaces_postings_and_remove_forgets_them()
    {
        var index = Requirements(Four);
        index.Upsert(new Item("v4", [T("python", 2)]));
        Assert.Equal(0, index.DocumentFrequency("welding"));
        Assert.Equal(2, index.DocumentFrequency("python"));
        Assert.Equal(4, index.Count);
        Assert.Contains("v4", index.Search([T("python", 2)], 10).Items.Select(i => i.Item.Id));

        Assert.True(index.Remove("v1"));
        Assert.False(index.Remove("v1"));
        Assert.Null(index.Find("v1"));
        Assert.Equal(3, index.Count);
        Assert.Equal(2, index.DocumentFrequency("sql"));
        Assert.Equal(["v4"], index.Search([T("python", 2)], 10).Items.Select(i => i.Item.Id));
    }

    [Fact]
    public void Grows_past_initial_capacity_and_reuses_slots()
    {
        var index = Requirements();
        for (var i = 0; i < 1000; i++) index.Upsert(new Item($"i{i:D4}", [T(i % 2 == 0 ? "even" : "odd", 2)]));
        for (var i = 0; i < 1000; i += 3) index.Remove($"i{i:D4}");
        for (var i = 0; i < 1000; i += 3) index.Upsert(new Item($"i{i:D4}", [T("even", 2)]));
        Assert.Equal(1000, index.Count);
        Assert.Equal(500 + 167, index.DocumentFrequency("even"));
        Assert.Equal(667, index.Search([T("even", 2)], 1000).Items.Count);
    }

    [Fact]
    public void Query_without_any_indexed_skill_returns_nothing()
    {
        var index = Requirements(Four);
        Assert.Empty(index.Search([T("cobol", 5)], 10).Items);
        Assert.Empty(index.Search([], 10).Items);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([T("sql", 1)], 0));
    }

    [Fact]
    public void A_throwing_filter_leaves_the_index_usable()
    {
        var index = Requirements(Four);
        Assert.Throws<InvalidOperationException>(() => index.Search([T("sql", 2)], 10, _ => throw new InvalidOperationException()));
        Assert.Equal(3, index.Search([T("sql", 2)], 10).Items.Count);
    }
}
