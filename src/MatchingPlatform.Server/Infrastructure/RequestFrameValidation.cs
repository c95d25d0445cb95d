using System.Buffers.Binary;
using System.Reflection;
using Google.Protobuf;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Infrastructure;

/// <summary>
/// Checks that a call's request body is one well-formed message of the method's request type before grpc-dotnet
/// reads it. grpc-dotnet answers a body that does not parse with UNKNOWN ("Exception was thrown by handler"), which
/// blames the server for the client's bytes; this answers INVALID_ARGUMENT naming the expected type. Compressed and
/// oversized bodies are left to grpc-dotnet, which has its own answers for them (and its own size limit).
/// </summary>
internal sealed class RequestFrameValidation(RequestDelegate next)
{
    private const int FrameHeader = 5;

    /// <summary>Request parser per gRPC path, e.g. "/talent.v1.WorkerService/CreateWorker", from the generated descriptors.</summary>
    private static readonly Dictionary<string, (MessageParser Parser, string TypeName)> Parsers = typeof(WorkerService).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(WorkerService).Namespace && t.IsAbstract && t.IsSealed)
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ProtoServiceDescriptor)
        .OfType<ProtoServiceDescriptor>()
        .SelectMany(s => s.Methods.Where(m => !m.IsClientStreaming))
        .ToDictionary(m => $"/{m.Service.FullName}/{m.Name}", m => (m.InputType.Parser, m.InputType.FullName), StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!Parsers.TryGetValue(request.Path.Value ?? "", out var expected)
            || request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true
            || request.ContentLength is > Limits.MaxReceiveMessageSize + FrameHeader)
        {
            await next(http);
            return;
        }

        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: Limits.MaxReceiveMessageSize + FrameHeader);
        var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, http.RequestAborted);
        }
        catch (IOException)
        {
            // Over the buffer limit: grpc-dotnet's own size check answers (RESOURCE_EXHAUSTED).
            request.Body.Position = 0;
            await next(http);
            return;
        }
        request.Body.Position = 0;
        if (Problem(body.GetBuffer().AsSpan(0, (int)body.Length), expected.Parser) is { } problem)
        {
            // A trailers-only response: the status travels in the headers, no message follows.
            var response = http.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString($"request: not a valid {expected.TypeName} message ({problem})");
            return;
        }
        await next(http);
    }

    /// <summary>Null when the body is one uncompressed frame holding a parsable message (or compressed, left to grpc-dotnet).</summary>
    private static string? Problem(ReadOnlySpan<byte> body, MessageParser parser)
    {
        if (body.Length < FrameHeader) return "truncated frame";
        if (body[0] == 1) return null; // compressed: grpc-dotnet decompresses and checks
        if (body[0] != 0) return "unknown frame flag";
        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..FrameHeader]);
        if (length != body.Length - FrameHeader) return "frame length does not match the body";
        try
        {
            parser.ParseFrom(body[FrameHeader..]);
            return null;
        }
        catch (InvalidProtocolBufferException)
        {
            return "malformed protobuf";
        }
    }
}

/// <summary>Transport limits shared by the gRPC options and the frame check.</summary>
internal static class Limits
{
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;
}
