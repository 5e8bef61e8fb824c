using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// Base of the browser tests: each user gets a fresh browser context (its own cookies), closed after the test;
/// a failing test leaves screenshots of its pages in the temp folder (e2e-&lt;test&gt;-&lt;n&gt;.png).
/// A subclass names its xunit collection, and so the app host and browser it shares.
/// </summary>
public abstract class BrowserTest(ConsoleFixture fixture) : IAsyncLifetime
{
    public const string DemoPassword = "Demo@12345";

    private readonly List<IBrowserContext> contexts = [];
    private readonly List<string> policyViolations = [];

    protected ConsoleFixture Fixture { get; } = fixture;

    /// <summary>A page in a new browser context, not signed in.</summary>
    protected async Task<IPage> NewAnonymousPageAsync()
    {
        var context = await Fixture.Browser.NewContextAsync(new() { BaseURL = Fixture.App.BaseAddress });
        context.SetDefaultTimeout(30_000);
        // A script or style the content security policy blocks would break the console in ways a test may not see.
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (policyViolations)
                    policyViolations.Add(message.Text);
        };
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>A page in a new browser context, signed in as a demo user and showing the console.</summary>
    protected async Task<IPage> SignInAsAsync(string email)
    {
        var page = await NewAnonymousPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(email, DemoPassword);
        // Sign-in lands on "/", which forwards to Overview; wait for that so it cannot undo the test's first navigation.
        await Expect(page).ToHaveURLAsync(new Regex("/overview$"));
        await new ConsoleShell(page).WaitUntilInteractiveAsync();
        return page;
    }

    /// <summary>
    /// The common start of the cross-account journeys: the management account sets acme-security as the
    /// BDRC delegated administrator, and acme-security enables cross-account management and manages
    /// folder Root/Production (acme-prod-web, acme-prod-data, acme-payments). Returns acme-security's page.
    /// </summary>
    protected async Task<IPage> SecurityManagesProductionFolderAsync()
    {
        var management = await SignInAsAsync("management@acme.test");
        var bdrc = new BdrcTrustedServicePage(management);
        await bdrc.GotoAsync();
        await bdrc.AddDelegatedAdministratorAsync(AccountSwitcher.Label("acme-security", DemoOrganisation.SecurityId));
        await Expect(bdrc.AdministratorRow("acme-security")).ToBeVisibleAsync();

        var security = await SignInAsAsync("security@acme.test");
        var crossAccount = new CrossAccountPage(security);
        await crossAccount.GotoAsync();
        await crossAccount.EnableAsync();
        var accountManagement = await crossAccount.OpenAccountManagementAsync();
        await accountManagement.SelectAsync("Folder Root/Production");
        await accountManagement.SaveAsync();
        foreach (var member in new[] { "acme-prod-web", "acme-prod-data", "acme-payments" })
            await Expect(crossAccount.Row(member)).ToContainTextAsync("Via folder Root/Production");
        return security;
    }

    /// <summary>
    /// Runs the test body and, when it fails, saves a screenshot of every page it opened to the temp folder.
    /// The test also fails when the server logged an error meanwhile, including while its pages were closing.
    /// </summary>
    protected async Task RunAsync(Func<Task> test, [CallerMemberName] string testName = "")
    {
        var errorsBefore = Fixture.App.Errors.Count;
        try
        {
            await test();
            await ScanOpenPagesAsync();
        }
        catch
        {
            await SaveScreenshotsAsync(testName);
            throw;
        }

        await CloseAllPagesAsync();
        var errors = Fixture.App.Errors.Since(errorsBefore);
        Assert.True(errors.Count == 0, $"The server logged {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        Assert.True(policyViolations.Count == 0, $"The browser blocked content:{Environment.NewLine}{string.Join(Environment.NewLine, policyViolations)}");
    }

    /// <summary>
    /// Where a journey ends is a page it visited too (often reached by clicks, not by URL): each console page still
    /// open and interactive gets the same axe scan as a page opened through <see cref="ConsoleShell.GotoAsync"/>.
    /// </summary>
    private async Task ScanOpenPagesAsync()
    {
        foreach (var page in contexts.SelectMany(c => c.Pages).Where(p => !p.IsClosed).ToList())
        {
            if (await page.Locator("#console-root[data-interactive=true]").CountAsync() == 0)
                continue;
            await Expect(new ConsoleShell(page).Loading).ToHaveCountAsync(0);
            await Accessibility.AssertAccessibleAsync(page);
        }
    }

    private async Task SaveScreenshotsAsync(string testName)
    {
        var pages = contexts.SelectMany(c => c.Pages).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            try
            {
                var path = Path.Combine(Path.GetTempPath(), $"e2e-{testName}-{i + 1}.png");
                await pages[i].ScreenshotAsync(new() { Path = path, FullPage = true });
            }
            catch (PlaywrightException)
            {
                // A closed page has nothing to show; keep the test's own failure.
            }
        }
    }

    /// <summary>
    /// Leaves every page (so Blazor disposes its circuit, as when a user closes the tab) and waits for the app to
    /// have no circuit open, so that errors raised while disposing are attributed to this test.
    /// </summary>
    private async Task CloseAllPagesAsync()
    {
        foreach (var page in contexts.SelectMany(c => c.Pages).ToList())
            await page.GotoAsync("about:blank");
        foreach (var context in contexts)
            await context.DisposeAsync();
        contexts.Clear();

        // A polled state, not a fixed wait: most circuits close within milliseconds of the page leaving.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Fixture.App.Circuits.Open > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
            await context.DisposeAsync();
    }
}
