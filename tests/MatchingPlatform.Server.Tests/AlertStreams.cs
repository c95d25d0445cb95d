using Grpc.Core;
using MatchingPlatform.Protos.V1;

namespace MatchingPlatform.Server.Tests;

/// <summary>Reading an alert stream, which never ends by itself, for a fixed window.</summary>
internal static class AlertStreams
{
    /// <summary>
    /// Every event the stream sends within <paramref name="window"/>. The client cancels when the window closes; a
    /// server deadline is not used because the server's reset can reach the client before its own deadline fires,
    /// which the in-memory test host reports as UNAVAILABLE. Errors the server sends (e.g. INVALID_ARGUMENT) surface.
    /// </summary>
    public static async Task<List<AlertEvent>> ReadAsync(AlertService.AlertServiceClient client, SubscribeAlertsRequest request, TimeSpan window)
    {
        var events = new List<AlertEvent>();
        using var stop = new CancellationTokenSource(window);
        using var call = client.SubscribeAlerts(request, cancellationToken: stop.Token);
        try
        {
            await foreach (var e in call.ResponseStream.ReadAllAsync(stop.Token)) events.Add(e);
        }
        catch (Exception ex) when (stop.IsCancellationRequested && ex is RpcException or OperationCanceledException)
        {
            // The window closed: what arrived before it is the answer.
        }
        return events;
    }
}
