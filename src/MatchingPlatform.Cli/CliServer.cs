using System.CommandLine;
using Grpc.Net.Client;

namespace MatchingPlatform.Cli;

/// <summary>The --server option and the channel for commands that call the running service.</summary>
internal static class CliServer
{
    public static readonly Option<string> Address = new("--server")
    {
        Description = "Address of the MatchingPlatform gRPC server",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MATCHCTL_SERVER") ?? "http://127.0.0.1:5080",
    };

    public static GrpcChannel Open(ParseResult parse) => GrpcChannel.ForAddress(parse.GetValue(Address)!);
}
