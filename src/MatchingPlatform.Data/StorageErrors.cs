using Dapper;

namespace MatchingPlatform.Data;

/// <summary>An insert collided with an existing row of the same identity.</summary>
public sealed class DuplicateEntityException(string entity, string id)
    : Exception($"{entity} '{id}' already exists")
{
    public string Entity { get; } = entity;
    public string Id { get; } = id;
}

/// <summary>An entity the write depends on does not exist (e.g. a vacancy's enterprise).</summary>
public sealed class MissingReferenceException(string field, string entity, string id)
    : Exception($"{entity} '{id}' not found")
{
    public string Field { get; } = field;
    public string Entity { get; } = entity;
    public string Id { get; } = id;
}

/// <summary>An update carried a stale version: someone else changed the row first.</summary>
public sealed class ConcurrencyConflictException(string entity, string id, long expected, long actual)
    : Exception($"{entity} '{id}' was changed concurrently: version {expected} expected, {actual} stored")
{
    public long ExpectedVersion { get; } = expected;
    public long ActualVersion { get; } = actual;
}

/// <summary>A write that the current state forbids (e.g. deleting an enterprise with open vacancies).</summary>
public sealed class StateConflictException(string message) : Exception(message);

/// <summary>Timestamps are stored as Unix milliseconds (UTC) on every provider.</summary>
internal static class DbTime
{
    public static long ToMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>The clock's time at the precision stored, so what a write returns equals what a read returns.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => FromMs(ToMs(clock.GetUtcNow()));
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? FromMs(v) : null;
    public static string ToDate(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    public static DateOnly FromDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

internal static class DapperSetup
{
    /// <summary>Columns are snake_case; row classes are PascalCase. Idempotent; every repository calls it.</summary>
    public static void EnsureConfigured() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}

/// <summary>One page of a keyset-paged listing; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
