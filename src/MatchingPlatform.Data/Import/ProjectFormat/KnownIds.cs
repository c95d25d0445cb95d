namespace MatchingPlatform.Data.Import.ProjectFormat;

/// <summary>
/// Ids already stored, so an import may refer to entities it does not carry itself (a vacancies file for
/// enterprises imported last week). The parser only asks; the caller decides how to answer (sets
/// loaded up front, or a lookup per id).
/// </summary>
public interface IKnownIds
{
    bool HasEnterprise(string id);
    bool HasVacancy(string id);
    bool HasWorker(string id);
}

/// <summary>An <see cref="IKnownIds"/> over in-memory sets.</summary>
public sealed class KnownIds(
    IEnumerable<string>? enterprises = null, IEnumerable<string>? vacancies = null, IEnumerable<string>? workers = null)
    : IKnownIds
{
    private readonly HashSet<string> _enterprises = new(enterprises ?? [], StringComparer.Ordinal);
    private readonly HashSet<string> _vacancies = new(vacancies ?? [], StringComparer.Ordinal);
    private readonly HashSet<string> _workers = new(workers ?? [], StringComparer.Ordinal);

    /// <summary>Nothing is stored: every reference must be satisfied by the import itself.</summary>
    public static IKnownIds None { get; } = new KnownIds();

    public bool HasEnterprise(string id) => _enterprises.Contains(id);
    public bool HasVacancy(string id) => _vacancies.Contains(id);
    public bool HasWorker(string id) => _workers.Contains(id);
}

/// <summary>Reads the ids already stored, for <see cref="IKnownIds"/>.</summary>
public static class StoredIds
{
    public static async Task<KnownIds> LoadAsync(Providers.IDbConnectionFactory db, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        async Task<IEnumerable<string>> Ids(string table) =>
            await Dapper.SqlMapper.QueryAsync<string>(c, new Dapper.CommandDefinition($"SELECT id FROM {table}", cancellationToken: ct));
        return new KnownIds(await Ids("enterprises"), await Ids("vacancies"), await Ids("workers"));
    }
}
