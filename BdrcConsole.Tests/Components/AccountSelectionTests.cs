using BdrcConsole.Core.Features.Access;
using BdrcConsole.State;

namespace BdrcConsole.Tests.Components;

public class AccountSelectionTests
{
    private const string Own = "own";
    private static readonly VisibleAccount OwnAccount = new(Own, "acme-security", IsOwnAccount: true);
    private static readonly VisibleAccount Web = new("web", "acme-prod-web", IsOwnAccount: false);
    private static readonly VisibleAccount Data = new("data", "acme-prod-data", IsOwnAccount: false);
    private static readonly VisibleAccount Sandbox = new("sandbox", "acme-sandbox", IsOwnAccount: false);

    private static AccountSelection Initialised(params VisibleAccount[] managed)
    {
        var selection = new AccountSelection();
        selection.SetAvailableAccounts(Own, [OwnAccount, .. managed]);
        return selection;
    }

    [Fact]
    public void SetAvailableAccounts_FirstTime_SelectsOwnAccount()
    {
        var selection = Initialised(Web, Data);

        Assert.True(selection.IsInitialized);
        Assert.Equal([Own], selection.SelectedAccountIds);
        Assert.Equal(Own, selection.FirstSelectedAccountId);
        Assert.Equal([Own, "web", "data"], selection.AvailableAccounts.Select(a => a.AccountId));
    }

    [Fact]
    public void Select_BeforeAccountsAreKnown_Throws()
    {
        var selection = new AccountSelection();

        Assert.False(selection.IsInitialized);
        Assert.Throws<InvalidOperationException>(() => selection.Select(["web"]));
        Assert.Throws<InvalidOperationException>(() => selection.FirstSelectedAccountId);
    }

    [Fact]
    public void AccountsFor_SeveralSelected_MultiGivesAllAndSingleGivesFirstSelected()
    {
        var selection = Initialised(Web, Data);
        selection.Select(["data", "web"]);

        Assert.Equal(["data", "web"], selection.AccountsFor(AccountViewMode.Multi));
        Assert.Equal(["data"], selection.AccountsFor(AccountViewMode.Single));
    }

    [Fact]
    public void Toggle_AccountsOneAfterAnother_KeepsSelectionOrderAndRemovesOnSecondToggle()
    {
        var selection = Initialised(Web, Data, Sandbox);

        selection.Toggle("sandbox");
        selection.Toggle("web");
        Assert.Equal([Own, "sandbox", "web"], selection.SelectedAccountIds);

        selection.Toggle(Own);
        Assert.Equal(["sandbox", "web"], selection.SelectedAccountIds);
        Assert.Equal("sandbox", selection.FirstSelectedAccountId);
    }

    [Fact]
    public void Select_UnknownIds_IgnoresThem()
    {
        var selection = Initialised(Web);

        selection.Select(["not-managed", "web", "web"]);

        Assert.Equal(["web"], selection.SelectedAccountIds);
    }

    [Fact]
    public void Select_NothingOrOnlyUnknownIds_FallsBackToOwnAccount()
    {
        var selection = Initialised(Web);
        selection.Select(["web"]);

        selection.Select([]);
        Assert.Equal([Own], selection.SelectedAccountIds);

        selection.Select(["web"]);
        selection.Select(["not-managed"]);
        Assert.Equal([Own], selection.SelectedAccountIds);
    }

    [Fact]
    public void Toggle_LastSelectedAccount_FallsBackToOwnAccount()
    {
        var selection = Initialised(Web);
        selection.Select(["web"]);

        selection.Toggle("web");

        Assert.Equal([Own], selection.SelectedAccountIds);
    }

    [Fact]
    public void SwitchTo_AccountOnSingleAccountPage_MakesItFirstAndKeepsTheRest()
    {
        var selection = Initialised(Web, Data, Sandbox);
        selection.Select([Own, "web", "data"]);

        selection.SwitchTo("sandbox");
        Assert.Equal(["sandbox", Own, "web", "data"], selection.SelectedAccountIds);

        selection.SwitchTo("web");
        Assert.Equal(["web", "sandbox", Own, "data"], selection.SelectedAccountIds);
        Assert.Equal(["web"], selection.AccountsFor(AccountViewMode.Single));
    }

