using BdrcConsole.Components;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.Identity;
using BdrcConsole.Endpoints;
using BdrcConsole.Security;
using BdrcConsole.State;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Npgsql;

namespace BdrcConsole;

public static class WebRegistration
{
    /// <summary>Registers the web app: components, MudBlazor, sign-in and per-circuit state.</summary>
    public static WebApplicationBuilder AddBdrcWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // A circuit message over the hub's limit closes the connection without a word to the user. 32 KB (the default)
        // is less than a pasted page of CJK text; with 1 MB such input reaches Core, whose length rules answer clearly.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 1024 * 1024);
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            // Opaque once shown: MudBlazor's 95% lets the page through and takes white text on green below 4.5:1.
            config.SnackbarConfiguration.MaximumOpacity = 100;
        });

        // Sign-in: ASP.NET Core Identity over the Core database, with lockout after repeated failures.
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<BdrcUser>(options =>
            {
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<BdrcDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<BdrcClaimsPrincipalFactory>();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.AccessDeniedPath = "/no-access";
            cookie.Cookie.Name = "BdrcConsole.Auth";
        });
        services.AddAuthorization();
        // The keys that protect sign-in cookies and antiforgery tokens live in the console's database: every instance
        // on one database reads the same ring, so a cookie issued by one is valid on another (and survives a redeploy).
        services.AddDataProtection().SetApplicationName("BdrcConsole").PersistKeysToDbContext<BdrcDbContext>();
        // Sign-out renews the user's security stamp: checking it on every request refuses a copied cookie at once,
        // and the circuit provider below ends open tabs within its interval.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        // Per-circuit state shared by every page of one browser session.
        services.AddScoped<CurrentActor>();
        services.AddScoped<AccountSelection>();
        services.AddScoped<ConsoleSession>();
        services.AddScoped<SelectionStore>();
        services.AddScoped<PolicyNotifications>();

        // After start-up, what the first user would otherwise wait for (first render, first queries); the bench turns it off to compare.
        if (builder.Configuration.GetValue("Bdrc:WarmUpOnStart", defaultValue: true))
            services.AddHostedService<StartupWarmUp>();
        return builder;
    }

    /// <summary>
    /// Migrates the database and seeds the demo organisation when configured. When the database cannot be opened or
    /// written, logs one line naming the file, the reason and the fix, and returns false: the caller exits with an
    /// error code instead of crashing with a stack trace.
    /// </summary>
    public static async Task<bool> InitializeBdrcDatabaseAsync(this WebApplication app)
    {
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        try
        {
            await initializer.InitializeAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            var target = new NpgsqlConnectionStringBuilder(app.Configuration.GetConnectionString(Core.DependencyInjection.ConnectionStringName));
            app.Logger.LogCritical(
                "Cannot use the PostgreSQL database {Database} on {Host}:{Port}: {Reason} Fix: start the server, create the database and a user that owns it, or point ConnectionStrings:Bdrc elsewhere.",
                target.Database, target.Host, target.Port, ex.Message.Split('\n')[0].Trim());
            return false;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            var path = DatabasePath(app.Configuration);
            app.Logger.LogCritical(
                "Cannot use the database {Path}: {Reason} Fix: make sure its folder exists and this user can write the folder and the file, or point ConnectionStrings:Bdrc elsewhere.",
                path, ex is SqliteException sqlite ? $"SQLite error {sqlite.SqliteErrorCode} ({sqlite.Message.Split('\n')[0].Trim()})." : ex.Message);
            return false;
        }

        var options = app.Services.GetRequiredService<IOptions<Core.BdrcOptions>>().Value;
        if (app.Environment.IsDevelopment() && options.SeedDemoData)
        {
            app.Logger.LogInformation(
                "Demo sign-ins (password {Password}): {Users}",
                DemoOrganisation.Password,
                string.Join(", ", DemoOrganisation.Users.Select(u => u.Email)));
        }
        return true;
    }

    /// <summary>
    /// The data protection report needs its fonts (DejaVu embedded in Core, WenQuanYi Micro Hei from the system for CJK
    /// names). When one is missing, logs one line naming it and the fix, and returns false: the caller exits with an
    /// error code rather than failing later, on the first report.
    /// </summary>
    public static bool CheckReportFonts(this WebApplication app)
    {
        if (Core.Features.Reports.ReportFonts.Problem() is not { } problem)
            return true;
        app.Logger.LogCritical("Cannot generate data protection reports: {Problem}", problem);
        return false;
    }

    private static string DatabasePath(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(Core.DependencyInjection.ConnectionStringName) ?? "";
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(dataSource) ? connectionString : Path.GetFullPath(dataSource);
    }

    /// <summary>The request pipeline and endpoints.</summary>
    public static WebApplication UseBdrcWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapReportEndpoints();
        app.MapHealthEndpoints();
        // The security headers' policy already says frame-ancestors 'none'; Blazor's own header would be a second policy.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("BdrcConsole is running at {Urls}", string.Join(", ", app.Urls)));
        return app;
    }
}
