using System.Net;
using System.Net.Sockets;

namespace MatchingPlatform.Data.Tests.Faults;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a database port, for cutting the network under a client: <see cref="Cut"/>
/// resets every relayed connection and refuses new ones (accepted, then reset) until <see cref="Resume"/>.
/// Unlike stopping the server, the client sees a plain broken socket, with no shutdown message first.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public LoopbackProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var s in _open) Reset(s);
            _open.Clear();
        }
    }

    public void Resume() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            if (_cut)
            {
                Reset(client);
                continue;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            lock (_open) _open.AddRange([client, server]);
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, _stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, n), _stop.Token);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Reset(to);
        }
    }

    /// <summary>Closes with linger 0: the peer gets a TCP reset, as when a network path or a host dies.</summary>
    private static void Reset(Socket s)
    {
        try
        {
            s.LingerState = new LingerOption(true, 0);
            s.Close();
        }
        catch (ObjectDisposedException) { /* already closed by the other pump */ }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Cut();
        _listener.Stop();
        try { await _accepting; } catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
        _stop.Dispose();
    }
}
