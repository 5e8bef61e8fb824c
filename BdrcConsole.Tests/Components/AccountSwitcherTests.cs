using AngleSharp.Dom;
using BdrcConsole.Components.Layout;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components;

/// <summary>
/// The account switcher over the demo: acme-security manages Root/Production (acme-prod-data, acme-prod-web and, in
/// Payments, acme-payments) and acme-sandbox. Directory order: acme-security (own) first, then acme-sandbox (Root),
/// acme-prod-data, acme-prod-web (Production), acme-payments (Production/Payments).
/// </summary>
public class AccountSwitcherTests : BdrcBunitContext
{
    private AccountSelection Selection => Services.GetRequiredService<AccountSelection>();

    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(AccountViewMode mode = AccountViewMode.Multi, BdrcConsole.Core.Features.Access.Actor? actor = null)
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(actor ?? Actors.Security);
        Selection.EnterPage(mode);
        var rendered = RenderWithDialogs<AccountSwitcher>();
        rendered.Find("[data-testid=account-switcher]").Click();
        rendered.WaitForAssertion(() => rendered.Find("[role=dialog][aria-label='Select accounts']"));
        return rendered;
    }

    /// <summary>The account rows top to bottom, as their accessible text ("name (id)").</summary>
    private static List<string> AccountRows(IRenderedComponent<ContainerFragment> rendered) =>
        rendered.FindAll("section[aria-label=Accounts] [data-switcher-row]")
            .Select(row => row.QuerySelector(".account-switcher-name")!.TextContent.Trim())
            .ToList();

    private static IElement AccountRow(IRenderedComponent<ContainerFragment> rendered, string name) =>
        rendered.FindAll("section[aria-label=Accounts] [data-switcher-row]")
            .Single(row => row.QuerySelector(".account-switcher-name")!.TextContent.Trim().StartsWith(name + " ("));

    private static IElement Folder(IRenderedComponent<ContainerFragment> rendered, string name) =>
        rendered.FindAll("section[aria-label=Folders] [role=checkbox]")
            .Single(row => row.TextContent.Trim().StartsWith(name + " ("));

    private static void Search(IRenderedComponent<ContainerFragment> rendered, string text) =>
        rendered.Find("input[type=search]").Input(text);

    private static string ButtonLabel(IRenderedComponent<ContainerFragment> rendered) =>
        rendered.Find("[data-testid=account-switcher]").TextContent.Trim();

    [Fact]
    public async Task Open_ManagedAccounts_ListsOwnAccountFirstThenDirectoryOrderWithFolders()
    {
        var rendered = await OpenAsync();

        Assert.Equal(
            [$"acme-security ({SecurityId}) · current account", $"acme-sandbox ({SandboxId})", $"acme-prod-data ({ProdDataId})",
             $"acme-prod-web ({ProdWebId})", $"acme-payments ({PaymentsId})"],
            AccountRows(rendered));
        Assert.Equal(["Root (5)", "Production (3)", "Payments (1)", "Security (1)"],
            rendered.FindAll("section[aria-label=Folders] [role=checkbox]").Select(f => f.TextContent.Trim()));
    }

    [Fact]
    public async Task Search_PartOfName_ShowsOnlyMatchesWithTheMatchHighlighted()
    {
        var rendered = await OpenAsync();

        Search(rendered, "PROD");

        rendered.WaitForAssertion(() => Assert.Equal([$"acme-prod-data ({ProdDataId})", $"acme-prod-web ({ProdWebId})"], AccountRows(rendered)));
        Assert.All(rendered.FindAll("section[aria-label=Accounts] mark"), mark => Assert.Equal("prod", mark.TextContent));
        Assert.Equal(2, rendered.FindAll("section[aria-label=Accounts] mark").Count);
    }

    [Fact]
    public async Task Search_PartOfId_FindsTheAccount()
    {
        var rendered = await OpenAsync();

        Search(rendered, "0401");

        rendered.WaitForAssertion(() => Assert.Equal([$"acme-sandbox ({SandboxId})"], AccountRows(rendered)));
        Assert.Equal("0401", rendered.Find("section[aria-label=Accounts] mark").TextContent);
    }

    [Fact]
    public async Task SelectAll_FilteredList_SaysHowManyItAddsAndAddsOnlyTheShownInDirectoryOrder()
    {
        var rendered = await OpenAsync();
        AccountRow(rendered, "acme-prod-web").Click();
        Search(rendered, "prod");

        var selectAll = WaitForButton(rendered, "Select all (adds 1)");
        selectAll.Click();

        rendered.WaitForAssertion(() => Assert.Equal([SecurityId, ProdWebId, ProdDataId], Selection.SelectedAccountIds));
        Assert.Equal("acme-security +2", ButtonLabel(rendered));
        Assert.Equal("Select all", ButtonWithText(rendered, "Select all").TextContent.Trim());
    }

    [Fact]
    public async Task SelectAll_EverythingThenClear_LabelsAllAccountsThenOwnAccount()
    {
        var rendered = await OpenAsync();

        WaitForButton(rendered, "Select all (adds 4)").Click();
        rendered.WaitForAssertion(() => Assert.Equal("All 5 accounts", ButtonLabel(rendered)));
        Assert.Equal([SecurityId, SandboxId, ProdDataId, ProdWebId, PaymentsId], Selection.SelectedAccountIds);

        ButtonWithText(rendered, "Clear").Click();
        rendered.WaitForAssertion(() => Assert.Equal("acme-security", ButtonLabel(rendered)));
        Assert.Equal([SecurityId], Selection.SelectedAccountIds);
    }

    [Fact]
    public async Task Folder_SomeOfItsAccountsSelected_ShowsPartialStateAndOneClickAddsTheRest()
    {
        var rendered = await OpenAsync();
        AccountRow(rendered, "acme-payments").Click();

        rendered.WaitForAssertion(() => Assert.Equal("mixed", Folder(rendered, "Production").GetAttribute("aria-checked")));
        Assert.Equal("true", Folder(rendered, "Payments").GetAttribute("aria-checked"));
        Assert.Equal("true", Folder(rendered, "Security").GetAttribute("aria-checked"));

        Folder(rendered, "Production").Click();

        rendered.WaitForAssertion(() => Assert.Equal("true", Folder(rendered, "Production").GetAttribute("aria-checked")));
        Assert.Equal([SecurityId, PaymentsId, ProdDataId, ProdWebId], Selection.SelectedAccountIds);
        Assert.Equal("mixed", Folder(rendered, "Root").GetAttribute("aria-checked"));

        Folder(rendered, "Production").Click();
        rendered.WaitForAssertion(() => Assert.Equal("false", Folder(rendered, "Production").GetAttribute("aria-checked")));
        Assert.Equal([SecurityId], Selection.SelectedAccountIds);
    }

    [Fact]
    public async Task SelectedAccounts_ListedFirstInSelectionOrderAndRemovedWithOneClick()
    {
        var rendered = await OpenAsync();
        AccountRow(rendered, "acme-payments").Click();
        AccountRow(rendered, "acme-sandbox").Click();

        rendered.WaitForAssertion(() => Assert.Equal(
            [$"acme-security ({SecurityId}) · current account", $"acme-payments ({PaymentsId})", $"acme-sandbox ({SandboxId})",
             $"acme-prod-data ({ProdDataId})", $"acme-prod-web ({ProdWebId})"],
            AccountRows(rendered)));
        Assert.Equal(["1", "2", "3"], rendered.FindAll(".account-switcher-position").Select(p => p.TextContent.Trim()));

        AccountRow(rendered, "acme-payments").Click();

        rendered.WaitForAssertion(() => Assert.Equal([SecurityId, SandboxId], Selection.SelectedAccountIds));
        Assert.Equal("false", AccountRow(rendered, "acme-payments").GetAttribute("aria-checked"));
        Assert.Equal("acme-security +1", ButtonLabel(rendered));
    }

    [Fact]
    public async Task PickOnSingleAccountPage_MakesItFirstSelectedAndKeepsTheRest()
    {
        var rendered = await OpenAsync(AccountViewMode.Single);
        Selection.Select([SecurityId, ProdWebId, ProdDataId]);

        rendered.WaitForAssertion(() => Assert.Equal("true", AccountRow(rendered, "acme-security").GetAttribute("aria-checked")));
        Assert.Equal("radio", AccountRow(rendered, "acme-sandbox").GetAttribute("role"));
        AccountRow(rendered, "acme-sandbox").Click();

        rendered.WaitForAssertion(() => Assert.Equal([SandboxId, SecurityId, ProdWebId, ProdDataId], Selection.SelectedAccountIds));
        Assert.Equal("acme-sandbox", ButtonLabel(rendered));
        Assert.Equal([SandboxId, SecurityId, ProdWebId, ProdDataId], Selection.AccountsFor(AccountViewMode.Multi));
        Assert.Empty(rendered.FindAll("[role=dialog][aria-label='Select accounts']"));
    }

    [Fact]
    public async Task Open_Member_SeesOnlyItsOwnAccountWithoutSearchOrFolders()
    {
        var rendered = await OpenAsync(actor: Actors.ProdWeb);

        Assert.Equal([$"acme-prod-web ({ProdWebId}) · current account"], AccountRows(rendered));
        Assert.Contains("Only your own account is visible to you.", rendered.Markup);
        Assert.Empty(rendered.FindAll("input[type=search]"));
        Assert.Empty(rendered.FindAll("section[aria-label=Folders]"));
    }

    [Fact]
    public async Task SelectedAccountLeavesManagement_DropsOutWithANotice()
    {
        var rendered = await OpenAsync();
        AccountRow(rendered, "acme-sandbox").Click();
        AccountRow(rendered, "acme-prod-web").Click();
        rendered.WaitForAssertion(() => Assert.Equal([SecurityId, SandboxId, ProdWebId], Selection.SelectedAccountIds));

        await CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        await rendered.InvokeAsync(Session.RefreshAsync);

        rendered.WaitForAssertion(() => Assert.Contains(
            "acme-sandbox is no longer managed by your account and was removed from the selection.", rendered.Markup));
        Assert.Equal([SecurityId, ProdWebId], Selection.SelectedAccountIds);
        Assert.Equal("acme-security +1", ButtonLabel(rendered));
    }

    [Fact]
    public async Task Escape_InThePanel_ClosesIt()
    {
        var rendered = await OpenAsync();

        rendered.Find("[role=dialog][aria-label='Select accounts']").KeyDown(key: "Escape");

        rendered.WaitForAssertion(() => Assert.Empty(rendered.FindAll("[role=dialog][aria-label='Select accounts']")));
        Assert.Equal("false", rendered.Find("[data-testid=account-switcher]").GetAttribute("aria-expanded"));
    }
}
