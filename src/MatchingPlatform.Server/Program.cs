using MatchingPlatform.Server.Infrastructure;

// MatchingPlatform gRPC server: see Infrastructure/ServiceCollectionExtensions.cs for what is registered.
// Settings (appsettings.json) travel with the binaries; data/ and the SQLite file resolve against the
// working directory, which `dotnet run` sets to the checkout root.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddMatchingPlatform();

var app = builder.Build();
app.MapMatchingPlatform();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in the functional tests.</summary>
public partial class Program;
