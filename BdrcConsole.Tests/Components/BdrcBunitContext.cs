using System.Security.Claims;
using AngleSharp.Dom;
using BdrcConsole.Core;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.TrustedServices;
using BdrcConsole.Security;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace BdrcConsole.Tests.Components;

/// <summary>
/// A bUnit context for console pages: MudBlazor without transitions, an interactive Server renderer,
/// the real Core over its own temporary SQLite file seeded with the demo organisation, and the
/// web's per-circuit state. Sign in with <see cref="SignInAsync"/> before rendering a page.
/// </summary>
public abstract class BdrcBunitContext : BunitContext, IAsyncLifetime
{
    // Seeding hashes the demo users' passwords, which takes seconds on a busy machine: seed once, copy per test.
    private static readonly Lazy<Task<string>> SeededTemplate = new(CreateSeededTemplateAsync);

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"bdrc-bunit-{Guid.NewGuid():N}.db");
    private readonly BunitAuthorizationContext authorization;

    protected BdrcBunitContext()
    {
        // Pages load from SQLite; on a busy CI machine that can exceed bUnit's 1 s default. Passing waits return at once.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.PopoverOptions.CheckForPopoverProvider = false;
            options.PopoverOptions.Duration = TimeSpan.Zero;
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });

        AddCore(Services, databasePath);

        Services.AddScoped<CurrentActor>();
        Services.AddScoped<AccountSelection>();
        Services.AddScoped<ConsoleSession>();
        Services.AddScoped<PolicyNotifications>();
        // The layout keeps the selection in the tab's protected session storage (browser calls go to bUnit's JSInterop).
        Services.AddDataProtection();
        Services.AddScoped<ProtectedSessionStorage>();
        Services.AddScoped<SelectionStore>();
        authorization = AddAuthorization();

        // Creating the renderer builds the service provider, so this comes after every registration.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected TrustedServiceService TrustedServices => Services.GetRequiredService<TrustedServiceService>();
    protected CrossAccountService CrossAccount => Services.GetRequiredService<CrossAccountService>();
    protected ConsoleSession Session => Services.GetRequiredService<ConsoleSession>();

    /// <summary>Gives the test its own copy of the seeded database; the initializer then only confirms it is migrated.</summary>
    public async Task InitializeAsync()
    {
        var template = await SeededTemplate.Value;
        File.Copy(template, databasePath);
        if (File.Exists(template + "-wal"))
            File.Copy(template + "-wal", databasePath + "-wal");
        await Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    /// <summary>Signs the user in for the actor's account and loads the session, as the layout does before any page.</summary>
    protected async Task SignInAsync(Actor actor)
    {
        authorization.SetAuthorized(actor.UserName);
        authorization.SetClaims(new Claim(BdrcClaims.AccountId, actor.AccountId));
        await Session.RefreshAsync();
    }

    /// <summary>The management account makes acme-security the BDRC delegated administrator; optionally it enables cross-account management.</summary>
    protected async Task MakeSecurityDelegatedAdministratorAsync(bool enableCrossAccount)
    {
        await TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);
        if (enableCrossAccount)
            await CrossAccount.EnableAsync(Actors.Security);
    }

    /// <summary>
    /// acme-security manages the Production folder (acme-prod-web, acme-prod-data and, in Payments, acme-payments)
    /// and acme-sandbox directly: four managed accounts.
    /// </summary>
    protected async Task ManageProductionFolderAndSandboxAsync()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: true);
        await CrossAccount.SaveTargetsAsync(Actors.Security,
            [TargetSelection.ForFolder(DemoOrganisation.ProductionFolderId), TargetSelection.ForAccount(DemoOrganisation.SandboxId)]);
    }

    /// <summary>A page together with the providers its dialogs, popovers and snackbars render into.</summary>
    protected IRenderedComponent<ContainerFragment> RenderWithDialogs<TPage>() where TPage : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudBlazor.MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudBlazor.MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(3);
            builder.CloseComponent();
        });

    /// <summary>The one button whose visible text is exactly <paramref name="text"/>.</summary>
    protected static IElement ButtonWithText<TComponent>(IRenderedComponent<TComponent> rendered, string text) where TComponent : IComponent =>
        rendered.FindAll("button").Single(b => b.TextContent.Trim() == text);

    /// <summary>Waits until a button with the text appears (such as a message box's OK) and returns it.</summary>
    protected static IElement WaitForButton<TComponent>(IRenderedComponent<TComponent> rendered, string text) where TComponent : IComponent
    {
        rendered.WaitForAssertion(() => ButtonWithText(rendered, text));
        return ButtonWithText(rendered, text);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        SqliteConnection.ClearAllPools();
        DeleteDatabase(databasePath);
    }

    private static void AddCore(IServiceCollection services, string databasePath)
    {
        services.AddLogging(logging => logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = $"Data Source={databasePath}",
                ["Bdrc:SeedDemoData"] = "true",
            })
            .Build());
        services.AddBdrcCore();
    }

    private static async Task<string> CreateSeededTemplateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bdrc-bunit-template-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        AddCore(services, path);
        await using (var provider = services.BuildServiceProvider())
            await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        // Closing the last connection checkpoints the WAL into the file; a WAL left behind is copied with it.
        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteDatabase(path);
        return path;
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try { File.Delete(path + suffix); }
            catch (IOException) { /* best effort: a leftover temp file must not fail the test */ }
        }
    }
}
