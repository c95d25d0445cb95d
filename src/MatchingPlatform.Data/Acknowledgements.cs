using System.Data.Common;
using System.Globalization;
using Dapper;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;
using static MatchingPlatform.Data.Providers.Dialects.ColumnType;

namespace MatchingPlatform.Data;

/// <summary>One stored acknowledgement: of which item, by whom, and when they first acknowledged it.</summary>
internal sealed record StoredAck(long ItemId, string AcknowledgerId, DateTimeOffset AckedAt);

/// <summary>
/// Idempotent acknowledgements kept in a table keyed (item, acknowledger) that holds the first acknowledgement's time:
/// the one implementation behind shortage alerts (alert_acks) and resilience warnings (resilience_warning_acks).
/// </summary>
internal sealed class Acknowledgements
{
    private readonly Table<StoredAck> _table;
    private readonly string _itemTable;
    private readonly string _field;
    private readonly string _entity;
    private readonly string _select;

    /// <param name="table">The acknowledgement table: <paramref name="itemColumn"/>, <paramref name="byColumn"/>, acked_at (Unix ms).</param>
    /// <param name="itemTable">The acknowledged items' table, whose id <paramref name="itemColumn"/> references.</param>
    /// <param name="field">The request field named when the item does not exist (e.g. alert_id).</param>
    /// <param name="entity">What the item is called in messages.</param>
    public Acknowledgements(string table, string itemColumn, string byColumn, string itemTable, string field, string entity)
    {
        _table = new Table<StoredAck>(table, [itemColumn, byColumn],
            (itemColumn, Long, a => a.ItemId), (byColumn, Text, a => a.AcknowledgerId), ("acked_at", Long, a => DbTime.ToMs(a.AckedAt)));
        _itemTable = itemTable;
        _field = field;
        _entity = entity;
        _select = $"SELECT {itemColumn} AS item_id, {byColumn} AS acknowledger_id, acked_at FROM {table}";
    }

    /// <summary>
    /// Records that <paramref name="acknowledgerId"/> has seen the item at <paramref name="at"/>. The first
    /// acknowledgement stores the time, and every later one (also a concurrent retry) returns that original time without
    /// failing; <c>First</c> says whether this call stored it (exactly one of racing first acknowledgements does).
    /// Throws <see cref="MissingReferenceException"/> naming the field when the item does not exist.
    /// </summary>
    public async Task<(StoredAck Ack, bool First)> AcknowledgeAsync(IDbConnectionFactory db, long itemId, string acknowledgerId, DateTimeOffset at,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(acknowledgerId);
        var ack = new StoredAck(itemId, acknowledgerId, at);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {_itemTable} WHERE id = @itemId", new { itemId }, tx,
                cancellationToken: ct)) == 0)
            throw new MissingReferenceException(_field, _entity, itemId.ToString(CultureInfo.InvariantCulture));
        // Insert-if-absent in one statement, then read what is stored: two concurrent first acknowledgements meet at
        // the primary key on every provider and both return the time of the one that won.
        var inserted = await c.ExecuteAsync(new CommandDefinition(db.Dialect.InsertIfAbsent(_table), _table.Parameters(ack), tx, cancellationToken: ct));
        var stored = await c.QuerySingleAsync<AckRow>(new CommandDefinition(
            $"{_select} WHERE {string.Join(" AND ", _table.Key.Select(k => $"{k} = {_table.ColumnNamed(k).Parameter}"))}",
            _table.Parameters(ack), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (stored.ToDomain(), inserted == 1);
    }

    /// <summary>Every acknowledgement of the item, earliest first (then acknowledger id); empty for an unknown item.</summary>
    public async Task<IReadOnlyList<StoredAck>> ListAsync(DbConnection c, long itemId, CancellationToken ct) =>
        (await c.QueryAsync<AckRow>(new CommandDefinition(
            $"{_select} WHERE {_table.Key[0]} = @itemId ORDER BY acked_at, {_table.Key[1]}", new { itemId }, cancellationToken: ct)))
        .Select(r => r.ToDomain()).ToArray();

    /// <summary>A scalar subquery counting the acknowledgements of the item whose id is <paramref name="itemId"/> (a column).</summary>
    public string CountOf(string itemId) => $"(SELECT COUNT(*) FROM {_table.Name} k WHERE k.{_table.Key[0]} = {itemId})";

    private sealed class AckRow
    {
        public long ItemId { get; set; }
        public string AcknowledgerId { get; set; } = "";
        public long AckedAt { get; set; }
        public StoredAck ToDomain() => new(ItemId, AcknowledgerId, DbTime.FromMs(AckedAt));
    }
}
