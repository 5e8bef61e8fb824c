using System.Text.RegularExpressions;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// The cross-account journey between the management account and the BDRC delegated administrator.
/// Its steps change the shared database in order, so they live in one test; other tests do not rely on them.
/// </summary>
public sealed class CrossAccountTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    private const string SecurityAccountLabel = "acme-security (1536000000000101)";

    [Fact]
    public Task DelegatedAdministrator_ManagesFolderAndAccount_RemovalRulesHoldOnBothSides() => RunAsync(async () =>
    {
        // Management account: Trusted Services › Manage BDRC › Add acme-security as delegated administrator.
        var management = await SignInAsAsync("management@acme.test");
        await new ConsoleShell(management).NavLink("Trusted Services").ClickAsync();
        await Expect(management.GetByRole(AriaRole.Heading, new() { Name = "Trusted Services", Level = 1 })).ToBeVisibleAsync();
        await management.GetByRole(AriaRole.Link, new() { Name = "Manage BDRC" }).ClickAsync();
        var bdrc = new BdrcTrustedServicePage(management);
        await Expect(bdrc.DelegatedAdministratorHeading).ToBeVisibleAsync();
        await bdrc.AddDelegatedAdministratorAsync(SecurityAccountLabel);
        await Expect(bdrc.AdministratorRow("acme-security")).ToContainTextAsync("1536000000000101");

        // Delegated administrator: enable cross-account management, then manage folder Production and acme-sandbox.
        var security = await SignInAsAsync("security@acme.test");
        var crossAccount = new CrossAccountPage(security);
        await crossAccount.GotoAsync();
        await crossAccount.EnableAsync();
        var accountManagement = await crossAccount.OpenAccountManagementAsync();
        await Expect(accountManagement.Heading).ToBeVisibleAsync();
        await accountManagement.SelectAsync("Folder Root/Production");
        await accountManagement.SelectAsync("Account acme-sandbox");
        await accountManagement.SaveAsync();

        // The folder brings its accounts (sub-folder Payments included); each row says how it is managed.
        await Expect(crossAccount.ManagedAccounts.GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 4);
        await Expect(crossAccount.Row("acme-prod-web")).ToContainTextAsync("Via folder Root/Production");
        await Expect(crossAccount.Row("acme-prod-data")).ToContainTextAsync("Via folder Root/Production");
        await Expect(crossAccount.Row("acme-payments")).ToContainTextAsync("Via folder Root/Production");
        await Expect(crossAccount.Row("acme-sandbox")).ToContainTextAsync("Managed directly");
        await Expect(crossAccount.Row("acme-sandbox")).ToContainTextAsync("Created");

        // An account managed through a folder cannot be removed on its own: its button is disabled and says why.
        await Expect(crossAccount.RemoveFromManagementButton("acme-prod-web")).ToBeDisabledAsync();
        await Expect(crossAccount.RemoveFromManagementButton("acme-prod-web"))
            .ToHaveAccessibleDescriptionAsync(new Regex("managed through folder Root/Production and cannot be removed individually"));

        // A directly managed account can be removed after confirming.
        await crossAccount.RequestRemoveFromManagementAsync("acme-sandbox");
        await crossAccount.ConfirmAsync();
        await Expect(crossAccount.Row("acme-sandbox")).ToHaveCountAsync(0);
        await Expect(crossAccount.ManagedAccounts.GetByRole(AriaRole.Row)).ToHaveCountAsync(1 + 3);

        // Management account: the delegated administrator cannot be removed while it manages accounts.
        await bdrc.GotoAsync();
        await bdrc.RemoveDelegatedAdministratorAsync("acme-security");
        await Expect(bdrc.Refusal).ToContainTextAsync("still manages 3 member accounts");
        await Expect(bdrc.AdministratorRow("acme-security")).ToBeVisibleAsync();

        // Delegated administrator: take folder Production out of management (the console asks first).
        await accountManagement.GotoAsync();
        await Expect(accountManagement.Target("Folder Root/Production")).ToBeCheckedAsync();
        await accountManagement.DeselectAsync("Folder Root/Production");
        await accountManagement.SaveAsync(confirmRemoval: true);
        await Expect(crossAccount.ManagedAccounts).ToContainTextAsync("No member account is managed yet");

        // Management account: now the delegated administrator can be removed.
        await bdrc.GotoAsync();
        await bdrc.RemoveDelegatedAdministratorAsync("acme-security");
        await Expect(bdrc.AdministratorRow("acme-security")).ToHaveCountAsync(0);
        await Expect(bdrc.Administrators).ToContainTextAsync("No delegated administrator is set");
    });
}
