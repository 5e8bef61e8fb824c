using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>Cross-account Management › Account Management: which folders and accounts are managed.</summary>
public sealed class AccountManagementPage(IPage page)
{
    public const string Path = "/cross-account/account-management";

    private readonly MessageBox messageBox = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Cross-account Management Configuration" });
    public ILocator OkButton => page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true });

    /// <summary>A target checkbox: "Entire resource directory", "Folder Root/Production", "Account acme-sandbox", ...</summary>
    public ILocator Target(string name) => page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });

    public async Task GotoAsync() => await new ConsoleShell(page).GotoAsync(Path);

    public async Task SelectAsync(string target) => await Target(target).CheckAsync();

    public async Task DeselectAsync(string target) => await Target(target).UncheckAsync();

    /// <summary>OK saves; when accounts would leave management the console asks first, and OK confirms.</summary>
    public async Task SaveAsync(bool confirmRemoval = false)
    {
        await OkButton.ClickAsync();
        if (confirmRemoval)
            await messageBox.ConfirmAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{CrossAccountPage.Path}$"));
    }
}
