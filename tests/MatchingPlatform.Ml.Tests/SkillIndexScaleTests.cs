using MatchingPlatform.Ml.Retrieval;

namespace MatchingPlatform.Ml.Tests;

/// <summary>
/// The index's bounded-work paths (early termination on common skills, partition-first city queries) against the
/// exhaustive reference on generated data where they really engage: same items, same order, same scores.
/// </summary>
public class SkillIndexScaleTests
{
    private sealed record Item(string Id, string City, SkillTerm[] Terms);

    private static readonly string[] Cities = ["big", "big", "big", "big", "mid", "mid", "small", "tiny"];

    /// <summary>
    /// Items over 60 skills with Zipf-like frequencies (a few skills everyone has, a long tail of rare ones), as
    /// occupation profiles give: what makes pruning possible and ties common.
    /// </summary>
    private static Item[] Generate(int count, int seed)
    {
        var rng = new Random(seed);
        var items = new Item[count];
        for (var i = 0; i < count; i++)
        {
            var skills = new HashSet<int>();
            var n = rng.Next(2, 10);
            while (skills.Count < n) skills.Add(Zipf(rng));
            items[i] = new Item($"i{i:D5}", Cities[rng.Next(Cities.Length)],
                [.. skills.Select(s => new SkillTerm($"s{s:D2}", rng.Next(1, 6), rng.Next(1, 6)))]);
        }
        return items;
    }

    private static int Zipf(Random rng) => Math.Min(59, (int)(Math.Pow(rng.NextDouble(), 2.5) * 60));

    private static SkillTerm[] Query(Random rng)
    {
        var skills = new HashSet<int>();
        var n = rng.Next(1, 10);
        while (skills.Count < n) skills.Add(Zipf(rng));
        return [.. skills.Select(s => new SkillTerm($"s{s:D2}", rng.Next(1, 6), rng.Next(1, 6)))];
    }

    private static SkillIndex<Item> Index(PostingRole role, IEnumerable<Item> items, bool partitioned = true) =>
        new(role, i => i.Id, i => i.Terms, items, partitioned ? i => i.City : null);

    private static void AssertSame(RetrievalResult<Item> expected, RetrievalResult<Item> actual, string because)
    {
        Assert.True(expected.Items.Select(i => i.Item.Id).SequenceEqual(actual.Items.Select(i => i.Item.Id)),
            $"{because}: expected [{string.Join(",", expected.Items.Select(i => i.Item.Id))}] got [{string.Join(",", actual.Items.Select(i => i.Item.Id))}]");
        Assert.Equal(expected.Items.Select(i => i.Score), actual.Items.Select(i => i.Score));
        Assert.Equal(expected.MaxAttainable, actual.MaxAttainable);
        for (var i = 0; i < expected.Items.Count; i++)
            Assert.Equal(expected.Items[i].Skills, actual.Items[i].Skills);
    }

    [Theory]
    [InlineData(PostingRole.Requirement, 10)]
    [InlineData(PostingRole.Requirement, 50)]
    [InlineData(PostingRole.Holding, 10)]
    [InlineData(PostingRole.Holding, 300)]
    public void Early_termination_returns_exactly_the_exhaustive_result(PostingRole role, int n)
    {
        var items = Generate(6000, seed: 11);
        // Stop early whenever it is provably exact, whatever it costs, so the path runs on data this small.
        var pruning = Index(role, items);
        pruning.EarlyTermination = true;
        pruning.CompletionCost = 0;
        var byCost = Index(role, items);
        byCost.EarlyTermination = true;
        var exhaustive = Index(role, items);
        var rng = new Random(5);
        var pruned = 0;
        long readPruned = 0, readAll = 0;
        for (var q = 0; q < 300; q++)
        {
            var query = Query(rng);
            // Half the queries with a filter that rejects many items, including ones that would be in the top.
            Func<Item, bool>? filter = q % 2 == 0 ? null : i => i.Id[^1] is not ('3' or '7');
            var expected = exhaustive.Search(query, n, filter);
            var actual = pruning.Search(query, n, filter);
            AssertSame(expected, actual, $"query {q}");
            AssertSame(expected, byCost.Search(query, n, filter), $"query {q}, stopping only when cheaper");
            Assert.False(expected.Cost.Pruned);
            if (actual.Cost.Pruned) pruned++;
            readPruned += actual.Cost.PostingsRead;
            readAll += expected.Cost.PostingsRead;
        }
        // The path must really engage on data like this, and save work when it does.
        Assert.True(pruned > 30, $"only {pruned} of 300 queries terminated early");
        Assert.True(readPruned < readAll, $"read {readPruned} postings pruning against {readAll} without");
    }

