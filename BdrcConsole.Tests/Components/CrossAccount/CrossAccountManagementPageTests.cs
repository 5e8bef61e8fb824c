using BdrcConsole.Components.Pages.CrossAccount;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.Components.CrossAccount;

public class CrossAccountManagementPageTests : BdrcBunitContext
{
    [Fact]
    public async Task Render_NoDelegatedAdministratorSet_ShowsNoAccessWithPrerequisiteFixSteps()
    {
        await SignInAsync(Actors.Security);

        var page = Render<CrossAccountManagementPage>();

        page.WaitForAssertion(() => Assert.Equal("No access", page.Find("h1").TextContent.Trim()));
        Assert.Contains("Only the BDRC delegated administrator account can use cross-account management.", page.Find("[role=alert]").TextContent);
        var items = PrerequisiteItems(page);
        Assert.Equal(3, items.Count);
        Assert.Contains("Resource Directory is enabled and your account belongs to it: Passed", items[0]);
        Assert.DoesNotContain("How to fix", items[0]);
        Assert.Contains("A BDRC delegated administrator is set: Not met", items[1]);
        Assert.Contains("How to fix: " + CrossAccountService.SetAdministratorStep, items[1]);
        Assert.Contains("You are signed in with the BDRC delegated administrator account: Not met", items[2]);
        Assert.Empty(page.FindAll("a[href='/cross-account/account-management']"));
    }

    [Fact]
    public async Task Render_AnotherAccountIsDelegatedAdministrator_TellsWhichAccountToSignInWith()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: true);
        await SignInAsync(Actors.ProdWeb);

        var page = Render<CrossAccountManagementPage>();

        page.WaitForAssertion(() => Assert.Equal("No access", page.Find("h1").TextContent.Trim()));
        var items = PrerequisiteItems(page);
        Assert.Contains("A BDRC delegated administrator is set: Passed", items[1]);
        Assert.Contains($"How to fix: Sign in with the delegated administrator account, acme-security ({DemoOrganisation.SecurityId}).", items[2]);
    }

    [Fact]
    public async Task Render_AdministratorNotEnabled_OffersEnableButtonWithPassedCheck()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);
        await SignInAsync(Actors.Security);

        var page = Render<CrossAccountManagementPage>();

        page.WaitForAssertion(() => Assert.False(ButtonWithText(page, "Enable Cross-account Management").HasAttribute("disabled")));
        Assert.All(PrerequisiteItems(page), item => Assert.Contains(": Passed", item));
        Assert.Empty(page.FindAll("a[href='/cross-account/account-management']"));
    }

    [Fact]
    public async Task ClickEnable_AdministratorNotEnabled_EnablesAndShowsAccountManagementLink()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);
        await SignInAsync(Actors.Security);
        var page = Render<CrossAccountManagementPage>();
        page.WaitForAssertion(() => ButtonWithText(page, "Enable Cross-account Management"));

        ButtonWithText(page, "Enable Cross-account Management").Click();

        page.WaitForAssertion(() =>
        {
            var link = page.Find("a[href='/cross-account/account-management']");
            Assert.Equal("Account Management", link.TextContent.Trim());
            Assert.Contains("No member account is managed yet.", page.Markup);
        });
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Enable Cross-account Management"));
        Assert.True((await CrossAccount.GetStatusAsync(Actors.Security)).Enabled);
        Assert.True(Session.Access.CrossAccountEnabled);
    }

    [Fact]
    public async Task Render_FolderAndAccountManaged_ListsEachAccountWithHowItIsManaged()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);

        var page = Render<CrossAccountManagementPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("tbody tr").Count));
        var methodByName = page.FindAll("tbody tr")
            .Select(row => row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList())
            .ToDictionary(cells => cells[0], cells => cells[3]);
        Assert.Equal("Via folder Root/Production", methodByName["acme-prod-web"]);
        Assert.Equal("Via folder Root/Production", methodByName["acme-prod-data"]);
        Assert.Equal("Via folder Root/Production", methodByName["acme-payments"]);
        Assert.Equal("Managed directly", methodByName["acme-sandbox"]);
        Assert.Contains("Member accounts (4)", page.Markup);
    }

    [Fact]
    public async Task Render_AccountManagedThroughFolder_RemoveIsDisabledWithCoresReason()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);

        var view = RenderWithDialogs<CrossAccountManagementPage>();

        view.WaitForElement("button[aria-label='Remove from Management acme-prod-web']");
        var folderManaged = view.Find("button[aria-label='Remove from Management acme-prod-web']");
        Assert.True(folderManaged.HasAttribute("disabled"));
        Assert.Contains("acme-prod-web is managed through folder Root/Production and cannot be removed individually.",
            folderManaged.GetAttribute("aria-description"));
        Assert.False(view.Find("button[aria-label='Remove from Management acme-sandbox']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RemoveFromManagement_DirectoryChangedSinceTheListLoaded_ShowsCoresRefusalWithAccountManagementLink()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        var view = RenderWithDialogs<CrossAccountManagementPage>();
        view.WaitForElement("button[aria-label='Remove from Management acme-sandbox']");
        // Meanwhile (another tab) the entire directory comes under management: acme-sandbox can no longer leave on its own.
        await CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.EntireDirectory, TargetSelection.ForAccount(DemoOrganisation.SandboxId)]);

        view.Find("button[aria-label='Remove from Management acme-sandbox']").Click();
        WaitForButton(view, "OK").Click();

        view.WaitForAssertion(() =>
        {
            var alert = view.Find(".mud-alert[role=alert]");
            Assert.Contains("acme-sandbox is managed through the entire resource directory and cannot be removed individually.", alert.TextContent);
            Assert.Equal("/cross-account/account-management", alert.QuerySelector("a")!.GetAttribute("href"));
            Assert.Equal("Account Management", alert.QuerySelector("a")!.TextContent.Trim());
        });
    }

    [Fact]
    public async Task RemoveFromManagement_DirectlyManagedAccountConfirmed_RemovesItsRow()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        var view = RenderWithDialogs<CrossAccountManagementPage>();
        view.WaitForElement("button[aria-label='Remove from Management acme-sandbox']");

        view.Find("button[aria-label='Remove from Management acme-sandbox']").Click();
        WaitForButton(view, "OK").Click();

        view.WaitForAssertion(() =>
        {
            Assert.Equal(3, view.FindAll("tbody tr").Count);
            Assert.DoesNotContain("acme-sandbox", view.Find("tbody").TextContent);
        });
        Assert.Empty(view.FindAll(".mud-alert[role=alert]"));
        Assert.DoesNotContain(DemoOrganisation.SandboxId, Services.GetRequiredService<AccountSelection>().AvailableAccounts.Select(a => a.AccountId));
    }

    private static List<string> PrerequisiteItems<TComponent>(IRenderedComponent<TComponent> page) where TComponent : IComponent =>
        page.FindAll("[aria-label='Prerequisite check'] .mud-list-item").Select(item => item.TextContent.Trim()).ToList();
}
