using MatchingPlatform.Cli;

return await Matchctl.RunAsync(args);
