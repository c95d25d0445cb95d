using System.Security.Claims;
using Grpc.Core;
using MatchingPlatform.Core.Security;

namespace MatchingPlatform.Server.Infrastructure.Auth;

/// <summary>
/// The authenticated caller of an RPC, read from its bearer token, and the ownership checks the services make.
/// Roles alone are not enough: a job seeker acts only on their own profile, an enterprise only on its own
/// vacancies, a training bureau only within its cities. A refusal never says whether the thing asked for exists
/// or whose it is: the message is the same for every resource.
/// </summary>
internal sealed record Caller(string Role, string Subject, IReadOnlySet<string> Cities)
{
    public bool IsAdmin => Role == PlatformRoles.Admin;

    public static Caller From(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var role = user.FindFirstValue(PlatformClaims.Role);
        var subject = user.FindFirstValue(PlatformClaims.Subject);
        // The fallback policy admits authenticated callers only; a token without these claims is not one of ours.
        if (role is null || subject is null) throw Denied();
        return new Caller(role, subject, user.FindAll(PlatformClaims.City).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Admin, or one of <paramref name="roles"/>.</summary>
    public Caller RequireRole(params string[] roles) => IsAdmin || roles.Contains(Role) ? this : throw Denied();

    /// <summary>Admin, or the job seeker whose profile this is.</summary>
    public Caller RequireWorker(string workerId) =>
        IsAdmin || (Role == PlatformRoles.JobSeeker && Subject == workerId) ? this : throw Denied();

    /// <summary>Admin, or the enterprise itself.</summary>
    public Caller RequireEnterprise(string enterpriseId) =>
        IsAdmin || (Role == PlatformRoles.Enterprise && Subject == enterpriseId) ? this : throw Denied();

    public bool OwnsEnterprise(string enterpriseId) => Role == PlatformRoles.Enterprise && Subject == enterpriseId;

    /// <summary>Whether a city is within what this caller may see of bureau data: every city for admins and analysts.</summary>
    public bool Covers(string cityCode) => Role != PlatformRoles.TrainingBureau || Cities.Contains(cityCode);

    /// <summary>
    /// The cities a bureau-scoped request may cover: the request's own (each within the jurisdiction), or the whole
    /// jurisdiction when it names none. Null for admins and analysts asking for every city.
    /// </summary>
    public IReadOnlyList<string>? Jurisdiction(IReadOnlyList<string> requested)
    {
        if (Role != PlatformRoles.TrainingBureau) return requested.Count == 0 ? null : requested;
        if (requested.Any(c => !Cities.Contains(c))) throw Denied();
        return requested.Count == 0 ? Cities.Order(StringComparer.Ordinal).ToArray() : requested;
    }

    /// <summary>Personal data (near-qualified seekers' ids, contact details) is for admins and the bureau of that city only.</summary>
    public bool MaySeePersonalDataIn(string cityCode) => IsAdmin || (Role == PlatformRoles.TrainingBureau && Cities.Contains(cityCode));

    public static RpcException Denied() =>
        new(new Status(StatusCode.PermissionDenied, "permission denied: this caller may not do this"));
}
