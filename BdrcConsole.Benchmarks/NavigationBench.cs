using System.Diagnostics;
using BdrcConsole.Core;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.TrustedServices;
using BdrcConsole.E2E.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// Page navigation in the browser: from a click on the navigation menu to the first frame that shows the page's main
/// content, for the Overview (its score), ECS in the Resource Center (a resource row) and Risk Detection (the total
/// count and a risk row). On the demo organisation it also times the first sign-in after the console started.
/// </summary>
internal static class NavigationBench
{
    private static readonly TimeSpan TypingTime = TimeSpan.FromSeconds(3);

    internal sealed record Target(string Name, string Href, string Rendered);

    // "Rendered" is the page's answer in the DOM, never a loading indicator: none of these holds on the other pages.
    internal static readonly Target[] Targets =
    [
        new("Overview", "/overview", "document.querySelector('[data-testid=overview-score]')"),
        new("ECS (Resource Center)", "/resource-center/ecs", "document.querySelector('[aria-label=\"ECS resources\"] button[data-resource-id]')"),
        new("Risk Detection", "/risk-detection",
            "document.querySelector('[aria-label=\"Risks\"] tbody tr a') && document.querySelector('[data-testid=risk-count-total]')?.textContent.trim() !== '–'"),
    ];

    /// <summary>Times a click on each page's menu link until it is rendered, coming from the page before it in the list.</summary>
    public static async Task<List<(string, double, double, double)>> MeasurePagesAsync(IPage page, string estate, double goalMs)
    {
        var results = new List<(string, double, double, double)>();
        for (var i = 0; i < Targets.Length; i++)
        {
            var target = Targets[i];
            var previous = Targets[(i + Targets.Length - 1) % Targets.Length];
            results.Add(await BrowserBench.MeasureAsync($"Browser: {estate}: click to {target.Name} rendered", goalMs, async () =>
            {
                await NavigateAsync(page, previous);
                return await NavigateAsync(page, target);
            }));
        }
        return results;
    }

    private static Task<double> NavigateAsync(IPage page, Target target) =>
        BrowserBench.TimeInPageAsync(page, $"document.querySelector('nav a[href=\"{target.Href}\"]').click()", target.Rendered);

