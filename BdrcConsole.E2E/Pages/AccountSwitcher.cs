using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>
/// The account switcher of the app bar and its "Select accounts" panel: a search box, Select all and Clear, the
/// folders and the (virtualized) account list, selected accounts first.
/// </summary>
public sealed class AccountSwitcher(IPage page)
{
    /// <summary>The app-bar button; it shows "&lt;first selected&gt; +N" or "All N accounts".</summary>
    public ILocator Button => page.GetByTestId("account-switcher");
    public ILocator Panel => page.GetByRole(AriaRole.Dialog, new() { Name = "Select accounts" });
    public ILocator Search => Panel.GetByRole(AriaRole.Searchbox, new() { Name = "Search accounts" });
    /// <summary>"Select all (adds N)" while the search shows unselected accounts, then "Select all".</summary>
    public ILocator SelectAll => Panel.GetByRole(AriaRole.Button, new() { Name = "Select all" });
    public ILocator Clear => Panel.GetByRole(AriaRole.Button, new() { Name = "Clear", Exact = true });
    /// <summary>"N of M selected[ · K shown]".</summary>
    public ILocator Status => Panel.GetByTestId("account-switcher-status");
    /// <summary>The account checkboxes of a multi-account page (only the rendered part of a long list).</summary>
    public ILocator Checkboxes => Panel.GetByRole(AriaRole.Group, new() { Name = "Accounts", Exact = true }).GetByRole(AriaRole.Checkbox);
    /// <summary>The radios of a single-account page.</summary>
    public ILocator Radios => Panel.GetByRole(AriaRole.Radiogroup, new() { Name = "Account", Exact = true }).GetByRole(AriaRole.Radio);

    /// <summary>A Resource Directory folder's checkbox, named "&lt;folder&gt; (&lt;visible accounts&gt;)".</summary>
    public ILocator Folder(string name, int accounts) =>
        Panel.GetByRole(AriaRole.Region, new() { Name = "Folders", Exact = true }).GetByRole(AriaRole.Checkbox, new() { Name = $"{name} ({accounts})", Exact = true });

    /// <summary>"acme-prod-web (1536000000000201)"; the signed-in account's own label ends in " · current account".</summary>
    public static string Label(string name, string accountId, bool own = false) =>
        $"{name} ({accountId}){(own ? " · current account" : "")}";

    public ILocator Account(string label) => Panel.GetByRole(AriaRole.Checkbox, new() { Name = label, Exact = true });
    public ILocator SingleAccount(string label) => Panel.GetByRole(AriaRole.Radio, new() { Name = label, Exact = true });

    public async Task OpenAsync()
    {
        await Button.ClickAsync();
        await Expect(Panel).ToBeVisibleAsync();
    }

    /// <summary>Types into the search box and waits until the status line reports the filtered count.</summary>
    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Expect(Status).ToContainTextAsync(" shown");
    }

    public async Task CloseAsync()
    {
        await Panel.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(Panel).ToBeHiddenAsync();
    }

    /// <summary>Clicks the accounts' checkboxes in this order (selection order is click order), checking or unchecking each.</summary>
    public async Task ToggleAsync(params string[] labels)
    {
        foreach (var label in labels)
        {
            var checkbox = Account(label);
            var wasChecked = await checkbox.IsCheckedAsync();
            await checkbox.ClickAsync();
            // The circuit re-renders the box; wait for it so the next click applies to the new selection.
            if (wasChecked)
                await Expect(checkbox).Not.ToBeCheckedAsync();
            else
                await Expect(checkbox).ToBeCheckedAsync();
        }
    }
}
