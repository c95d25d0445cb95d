using System.CommandLine;
using MatchingPlatform.Core.Security;

namespace MatchingPlatform.Cli.Commands;

/// <summary>
/// matchctl token: issues a bearer token signed with the server's key, for development and operations scripts.
/// Prints the token alone, so <c>export MATCHCTL_TOKEN=$(matchctl token --role admin --subject ops)</c> works.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", PlatformRoles.All)}", Required = true };
        var subject = new Option<string>("--subject")
        {
            Description = "Whom the caller acts as: the worker id (job_seeker), enterprise id (enterprise), bureau id (training_bureau), any name otherwise",
            Required = true,
        };
        var cities = new Option<string[]>("--city") { Description = "A training bureau's jurisdiction (repeatable)", AllowMultipleArgumentsPerToken = true };
        var hours = new Option<double>("--hours") { Description = "Lifetime in hours", DefaultValueFactory = _ => 12 };
        var key = new Option<string?>("--signing-key")
        {
            Description = "The server's Auth:SigningKey (default: $Auth__SigningKey, else the development key the server accepts only in Development)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Auth__SigningKey"),
        };
        var command = new Command("token", "Issue a bearer token for calling the server") { role, subject, cities, hours, key };
        command.SetAction(parse =>
        {
            var r = parse.GetValue(role)!;
            if (!PlatformRoles.All.Contains(r)) throw new CliException($"--role: '{r}' is not one of {string.Join(", ", PlatformRoles.All)}");
            var jurisdiction = parse.GetValue(cities) ?? [];
            if (r == PlatformRoles.TrainingBureau && jurisdiction.Length == 0) throw new CliException("--city: a training bureau token needs its cities");
            var lifetime = parse.GetValue(hours);
            if (lifetime is <= 0 or > 24 * 30) throw new CliException("--hours must be between 0 and 720");
            var signingKey = parse.GetValue(key) ?? AccessTokens.DevelopmentSigningKey;
            if (AccessTokens.KeyProblem(signingKey) is { } problem) throw new CliException($"--signing-key: {problem}");
            Console.WriteLine(AccessTokens.Issue(new AccessTokenRequest(r, parse.GetValue(subject)!, jurisdiction, TimeSpan.FromHours(lifetime)),
                signingKey, DateTimeOffset.UtcNow));
            return 0;
        });
        return command;
    }
}
