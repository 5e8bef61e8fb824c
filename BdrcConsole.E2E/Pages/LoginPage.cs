using Microsoft.Playwright;

namespace BdrcConsole.E2E.Pages;

/// <summary>The static sign-in form at /login.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Email => page.GetByLabel("Email");
    public ILocator Password => page.GetByLabel("Password");
    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task GotoAsync() => await page.GotoAsync("/login");

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }
}
