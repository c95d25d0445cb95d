using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MatchingPlatform.Ml.Retrieval;

/// <summary>
/// In-memory inverted index skill -> postings over a dense array of items, scored by IDF-weighted overlap.
/// One class serves both directions: open vacancies posted under their required skills
/// (<see cref="PostingRole.Requirement"/>) and workers posted under their held skills (<see cref="PostingRole.Holding"/>).
/// </summary>
/// <remarks>
/// <para><b>Concurrency: ReaderWriterLockSlim, not copy-on-write.</b> A copy-on-write snapshot must copy what an
/// update touches: the posting list of every skill of the item (a common skill at 1M workers is a list of a few
/// hundred thousand postings, megabytes on the large-object heap) or, for a whole-index snapshot, everything.
/// Worker updates are frequent enough that this churn would drive gen-2 collections. Instead postings are
/// mutated in place under the lock, and the expensive part of a write (finding an item's postings by scanning
/// lists, growing arrays) runs under the <i>upgradeable</i> read lock, which readers share; the write lock is held
/// only for the O(skills of the item) stores that publish the change. So readers never see a half-applied
/// update (every store of one upsert happens inside one write-lock section) and are blocked only for
/// microseconds. Writers are serialised by the upgradeable lock; the slim lock lets a waiting writer in ahead of
/// new readers, so a stream of queries cannot starve updates.</para>
/// <para><b>Memory layout.</b> Items live in one dense array addressed by int slot; removed slots are reused.
/// Skill codes are small ints (one dictionary lookup per query term, never per posting). Each skill has one
/// <see cref="Posting"/>[] (6 bytes: int slot, byte level, byte importance; no object per posting), grown by
/// doubling; each slot has its own skills as an <see cref="Entry"/>[] (the forward index, 6 bytes a skill), and,
/// when the index is partitioned (by city), its partition number. A query accumulates into a pooled float[] of one
/// entry per slot and remembers the slots it touched, so clearing is proportional to the work done; a bounded
/// min-heap kept in pooled arrays selects the top N without allocating per candidate.</para>
/// <para><b>Bounded work: exact early termination (term-at-a-time MaxScore).</b> The query's skills are read
/// rarest-first (largest possible contribution first). Before reading the next list, when the lists left are
/// long, the index takes the N-th best score among the items already scored that the filter accepts: partial
/// scores only grow, so the final top N all score at least that. If the most an item could still earn from the
/// lists left is below it, no item outside the lists read so far can reach the top N: the common skills' lists are
/// not read, and only the items already scored that could still reach the top are completed from the forward index.
/// Every comparison keeps a safety margin for float rounding, and ties (decided by id) are never pruned, so the
/// result is exactly the exhaustive one. It is off by default (<see cref="EarlyTermination"/>): on the benchmark data
/// it does not pay.</para>
/// <para><b>The inner loop</b> (what a query spends its time on) adds a table lookup into the accumulator of each
/// posting's slot and appends first-touched slots without a branch and without bounds checks.</para>
/// <para><b>Partition first.</b> With a partition function (the engine partitions by city), a query restricted
/// to a few partitions scores their members directly from the forward index when that is less work than reading
/// the skill lists (a small city against common skills); otherwise it reads the lists and skips postings
/// outside the partitions. Either way only items inside the partitions are returned.</para>
/// <para>Items must not change after they are added. The engine hands in records whose skill lists are arrays it copied.</para>
/// </remarks>
public sealed class SkillIndex<T> where T : class
{
    // 6 bytes instead of 8: at millions of postings the padding would be a quarter of the index.
    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    private readonly struct Posting(int slot, byte level, byte importance)
    {
        public readonly int Slot = slot;
        public readonly byte Level = level;
        public readonly byte Importance = importance;
    }

    /// <summary>One skill of an item (the forward index): skill id, level, importance.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    private readonly struct Entry(int skill, byte level, byte importance)
    {
        public readonly int Skill = skill;
        public readonly byte Level = level;
        public readonly byte Importance = importance;
    }

    // One object per skill (a few hundred), never per posting.
    private sealed class PostingList
    {
        public Posting[] Items = [];
        public int Count;
    }

    // One object per partition (a city), holding its members' slots.
    private sealed class Members
    {
        public int[] Slots = [];
        public int Count;
    }

    private sealed class Scratch
    {
        public float[] Scores = [];
        public int[] Touched = [];
        // 0 not asked yet, 1 the filter accepts the slot, -1 it does not: the filter runs at most once per slot.
        public sbyte[] Accepted = [];
        // skill id -> position of the skill among the query's active terms, -1 when the query lacks it.
        public int[] TermOf = [];
        public float[] HeapScores = [];
        public int[] HeapSlots = [];
        // One bit per slot: the items early termination completes, visited in slot order.
        public ulong[] Marks = [];

        public void Ensure(int slots, int skills, int heap)
        {
            if (Scores.Length < slots)
            {
                var size = Math.Max(slots, Scores.Length * 2);
                Scores = new float[size];
                // One spare: the branch-free accumulation writes the next slot before deciding to count it.
                Touched = new int[size + 1];
                Accepted = new sbyte[size];
                Marks = new ulong[(size + 63) / 64];
            }
            if (TermOf.Length < skills)
            {
                TermOf = new int[Math.Max(skills, TermOf.Length * 2)];
                Array.Fill(TermOf, -1);
            }
            if (HeapScores.Length < heap)
            {
                HeapScores = new float[heap];
                HeapSlots = new int[heap];
            }
        }
    }

