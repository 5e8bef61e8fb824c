using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>Trusted Services › BDRC: the delegated administrator account of BDRC.</summary>
public sealed class BdrcTrustedServicePage(IPage page)
{
    public const string Path = "/trusted-services/bdrc";

    private readonly MessageBox messageBox = new(page);

    public ILocator DelegatedAdministratorHeading =>
        page.GetByRole(AriaRole.Heading, new() { Name = "Delegated Administrator Account" });
    public ILocator AddButton => page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true });
    public ILocator Administrators => page.GetByRole(AriaRole.Region, new() { Name = "Delegated administrator accounts" });
    /// <summary>The error alert on the page itself (snackbars are alerts too, but live outside the main content).</summary>
    public ILocator Refusal => page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Alert);

    public ILocator AdministratorRow(string accountName) =>
        Administrators.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = accountName, Exact = true }) });

    public ILocator RemoveButton(string accountName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Remove {accountName}", Exact = true });

    public async Task GotoAsync() => await new ConsoleShell(page).GotoAsync(Path);

    /// <summary>Add › pick the member account in the dialog › OK.</summary>
    public async Task AddDelegatedAdministratorAsync(string candidateLabel)
    {
        await AddButton.ClickAsync();
        await messageBox.Dialog.GetByRole(AriaRole.Radio, new() { Name = candidateLabel, Exact = true }).CheckAsync();
        await messageBox.ConfirmAsync();
    }

    /// <summary>Remove › OK in the confirmation. The service may still refuse; see <see cref="Refusal"/>.</summary>
    public async Task RemoveDelegatedAdministratorAsync(string accountName)
    {
        await RemoveButton(accountName).ClickAsync();
        await messageBox.ConfirmAsync();
    }
}