    [Theory]
    [InlineData(PostingRole.Requirement)]
    [InlineData(PostingRole.Holding)]
    public void A_posting_budget_bounds_the_work_and_returns_exact_scores(PostingRole role)
    {
        var items = Generate(6000, seed: 21);
        var exact = Index(role, items);
        var bounded = Index(role, items);
        bounded.PostingBudget = 2000;
        var rng = new Random(8);
        int truncated = 0, found = 0, wanted = 0;
        for (var q = 0; q < 300; q++)
        {
            var query = Query(rng);
            Func<Item, bool>? filter = q % 2 == 0 ? null : i => i.Id[^1] is not ('3' or '7');
            IReadOnlyCollection<string>? cities = q % 3 == 0 ? ["big", "small"] : null;
            var reference = exact.Search(query, 30, filter, cities);
            var result = bounded.Search(query, 30, filter, cities);
            Assert.False(reference.Cost.Truncated);
            if (!result.Cost.Truncated)
            {
                // Within the budget nothing changes.
                AssertSame(reference, result, $"query {q} within the budget");
                continue;
            }
            truncated++;
            // The first list is always read whole, and no list beyond it that would go over the budget.
            var longest = query.Max(t => exact.DocumentFrequency(t.SkillCode));
            Assert.True(result.Cost.PostingsRead <= Math.Max(2000, longest), $"query {q} read {result.Cost.PostingsRead} postings");
            Assert.True(result.Cost.PostingsRead < reference.Cost.PostingsRead);
            // Every item returned carries its exact score and passes the filter and the cities; best first, ties by id.
            foreach (var r in result.Items)
            {
                Assert.Equal(exact.Score(query, r.Item).Score, r.Score, 6);
                Assert.True(filter?.Invoke(r.Item) ?? true);
                Assert.True(cities is null || cities.Contains(r.Item.City));
            }
            Assert.Equal(result.Items.OrderByDescending(r => r.Score).ThenBy(r => r.Item.Id, StringComparer.Ordinal).Select(r => r.Item.Id),
                result.Items.Select(r => r.Item.Id));
            // And it finds most of the exact top: the items it misses share only common skills with the query.
            var ids = result.Items.Select(r => r.Item.Id).ToHashSet();
            wanted += reference.Items.Count;
            found += reference.Items.Count(r => ids.Contains(r.Item.Id));
        }
        Assert.True(truncated > 50, $"only {truncated} of 300 queries went over the budget");
        Assert.True(found >= 0.7 * wanted, $"the bounded queries found {found} of the exact {wanted}");
    }

    [Fact]
    public void Clustered_bulk_load_answers_like_items_added_one_by_one()
    {
        // The bulk load assigns slots sorted by rarest skill; an index filled by upserts keeps arrival order. Slots
        // must not matter. A duplicate id in the bulk input: the later item wins.
        var items = Generate(3000, seed: 31);
        var withDuplicate = items.Append(items[17] with { Terms = [new("s00", 5, 5)] }).ToArray();
        var bulk = Index(PostingRole.Requirement, withDuplicate);
        var oneByOne = Index(PostingRole.Requirement, []);
        foreach (var item in withDuplicate) oneByOne.Upsert(item);
        Assert.Equal(oneByOne.Count, bulk.Count);
        Assert.Equal(["s00"], bulk.Find(items[17].Id)!.Terms.Select(t => t.SkillCode));
        var rng = new Random(4);
        for (var q = 0; q < 100; q++)
        {
            var query = Query(rng);
            IReadOnlyCollection<string>? cities = q % 2 == 0 ? ["mid"] : null;
            AssertSame(oneByOne.Search(query, 25, null, cities), bulk.Search(query, 25, null, cities), $"query {q}");
        }
    }

