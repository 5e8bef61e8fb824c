using BdrcConsole;
using BdrcConsole.Core;

// Tooling: build a synthetic estate into a new database instead of serving the console.
if (SyntheticEstateCommand.IsRequested(args))
    return await SyntheticEstateCommand.RunAsync(args);
// Upgrade: copy a SQLite database into the configured PostgreSQL database instead of serving the console.
if (DatabaseImportCommand.IsRequested(args))
    return await DatabaseImportCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);

// Configuration: the repo-root appsettings.Development.json is the Development settings file.
builder.Configuration.AddRepositoryDevelopmentSettings(builder.Environment);

// Core: domain rules, EF Core SQLite, audit.
builder.Services.AddBdrcCore();

// Web: Identity sign-in, MudBlazor, per-circuit account selection.
builder.AddBdrcWeb();

var app = builder.Build();

if (!app.CheckReportFonts() || !await app.InitializeBdrcDatabaseAsync())
    return 1;
app.UseBdrcWeb();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so that test hosts (WebApplicationFactory) can start the app.</summary>
public partial class Program;
