using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>The account switcher of the app bar and its "Select accounts" panel.</summary>
public sealed class AccountSwitcher(IPage page)
{
    /// <summary>The app-bar button; it shows "&lt;first selected&gt; +N".</summary>
    public ILocator Button => page.GetByTestId("account-switcher");
    public ILocator Panel => page.GetByRole(AriaRole.Dialog, new() { Name = "Select accounts" });
    /// <summary>The checkboxes of a multi-account page.</summary>
    public ILocator Checkboxes => Panel.GetByRole(AriaRole.Checkbox);
    /// <summary>The radios of a single-account page.</summary>
    public ILocator Radios => Panel.GetByRole(AriaRole.Radio);

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
