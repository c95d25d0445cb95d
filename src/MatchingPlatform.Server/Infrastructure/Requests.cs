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

    /// <summary>A stored item's numeric id (database ids start at 1), or InvalidArgument naming <paramref name="field"/>.</summary>
    public static long PositiveId(long value, string field, string entity) =>
        value > 0 ? value : throw Invalid(field, $"required: a positive {entity} id");

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

    /// <summary>City codes from a repeated field, each known to the directory, or InvalidArgument naming the element.</summary>
    public static IReadOnlyList<string> Cities(IEnumerable<string> values, string field, Core.Geography.CityDirectory cities)
    {
        var list = values.ToList();
        for (var i = 0; i < list.Count; i++)
            if (!cities.Contains(list[i])) throw Invalid($"{field}[{i}]", $"unknown city '{Echo.Clip(list[i])}'");
        return list;
    }

    /// <summary>
    /// Runs a listing whose repository parses an opaque page token (ArgumentException on pageToken when it is not one
    /// the listing issued) and reports a bad token as InvalidArgument on page_token.
    /// </summary>
    public static async Task<T> WithPageTokenAsync<T>(Func<Task<T>> listing)
    {
        try
        {
            return await listing();
        }
        catch (ArgumentException ex) when (ex.ParamName == "pageToken")
        {
            throw Invalid("page_token", "not a token this listing issued");
        }
    }

    public static RpcException Invalid(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {message}"));

    public static RpcException NotFound(string entity, string id) =>
        new(new Status(StatusCode.NotFound, $"{entity} '{id}' not found"));
}
