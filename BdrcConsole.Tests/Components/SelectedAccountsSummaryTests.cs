using BdrcConsole.Components.Shared;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.State;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.Components;

public class SelectedAccountsSummaryTests : BdrcBunitContext
{
    private IReadOnlyList<string> SelectAccounts(int count)
    {
        var accounts = Enumerable.Range(1, count).Select(i => new VisibleAccount($"id-{i}", $"account-{i:D3}", i == 1)).ToList();
        var selection = Services.GetRequiredService<AccountSelection>();
        selection.SetAvailableAccounts("id-1", accounts);
        selection.Select(accounts.Select(a => a.AccountId).Reverse());
        return selection.SelectedAccountIds;
    }

    [Fact]
    public void Render_FewAccounts_NamesThemInSelectionOrder()
    {
        var ids = SelectAccounts(3);

        var summary = Render<SelectedAccountsSummary>(p => p.Add(s => s.AccountIds, ids).Add(s => s.TestId, "accounts"));

        Assert.Equal("Selected accounts: account-003, account-002, account-001", summary.Find("[data-testid=accounts]").TextContent.Trim());
        Assert.Empty(summary.FindAll("button"));
    }

    [Fact]
    public void Render_ManyAccounts_CountsThemAndListsTheNamesOnDemand()
    {
        var ids = SelectAccounts(999);

        var summary = Render<SelectedAccountsSummary>(p => p.Add(s => s.AccountIds, ids).Add(s => s.TestId, "accounts"));

        Assert.Equal("999 accounts selected", summary.Find("[data-testid=accounts]").TextContent.Trim());
        Assert.Empty(summary.FindAll("li"));
        summary.FindAll("button").Single(b => b.TextContent.Trim() == "Show list").Click();
        var names = summary.FindAll("ol[aria-label='Selected accounts'] li");
        Assert.Equal(999, names.Count);
        Assert.StartsWith("account-999", names[0].TextContent.Trim());
        Assert.Equal("true", summary.FindAll("button").Single(b => b.TextContent.Trim() == "Hide list").GetAttribute("aria-expanded"));
    }
}
