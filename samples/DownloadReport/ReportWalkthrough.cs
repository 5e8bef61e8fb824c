using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DownloadReport;

/// <summary>What the walkthrough signs in as, which accounts and group it picks, and where it saves the PDF.</summary>
/// <param name="Url">The console's address, e.g. http://localhost:5171.</param>
/// <param name="Accounts">Account names as the account switcher lists them; the signed-in account stays selected.</param>
/// <param name="Group">One of the signed-in account's resource groups, or null for all resources.</param>
/// <param name="OutputDirectory">Where the PDF is saved under the name the console gives it.</param>
public sealed record ReportWalkthroughOptions(string Url, string Email, string Password, IReadOnlyList<string> Accounts, string? Group, string OutputDirectory)
{
    /// <summary>Debian's Chromium; Playwright's own browser download is never needed.</summary>
    public string ChromiumPath { get; init; } = "/usr/bin/chromium";

    /// <summary>How long to wait for any one state of the console (sign-in, the preview, the download).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public const string Usage =
        "Usage: DownloadReport --url <console url> --email <user> --password <password> [--accounts <name>,<name>…] [--group <resource group>] [--out <folder>]";

    public static ReportWalkthroughOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return null;
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0 || !values.TryGetValue("url", out var url) || !values.TryGetValue("email", out var email) || !values.TryGetValue("password", out var password))
            return null;
        var accounts = values.TryGetValue("accounts", out var list) ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return new ReportWalkthroughOptions(url, email, password, accounts, values.GetValueOrDefault("group"), values.GetValueOrDefault("out") ?? Directory.GetCurrentDirectory());
    }
}

/// <summary>
/// The console driven as a user drives it, through the accessible names the README documents: sign in, select accounts
/// in the account switcher, open the Overview, pick a resource group, click Preview and Download Report, wait for the
/// preview, click Download Report and save the PDF.
/// </summary>
public static class ReportWalkthrough
{
    /// <summary>Runs the walkthrough and returns the path of the saved PDF.</summary>
    public static async Task<string> RunAsync(ReportWalkthroughOptions options)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = options.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        await using var context = await browser.NewContextAsync(new() { BaseURL = options.Url, AcceptDownloads = true });
        context.SetDefaultTimeout((float)options.Timeout.TotalMilliseconds);
        var page = await context.NewPageAsync();

        // Sign in: the form's fields are labelled "Email" and "Password", its button "Sign in".
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(options.Email);
        await page.GetByLabel("Password").FillAsync(options.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Sign-in lands on the Overview; clicks count once the console is interactive (its root says data-interactive=true).
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 }).WaitForAsync();
        await page.Locator("#console-root[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // The account switcher: the app-bar button "Accounts: …" opens the "Select accounts" dialog; each account is a
        // checkbox named "<name> (<account id>)", found through the "Search accounts" box.
        if (options.Accounts.Count > 0)
        {
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accounts: ") }).ClickAsync();
            var panel = page.GetByRole(AriaRole.Dialog, new() { Name = "Select accounts" });
            await panel.WaitForAsync();
            foreach (var name in options.Accounts)
            {
                await panel.GetByRole(AriaRole.Searchbox, new() { Name = "Search accounts" }).FillAsync(name);
                var account = panel.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex($"^{Regex.Escape(name)} \\(\\d{{16}}\\)") });
                if (!await account.IsCheckedAsync())
                {
                    await account.ClickAsync();
                    await Assertions.Expect(account).ToBeCheckedAsync(new() { Timeout = (float)options.Timeout.TotalMilliseconds });
                }
            }
            await panel.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
            await panel.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        }

        // The Overview, and its "Resource group" filter (a combobox whose options are the account's own groups).
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview", Exact = true }).ClickAsync();
        if (options.Group is { } group)
        {
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Resource group", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = group, Exact = true }).ClickAsync();
            // The page puts the filter into its URL in place (no page load to wait for): poll the address instead.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]group=\\d+"), new() { Timeout = (float)options.Timeout.TotalMilliseconds });
        }

        // "Preview and Download Report" opens a dialog of that name; its "Report preview" appears once the report is
        // ready, and "Download Report" then links to the PDF.
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview and Download Report", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Preview and Download Report" });
        var refusal = dialog.GetByRole(AriaRole.Alert);
        await dialog.GetByRole(AriaRole.Article, new() { Name = "Report preview" }).Or(refusal).First.WaitForAsync();
        if (await refusal.IsVisibleAsync())
            throw new InvalidOperationException($"The console refused the report: {await refusal.InnerTextAsync()}");
        var download = await page.RunAndWaitForDownloadAsync(
            () => dialog.GetByRole(AriaRole.Link, new() { Name = "Download Report", Exact = true }).ClickAsync());
        if (await download.FailureAsync() is { } failure)
            throw new InvalidOperationException($"The download failed: {failure}");
        Directory.CreateDirectory(options.OutputDirectory);
        var path = Path.Combine(options.OutputDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }
}
