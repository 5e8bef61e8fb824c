using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>A member account that is not the delegated administrator is refused the management pages.</summary>
public sealed class AccessTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public Task MemberAccount_OpensManagementPages_SeesNoAccess() => RunAsync(async () =>
    {
        var page = await SignInAsAsync("web@acme.test");
        var shell = new ConsoleShell(page);
        var noAccess = page.GetByRole(AriaRole.Heading, new() { Name = "No access", Level = 1 });

        await shell.GotoAsync("/trusted-services");
        await Expect(noAccess).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Manage BDRC" })).ToHaveCountAsync(0);

        await shell.GotoAsync(BdrcTrustedServicePage.Path);
        await Expect(noAccess).ToBeVisibleAsync();
        await Expect(new BdrcTrustedServicePage(page).AddButton).ToHaveCountAsync(0);

        await shell.GotoAsync(CrossAccountPage.Path);
        await Expect(noAccess).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Prerequisite check" })).ToBeVisibleAsync();
        await Expect(new CrossAccountPage(page).EnableButton).ToHaveCountAsync(0);

        await shell.GotoAsync(AccountManagementPage.Path);
        await Expect(noAccess).ToBeVisibleAsync();
        await Expect(new AccountManagementPage(page).Target("Folder Root/Production")).ToHaveCountAsync(0);
    });
}
