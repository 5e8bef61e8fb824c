using AngleSharp.Dom;
using BdrcConsole.Components.Layout;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.ResourceCenter;

public class AccountSwitcherTests : BdrcBunitContext
{
    private AccountSelection Selection => Services.GetRequiredService<AccountSelection>();

    /// <summary>Renders the switcher (with the popover provider it opens into) and opens it.</summary>
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderOpenSwitcher()
    {
        var view = RenderWithDialogs<AccountSwitcher>();
        SwitcherButton(view).Click();
        view.WaitForAssertion(() => view.Find("[role=dialog][aria-label='Select accounts']"));
        return view;
    }

    private static IElement SwitcherButton<T>(IRenderedComponent<T> view) where T : IComponent => view.Find("button[data-testid=account-switcher]");

    /// <summary>The label of each account option (checkbox or radio), in the order shown.</summary>
    private static List<string> OptionLabels<T>(IRenderedComponent<T> view, string inputType) where T : IComponent =>
        view.FindAll($"[role=dialog] label:has(input[type={inputType}])").Select(l => l.TextContent.Trim()).ToList();

    private static IElement Option<T>(IRenderedComponent<T> view, string inputType, string accountName) where T : IComponent =>
        view.FindAll($"[role=dialog] label:has(input[type={inputType}])")
            .Single(l => l.TextContent.Trim().StartsWith(accountName + " (", StringComparison.Ordinal))
            .QuerySelector($"input[type={inputType}]")!;

    [Fact]
    public async Task Open_AdministratorOnMultiAccountPage_ListsVisibleAccountsAsCheckboxesWithOwnChecked()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.EnterPage(AccountViewMode.Multi);

        var view = RenderOpenSwitcher();

        Assert.Equal(
            [
                $"acme-security ({SecurityId}) · current account",
                $"acme-payments ({PaymentsId})",
                $"acme-prod-data ({ProdDataId})",
                $"acme-prod-web ({ProdWebId})",
                $"acme-sandbox ({SandboxId})",
            ],
            OptionLabels(view, "checkbox"));
        Assert.Empty(view.FindAll("[role=dialog] input[type=radio]"));
        Assert.Contains("Select one or more accounts for an aggregated view", view.Markup);
        Assert.True(Option(view, "checkbox", "acme-security").HasAttribute("checked"));
        Assert.False(Option(view, "checkbox", "acme-sandbox").HasAttribute("checked"));
        Assert.Equal("acme-security", SwitcherButton(view).TextContent.Trim());
    }

    [Fact]
    public async Task ToggleCheckboxes_SeveralAccounts_SelectsThemInClickOrderAndShowsPositions()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.EnterPage(AccountViewMode.Multi);
        var view = RenderOpenSwitcher();

        Option(view, "checkbox", "acme-sandbox").Change(true);
        // The popover content re-renders through its provider: wait for it before the next click.
        view.WaitForAssertion(() => Assert.True(Option(view, "checkbox", "acme-sandbox").HasAttribute("checked")));
        Option(view, "checkbox", "acme-prod-web").Change(true);

        Assert.Equal([SecurityId, SandboxId, ProdWebId], Selection.SelectedAccountIds);
        view.WaitForAssertion(() =>
        {
            Assert.Equal("acme-security +2", SwitcherButton(view).TextContent.Trim());
            Assert.Equal(["1", "3", "2"], view.FindAll("[role=dialog] [title='Selection order']").Select(c => c.TextContent.Trim()));
            Assert.True(Option(view, "checkbox", "acme-prod-web").HasAttribute("checked"));
        });

        Option(view, "checkbox", "acme-security").Change(false);

        Assert.Equal([SandboxId, ProdWebId], Selection.SelectedAccountIds);
        view.WaitForAssertion(() =>
        {
            Assert.Equal("acme-sandbox +1", SwitcherButton(view).TextContent.Trim());
            Assert.False(Option(view, "checkbox", "acme-security").HasAttribute("checked"));
            Assert.Equal(["2", "1"], view.FindAll("[role=dialog] [title='Selection order']").Select(c => c.TextContent.Trim()));
        });
    }

    [Fact]
    public async Task Open_SingleAccountPage_ShowsRadiosWithFirstSelectedChecked()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([ProdWebId, SecurityId]);
        Selection.EnterPage(AccountViewMode.Single);

        var view = RenderOpenSwitcher();

        Assert.Equal(5, OptionLabels(view, "radio").Count);
        Assert.Empty(view.FindAll("[role=dialog] input[type=checkbox]"));
        Assert.Contains("This page shows a single account", view.Markup);
        Assert.Equal("acme-prod-web", SwitcherButton(view).TextContent.Trim());
        Assert.True(Option(view, "radio", "acme-prod-web").HasAttribute("checked"));
        Assert.False(Option(view, "radio", "acme-security").HasAttribute("checked"));
    }

    [Fact]
    public async Task PickRadio_SingleAccountPage_SwitchesToThatAccountOnlyAndCloses()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([ProdWebId, SecurityId]);
        Selection.EnterPage(AccountViewMode.Single);
        var view = RenderOpenSwitcher();

        Option(view, "radio", "acme-sandbox").Click();

        Assert.Equal([SandboxId], Selection.SelectedAccountIds);
        view.WaitForAssertion(() =>
        {
            Assert.Equal("acme-sandbox", SwitcherButton(view).TextContent.Trim());
            Assert.Empty(view.FindAll("[role=dialog][aria-label='Select accounts']"));
        });
    }

    [Fact]
    public async Task Open_Member_SeesOnlyItsOwnAccount()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.ProdWeb);
        Selection.EnterPage(AccountViewMode.Multi);

        var view = RenderOpenSwitcher();

        Assert.Equal([$"acme-prod-web ({ProdWebId}) · current account"], OptionLabels(view, "checkbox"));
        Assert.Contains("Only your own account is visible to you.", view.Markup);
        Assert.Equal([ProdWebId], Selection.SelectedAccountIds);
    }
}