    [Fact]
    public void Add_SomeAlreadySelected_AppendsOnlyTheOthersInTheGivenOrderAndCountsThem()
    {
        var selection = Initialised(Web, Data, Sandbox);
        selection.Select(["data", Own]);

        var added = selection.Add(["web", "data", "sandbox", "not-managed"]);

        Assert.Equal(2, added);
        Assert.Equal(["data", Own, "web", "sandbox"], selection.SelectedAccountIds);
        Assert.True(selection.AllSelected);
    }

    [Fact]
    public void Clear_SeveralSelected_FallsBackToOwnAccount()
    {
        var selection = Initialised(Web, Data);
        selection.Select(["web", "data"]);

        selection.Clear();

        Assert.Equal([Own], selection.SelectedAccountIds);
    }

    [Fact]
    public void ToggleFolder_NoneSomeAndAllSelected_AddsMissingInFolderOrderThenRemovesAll()
    {
        var production = new VisibleFolder("f-prod", "Production", "Root/Production", 1, ["web", "data"]);
        var selection = new AccountSelection();
        selection.SetAvailableAccounts(Own, [OwnAccount, Web, Data, Sandbox], [production]);
        selection.Select([Own, "data"]);
        Assert.Equal(FolderSelectionState.Some, selection.StateOf(production));

        selection.ToggleFolder(production);
        Assert.Equal([Own, "data", "web"], selection.SelectedAccountIds);
        Assert.Equal(FolderSelectionState.All, selection.StateOf(production));

        selection.ToggleFolder(production);
        Assert.Equal([Own], selection.SelectedAccountIds);
        Assert.Equal(FolderSelectionState.None, selection.StateOf(production));
    }

    [Fact]
    public void Restore_IdsNoLongerVisible_KeepsTheOthersInOrderAndReportsTheDroppedOnes()
    {
        var selection = Initialised(Web, Data);

        selection.Restore(["data", "gone", "web"]);

        Assert.Equal(["data", "web"], selection.SelectedAccountIds);
        Assert.Equal(["gone"], selection.DroppedAccounts);
        selection.AcknowledgeDroppedAccounts();
        Assert.Empty(selection.DroppedAccounts);
    }

    [Fact]
    public void Restore_OnlyTheOwnAccountAndOneGone_RaisesChangedForTheNotice()
    {
        var selection = Initialised(Web);
        var raised = 0;
        selection.Changed += () => raised++;

        selection.Restore([Own, "gone"]);

        Assert.Equal([Own], selection.SelectedAccountIds);
        Assert.Equal(1, raised);
        Assert.Equal(["gone"], selection.DroppedAccounts);
    }

    [Fact]
    public void SetAvailableAccounts_SelectedAccountLeftManagement_DropsItAndKeepsTheRest()
    {
        var selection = Initialised(Web, Data);
        selection.Select(["web", "data"]);

        selection.SetAvailableAccounts(Own, [OwnAccount, Data]);

        Assert.Equal(["data"], selection.SelectedAccountIds);
        Assert.DoesNotContain(selection.AvailableAccounts, a => a.AccountId == "web");
        Assert.Equal(["acme-prod-web"], selection.DroppedAccounts);
    }

    [Fact]
    public void SetAvailableAccounts_EverySelectedAccountLeftManagement_FallsBackToOwnAccount()
    {
        var selection = Initialised(Web, Data);
        selection.Select(["web", "data"]);

        selection.SetAvailableAccounts(Own, [OwnAccount]);

        Assert.Equal([Own], selection.SelectedAccountIds);
    }

    [Fact]
    public void Select_DifferentAccounts_RaisesChanged()
    {
        var selection = Initialised(Web);
        var raised = 0;
        selection.Changed += () => raised++;

        selection.Select(["web"]);

        Assert.Equal(1, raised);
    }

    [Fact]
    public void Select_SameAccountsAgain_DoesNotRaiseChanged()
    {
        var selection = Initialised(Web);
        selection.Select(["web"]);
        var raised = 0;
        selection.Changed += () => raised++;

        selection.Select(["web"]);

        Assert.Equal(0, raised);
    }

    [Fact]
    public void SetAvailableAccounts_Refresh_RaisesChanged()
    {
        var selection = Initialised(Web);
        var raised = 0;
        selection.Changed += () => raised++;

        selection.SetAvailableAccounts(Own, [OwnAccount]);

        Assert.Equal(1, raised);
    }

    [Fact]
    public void DisplayNameOf_KnownAndUnknownAccount_GivesNameOrId()
    {
        var selection = Initialised(Web);

        Assert.Equal("acme-prod-web", selection.DisplayNameOf("web"));
        Assert.Equal("gone", selection.DisplayNameOf("gone"));
    }
}
