using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>A MudBlazor dialog or confirmation message box.</summary>
public sealed class MessageBox(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Button(string name) => Dialog.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>Clicks OK and waits until the box has closed.</summary>
    public async Task ConfirmAsync()
    {
        await Button("OK").ClickAsync();
        await Expect(Dialog).ToBeHiddenAsync();
    }
}
