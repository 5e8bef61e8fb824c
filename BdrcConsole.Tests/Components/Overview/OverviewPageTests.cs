using System.Globalization;
using BdrcConsole.Components.Pages.Overview;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.Overview;

public class OverviewPageTests : BdrcBunitContext
{
    private const string AccountTable = "table[aria-label='Scores by account']";

    private AccountSelection Selection => Services.GetRequiredService<AccountSelection>();
    private OverviewService Overview => Services.GetRequiredService<OverviewService>();

    private IRenderedComponent<ContainerFragment> RenderPage() => RenderWithDialogs<OverviewPage>();

    private Task<OverviewDashboard> ExpectedAsync(Actor actor, IReadOnlyList<string> accountIds, int? groupId = null) =>
        Overview.GetDashboardAsync(actor, new OverviewQuery(accountIds, groupId));

    private static string Format(double? score) => score!.Value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string ScoreText<T>(IRenderedComponent<T> page) where T : IComponent =>
        page.Find("[data-testid=overview-score]").TextContent.Trim();

    /// <summary>The per-account table as "name score" lines, top to bottom.</summary>
    private static List<string> AccountRows<T>(IRenderedComponent<T> page) where T : IComponent =>
        page.FindAll($"{AccountTable} tbody tr")
            .Select(tr => $"{tr.QuerySelector("th")!.TextContent.Trim()} {tr.QuerySelector("td")!.TextContent.Trim()}")
            .ToList();

    private async Task<int> SecurityGroupIdAsync(string name) =>
        (await Services.GetRequiredService<ResourceGroupService>().ListAsync(Actors.Security)).Single(g => g.Name == name).Id;

    [Fact]
    public async Task Render_OneAccount_ShowsTheCoresScoreAndStarsWithoutAccountTable()
    {
        await SignInAsync(Actors.Dev1);
        var expected = await ExpectedAsync(Actors.Dev1, [Dev1Id]);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(Format(expected.Score), ScoreText(page)));
        Assert.Equal($"{expected.Stars} of 5 stars", page.Find("[data-testid=overview-stars]").GetAttribute("aria-label"));
        Assert.Empty(page.FindAll(AccountTable));
        Assert.Equal(expected.RiskyResources.ToString(CultureInfo.InvariantCulture), page.Find("[data-testid=overview-risky]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_SeveralAccounts_ShowsTheAggregatedScoreAndOneRowPerAccount()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        string[] accounts = [SecurityId, ProdWebId, PaymentsId];
        Selection.Select(accounts);
        var expected = await ExpectedAsync(Actors.Security, accounts);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(Format(expected.Score), ScoreText(page)));
        Assert.Equal(expected.Accounts.Select(a => $"{a.AccountName} {Format(a.Score)}"), AccountRows(page));
        Assert.Equal(["acme-security", "acme-prod-web", "acme-payments"], AccountRows(page).Select(row => row.Split(' ')[0]));
    }

    [Fact]
    public async Task Render_SelectionNarrowedToOneAccount_ShowsThatAccountsScoreAndDropsTheAccountTable()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([SecurityId, ProdWebId]);
        var both = await ExpectedAsync(Actors.Security, [SecurityId, ProdWebId]);
        var single = await ExpectedAsync(Actors.Security, [ProdWebId]);
        Assert.NotEqual(Format(both.Score), Format(single.Score));
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, AccountRows(page).Count));

        await page.InvokeAsync(() => Selection.Select([ProdWebId]));

        page.WaitForAssertion(() => Assert.Equal(Format(single.Score), ScoreText(page)));
        Assert.Empty(page.FindAll(AccountTable));
    }

    [Fact]
    public async Task Render_AccountsAAndBFilteredByAGroupMatchingOnlyA_ShowsTheScoreOfAsMatchingResources()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([SecurityId, ProdWebId]);
        // "Security team" (owner=security) matches only acme-security's resources.
        var group = await SecurityGroupIdAsync("Security team");
        var onlyA = await ExpectedAsync(Actors.Security, [SecurityId], group);
        var unfiltered = await ExpectedAsync(Actors.Security, [SecurityId, ProdWebId]);
        Assert.NotEqual(Format(onlyA.Score), Format(unfiltered.Score));
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/overview?group={group}");

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(Format(onlyA.Score), ScoreText(page)));
        Assert.Equal([$"acme-security {Format(onlyA.Score)}", "acme-prod-web —"], AccountRows(page));
    }
}