    // Levels and importances are 1..5: a term's contribution against a posting is one of 25 values, looked up in a
    // table of TableSize floats indexed level * 6 + importance.
    private const int TableStride = OverlapScoring.MaxImportance + 1;
    private const int TableSize = (OverlapScoring.MaxLevel + 1) * TableStride;
    // Relative safety margin on every pruning comparison; float sums of a few dozen terms err by far less.
    private const float Margin = 1e-4f;
    private const int NoPartition = -1;
    // Relative cost of reading one skill of an item from the forward index against reading one posting, measured at
    // 1M items on the benchmark machine: a posting scan streams through memory (about 8 ns a posting), while an
    // item's own skills are a cache miss away (about 100 ns an item read in partition order, 200 ns for the scattered
    // survivors of early termination). Early termination and partition-first are taken only when they win by this
    // measure; the results do not depend on it.
    // Internal and settable so the tests can force each path on small data (0: always when possible; large: never).
    internal double PartitionReadCost { get; set; } = 2;
    internal double CompletionCost { get; set; } = 3;
    // A threshold computation scans the items scored so far (random reads of their scores): it is tried only while
    // the lists left are several times longer than that scan, and at most twice a query.
    private const int MaxAttempts = 2;
    private const int AttemptRatio = 4;

    private readonly Func<T, string> _idOf;
    private readonly Func<T, IEnumerable<SkillTerm>> _termsOf;
    private readonly Func<T, string?>? _partitionOf;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly ConcurrentBag<Scratch> _scratch = [];

    // Guarded by _lock: read under the read lock, changed only under the write lock.
    private T?[] _items = new T?[16];
    // Each slot's id, for tie-breaks without calling back into the item.
    private string?[] _ids = new string?[16];
    // The forward index: each slot's skills in one shared arena at [_forwardAt, + _forwardCount), with _forwardRoom
    // entries reserved there (a replaced item with no more skills is rewritten in place). A bulk load lays the arena out
    // in slot order, so completing items in slot order reads it almost sequentially.
    private Entry[] _arena = new Entry[64];
    private int _arenaUsed;
    private int[] _forwardAt = new int[16];
    private int[] _forwardCount = new int[16];
    private int[] _forwardRoom = new int[16];
    private int[] _partitionOfSlot = new int[16];
    private int[] _positionInPartition = new int[16];
    private int _highWater;
    private readonly Stack<int> _freeSlots = new();
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _skillIds = new(StringComparer.Ordinal);
    private string[] _skillCodes = new string[64];
    private PostingList[] _postings = new PostingList[64];
    private int _skillCount;
    private long _postingTotal;
    private readonly Dictionary<string, int> _partitionIds = new(StringComparer.Ordinal);
    private readonly List<Members> _partitions = [];

    /// <param name="role">What the postings mean; decides which side of a match holds and which requires.</param>
    /// <param name="idOf">The item's unique id; ties are broken by ascending ordinal id.</param>
    /// <param name="termsOf">The item's skills (for <see cref="PostingRole.Holding"/> the importance is ignored).</param>
    /// <param name="items">Initial content; a later item with the same id replaces an earlier one.</param>
    /// <param name="partitionOf">
    /// The item's partition (the engine passes the city), for queries restricted to some partitions; null for an
    /// unpartitioned index. An item whose partition is null is in none.
    /// </param>
    public SkillIndex(PostingRole role, Func<T, string> idOf, Func<T, IEnumerable<SkillTerm>> termsOf, IEnumerable<T>? items = null,
        Func<T, string?>? partitionOf = null)
    {
        if (role is not (PostingRole.Requirement or PostingRole.Holding)) throw new ArgumentOutOfRangeException(nameof(role));
        Role = role;
        _idOf = idOf ?? throw new ArgumentNullException(nameof(idOf));
        _termsOf = termsOf ?? throw new ArgumentNullException(nameof(termsOf));
        _partitionOf = partitionOf;
        Array.Fill(_partitionOfSlot, NoPartition);
        if (items is not null) BulkLoad(items);
    }

    public PostingRole Role { get; }

    /// <summary>
    /// Exact early termination on common skills (see the remarks). Results are the same either way. Off by default:
    /// on the benchmark data (occupation profiles, 1M workers, 200k-1M vacancies) thousands of items come close to the
    /// top score for almost every query, so the items left to complete after stopping cost more (each a cache miss in
    /// the forward index) than the postings saved; measured 10-20% slower per query. It pays when few items can reach
    /// the top, and the BenchmarkDotNet retrieval benchmarks measure both ways so other data can show it.
    /// </summary>
    public bool EarlyTermination { get; set; }

    /// <summary>
    /// Most postings a query reads before it stops reading lists (0: no budget, every list is read and the result is
    /// exact). Lists are read largest possible contribution first (the rarest skills); the first list whose postings
    /// would go over the budget, and every list after it (the query's most common skills), is not read. The
    /// <see cref="ShortlistFactor"/> x N items with the best partial scores are then completed from the forward index,
    /// so every item returned carries its exact score; what the budget can change is only which items are returned (an
    /// item that shares no rare skill with the query and would have entered the top N on common skills alone). The
    /// first list is always read whole. So a query costs at most max(budget, first list) postings plus the shortlist's
    /// completions, whatever the catalogue size; `matchctl bench` measures the overlap with the exact result.
    /// </summary>
    public long PostingBudget { get; set; }

    /// <summary>Items completed per result wanted when the budget stops a query (see <see cref="PostingBudget"/>).</summary>
    public const int ShortlistFactor = 4;

    /// <summary>Whether queries may be restricted to partitions (the index was given a partition function).</summary>
    public bool IsPartitioned => _partitionOf is not null;

