using BdrcConsole.Components.Pages.ResourceDirectory;
using BdrcConsole.Core.Features.Directory;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.ResourceDirectory;

public class ResourceDirectoryPageTests : BdrcBunitContext
{
    private ResourceDirectoryService Directory => Services.GetRequiredService<ResourceDirectoryService>();

    private IRenderedComponent<ContainerFragment> RenderPage() => RenderWithDialogs<ResourceDirectoryPage>();

    /// <summary>The account names the page lists, top to bottom.</summary>
    private static List<string> AccountNames<T>(IRenderedComponent<T> page) where T : IComponent =>
        page.FindAll("ul.directory-tree li.d-flex .mud-typography-body1").Select(e => e.TextContent.Trim()).ToList();

    private static IEnumerable<AccountNode> AccountsDepthFirst(FolderNode folder) =>
        folder.Accounts.Concat(folder.Children.SelectMany(AccountsDepthFirst));

    /// <summary>Opens a folder's action menu and clicks one of its items.</summary>
    private static void OpenFolderMenuItem<T>(IRenderedComponent<T> page, string folderPath, string item) where T : IComponent
    {
        var menu = page.Find($"[aria-label='Actions for folder {folderPath}']");
        (menu.TagName == "BUTTON" ? menu : menu.QuerySelector("button")!).Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".mud-menu-item"), i => i.TextContent.Trim() == item));
        page.FindAll(".mud-menu-item").Single(i => i.TextContent.Trim() == item).Click();
    }

    [Fact]
    public async Task Render_ManagementAccount_ListsTheCoresTreeWithActions()
    {
        await SignInAsync(Actors.Management);
        var tree = await Directory.GetTreeAsync(Actors.Management);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(AccountsDepthFirst(tree.Root).Select(a => a.DisplayName), AccountNames(page)));
        Assert.NotNull(page.Find("[aria-label='Actions for folder Root/Production']"));
        Assert.NotNull(page.Find("[aria-label='Actions for account acme-prod-web']"));
        Assert.DoesNotContain("Only the management account can change it.", page.Markup);
    }

    [Fact]
    public async Task Render_DelegatedAdministrator_SeesTheTreeReadOnly()
    {
        await MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: true);
        await SignInAsync(Actors.Security);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("acme-prod-web", AccountNames(page)));
        Assert.Contains("Only the management account can change it.", page.Markup);
        Assert.Empty(page.FindAll("[aria-label^='Actions for']"));
    }

    [Fact]
    public async Task Render_Member_ShowsNoAccessAndNoTree()
    {
        await SignInAsync(Actors.Dev1);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("No access", page.Find("h1").TextContent.Trim()));
        var alert = page.Find("[role=alert]").TextContent;
        Assert.Contains("cannot open Resource Directory", alert);
        Assert.Contains("can view the Resource Directory", alert);
        Assert.DoesNotContain("cross-account management", alert);
        Assert.Empty(AccountNames(page));
    }

    [Fact]
    public async Task CreateFolder_ThroughTheMenuAndDialog_AddsTheFolderToTheTree()
    {
        await SignInAsync(Actors.Management);
        var page = RenderPage();
        page.WaitForAssertion(() => page.Find("[aria-label='Actions for folder Root/Development']"));

        OpenFolderMenuItem(page, "Root/Development", "Create folder");
        page.WaitForElement(".mud-dialog input").Input("Testing");
        WaitForButton(page, "OK").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[aria-label='Actions for folder Root/Development/Testing']")));
        var tree = await Directory.GetTreeAsync(Actors.Management);
        Assert.Contains(tree.AllFolders(), f => f.Path == "Root/Development/Testing");
    }

    [Fact]
    public async Task CreateFolder_NameTakenInTheParent_ShowsTheCoresRefusalAndChangesNothing()
    {
        await SignInAsync(Actors.Management);
        var before = (await Directory.GetTreeAsync(Actors.Management)).AllFolders().Count();
        var page = RenderPage();
        page.WaitForAssertion(() => page.Find("[aria-label='Actions for folder Root']"));

        OpenFolderMenuItem(page, "Root", "Create folder");
        page.WaitForElement(".mud-dialog input").Input("Production");
        WaitForButton(page, "OK").Click();

        page.WaitForAssertion(() => Assert.Contains("Production", page.Find(".mud-alert-text-error, [role=alert]").TextContent));
        Assert.Equal(before, (await Directory.GetTreeAsync(Actors.Management)).AllFolders().Count());
    }
}
