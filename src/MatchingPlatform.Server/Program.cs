using MatchingPlatform.Server.Infrastructure;

// MatchingPlatform gRPC server: see Infrastructure/ServiceCollectionExtensions.cs for what is registered.
var builder = WebApplication.CreateBuilder(args);
builder.AddMatchingPlatform();

var app = builder.Build();
app.MapMatchingPlatform();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in the functional tests.</summary>
public partial class Program;