    /// <summary>Items in the index (the N of the IDF).</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _slotById.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Sizes of the index structures, for benchmarks and memory accounting.</summary>
    public SkillIndexStats Stats()
    {
        _lock.EnterReadLock();
        try
        {
            long capacity = 0;
            for (var s = 0; s < _skillCount; s++) capacity += _postings[s].Items.Length;
            return new SkillIndexStats(_slotById.Count, _highWater, _skillCount, _postingTotal, capacity, _partitions.Count);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Number of items carrying <paramref name="skillCode"/>.</summary>
    public int DocumentFrequency(string skillCode)
    {
        _lock.EnterReadLock();
        try { return ListOf(skillCode)?.Count ?? 0; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>ln(1 + N / df) for the current content; 0 for a skill no item carries.</summary>
    public double Idf(string skillCode)
    {
        _lock.EnterReadLock();
        try { return OverlapScoring.Idf(_slotById.Count, ListOf(skillCode)?.Count ?? 0); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Members of a partition (0 for one the index has never seen).</summary>
    public int PartitionSize(string partition)
    {
        _lock.EnterReadLock();
        try { return _partitionIds.TryGetValue(partition, out var p) ? _partitions[p].Count : 0; }
        finally { _lock.ExitReadLock(); }
    }

    public T? Find(string id)
    {
        _lock.EnterReadLock();
        try { return _slotById.TryGetValue(id, out var slot) ? _items[slot] : null; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Adds the item, or replaces the item with the same id; atomically for concurrent queries.</summary>
    public void Upsert(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = _idOf(item) ?? throw new ArgumentException("item has no id", nameof(item));
        var newTerms = OverlapScoring.Normalise(_termsOf(item));
        var partitionKey = _partitionOf?.Invoke(item);

        _lock.EnterUpgradeableReadLock();
        try
        {
            var exists = _slotById.TryGetValue(id, out var slot);
            var oldEntries = exists ? ForwardOf(slot).ToArray() : [];
            if (!exists)
                slot = _freeSlots.Count > 0 ? _freeSlots.Peek() : _highWater;

            // Plan outside the write lock: where the old postings are, which lists must grow.
            var removals = new List<(PostingList List, int Position)>();
            var overwrites = new List<(PostingList List, int Position, Posting Posting)>();
            var appends = new List<(string Skill, PostingList? List, Posting Posting, Posting[]? Grown)>();
            foreach (var old in oldEntries)
            {
                var code = _skillCodes[old.Skill];
                if (Array.Exists(newTerms, t => t.SkillCode == code)) continue;
                var list = _postings[old.Skill];
                var at = PositionOf(list, slot);
                if (at >= 0) removals.Add((list, at));
            }
            foreach (var term in newTerms)
            {
                var posting = new Posting(slot, (byte)term.Level, (byte)term.Importance);
                var list = ListOf(term.SkillCode);
                var held = list is not null && _skillIds.TryGetValue(term.SkillCode, out var skill) && Array.Exists(oldEntries, e => e.Skill == skill);
                var at = held ? PositionOf(list!, slot) : -1;
                if (at >= 0) { overwrites.Add((list!, at, posting)); continue; }
                Posting[]? grown = null;
                if (list is not null && list.Count == list.Items.Length)
                {
                    grown = new Posting[Math.Max(4, list.Items.Length * 2)];
                    Array.Copy(list.Items, grown, list.Count);
                }
                appends.Add((term.SkillCode, list, posting, grown));
            }
            var grownSlots = !exists && slot == _items.Length ? GrowSlots(_items.Length * 2) : null;
            // The item's skills go where it had room (a reused slot keeps its room), else at the end of the arena.
            var inPlace = slot < _highWater && newTerms.Length <= _forwardRoom[slot];
            var grownArena = !inPlace && _arenaUsed + newTerms.Length > _arena.Length ? GrowArena(_arenaUsed + newTerms.Length) : null;

            _lock.EnterWriteLock();
            try
            {
                if (grownSlots is not null) grownSlots.Publish(this);
                if (grownArena is not null) _arena = grownArena;
                if (!exists)
                {
                    if (_freeSlots.Count > 0) _freeSlots.Pop();
                    else _highWater++;
                    _slotById.Add(id, slot);
                }
                _items[slot] = item;
                _ids[slot] = id;
                foreach (var (list, at) in removals)
                    RemoveAt(list, at);
                foreach (var (list, at, posting) in overwrites)
                    list.Items[at] = posting;
                foreach (var (skill, existing, posting, grown) in appends)
                {
                    var list = existing ?? NewList(skill);
                    if (grown is not null) list.Items = grown;
                    else if (list.Count == list.Items.Length) Array.Resize(ref list.Items, Math.Max(4, list.Items.Length * 2));
                    list.Items[list.Count++] = posting;
                    _postingTotal++;
                }
                if (!inPlace)
                {
                    _forwardAt[slot] = _arenaUsed;
                    _forwardRoom[slot] = newTerms.Length;
                    _arenaUsed += newTerms.Length;
                }
                WriteEntries(slot, newTerms);
                MoveToPartition(slot, partitionKey);
            }
            finally { _lock.ExitWriteLock(); }
        }
        finally { _lock.ExitUpgradeableReadLock(); }
    }

    /// <summary>Removes the item with this id; false when there was none.</summary>
    public bool Remove(string id)
    {
        _lock.EnterUpgradeableReadLock();
        try
        {
            if (!_slotById.TryGetValue(id, out var slot)) return false;
            var removals = new List<(PostingList List, int Position)>();
            foreach (var entry in ForwardOf(slot))
            {
                var list = _postings[entry.Skill];
                var at = PositionOf(list, slot);
                if (at >= 0) removals.Add((list, at));
            }

            _lock.EnterWriteLock();
            try
            {
                foreach (var (list, at) in removals)
                    RemoveAt(list, at);
                MoveToPartition(slot, null);
                _items[slot] = null;
                _ids[slot] = null;
                _forwardCount[slot] = 0; // the room stays with the slot for its next item
                _slotById.Remove(id);
                _freeSlots.Push(slot);
            }
            finally { _lock.ExitWriteLock(); }
            return true;
        }
        finally { _lock.ExitUpgradeableReadLock(); }
    }

    /// <summary>
    /// The top <paramref name="maxResults"/> items by normalised IDF-weighted overlap with <paramref name="query"/>,
    /// among those <paramref name="filter"/> accepts (and, when given, inside <paramref name="partitions"/>). The filter
    /// runs on an item only when its score would enter the top N, before top-N selection, never after it, and at
    /// most once per item and query.
    /// </summary>
    /// <param name="partitions">Only items of these partitions (cities); null for all. Needs a partitioned index.</param>
    public RetrievalResult<T> Search(IEnumerable<SkillTerm> query, int maxResults, Func<T, bool>? filter = null,
        IReadOnlyCollection<string>? partitions = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        if (partitions is not null && _partitionOf is null)
            throw new ArgumentException("this index has no partition function: it cannot restrict a query to partitions", nameof(partitions));
        var terms = OverlapScoring.Normalise(query);
        if (terms.Length == 0) return RetrievalResult<T>.Empty;

        var scratch = _scratch.TryTake(out var s) ? s : new Scratch();
        var clean = false;
        var touchedCount = 0;
        int[]? activeSkills = null;
        _lock.EnterReadLock();
        try
        {
            var n = _slotById.Count;
            var skillOf = new int[terms.Length];
            var idfs = new double[terms.Length];
            double max = 0;
            var active = 0;
            for (var t = 0; t < terms.Length; t++)
            {
                skillOf[t] = _skillIds.TryGetValue(terms[t].SkillCode, out var id) && _postings[id].Count > 0 ? id : -1;
                if (skillOf[t] < 0) continue;
                idfs[t] = OverlapScoring.Idf(n, _postings[skillOf[t]].Count);
                max += OverlapScoring.MaxContribution(Role, idfs[t], terms[t]);
                active++;
            }
            if (max == 0)
            {
                clean = true;
                return RetrievalResult<T>.Empty;
            }

            // The query's skills carried by some item, largest possible contribution (rarest) first; ties in query order.
            var order = new int[active];
            var bounds = new double[terms.Length];
            for (int t = 0, k = 0; t < terms.Length; t++)
            {
                if (skillOf[t] < 0) continue;
                bounds[t] = OverlapScoring.MaxContribution(Role, idfs[t], terms[t]);
                order[k++] = t;
            }
            Array.Sort(order, (a, b) => bounds[a] != bounds[b] ? bounds[b].CompareTo(bounds[a]) : a.CompareTo(b));
            activeSkills = new int[active];
            var lists = new PostingList[active];
            // suffix[k]: the most an item can earn from the skills at positions k.. (rounded up: a safe bound).
            var suffix = new float[active + 1];
            var remaining = new long[active + 1];
            var tables = new float[active * TableSize];
            for (var k = active - 1; k >= 0; k--)
            {
                var t = order[k];
                activeSkills[k] = skillOf[t];
                lists[k] = _postings[skillOf[t]];
                suffix[k] = (float)((suffix[k + 1] + bounds[t]) * (1 + 1e-6));
                remaining[k] = remaining[k + 1] + lists[k].Count;
                for (var level = 1; level <= OverlapScoring.MaxLevel; level++)
                    for (var imp = 1; imp <= OverlapScoring.MaxImportance; imp++)
                        tables[k * TableSize + level * TableStride + imp] = (float)OverlapScoring.Contribution(Role, idfs[t], terms[t], level, imp);
            }

            var budget = PostingBudget;
            var shortlist = budget > 0 ? maxResults * ShortlistFactor : maxResults;
            scratch.Ensure(_highWater, _skillCount, shortlist);
            for (var k = 0; k < active; k++) scratch.TermOf[activeSkills[k]] = k;

            bool[]? allowed = null;
            long members = 0;
            if (partitions is not null)
            {
                allowed = new bool[_partitions.Count];
                foreach (var key in partitions)
                    if (key is not null && _partitionIds.TryGetValue(key, out var p) && !allowed[p])
                    {
                        allowed[p] = true;
                        members += _partitions[p].Count;
                    }
                if (members == 0)
                {
                    clean = true;
                    return new RetrievalResult<T>([], 0, max);
                }
            }

            var scores = scratch.Scores;
            var touched = scratch.Touched;
            var items = _items;
            var arena = _arena;
            var forwardAt = _forwardAt;
            var forwardCount = _forwardCount;
            long postingsRead = 0;
            var forwardReads = 0;
            var pruned = false;
            Span<float> contributions = active <= 128 ? stackalloc float[active] : new float[active];
            // Work compared in postings read: an item read from the forward index costs its skills times a factor.
            var averageSkills = Math.Max(1.0, (double)_postingTotal / Math.Max(1, n));
            var listWork = budget > 0 ? Math.Min(remaining[0], Math.Max(budget, lists[0].Count)) : remaining[0];
            var partitionFirst = allowed is not null && members * averageSkills * PartitionReadCost < listWork;
            var truncated = false;

            if (partitionFirst)
            {
                for (var p = 0; p < allowed!.Length; p++)
                {
                    if (!allowed[p]) continue;
                    var m = _partitions[p];
                    foreach (var slot in m.Slots.AsSpan(0, m.Count))
                    {
                        var score = Complete(arena.AsSpan(forwardAt[slot], forwardCount[slot]), 0, 0f, tables, scratch.TermOf, contributions);
                        if (score <= 0) continue;
                        scores[slot] = score;
                        touched[touchedCount++] = slot;
                    }
                    forwardReads += m.Count;
                }
            }
            else
            {
                var partitionOfSlot = _partitionOfSlot;
                var cut = active;
                var attempts = 0;
                float threshold = 0;
                for (var k = 0; k < active; k++)
                {
                    if (budget > 0 && k > 0 && postingsRead + lists[k].Count > budget)
                    {
                        truncated = true;
                        cut = k;
                        break;
                    }
                    // Worth asking only when the lists left are longer than a scan of the items scored so far, and
                    // possible only once the bound left is below what has been read (the N-th best cannot exceed it).
                    if (EarlyTermination && attempts < MaxAttempts && k > 0 && touchedCount >= maxResults && remaining[k] >= AttemptRatio * touchedCount
                        && suffix[k] < (suffix[0] - suffix[k]) * (1 - Margin))
                    {
                        attempts++;
                        var nth = NthBestAccepted(scratch, touchedCount, maxResults, filter, items);
                        if (nth > 0 && suffix[k] < nth * (1 - Margin))
                        {
                            // Stop only when completing the items that can still reach the top from their own skills
                            // is less work than reading the lists left; otherwise read one more list and ask again.
                            var floor = nth * (1 - Margin) - suffix[k];
                            var survivors = 0;
                            for (var i = 0; i < touchedCount; i++)
                                if (scores[touched[i]] >= floor) survivors++;
                            if (survivors * averageSkills * CompletionCost < remaining[k])
                            {
                                threshold = nth;
                                cut = k;
                                break;
                            }
                        }
                    }
                    var table = tables.AsSpan(k * TableSize, TableSize);
                    var postings = lists[k].Items.AsSpan(0, lists[k].Count);
                    postingsRead += postings.Length;
                    touchedCount = allowed is null
                        ? Accumulate(postings, table, scores, touched, touchedCount)
                        : Accumulate(postings, table, scores, touched, touchedCount, partitionOfSlot, allowed);
                }
                if (truncated)
                {
                    // The budget stopped the query: the shortlist (best partial scores the filter accepts) is completed
                    // from the forward index in slot order and everything else is out of the running (-1).
                    var kept = SelectTop(scratch, touchedCount, shortlist, filter, items);
                    var marks = scratch.Marks;
                    for (var i = 0; i < kept; i++)
                    {
                        var slot = scratch.HeapSlots[i];
                        marks[slot >> 6] |= 1UL << slot;
                    }
                    for (var i = 0; i < touchedCount; i++)
                    {
                        var slot = touched[i];
                        if ((marks[slot >> 6] & (1UL << slot)) == 0) scores[slot] = -1;
                    }
                    forwardReads += CompleteMarked(marks, cut, scores, arena, forwardAt, forwardCount, tables, scratch.TermOf, contributions);
                }
                else if (cut < active)
                {
                    // An item must still be able to reach the threshold with everything the unread skills could add.
                    // The others are out of the running (-1; reset to 0 with the rest below). The survivors are marked
                    // in a bitmap and completed in slot order, which reads the arena nearly sequentially.
                    pruned = true;
                    var floor = threshold * (1 - Margin) - suffix[cut];
                    var marks = scratch.Marks;
                    for (var i = 0; i < touchedCount; i++)
                    {
                        var slot = touched[i];
                        if (scores[slot] < floor) scores[slot] = -1;
                        else marks[slot >> 6] |= 1UL << slot;
                    }
                    forwardReads += CompleteMarked(marks, cut, scores, arena, forwardAt, forwardCount, tables, scratch.TermOf, contributions);
                }
            }

            var count = SelectTop(scratch, touchedCount, maxResults, filter, items);
            // Exact double scores and per-skill contributions for the few survivors only.
            var result = new List<RetrievedItem<T>>(count);
            for (var i = 0; i < count; i++)
            {
                var slot = scratch.HeapSlots[i];
                var skills = Contributions(terms, skillOf, idfs, max, arena.AsSpan(forwardAt[slot], forwardCount[slot]));
                double score = 0;
                foreach (var c in skills) score += c.Contribution;
                result.Add(new RetrievedItem<T>(items[slot]!, Math.Min(1.0, score), skills));
            }
            result.Sort((a, b) => b.Score != a.Score
                ? b.Score.CompareTo(a.Score)
                : string.CompareOrdinal(_idOf(a.Item), _idOf(b.Item)));
            clean = true;
            return new RetrievalResult<T>(result, touchedCount, max)
            {
                Cost = new RetrievalCost(postingsRead, forwardReads, pruned, partitionFirst, truncated),
            };
        }
        finally
        {
            _lock.ExitReadLock();
            // A scratch left dirty by an exception (a throwing filter) is dropped, not pooled.
            if (clean)
            {
                for (var i = 0; i < touchedCount; i++)
                {
                    var slot = scratch.Touched[i];
                    scratch.Scores[slot] = 0;
                    scratch.Accepted[slot] = 0;
                }
                foreach (var skill in activeSkills ?? []) scratch.TermOf[skill] = -1;
                _scratch.Add(scratch);
            }
        }
    }

    /// <summary>
    /// The normalised overlap score of any item, indexed or not, under the current IDF: what <see cref="Search"/>
    /// would report for it. Training uses it for pairs retrieval did not produce.
    /// </summary>
    public RetrievedItem<T> Score(IEnumerable<SkillTerm> query, T item)
    {
        var terms = OverlapScoring.Normalise(query);
        var itemTerms = OverlapScoring.Normalise(_termsOf(item));
        _lock.EnterReadLock();
        try
        {
            var n = _slotById.Count;
            var idfs = new double[terms.Length];
            double max = 0;
            for (var t = 0; t < terms.Length; t++)
            {
                idfs[t] = OverlapScoring.Idf(n, ListOf(terms[t].SkillCode)?.Count ?? 0);
                max += OverlapScoring.MaxContribution(Role, idfs[t], terms[t]);
            }
            var contributions = max == 0 ? [] : Contributions(terms, idfs, max, itemTerms);
            double score = 0;
            foreach (var c in contributions) score += c.Contribution;
            return new RetrievedItem<T>(item, Math.Min(1.0, score), contributions);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// The term-at-a-time inner loop: adds one list's contributions into the accumulators and appends first-touched
    /// slots to <paramref name="touched"/>. Branch-free and without bounds checks (it is most of a query's time): the
    /// slot is always written and the count advances only when the slot was untouched. Safe because every posting's
    /// slot is below the high-water mark the scratch arrays were sized for (with one spare entry in touched), and
    /// levels and importances are 1..5.
    /// </summary>
    private static int Accumulate(ReadOnlySpan<Posting> postings, ReadOnlySpan<float> table, float[] scores, int[] touched, int touchedCount)
    {
        ref var score0 = ref MemoryMarshal.GetArrayDataReference(scores);
        ref var touched0 = ref MemoryMarshal.GetArrayDataReference(touched);
        ref var table0 = ref MemoryMarshal.GetReference(table);
        foreach (ref readonly var posting in postings)
        {
            ref var score = ref Unsafe.Add(ref score0, posting.Slot);
            Unsafe.Add(ref touched0, touchedCount) = posting.Slot;
            touchedCount += score == 0 ? 1 : 0;
            score += Unsafe.Add(ref table0, posting.Level * TableStride + posting.Importance);
        }
        return touchedCount;
    }

    /// <summary><see cref="Accumulate(ReadOnlySpan{Posting}, ReadOnlySpan{float}, float[], int[], int)"/> for the postings inside the allowed partitions.</summary>
    private static int Accumulate(ReadOnlySpan<Posting> postings, ReadOnlySpan<float> table, float[] scores, int[] touched, int touchedCount,
        int[] partitionOfSlot, bool[] allowed)
    {
        ref var score0 = ref MemoryMarshal.GetArrayDataReference(scores);
        ref var touched0 = ref MemoryMarshal.GetArrayDataReference(touched);
        ref var table0 = ref MemoryMarshal.GetReference(table);
        foreach (ref readonly var posting in postings)
        {
            var p = partitionOfSlot[posting.Slot];
            if (p < 0 || !allowed[p]) continue;
            ref var score = ref Unsafe.Add(ref score0, posting.Slot);
            Unsafe.Add(ref touched0, touchedCount) = posting.Slot;
            touchedCount += score == 0 ? 1 : 0;
            score += Unsafe.Add(ref table0, posting.Level * TableStride + posting.Importance);
        }
        return touchedCount;
    }

    /// <summary>
    /// Completes the items marked in the bitmap from the query's terms at positions <paramref name="from"/> on, in slot
    /// order (which reads the arena nearly sequentially), and clears their marks. Returns how many it completed.
    /// </summary>
    private int CompleteMarked(ulong[] marks, int from, float[] scores, Entry[] arena, int[] forwardAt, int[] forwardCount, float[] tables,
        int[] termOf, Span<float> contributions)
    {
        var completed = 0;
        var words = (_highWater + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            var bits = marks[w];
            if (bits == 0) continue;
            marks[w] = 0;
            while (bits != 0)
            {
                var slot = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                scores[slot] = Complete(arena.AsSpan(forwardAt[slot], forwardCount[slot]), from, scores[slot], tables, termOf, contributions);
                completed++;
            }
        }
        return completed;
    }

    /// <summary>
    /// Adds to <paramref name="partial"/> what the item earns from the query's active terms at positions
    /// <paramref name="from"/> on, in position order: the order the lists are read in, so an item scored from its own
    /// skills gets bit for bit the float sum it would get from the lists.
    /// </summary>
    private static float Complete(ReadOnlySpan<Entry> entries, int from, float partial, float[] tables, int[] termOf, Span<float> contributions)
    {
        var span = contributions[from..];
        span.Clear();
        var any = false;
        foreach (var e in entries)
        {
            var k = termOf[e.Skill];
            if (k < from) continue;
            contributions[k] = tables[k * TableSize + e.Level * TableStride + e.Importance];
            any = true;
        }
        if (!any) return partial;
        foreach (var c in span) partial += c;
        return partial;
    }

    /// <summary>
    /// The <paramref name="n"/>-th best score among the touched slots the filter accepts (0 when fewer are accepted):
    /// a lower bound of the final top N's scores. Only the value matters here, not which items tie for it, so the
    /// heap holds floats and never compares ids.
    /// </summary>
    private static float NthBestAccepted(Scratch s, int touchedCount, int n, Func<T, bool>? filter, T?[] items)
    {
        var heap = s.HeapScores;
        var scores = s.Scores;
        var accepted = s.Accepted;
        var count = 0;
        for (var i = 0; i < touchedCount; i++)
        {
            var slot = s.Touched[i];
            var score = scores[slot];
            if (count == n && score <= heap[0]) continue;
            if (filter is not null)
            {
                var a = accepted[slot];
                if (a == 0) accepted[slot] = a = filter(items[slot]!) ? (sbyte)1 : (sbyte)-1;
                if (a < 0) continue;
            }
            if (count < n)
            {
                var at = count++;
                while (at > 0)
                {
                    var parent = (at - 1) / 2;
                    if (heap[parent] <= score) break;
                    heap[at] = heap[parent];
                    at = parent;
                }
                heap[at] = score;
            }
            else
            {
                var at = 0;
                while (true)
                {
                    var child = 2 * at + 1;
                    if (child >= count) break;
                    if (child + 1 < count && heap[child + 1] < heap[child]) child++;
                    if (heap[child] >= score) break;
                    heap[at] = heap[child];
                    at = child;
                }
                heap[at] = score;
            }
        }
        return count == n ? heap[0] : 0;
    }

    /// <summary>
    /// Fills the scratch heap with the best <paramref name="capacity"/> accepted slots among the touched ones, by float
    /// score then ascending id; negative scores are out of the running. Returns how many it kept, and leaves them in
    /// the heap arrays (root = weakest).
    /// </summary>
    private int SelectTop(Scratch s, int touchedCount, int capacity, Func<T, bool>? filter, T?[] items)
    {
        var heapScores = s.HeapScores;
        var heapSlots = s.HeapSlots;
        var scores = s.Scores;
        var accepted = s.Accepted;
        var count = 0;
        for (var i = 0; i < touchedCount; i++)
        {
            var slot = s.Touched[i];
            var score = scores[slot];
            if (score < 0) continue;
            if (count == capacity && !Weaker(heapScores[0], heapSlots[0], score, slot, items)) continue;
            if (filter is not null)
            {
                var a = accepted[slot];
                if (a == 0) accepted[slot] = a = filter(items[slot]!) ? (sbyte)1 : (sbyte)-1;
                if (a < 0) continue;
            }
            if (count < capacity)
            {
                // Sift up.
                var at = count++;
                while (at > 0)
                {
                    var parent = (at - 1) / 2;
                    if (!Weaker(score, slot, heapScores[parent], heapSlots[parent], items)) break;
                    heapScores[at] = heapScores[parent];
                    heapSlots[at] = heapSlots[parent];
                    at = parent;
                }
                heapScores[at] = score;
                heapSlots[at] = slot;
            }
            else
            {
                // Replace the root and sift down.
                var at = 0;
                while (true)
                {
                    var child = 2 * at + 1;
                    if (child >= count) break;
                    if (child + 1 < count && Weaker(heapScores[child + 1], heapSlots[child + 1], heapScores[child], heapSlots[child], items)) child++;
                    if (!Weaker(heapScores[child], heapSlots[child], score, slot, items)) break;
                    heapScores[at] = heapScores[child];
                    heapSlots[at] = heapSlots[child];
                    at = child;
                }
                heapScores[at] = score;
                heapSlots[at] = slot;
            }
        }
        return count;
    }

    // Lower score is weaker; at equal scores the larger id is weaker, so the smaller id is kept: deterministic ties.
    private bool Weaker(float scoreA, int slotA, float scoreB, int slotB, T?[] items) =>
        scoreA < scoreB || (scoreA == scoreB && string.CompareOrdinal(_ids[slotA], _ids[slotB]) > 0);

    private SkillContribution[] Contributions(SkillTerm[] query, int[] skillOf, double[] idfs, double max, ReadOnlySpan<Entry> entries)
    {
        var list = new List<SkillContribution>(Math.Min(query.Length, entries.Length));
        for (var t = 0; t < query.Length; t++)
        {
            if (skillOf[t] < 0 || idfs[t] == 0) continue;
            foreach (var e in entries)
            {
                if (e.Skill != skillOf[t]) continue;
                var raw = OverlapScoring.Contribution(Role, idfs[t], query[t], e.Level, e.Importance);
                if (raw > 0) list.Add(new SkillContribution(_skillCodes[e.Skill], idfs[t], raw / max));
                break;
            }
        }
        return Sorted(list);
    }

    private SkillContribution[] Contributions(SkillTerm[] query, double[] idfs, double max, SkillTerm[] itemTerms)
    {
        var list = new List<SkillContribution>(Math.Min(query.Length, itemTerms.Length));
        for (var t = 0; t < query.Length; t++)
        {
            if (idfs[t] == 0) continue;
            foreach (var it in itemTerms)
            {
                if (!string.Equals(it.SkillCode, query[t].SkillCode, StringComparison.Ordinal)) continue;
                var raw = OverlapScoring.Contribution(Role, idfs[t], query[t], it.Level, it.Importance);
                if (raw > 0) list.Add(new SkillContribution(it.SkillCode, idfs[t], raw / max));
                break;
            }
        }
        return Sorted(list);
    }

    private static SkillContribution[] Sorted(List<SkillContribution> list)
    {
        list.Sort((a, b) => b.Contribution != a.Contribution
            ? b.Contribution.CompareTo(a.Contribution)
            : string.CompareOrdinal(a.SkillCode, b.SkillCode));
        return [.. list];
    }

    /// <summary>The constructor's load: no reader can see the index yet, so no locks and no update planning.</summary>
    /// <summary>
    /// Loads the initial content with slots assigned in clustered order: items sorted by their rarest skill, then their
    /// second rarest. A query spends most of its time on the postings of its rare skills, each an update of the
    /// accumulator at that posting's slot; with the items that share a rare skill in neighbouring slots those updates
    /// hit neighbouring memory instead of one cache miss each (at a million items the accumulator is megabytes).
    /// Results do not depend on slots (ties are broken by id).
    /// </summary>
    private void BulkLoad(IEnumerable<T> items)
    {
        // A later item with the same id replaces an earlier one.
        var latest = new Dictionary<string, (T Item, SkillTerm[] Terms)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item);
            var id = _idOf(item) ?? throw new ArgumentException("item has no id", nameof(items));
            latest[id] = (item, OverlapScoring.Normalise(_termsOf(item)));
        }
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, terms) in latest.Values)
            foreach (var t in terms)
                frequency[t.SkillCode] = frequency.GetValueOrDefault(t.SkillCode) + 1;
        // Each skill's rank, rarest first (equal frequencies by code), so an item's key is two small integers.
        var rank = frequency.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select((kv, i) => (kv.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var ordered = latest.Select((kv, position) => (Id: kv.Key, kv.Value.Item, kv.Value.Terms, Key: RarestTwo(kv.Value.Terms, rank), Position: position))
            .ToArray();
        Array.Sort(ordered, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Position.CompareTo(b.Position));
        latest.Clear();

        foreach (var (id, item, terms, _, _) in ordered)
        {
            if (_highWater == _items.Length) GrowSlots(_items.Length * 2).Publish(this);
            var slot = _highWater++;
            _slotById.Add(id, slot);
            _items[slot] = item;
            _ids[slot] = id;
            foreach (var term in terms)
            {
                var list = ListOf(term.SkillCode) ?? NewList(term.SkillCode);
                if (list.Count == list.Items.Length) Array.Resize(ref list.Items, Math.Max(4, list.Items.Length * 2));
                list.Items[list.Count++] = new Posting(slot, (byte)term.Level, (byte)term.Importance);
            }
            _postingTotal += terms.Length;
            if (_arenaUsed + terms.Length > _arena.Length) _arena = GrowArena(_arenaUsed + terms.Length);
            _forwardAt[slot] = _arenaUsed;
            _forwardRoom[slot] = terms.Length;
            _arenaUsed += terms.Length;
            WriteEntries(slot, terms);
            MoveToPartition(slot, _partitionOf?.Invoke(item));
        }
    }

    /// <summary>The ranks of the item's two rarest skills (int.MaxValue when it has fewer).</summary>
    private static (int First, int Second) RarestTwo(SkillTerm[] terms, Dictionary<string, int> rank)
    {
        int first = int.MaxValue, second = int.MaxValue;
        foreach (var t in terms)
        {
            var r = rank[t.SkillCode];
            if (r < first) { second = first; first = r; }
            else if (r < second) second = r;
        }
        return (first, second);
    }

    /// <summary>The per-slot arrays at a larger size, copied outside the write lock and published under it.</summary>
    private sealed class SlotArrays(int size)
    {
        public readonly T?[] Items = new T?[size];
        public readonly string?[] Ids = new string?[size];
        public readonly int[] ForwardAt = new int[size];
        public readonly int[] ForwardCount = new int[size];
        public readonly int[] ForwardRoom = new int[size];
        public readonly int[] PartitionOfSlot = new int[size];
        public readonly int[] PositionInPartition = new int[size];

        public void Publish(SkillIndex<T> index)
        {
            index._items = Items;
            index._ids = Ids;
            index._forwardAt = ForwardAt;
            index._forwardCount = ForwardCount;
            index._forwardRoom = ForwardRoom;
            index._partitionOfSlot = PartitionOfSlot;
            index._positionInPartition = PositionInPartition;
        }
    }

    private SlotArrays GrowSlots(int size)
    {
        var grown = new SlotArrays(size);
        var n = _highWater;
        Array.Copy(_items, grown.Items, n);
        Array.Copy(_ids, grown.Ids, n);
        Array.Copy(_forwardAt, grown.ForwardAt, n);
        Array.Copy(_forwardCount, grown.ForwardCount, n);
        Array.Copy(_forwardRoom, grown.ForwardRoom, n);
        Array.Copy(_partitionOfSlot, grown.PartitionOfSlot, n);
        Array.Fill(grown.PartitionOfSlot, NoPartition, n, size - n);
        Array.Copy(_positionInPartition, grown.PositionInPartition, n);
        return grown;
    }

    private Entry[] GrowArena(int needed)
    {
        var grown = new Entry[Math.Max(needed, _arena.Length * 2)];
        Array.Copy(_arena, grown, _arenaUsed);
        return grown;
    }

    private ReadOnlySpan<Entry> ForwardOf(int slot) => _arena.AsSpan(_forwardAt[slot], _forwardCount[slot]);

    // Caller holds the write lock (or is the constructor); every skill of the terms has a list by now, and the slot
    // has room for them at _forwardAt.
    private void WriteEntries(int slot, SkillTerm[] terms)
    {
        var at = _forwardAt[slot];
        for (var i = 0; i < terms.Length; i++)
            _arena[at + i] = new Entry(_skillIds[terms[i].SkillCode], (byte)terms[i].Level, (byte)terms[i].Importance);
        _forwardCount[slot] = terms.Length;
    }

    // Caller holds the write lock (or is the constructor). A null key takes the slot out of every partition.
    private void MoveToPartition(int slot, string? key)
    {
        if (_partitionOf is null) return;
        var to = NoPartition;
        if (key is not null && !_partitionIds.TryGetValue(key, out to))
        {
            to = _partitions.Count;
            _partitionIds.Add(key, to);
            _partitions.Add(new Members());
        }
        var from = _partitionOfSlot[slot];
        if (from == to) return;
        if (from != NoPartition)
        {
            var m = _partitions[from];
            var at = _positionInPartition[slot];
            var last = m.Slots[--m.Count];
            m.Slots[at] = last;
            _positionInPartition[last] = at;
        }
        if (to != NoPartition)
        {
            var m = _partitions[to];
            if (m.Count == m.Slots.Length) Array.Resize(ref m.Slots, Math.Max(16, m.Slots.Length * 2));
            _positionInPartition[slot] = m.Count;
            m.Slots[m.Count++] = slot;
        }
        _partitionOfSlot[slot] = to;
    }

    private PostingList? ListOf(string skillCode) =>
        _skillIds.TryGetValue(skillCode, out var id) ? _postings[id] : null;

    // Caller holds the write lock (or is the constructor).
    private PostingList NewList(string skillCode)
    {
        if (_skillCount == _postings.Length)
        {
            Array.Resize(ref _postings, _postings.Length * 2);
            Array.Resize(ref _skillCodes, _skillCodes.Length * 2);
        }
        var list = new PostingList();
        _postings[_skillCount] = list;
        _skillCodes[_skillCount] = skillCode;
        _skillIds.Add(skillCode, _skillCount++);
        return list;
    }

    private static int PositionOf(PostingList list, int slot)
    {
        var span = list.Items.AsSpan(0, list.Count);
        for (var i = 0; i < span.Length; i++)
            if (span[i].Slot == slot) return i;
        return -1;
    }

    // Order within a list carries no meaning (scores are sums), so removal is a swap with the last posting.
    private void RemoveAt(PostingList list, int at)
    {
        list.Items[at] = list.Items[list.Count - 1];
        list.Count--;
        _postingTotal--;
    }
}

/// <summary>Sizes of a <see cref="SkillIndex{T}"/>.</summary>
/// <param name="Items">Items indexed.</param>
/// <param name="Slots">Slots in use or free (the high-water mark).</param>
/// <param name="Skills">Distinct skills with a posting list.</param>
/// <param name="Postings">Postings (item, skill) in all lists.</param>
/// <param name="PostingCapacity">Posting array capacity, including the slack of doubling.</param>
/// <param name="Partitions">Distinct partitions (cities).</param>
public sealed record SkillIndexStats(int Items, int Slots, int Skills, long Postings, long PostingCapacity, int Partitions);
