using BdrcConsole.Components.Pages.TrustedServices;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Tests.TestSupport;
using Bunit;

namespace BdrcConsole.Tests.Components.TrustedServices;

public class BdrcTrustedServicePageTests : BdrcBunitContext
{
    [Fact]
    public async Task Render_DelegatedAdministratorManagingAccounts_ListsItWithManagedCount()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Management);

        var page = Render<BdrcTrustedServicePage>();

        page.WaitForAssertion(() =>
        {
            var cells = Assert.Single(page.FindAll("tbody tr")).QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
            Assert.Equal("acme-security", cells[0]);
            Assert.Equal(DemoOrganisation.SecurityId, cells[1]);
            Assert.Equal("4", cells[2]);
        });
    }

    [Fact]
    public async Task Render_NoDelegatedAdministrator_AddIsEnabled()
    {
        await SignInAsync(Actors.Management);

        var page = Render<BdrcTrustedServicePage>();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("No delegated administrator is set.", page.Markup);
            Assert.False(ButtonWithText(page, "Add").HasAttribute("disabled"));
        });
    }

    [Fact]
    public async Task Render_MaximumDelegatedAdministratorsReached_AddIsDisabled()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);
        await SignInAsync(Actors.Management);

        var page = Render<BdrcTrustedServicePage>();

        page.WaitForAssertion(() =>
        {
            Assert.Single(page.FindAll("tbody tr"));
            Assert.True(ButtonWithText(page, "Add").HasAttribute("disabled"));
            Assert.Contains("BDRC allows at most 1 delegated administrator.", page.Markup);
        });
    }

    [Fact]
    public async Task Remove_AdministratorStillManagingAccounts_ShowsRefusalWithCount()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Management);
        var view = RenderWithDialogs<BdrcTrustedServicePage>();
        view.WaitForElement("button[aria-label='Remove acme-security']");

        view.Find("button[aria-label='Remove acme-security']").Click();
        view.WaitForAssertion(() => Assert.Contains("Remove acme-security (1536000000000101) as the BDRC delegated administrator?", view.Markup));
        ButtonWithText(view, "OK").Click();

        view.WaitForAssertion(() =>
        {
            var alert = view.Find(".mud-alert[role=alert]").TextContent;
            Assert.Contains("still manages 4 member accounts", alert);
            Assert.Contains("Account Management", alert);
        });
        Assert.DoesNotContain("as the BDRC delegated administrator?", view.Markup);
        Assert.Equal("acme-security", view.Find("tbody tr td").TextContent.Trim());
        Assert.Single(await TrustedServicesAdministratorsAsync());
    }

    [Fact]
    public async Task Remove_AdministratorManagingNothingConfirmed_RemovesItAndEnablesAdd()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: true);
        await SignInAsync(Actors.Management);
        var view = RenderWithDialogs<BdrcTrustedServicePage>();
        view.WaitForElement("button[aria-label='Remove acme-security']");

        view.Find("button[aria-label='Remove acme-security']").Click();
        WaitForButton(view, "OK").Click();

        view.WaitForAssertion(() =>
        {
            Assert.Contains("No delegated administrator is set.", view.Markup);
            Assert.False(ButtonWithText(view, "Add").HasAttribute("disabled"));
        });
        Assert.Empty(view.FindAll(".mud-alert[role=alert]"));
        Assert.Empty(await TrustedServicesAdministratorsAsync());
    }

    private async Task<IReadOnlyList<string>> TrustedServicesAdministratorsAsync() =>
        (await TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators.Select(d => d.AccountId).ToList();
}
