using Grpc.Core;
using Grpc.Core.Interceptors;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data;
using MatchingPlatform.Data.Providers;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Turns domain and storage exceptions into gRPC status codes that mean what they say, in one place,
/// so services stay thin: invalid fields -> InvalidArgument naming the field, duplicates -> AlreadyExists,
/// missing references -> NotFound, stale versions -> Aborted, forbidden state changes -> FailedPrecondition,
/// an unreachable database -> Unavailable (the caller may retry; the dialect of the configured provider decides
/// which failures mean that).
/// </summary>
internal sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger, IDbConnectionFactory database) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    private Status? Map(Exception ex, ServerCallContext context)
    {
        Status? status = ex switch
        {
            DomainValidationException v => new Status(StatusCode.InvalidArgument, string.Join("; ", v.Errors)),
            DuplicateEntityException d => new Status(StatusCode.AlreadyExists, d.Message),
            MissingReferenceException m => new Status(StatusCode.NotFound, $"{m.Field}: {m.Message}"),
            ConcurrencyConflictException c => new Status(StatusCode.Aborted, c.Message + "; read it again and retry"),
            StateConflictException s => new Status(StatusCode.FailedPrecondition, s.Message),
            OperationCanceledException when context.CancellationToken.IsCancellationRequested =>
                new Status(StatusCode.Cancelled, "the call was cancelled"),
            // A fixed message: the driver's text can name the host, port, database or user.
            _ when database.Dialect.IsUnavailable(ex) => new Status(StatusCode.Unavailable, "the database is unavailable; retry shortly"),
            _ => null,
        };
        if (status?.StatusCode == StatusCode.Unavailable) LogDatabaseUnavailable(context.Method, ex);
        if (status is { } s2) LogMapped(context.Method, s2.StatusCode);
        return status;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} -> {Code}")]
    private partial void LogMapped(string method, StatusCode code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} -> Unavailable: the database could not be reached")]
    private partial void LogDatabaseUnavailable(string method, Exception exception);
}
