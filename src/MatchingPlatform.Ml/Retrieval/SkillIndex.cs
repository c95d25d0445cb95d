using System.Collections.Concurrent;
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
/// Each skill has one <see cref="Posting"/>[] (6 bytes: int slot, byte level, byte importance; no object per
/// posting), grown by doubling. At 1M workers x ~8 skills that is ~48 MB of postings plus the slot array and the
/// id -> slot dictionary. A query accumulates into a pooled float[] of one entry per slot and remembers the slots
/// it touched, so clearing is proportional to the work done; a bounded min-heap keeps the top N.</para>
/// <para>Items must not change after they are added: the index re-reads an item's skills to find its postings when
/// it is replaced or removed. The engine hands in records whose skill lists are arrays it copied.</para>
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

    // One object per skill (a few thousand), never per posting.
    private sealed class PostingList
    {
        public Posting[] Items = [];
        public int Count;
    }

    private sealed class Scratch
    {
        public float[] Scores = [];
        public int[] Touched = [];

        public void Ensure(int slots)
        {
            if (Scores.Length >= slots) return;
            var size = Math.Max(slots, Scores.Length * 2);
            Scores = new float[size];
            Touched = new int[size];
        }
    }

    private readonly Func<T, string> _idOf;
    private readonly Func<T, IEnumerable<SkillTerm>> _termsOf;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly ConcurrentBag<Scratch> _scratch = [];

    // Guarded by _lock: read under the read lock, changed only under the write lock.
    private T?[] _items = new T?[16];
    private int _highWater;
    private readonly Stack<int> _freeSlots = new();
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _skillIds = new(StringComparer.Ordinal);
    private PostingList[] _postings = new PostingList[64];
    private int _skillCount;

    /// <param name="role">What the postings mean; decides which side of a match holds and which requires.</param>
    /// <param name="idOf">The item's unique id; ties are broken by ascending ordinal id.</param>
    /// <param name="termsOf">The item's skills (for <see cref="PostingRole.Holding"/> the importance is ignored).</param>
    /// <param name="items">Initial content; a later item with the same id replaces an earlier one.</param>
    public SkillIndex(PostingRole role, Func<T, string> idOf, Func<T, IEnumerable<SkillTerm>> termsOf, IEnumerable<T>? items = null)
    {
        if (role is not (PostingRole.Requirement or PostingRole.Holding)) throw new ArgumentOutOfRangeException(nameof(role));
        Role = role;
        _idOf = idOf;
        _termsOf = termsOf;
        if (items is not null)
            foreach (var item in items)
                Upsert(item);
    }

    public PostingRole Role { get; }

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

        _lock.EnterUpgradeableReadLock();
        try
        {
            var exists = _slotById.TryGetValue(id, out var slot);
            var oldTerms = exists ? OverlapScoring.Normalise(_termsOf(_items[slot]!)) : [];
            if (!exists)
                slot = _freeSlots.Count > 0 ? _freeSlots.Peek() : _highWater;

            // Plan outside the write lock: where the old postings are, which lists must grow.
            var removals = new List<(PostingList List, int Position)>();
            var overwrites = new List<(PostingList List, int Position, Posting Posting)>();
            var appends = new List<(string Skill, PostingList? List, Posting Posting, Posting[]? Grown)>();
            foreach (var old in oldTerms)
            {
                if (Array.Exists(newTerms, t => t.SkillCode == old.SkillCode)) continue;
                var list = ListOf(old.SkillCode);
                var at = list is null ? -1 : PositionOf(list, slot);
                if (at >= 0) removals.Add((list!, at));
            }
            foreach (var term in newTerms)
            {
                var posting = new Posting(slot, (byte)term.Level, (byte)term.Importance);
                var list = ListOf(term.SkillCode);
                var at = list is not null && Array.Exists(oldTerms, t => t.SkillCode == term.SkillCode) ? PositionOf(list, slot) : -1;
                if (at >= 0) { overwrites.Add((list!, at, posting)); continue; }
                Posting[]? grown = null;
                if (list is not null && list.Count == list.Items.Length)
                {
                    grown = new Posting[Math.Max(4, list.Items.Length * 2)];
                    Array.Copy(list.Items, grown, list.Count);
                }
                appends.Add((term.SkillCode, list, posting, grown));
            }
            T?[]? grownItems = null;
            if (!exists && slot == _items.Length)
            {
                grownItems = new T?[_items.Length * 2];
                Array.Copy(_items, grownItems, _highWater);
            }

            _lock.EnterWriteLock();
            try
            {
                if (grownItems is not null) _items = grownItems;
                if (!exists)
                {
                    if (_freeSlots.Count > 0) _freeSlots.Pop();
                    else _highWater++;
                    _slotById.Add(id, slot);
                }
                _items[slot] = item;
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
                }
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
            foreach (var term in OverlapScoring.Normalise(_termsOf(_items[slot]!)))
            {
                var list = ListOf(term.SkillCode);
                var at = list is null ? -1 : PositionOf(list, slot);
                if (at >= 0) removals.Add((list!, at));
            }

            _lock.EnterWriteLock();
            try
            {
                foreach (var (list, at) in removals)
                    RemoveAt(list, at);
                _items[slot] = null;
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
    /// among those <paramref name="filter"/> accepts. Only items sharing a skill with the query are scored; the filter
    /// runs on an item only when its score would enter the heap, before top-N selection, never after it.
    /// </summary>
    public RetrievalResult<T> Search(IEnumerable<SkillTerm> query, int maxResults, Func<T, bool>? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        var terms = OverlapScoring.Normalise(query);
        if (terms.Length == 0) return RetrievalResult<T>.Empty;

        var scratch = _scratch.TryTake(out var s) ? s : new Scratch();
        var clean = false;
        _lock.EnterReadLock();
        try
        {
            var n = _slotById.Count;
            var lists = new PostingList?[terms.Length];
            var idfs = new double[terms.Length];
            double max = 0;
            for (var t = 0; t < terms.Length; t++)
            {
                var list = ListOf(terms[t].SkillCode);
                if (list is null || list.Count == 0) continue;
                lists[t] = list;
                idfs[t] = OverlapScoring.Idf(n, list.Count);
                max += OverlapScoring.MaxContribution(Role, idfs[t], terms[t]);
            }
            if (max == 0)
            {
                clean = true;
                return RetrievalResult<T>.Empty;
            }

            scratch.Ensure(_highWater);
            var scores = scratch.Scores;
            var touched = scratch.Touched;
            var touchedCount = 0;
            Span<float> table = stackalloc float[(OverlapScoring.MaxLevel + 1) * (OverlapScoring.MaxImportance + 1)];
            for (var t = 0; t < terms.Length; t++)
            {
                var list = lists[t];
                if (list is null) continue;
                // Postings carry level and importance in 1..5, so the contribution is one of 25 values: look it up.
                for (var level = 1; level <= OverlapScoring.MaxLevel; level++)
                    for (var imp = 1; imp <= OverlapScoring.MaxImportance; imp++)
                        table[level * (OverlapScoring.MaxImportance + 1) + imp] =
                            (float)OverlapScoring.Contribution(Role, idfs[t], terms[t], level, imp);
                foreach (ref readonly var p in list.Items.AsSpan(0, list.Count))
                {
                    if (scores[p.Slot] == 0) touched[touchedCount++] = p.Slot;
                    scores[p.Slot] += table[p.Level * (OverlapScoring.MaxImportance + 1) + p.Importance];
                }
            }

            // Min-heap of the best so far: the root is the weakest kept item, the first to be displaced.
            var items = _items;
            var order = Comparer<(float Score, int Slot)>.Create((a, b) =>
            {
                var c = a.Score.CompareTo(b.Score);
                // Equal scores: the larger id is "weaker", so the smaller id is kept: deterministic ties.
                return c != 0 ? c : string.CompareOrdinal(_idOf(items[b.Slot]!), _idOf(items[a.Slot]!));
            });
            var heap = new PriorityQueue<int, (float, int)>(Math.Min(maxResults, touchedCount) + 1, order);
            for (var i = 0; i < touchedCount; i++)
            {
                var slot = touched[i];
                var key = (scores[slot], slot);
                scores[slot] = 0;
                if (heap.Count >= maxResults)
                {
                    heap.TryPeek(out _, out var weakest);
                    if (order.Compare(key, weakest) <= 0) continue;
                }
                if (filter is not null && !filter(items[slot]!)) continue;
                if (heap.Count < maxResults) heap.Enqueue(slot, key);
                else heap.DequeueEnqueue(slot, key);
            }
            clean = true;

            // Exact double scores and per-skill contributions for the few survivors only.
            var result = new List<RetrievedItem<T>>(heap.Count);
            while (heap.TryDequeue(out var slot, out _))
            {
                var item = items[slot]!;
                var contributions = Contributions(terms, idfs, max, OverlapScoring.Normalise(_termsOf(item)));
                double score = 0;
                foreach (var c in contributions) score += c.Contribution;
                result.Add(new RetrievedItem<T>(item, Math.Min(1.0, score), contributions));
            }
            result.Sort((a, b) => b.Score != a.Score
                ? b.Score.CompareTo(a.Score)
                : string.CompareOrdinal(_idOf(a.Item), _idOf(b.Item)));
            return new RetrievalResult<T>(result, touchedCount, max);
        }
        finally
        {
            _lock.ExitReadLock();
            // A scratch left dirty by an exception (a throwing filter) is dropped, not pooled.
            if (clean) _scratch.Add(scratch);
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
        list.Sort((a, b) => b.Contribution != a.Contribution
            ? b.Contribution.CompareTo(a.Contribution)
            : string.CompareOrdinal(a.SkillCode, b.SkillCode));
        return [.. list];
    }

    private PostingList? ListOf(string skillCode) =>
        _skillIds.TryGetValue(skillCode, out var id) ? _postings[id] : null;

    // Caller holds the write lock.
    private PostingList NewList(string skillCode)
    {
        if (_skillCount == _postings.Length) Array.Resize(ref _postings, _postings.Length * 2);
        var list = new PostingList();
        _postings[_skillCount] = list;
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
    private static void RemoveAt(PostingList list, int at)
    {
        list.Items[at] = list.Items[list.Count - 1];
        list.Count--;
    }
}
