using System.Data.Common;

namespace MatchingPlatform.Data.Providers;

/// <summary>Opens connections to the configured database. Repositories take one of these, never a connection string.</summary>
public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    /// <summary>An open connection; the caller disposes it.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct = default);
}