    /// <summary>
    /// The demo organisation in a new database, with acme-security as delegated administrator managing Root/Production.
    /// Starts the console without and with its start-up warm-up and times the first sign-in after each start
    /// (and a second one); then page navigation on the warmed console.
    /// </summary>
    public static async Task<List<(string Name, double Median, double P95, double Goal)>> RunDemoAsync()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"bdrc-bench-demo-{Guid.NewGuid():N}.db");
        try
        {
            await CreateDemoAsync(databasePath);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await SystemChromium.LaunchAsync(playwright);
            var results = new List<(string Name, double Median, double P95, double Goal)>();
            foreach (var warmUp in new[] { false, true })
            {
                var baseAddress = $"http://127.0.0.1:{BrowserBench.FreePort()}";
                var started = Stopwatch.StartNew();
                using var app = BrowserBench.StartApp(databasePath, baseAddress, warmUp);
                try
                {
                    await BrowserBench.WaitUntilListeningAsync(baseAddress, app);
                    var ready = started.Elapsed.TotalMilliseconds;
                    var first = await TimeSignInAsync(browser, baseAddress);
                    var second = await TimeSignInAsync(browser, baseAddress);
                    var mode = warmUp ? "with warm-up" : "no warm-up";
                    Console.WriteLine($"Demo, {mode}: /login answered {ready:0} ms after the process started; first sign-in {first.Elapsed:0} ms, second {second.Elapsed:0} ms.");
                    results.Add(($"Start, {mode}: process start until /login answers (polled every 250 ms; 1 run)", ready, double.NaN, double.NaN));
                    results.Add(($"Start, {mode}: first sign-in, /login + submit to the Overview's score (1 run)", first.Elapsed, double.NaN, double.NaN));
                    results.Add(($"Start, {mode}: the second sign-in, in a new browser context (1 run)", second.Elapsed, double.NaN, double.NaN));
                    await first.Context.CloseAsync();
                    await using var context = second.Context;
                    if (warmUp)
                    {
                        var page = context.Pages[0];
                        await SelectAllAsync(page);
                        results.AddRange(await MeasurePagesAsync(page, "demo (4 accounts)", 300));
                    }
                }
                finally
                {
                    app.Kill(entireProcessTree: true);
                    await app.WaitForExitAsync();
                }
            }
            return results;
        }
        finally
        {
            DeleteDatabase(databasePath);
        }
    }

    /// <summary>Deletes a temporary database with its WAL files.</summary>
    internal static void DeleteDatabase(string databasePath)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(databasePath + suffix);
    }

    /// <summary>Selects every account the signed-in user may see (from the account switcher).</summary>
    public static async Task SelectAllAsync(IPage page)
    {
        await BrowserBench.Switcher(page).ClickAsync();
        await BrowserBench.Panel(page).GetByRole(AriaRole.Button, new() { Name = "Select all" }).ClickAsync();
        await Expect(BrowserBench.Switcher(page)).ToContainTextAsync("All ");
        // Select all is disabled once everything is selected, and takes the focus (and Escape) with it.
        await BrowserBench.Panel(page).GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(BrowserBench.Panel(page)).ToBeHiddenAsync();
    }

    /// <summary>
    /// Signs in as acme-security in a new context until the Overview shows its score; prints the phases. A person takes
    /// seconds to type an e-mail and a password: the bench waits <see cref="TypingTime"/> after the sign-in page showed,
    /// and does not count that pause.
    /// </summary>
    private static async Task<(double Elapsed, IBrowserContext Context)> TimeSignInAsync(IBrowser browser, string baseAddress)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress, ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var stopwatch = Stopwatch.StartNew();
        await page.GotoAsync("/login");
        var login = stopwatch.Elapsed.TotalMilliseconds;
        await page.GetByLabel("Email").FillAsync("security@acme.test");
        await page.GetByLabel("Password").FillAsync(DemoOrganisation.Password);
        await Task.Delay(TypingTime);
        var posted = stopwatch.Elapsed.TotalMilliseconds;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/overview");
        var redirected = stopwatch.Elapsed.TotalMilliseconds;
        await Expect(page.Locator("#console-root[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 60_000 });
        var interactive = stopwatch.Elapsed.TotalMilliseconds;
        await Expect(page.GetByTestId("overview-score")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var done = stopwatch.Elapsed.TotalMilliseconds;
        var elapsed = done - (posted - login);
        Console.WriteLine($"Sign-in phases: /login page {login:0} ms; sign-in post to /overview {redirected - posted:0} ms; " +
            $"circuit interactive {interactive - redirected:0} ms; Overview score {done - interactive:0} ms.");
        return (elapsed, context);
    }

    internal static Task CreateDemoAsync(string databasePath) => CreateDemoAsync(BenchServices.On(databasePath, ("Bdrc:SeedDemoData", "true")));

    /// <summary>The demo on the database of <paramref name="services"/> (configured to seed it), which it disposes.</summary>
    internal static async Task CreateDemoAsync(ServiceProvider services)
    {
        await using var _ = services;
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var management = new Actor("management@acme.test", DemoOrganisation.ManagementId);
        var security = new Actor("security@acme.test", DemoOrganisation.SecurityId);
        await services.GetRequiredService<TrustedServiceService>().AddDelegatedAdministratorAsync(management, DemoOrganisation.SecurityId);
        var crossAccount = services.GetRequiredService<CrossAccountService>();
        await crossAccount.EnableAsync(security);
        await crossAccount.SaveTargetsAsync(security, [TargetSelection.ForFolder(DemoOrganisation.ProductionFolderId)]);
    }
}
