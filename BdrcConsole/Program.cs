using BdrcConsole;
using BdrcConsole.Core;

var builder = WebApplication.CreateBuilder(args);

// Configuration: the repo-root appsettings.Development.json is the Development settings file.
builder.Configuration.AddRepositoryDevelopmentSettings(builder.Environment);

// Core: domain rules, EF Core SQLite, audit.
builder.Services.AddBdrcCore();

// Web: Identity sign-in, MudBlazor, per-circuit account selection.
builder.AddBdrcWeb();

var app = builder.Build();

await app.InitializeBdrcDatabaseAsync();
app.UseBdrcWeb();

app.Run();

/// <summary>Entry point; public so that test hosts (WebApplicationFactory) can start the app.</summary>
public partial class Program;
