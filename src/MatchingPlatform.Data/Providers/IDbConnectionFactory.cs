using System.Data.Common;
using MatchingPlatform.Data.Providers.Dialects;

namespace MatchingPlatform.Data.Providers;

/// <summary>Opens connections to the configured database. Repositories take one of these, never a connection string.</summary>
public interface IDbConnectionFactory
{
    /// <summary>The SQL and error differences of this provider.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>An open connection; the caller disposes it.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct = default);
}
