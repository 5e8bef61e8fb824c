using AngleSharp.Dom;
using BdrcConsole.Components.Pages.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BdrcConsole.Tests.Components.CrossAccount;

public class AccountManagementPageTests : BdrcBunitContext
{
    [Fact]
    public async Task Render_ExistingTargets_PreChecksThemAndLocksAccountsCoveredByTheFolder()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);

        var page = Render<AccountManagementPage>();

        page.WaitForAssertion(() => CheckBox(page, "Folder Root/Production"));
        var production = CheckBox(page, "Folder Root/Production");
        Assert.True(production.HasAttribute("checked"));
        Assert.False(production.HasAttribute("disabled"));
        foreach (var covered in new[] { "Folder Root/Production/Payments", "Account acme-prod-web", "Account acme-prod-data", "Account acme-payments" })
        {
            var box = CheckBox(page, covered);
            Assert.True(box.HasAttribute("checked"), $"{covered} should be checked");
            Assert.True(box.HasAttribute("disabled"), $"{covered} should be disabled");
        }
        var sandbox = CheckBox(page, "Account acme-sandbox");
        Assert.True(sandbox.HasAttribute("checked"));
        Assert.False(sandbox.HasAttribute("disabled"));
        Assert.False(EntireDirectoryCheckBox(page).HasAttribute("checked"));
        foreach (var unselected in new[] { "Folder Root/Development", "Account acme-dev-1", "Account acme-dev-2" })
        {
            var box = CheckBox(page, unselected);
            Assert.False(box.HasAttribute("checked"), $"{unselected} should not be checked");
            Assert.False(box.HasAttribute("disabled"), $"{unselected} should be selectable");
        }
        Assert.Contains("acme-security (1536000000000101) — your account, cannot be managed", page.Markup);
        Assert.Contains("Acme Management (1536000000000001) — management account, cannot be managed", page.Markup);
    }

    [Fact]
    public async Task Render_NotDelegatedAdministrator_ShowsNoAccess()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: true);
        await SignInAsync(Actors.ProdWeb);

        var page = Render<AccountManagementPage>();

        page.WaitForAssertion(() => Assert.Equal("No access", page.Find("h1").TextContent.Trim()));
        var alert = page.Find("[role=alert]").TextContent;
        Assert.Contains("Your account, acme-prod-web, cannot open Account Management.", alert);
        Assert.Contains("Only the BDRC delegated administrator account", alert);
        Assert.Equal("/cross-account", page.Find("a").GetAttribute("href"));
        Assert.Empty(page.FindAll("input[type=checkbox]"));
    }

    [Fact]
    public async Task Render_CrossAccountNotEnabled_ShowsNoAccessAskingToEnableFirst()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);
        await SignInAsync(Actors.Security);

        var page = Render<AccountManagementPage>();

        page.WaitForAssertion(() => Assert.Equal("No access", page.Find("h1").TextContent.Trim()));
        Assert.Contains("Cross-account management is not enabled.", page.Find("[role=alert]").TextContent);
        Assert.Empty(page.FindAll("input[type=checkbox]"));
    }

    /// <summary>The checkbox input whose screen-reader label (the page's AriaLabel) is <paramref name="ariaLabel"/>.</summary>
    private static IElement CheckBox<TComponent>(IRenderedComponent<TComponent> page, string ariaLabel) where TComponent : IComponent =>
        page.FindAll("label")
            .Single(label => label.QuerySelector(".mud-sr-only")?.TextContent.Trim() == ariaLabel)
            .QuerySelector("input[type=checkbox]")!;

    private static IElement EntireDirectoryCheckBox<TComponent>(IRenderedComponent<TComponent> page) where TComponent : IComponent =>
        page.FindAll("label")
            .Single(label => label.TextContent.Trim() == "Entire resource directory")
            .QuerySelector("input[type=checkbox]")!;
}
