using System.Text.RegularExpressions;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

public sealed class SignInTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public Task SignIn_WrongPassword_ShowsErrorAndStaysOnLogin() => RunAsync(async () =>
    {
        var page = await NewAnonymousPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SignInAsync("dev1@acme.test", "not-the-password");

        await Expect(login.Error).ToContainTextAsync("Incorrect email or password.");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await Expect(login.Email).ToHaveValueAsync("dev1@acme.test");
    });

    [Fact]
    public Task SignIn_CorrectPassword_ShowsConsoleForTheUser() => RunAsync(async () =>
    {
        var page = await SignInAsAsync("dev1@acme.test");

        var shell = new ConsoleShell(page);
        await Expect(page).ToHaveURLAsync(new Regex("/overview$"));
        await Expect(shell.SignedInUser).ToContainTextAsync("dev1@acme.test");
        // A member sees nothing it can never use: cross-account management is the delegated administrator's.
        await Expect(shell.NavLink("Overview")).ToBeVisibleAsync();
        await Expect(shell.NavLink("Cross-account Management")).ToHaveCountAsync(0);
        await Expect(shell.NavLink("Trusted Services")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Overview_Anonymous_RedirectsToLoginAndBackAfterSignIn() => RunAsync(async () =>
    {
        var page = await NewAnonymousPageAsync();

        await page.GotoAsync("/overview");

        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Foverview$", RegexOptions.IgnoreCase));
        var login = new LoginPage(page);
        await login.SignInAsync("dev1@acme.test", DemoPassword);
        await new ConsoleShell(page).WaitUntilInteractiveAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/overview$"));
    });
}
