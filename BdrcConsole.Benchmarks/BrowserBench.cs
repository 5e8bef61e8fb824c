using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// <c>--browser</c>: the console on the synthetic estate (built Release app, Development environment, its own port),
/// driven by Debian's Chromium through Playwright, timing what the administrator waits for from the click to the
/// rendered answer: opening the account switcher, a search filtering the list, and Select all followed by the
/// Overview of every account. <c>--screenshots DIR</c> also saves the open switcher at 1280 and 1440 px wide.
/// </summary>
internal static class BrowserBench
{
    private const int Iterations = 15;

    public static async Task<List<(string Name, double Median, double P95, double Goal)>> RunAsync(
        string databasePath, IReadOnlyList<VisibleAccount> visible, string? screenshotDirectory)
    {
        var port = FreePort();
        var baseAddress = $"http://127.0.0.1:{port}";
        using var app = StartApp(databasePath, baseAddress);
        try
        {
            await WaitUntilListeningAsync(baseAddress, app);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await SystemChromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new() { BaseURL = baseAddress, ViewportSize = new() { Width = 1440, Height = 900 } });
            context.SetDefaultTimeout(30_000);
            SetDefaultExpectTimeout(30_000);
            var page = await context.NewPageAsync();
            await SignInAsync(page);

            var results = new List<(string, double, double, double)>
            {
                await MeasureOpenAsync(page),
                await MeasureSearchAsync(page, visible),
            };
            results.AddRange(await MeasureSelectAllAsync(page, visible.Count));
            await CheckReloadKeepsAllAsync(page, visible.Count);
            await NavigationBench.SelectAllAsync(page);
            results.AddRange(await NavigationBench.MeasurePagesAsync(page, $"{visible.Count} accounts selected", 500));
            if (screenshotDirectory is not null)
            {
                try
                {
                    await ScreenshotsAsync(page, screenshotDirectory);
                }
                catch (PlaywrightException ex)
                {
                    Console.Error.WriteLine($"Screenshots failed: {ex.Message}");
                }
            }
            return results;
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    internal static ILocator Switcher(IPage page) => page.GetByTestId("account-switcher");
    internal static ILocator Panel(IPage page) => page.GetByRole(AriaRole.Dialog, new() { Name = "Select accounts" });
    private static ILocator Status(IPage page) => Panel(page).GetByTestId("account-switcher-status");

    /// <summary>
    /// Times in the page itself, from a click (or an input event) to the first animation frame in which
    /// <paramref name="done"/> holds, so Playwright's own round trips and actionability checks are not counted.
    /// </summary>
    internal static Task<double> TimeInPageAsync(IPage page, string act, string done) =>
        page.EvaluateAsync<double>($$"""
            () => new Promise(resolve => {
                const start = performance.now();
                {{act}};
                const check = () => ({{done}}) ? resolve(performance.now() - start) : requestAnimationFrame(check);
                requestAnimationFrame(check);
            })
            """);

    private static Task SignInAsync(IPage page) => SignInAsync(page, SyntheticEstate.AdministratorEmail, SyntheticEstate.Password);

    internal static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/overview");
        await Expect(page.Locator("#console-root[data-interactive=true]")).ToBeAttachedAsync();
    }

    /// <summary>Click on the switcher button until the panel shows its first account rows.</summary>
    private static async Task<(string, double, double, double)> MeasureOpenAsync(IPage page)
    {
        var rows = Panel(page).GetByRole(AriaRole.Group, new() { Name = "Accounts", Exact = true }).GetByRole(AriaRole.Checkbox);
        return await MeasureAsync("Browser: open the account switcher (999 accounts)", 200, async () =>
        {
            var elapsed = await TimeInPageAsync(page,
                "document.querySelector('[data-testid=account-switcher]').click()",
                "document.querySelector('[data-account-switcher-panel] .account-switcher-list [data-switcher-row]')");
            await Expect(rows.First).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(Panel(page)).ToBeHiddenAsync();
            return elapsed;
        });
    }

    /// <summary>A search typed into the open switcher until the status line counts the matches.</summary>
    private static async Task<(string, double, double, double)> MeasureSearchAsync(IPage page, IReadOnlyList<VisibleAccount> visible)
    {
        string[] queries = ["synthetic-009", "synthetic-0004", "0000000000005", "synthetic-00", "synthetic-0099", "9"];
        await Switcher(page).ClickAsync();
        var search = Panel(page).GetByRole(AriaRole.Searchbox, new() { Name = "Search accounts" });
        await Expect(search).ToBeVisibleAsync();
        var i = 0;
        var result = await MeasureAsync("Browser: a search filters the account list (999 accounts)", 100, async () =>
        {
            var query = queries[i++ % queries.Length];
            var expected = visible.Count(a => a.DisplayName.Contains(query, StringComparison.OrdinalIgnoreCase) || a.AccountId.Contains(query));
            var elapsed = await TimeInPageAsync(page,
                $"const input = document.querySelector('[data-account-switcher-panel] input'); input.value = '{query}'; input.dispatchEvent(new Event('input', {{ bubbles: true }}))",
                $"document.querySelector('[data-testid=account-switcher-status]').textContent.includes('· {expected} shown')");
            await Expect(Status(page)).ToContainTextAsync($"· {expected} shown");
            await search.FillAsync("");
            await Expect(Status(page)).Not.ToContainTextAsync("shown");
            return elapsed;
        });
        await page.Keyboard.PressAsync("Escape");
        return result;
    }