    [Fact]
    public void Exhaustive_result_is_the_brute_force_top_n()
    {
        var items = Generate(3000, seed: 3);
        var index = Index(PostingRole.Requirement, items);
        var rng = new Random(9);
        for (var q = 0; q < 50; q++)
        {
            var query = Query(rng);
            var result = index.Search(query, 20);
            var brute = items.Select(i => index.Score(query, i)).Where(r => r.Score > 0)
                .OrderByDescending(r => r.Score).ThenBy(r => r.Item.Id, StringComparer.Ordinal).Take(20).ToArray();
            Assert.Equal(brute.Length, result.Items.Count);
            // Scores agree exactly; the order can differ only among items whose scores round to the same float.
            for (var i = 0; i < brute.Length; i++)
                Assert.Equal(brute[i].Score, result.Items[i].Score, 6);
        }
    }

    [Fact]
    public void Ties_at_the_boundary_keep_the_smallest_ids_when_pruning()
    {
        // 500 identical items sharing a rare skill and a common one, and 5,000 holding only the common skill: the top
        // ten are all tied, so only the ids decide, and the common list is skipped.
        var items = Enumerable.Range(0, 500).Select(i => new Item($"t{(i * 7919) % 500:D3}", "big", [new("rare", 3, 5), new("common", 3, 5)]))
            .Concat(Enumerable.Range(0, 5000).Select(i => new Item($"c{i:D4}", "big", [new("common", 3, 5)])))
            .ToArray();
        var index = Index(PostingRole.Requirement, items);
        index.EarlyTermination = true;
        index.CompletionCost = 1;
        var result = index.Search([new("rare", 3, 5), new("common", 3, 5)], 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"t{i:D3}"), result.Items.Select(i => i.Item.Id));
        Assert.True(result.Cost.Pruned);
        Assert.Equal(500, result.Cost.PostingsRead);
    }

    [Fact]
    public void Nothing_is_pruned_when_fewer_items_match_than_asked()
    {
        var items = Generate(400, seed: 21);
        var index = Index(PostingRole.Holding, items);
        index.EarlyTermination = true;
        var exhaustive = Index(PostingRole.Holding, items);
        var rng = new Random(2);
        for (var q = 0; q < 40; q++)
        {
            var query = Query(rng);
            var result = index.Search(query, 1000);
            Assert.False(result.Cost.Pruned);
            AssertSame(exhaustive.Search(query, 1000), result, $"query {q}");
            Assert.Equal(items.Count(i => i.Terms.Any(t => query.Any(x => x.SkillCode == t.SkillCode))), result.Overlapping);
        }
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("small")]
    [InlineData("big")]
    public void City_restricted_queries_equal_the_exhaustive_city_filter(string city)
    {
        var items = Generate(6000, seed: 17);
        var partitioned = Index(PostingRole.Requirement, items);
        partitioned.EarlyTermination = true;
        // Each path forced, and the choice by cost: all must equal the exhaustive filter.
        var membersFirst = Index(PostingRole.Requirement, items);
        membersFirst.PartitionReadCost = 0;
        var listsFirst = Index(PostingRole.Requirement, items);
        listsFirst.PartitionReadCost = double.PositiveInfinity;
        var reference = Index(PostingRole.Requirement, items, partitioned: false);
        reference.EarlyTermination = false;
        var rng = new Random(city.Length);
        var partitionFirst = 0;
        for (var q = 0; q < 100; q++)
        {
            var query = Query(rng);
            string[] cities = q % 3 == 0 ? [city, "small"] : [city];
            Func<Item, bool>? filter = q % 2 == 0 ? null : i => i.Id[^1] != '5';
            var expected = reference.Search(query, 25, i => cities.Contains(i.City) && (filter is null || filter(i)));
            var actual = partitioned.Search(query, 25, filter, cities);
            AssertSame(expected, actual, $"query {q} in {string.Join("+", cities)}");
            Assert.All(actual.Items, i => Assert.Contains(i.Item.City, cities));
            var members = membersFirst.Search(query, 25, filter, cities);
            Assert.True(members.Cost.PartitionFirst);
            AssertSame(expected, members, $"query {q} in {string.Join("+", cities)}, members first");
            var lists = listsFirst.Search(query, 25, filter, cities);
            Assert.False(lists.Cost.PartitionFirst);
            AssertSame(expected, lists, $"query {q} in {string.Join("+", cities)}, lists first");
            if (actual.Cost.PartitionFirst) partitionFirst++;
        }
        // The choice follows the work: a small city against common skills member by member, a big one through the lists.
        if (city == "big") Assert.True(partitionFirst < 50, $"big city scored partition-first in {partitionFirst} of 100 queries");
    }

    [Fact]
    public void City_partitions_follow_moves_and_removals()
    {
        var items = Generate(2000, seed: 5).ToList();
        var index = Index(PostingRole.Holding, items);
        var rng = new Random(77);
        for (var round = 0; round < 300; round++)
        {
            var at = rng.Next(items.Count);
            if (round % 5 == 0)
            {
                Assert.True(index.Remove(items[at].Id));
                items.RemoveAt(at);
            }
            else
            {
                // Move to another city, sometimes with new skills too.
                var moved = items[at] with { City = Cities[rng.Next(Cities.Length)] };
                if (round % 2 == 0) moved = moved with { Terms = Query(rng) };
                items[at] = moved;
                index.Upsert(moved);
            }
        }
        var added = Generate(50, seed: 99).Select(i => i with { Id = "new-" + i.Id }).ToArray();
        foreach (var item in added) index.Upsert(item);
        items.AddRange(added);

        foreach (var city in Cities.Distinct())
            Assert.Equal(items.Count(i => i.City == city), index.PartitionSize(city));
        var fresh = Index(PostingRole.Holding, items, partitioned: false);
        fresh.EarlyTermination = false;
        var queries = new Random(8);
        for (var q = 0; q < 60; q++)
        {
            var query = Query(queries);
            var city = Cities[q % Cities.Length];
            AssertSame(fresh.Search(query, 15, i => i.City == city), index.Search(query, 15, partitions: [city]), $"query {q} in {city}");
            AssertSame(fresh.Search(query, 15), index.Search(query, 15), $"query {q}");
        }
    }

    [Fact]
    public void An_unknown_or_empty_city_list_finds_nothing_and_an_unpartitioned_index_refuses_one()
    {
        var items = Generate(200, seed: 1);
        var index = Index(PostingRole.Requirement, items);
        var query = new[] { new SkillTerm("s00", 3, 5) };
        Assert.Empty(index.Search(query, 10, partitions: ["atlantis"]).Items);
        Assert.Empty(index.Search(query, 10, partitions: []).Items);
        Assert.NotEmpty(index.Search(query, 10, partitions: ["big", "atlantis"]).Items);
        Assert.Throws<ArgumentException>(() => Index(PostingRole.Requirement, items, partitioned: false).Search(query, 10, partitions: ["big"]));
    }

    [Fact]
    public void Concurrent_queries_agree_with_a_single_threaded_run()
    {
        var items = Generate(4000, seed: 31);
        var index = Index(PostingRole.Requirement, items);
        index.EarlyTermination = true;
        index.CompletionCost = 0;
        var rng = new Random(4);
        var queries = Enumerable.Range(0, 200).Select(_ => Query(rng)).ToArray();
        var expected = queries.Select(q => string.Join(",", index.Search(q, 30).Items.Select(i => i.Item.Id))).ToArray();
        var actual = new string[queries.Length];
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            q => actual[q] = string.Join(",", index.Search(queries[q], 30, partitions: q % 2 == 0 ? null : Cities).Items.Select(i => i.Item.Id)));
        Assert.Equal(expected, actual);
    }
}
