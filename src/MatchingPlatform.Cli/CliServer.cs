using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;

namespace MatchingPlatform.Cli;

/// <summary>The --server and --token options and the channel for commands that call the running service.</summary>
internal static class CliServer
{
    public static readonly Option<string> Address = new("--server")
    {
        Description = "Address of the MatchingPlatform gRPC server",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MATCHCTL_SERVER") ?? "http://127.0.0.1:5080",
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "Bearer token for the server (default: $MATCHCTL_TOKEN; a development token comes from `matchctl token`)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MATCHCTL_TOKEN"),
    };

    public static GrpcChannel Open(ParseResult parse) => Open(parse.GetValue(Address)!, parse.GetValue(Token));

    /// <summary>
    /// A channel that sends <paramref name="token"/> as a bearer token with every call. The server listens on
    /// plain HTTP/2 on loopback (TLS terminates at the load balancer in production), so the channel is told to send
    /// call credentials without TLS.
    /// </summary>
    public static GrpcChannel Open(string address, string? token, HttpMessageHandler? handler = null)
    {
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = handler is null };
        if (!string.IsNullOrWhiteSpace(token))
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure,
                CallCredentials.FromInterceptor((_, metadata) =>
                {
                    metadata.Add("Authorization", "Bearer " + token);
                    return Task.CompletedTask;
                }));
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }
        return GrpcChannel.ForAddress(address, options);
    }
}