    /// <summary>
    /// Select all in the open switcher on the Overview until the Overview shows its numbers for every account and the
    /// first 50 rows of its table (what it renders before "Show all"); apart, for scale,
    /// until the header says how many accounts are selected (the switcher's share, before the Overview's query and table).
    /// </summary>
    private static async Task<List<(string, double, double, double)>> MeasureSelectAllAsync(IPage page, int accounts)
    {
        var tableRows = page.GetByRole(AriaRole.Table, new() { Name = "Scores by account" }).Locator("tbody tr");
        const string selectAll = "[...document.querySelectorAll('[data-account-switcher-panel] button')].find(b => b.textContent.trim().startsWith('Select all')).click()";
        await Switcher(page).ClickAsync();
        await Expect(Panel(page).GetByRole(AriaRole.Button, new() { Name = "Select all" })).ToBeVisibleAsync();
        async Task ClearAsync()
        {
            await Panel(page).GetByRole(AriaRole.Button, new() { Name = "Clear", Exact = true }).ClickAsync();
            await Expect(tableRows).ToHaveCountAsync(0);
        }
        var overview = await MeasureAsync($"Browser: Select all, then the Overview of all {accounts} accounts rendered", 500, async () =>
        {
            var elapsed = await TimeInPageAsync(page, selectAll,
                $"document.querySelectorAll('table[aria-label=\"Scores by account\"] tbody tr').length === Math.min(50, {accounts})");
            await Expect(page.GetByTestId("overview-accounts")).ToHaveTextAsync($"{accounts} accounts selected");
            await ClearAsync();
            return elapsed;
        });
        var header = await MeasureAsync("Browser: Select all, until the header says how many (for scale)", double.NaN, async () =>
        {
            var elapsed = await TimeInPageAsync(page, selectAll,
                $"document.querySelector('[data-testid=overview-accounts]').textContent.trim() === '{accounts} accounts selected'");
            await Expect(tableRows).ToHaveCountAsync(Math.Min(50, accounts));
            await ClearAsync();
            return elapsed;
        });
        await page.Keyboard.PressAsync("Escape");
        return [overview, header];
    }

    /// <summary>
    /// Not timed: a reload keeps all the accounts selected. The stored selection is read back over the circuit, whose
    /// messages are limited to 32 KB, so this is where a selection stored too large would be lost.
    /// </summary>
    private static async Task CheckReloadKeepsAllAsync(IPage page, int accounts)
    {
        await Switcher(page).ClickAsync();
        await Panel(page).GetByRole(AriaRole.Button, new() { Name = "Select all" }).ClickAsync();
        await Expect(Switcher(page)).ToHaveTextAsync($"All {accounts} accounts");
        await page.Keyboard.PressAsync("Escape");
        await page.ReloadAsync();
        await Expect(page.Locator("#console-root[data-interactive=true]")).ToBeAttachedAsync();
        await Expect(Switcher(page)).ToHaveTextAsync($"All {accounts} accounts");
        Console.WriteLine($"A reload kept all {accounts} accounts selected.");
        await Switcher(page).ClickAsync();
        await Panel(page).GetByRole(AriaRole.Button, new() { Name = "Clear", Exact = true }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
    }

    private static async Task ScreenshotsAsync(IPage page, string directory)
    {
        Directory.CreateDirectory(directory);
        await Switcher(page).ClickAsync();
        await Panel(page).GetByRole(AriaRole.Region, new() { Name = "Folders" }).GetByRole(AriaRole.Checkbox).Nth(2).ClickAsync();
        await Panel(page).GetByRole(AriaRole.Searchbox, new() { Name = "Search accounts" }).FillAsync("synthetic-00");
        await Expect(Status(page)).ToContainTextAsync("shown");
        foreach (var width in new[] { 1280, 1440 })
        {
            await page.SetViewportSizeAsync(width, 900);
            var path = Path.Combine(directory, $"account-switcher-{width}.png");
            await page.ScreenshotAsync(new() { Path = path });
            Console.WriteLine($"Screenshot: {path}");
        }
        await page.Keyboard.PressAsync("Escape");
        await page.GotoAsync("/overview/panorama");
        await Expect(page.Locator("#console-root[data-interactive=true]")).ToBeAttachedAsync();
        await Switcher(page).ClickAsync();
        await Expect(Panel(page).GetByRole(AriaRole.Radio).First).ToBeVisibleAsync();
        var single = Path.Combine(directory, "account-switcher-single-1440.png");
        await page.ScreenshotAsync(new() { Path = single });
        Console.WriteLine($"Screenshot: {single}");
    }

    internal static async Task<(string, double, double, double)> MeasureAsync(string name, double goalMs, Func<Task<double>> run)
    {
        for (var i = 0; i < 2; i++)
            await run();
        var samples = new List<double>();
        for (var i = 0; i < Iterations; i++)
            samples.Add(await run());
        samples.Sort();
        var (median, p95) = (samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.95) - 1]);
        Console.WriteLine($"{name}: median {median:0} ms, p95 {p95:0} ms ({samples.Count} runs)");
        return (name, median, p95, goalMs);
    }

    internal static Process StartApp(string databasePath, string baseAddress, bool warmUpOnStart = true)
    {
        var project = Path.Combine(RepositoryRoot(), "BdrcConsole");
        var start = new ProcessStartInfo("dotnet", ["run", "--project", project, "-c", "Release", "--no-build", "--no-launch-profile", "--", "--urls", baseAddress])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot(),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Bdrc"] = $"Data Source={databasePath}";
        start.Environment["Bdrc__SeedDemoData"] = "false";
        start.Environment["Bdrc__WarmUpOnStart"] = warmUpOnStart ? "true" : "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The console did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"app: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitUntilListeningAsync(string baseAddress, Process app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (app.HasExited)
                throw new InvalidOperationException($"The console exited with code {app.ExitCode}.");
            try
            {
                if ((await http.GetAsync("/login")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The console did not answer within 3 minutes.");
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BdrcConsole.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Run the bench from the repository (BdrcConsole.sln not found above it).");
    }
}
