using BdrcConsole.Components.Layout;
using BdrcConsole.Tests.TestSupport;
using Bunit;

namespace BdrcConsole.Tests.Components.Layout;

public class NavMenuTests : BdrcBunitContext
{
    private IRenderedComponent<NavMenu> RenderMenu() =>
        Render<NavMenu>(parameters => parameters.Add(p => p.Access, Session.Access));

    private static List<string> LinkTexts(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task Render_MemberManagedThroughFolder_HidesCrossAccountManagementAndSaysWhoManagesIt()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.ProdWeb);

        var menu = RenderMenu();

        menu.WaitForAssertion(() => Assert.Equal(
            "acme-security manages this account's data protection through folder Root/Production.",
            menu.Find("[data-testid=managed-by]").TextContent.Trim()));
        Assert.DoesNotContain("Cross-account Management", LinkTexts(menu));
        Assert.Contains("Overview", LinkTexts(menu));
    }

    [Fact]
    public async Task Render_UnmanagedMember_ShowsNeitherCrossAccountManagementNorAManager()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Dev1);

        var menu = RenderMenu();

        menu.WaitForAssertion(() => Assert.Contains("Audit Log", LinkTexts(menu)));
        Assert.DoesNotContain("Cross-account Management", LinkTexts(menu));
        Assert.Empty(menu.FindAll("[data-testid=managed-by]"));
    }

    [Fact]
    public async Task Render_DelegatedAdministrator_OffersCrossAccountManagement()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);

        var menu = RenderMenu();

        Assert.Contains("Cross-account Management", LinkTexts(menu));
        Assert.Empty(menu.FindAll("[data-testid=managed-by]"));
    }
}
