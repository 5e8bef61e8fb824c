using BdrcConsole.Components;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.Identity;
using BdrcConsole.Endpoints;
using BdrcConsole.Security;
using BdrcConsole.State;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace BdrcConsole;

public static class WebRegistration
{
    /// <summary>Registers the web app: components, MudBlazor, sign-in and per-circuit state.</summary>
    public static WebApplicationBuilder AddBdrcWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);

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

        // Per-circuit state shared by every page of one browser session.
        services.AddScoped<CurrentActor>();
        services.AddScoped<AccountSelection>();
        services.AddScoped<ConsoleSession>();
        services.AddScoped<SelectionStore>();
        return builder;
    }

    /// <summary>Migrates the database and seeds the demo organisation when configured.</summary>
    public static async Task InitializeBdrcDatabaseAsync(this WebApplication app)
    {
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        await initializer.InitializeAsync();
        var options = app.Services.GetRequiredService<IOptions<Core.BdrcOptions>>().Value;
        if (app.Environment.IsDevelopment() && options.SeedDemoData)
        {
            app.Logger.LogInformation(
                "Demo sign-ins (password {Password}): {Users}",
                DemoOrganisation.Password,
                string.Join(", ", DemoOrganisation.Users.Select(u => u.Email)));
        }
    }

    /// <summary>The request pipeline and endpoints.</summary>
    public static WebApplication UseBdrcWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("BdrcConsole is running at {Urls}", string.Join(", ", app.Urls)));
        return app;
    }
}
