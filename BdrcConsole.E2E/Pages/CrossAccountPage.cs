using Microsoft.Playwright;

namespace BdrcConsole.E2E.Pages;

/// <summary>Cross-account Management: enabling it and the list of managed member accounts.</summary>
public sealed class CrossAccountPage(IPage page)
{
    public const string Path = "/cross-account";

    private readonly MessageBox messageBox = new(page);

    public ILocator EnableButton => page.GetByRole(AriaRole.Button, new() { Name = "Enable Cross-account Management" });
    public ILocator AccountManagementButton => page.GetByRole(AriaRole.Link, new() { Name = "Account Management", Exact = true });
    public ILocator ManagedAccounts => page.GetByRole(AriaRole.Region, new() { Name = "Managed member accounts" });
    /// <summary>The error alert on the page itself (snackbars are alerts too, but live outside the main content).</summary>
    public ILocator Refusal => page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Alert);

    /// <summary>The managed-accounts row whose Account name cell is exactly <paramref name="accountName"/>.</summary>
    public ILocator Row(string accountName) =>
        ManagedAccounts.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = accountName, Exact = true }) });

    public ILocator RemoveFromManagementButton(string accountName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Remove from Management {accountName}", Exact = true });

    public async Task GotoAsync() => await new ConsoleShell(page).GotoAsync(Path);

    public async Task EnableAsync() => await EnableButton.ClickAsync();

    public async Task<AccountManagementPage> OpenAccountManagementAsync()
    {
        await AccountManagementButton.ClickAsync();
        return new AccountManagementPage(page);
    }

    /// <summary>Clicks Remove from Management; the caller confirms or expects a refusal.</summary>
    public async Task RequestRemoveFromManagementAsync(string accountName) =>
        await RemoveFromManagementButton(accountName).ClickAsync();

    public async Task ConfirmAsync() => await messageBox.ConfirmAsync();
}
