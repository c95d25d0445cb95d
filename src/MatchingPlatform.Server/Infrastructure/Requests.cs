using Grpc.Core;
using MatchingPlatform.Core.Validation;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>Request checks shared by the gRPC services.</summary>
internal static class Requests
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>The id, or InvalidArgument naming <paramref name="field"/>.</summary>
    public static string Id(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) throw Invalid(field, "required");
        if (!ProfileValidator.IsValidId(value)) throw Invalid(field, "not a valid id");
        return value;
    }

    /// <summary>An optional id: null when empty, InvalidArgument when malformed.</summary>
    public static string? OptionalId(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null : Id(value, field);

    public static T Required<T>(T? message, string field) where T : class =>
        message ?? throw Invalid(field, "required");

    public static int PageSize(int requested) => requested switch
    {
        0 => DefaultPageSize,
        < 0 or > MaxPageSize => throw Invalid("page_size", $"must be between 1 and {MaxPageSize}"),
        _ => requested,
    };

    /// <summary>Page tokens are the last id of the previous page.</summary>
    public static string? PageToken(string? token) => OptionalId(token, "page_token");

    /// <summary>Throws InvalidArgument listing every error, each field prefixed with the request field that holds it.</summary>
    public static void ThrowIfInvalid(IEnumerable<ValidationError> errors, string prefix) =>
        ProfileValidator.ThrowIfAny(errors.Select(e => e with { Field = $"{prefix}.{e.Field}" }).ToList());

    public static RpcException Invalid(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {message}"));

    public static RpcException NotFound(string entity, string id) =>
        new(new Status(StatusCode.NotFound, $"{entity} '{id}' not found"));
}
