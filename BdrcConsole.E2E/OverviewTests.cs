using System.Text.RegularExpressions;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.Panorama;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// View cross-account scores on the Overview: the own account's score by default, the aggregated score and the scores by
/// account once a managed account is selected, and the documented Account A/B resource-group filter, all against Core's numbers.
/// Runs on its own app host (<see cref="OverviewFixture"/>), so its delegated administrator and resource groups stay out of other journeys.
/// </summary>
[Collection(OverviewCollection.Name)]
public sealed class OverviewTests(OverviewFixture fixture) : BrowserTest(fixture)
{
    private const string SecurityId = "1536000000000101";
    private const string ProdWebId = "1536000000000201";
    private const string WebTeamGroup = "Web team E2E";

    private static readonly Actor Security = new("security@acme.test", SecurityId);
    private static readonly Actor ProdWeb = new("web@acme.test", ProdWebId);

    [Fact]
    public Task DelegatedAdministrator_SelectsManagedAccountAndFiltersByOwnGroup_ScoresMatchCore() => RunAsync(async () =>
    {
        var overview = Fixture.App.Services.GetRequiredService<OverviewService>();
        var resourceGroups = Fixture.App.Services.GetRequiredService<ResourceGroupService>();

        // acme-security is the delegated administrator and manages folder Root/Production.
        var security = await SecurityManagesProductionFolderAsync();

        // By default the Overview shows the signed-in account alone, with Core's score and stars and no per-account table.
        var shell = new ConsoleShell(security);
        var switcher = new AccountSwitcher(security);
        var page = new OverviewPage(security);
        await shell.NavLink("Overview").ClickAsync();
        await Expect(page.Heading).ToBeVisibleAsync();
        await Expect(switcher.Button).ToHaveTextAsync("acme-security");
        await Expect(page.SelectedAccounts).ToHaveTextAsync("Selected account: acme-security");
        var own = await overview.GetDashboardAsync(Security, new OverviewQuery([SecurityId]));
        Assert.NotNull(own.Score);
        await ExpectScoreAsync(page, own);
        await Expect(page.ScoresByAccount).ToHaveCountAsync(0);

        // Selecting acme-prod-web aggregates both accounts; the scores by account list one row per selected account.
        await switcher.OpenAsync();
        await switcher.ToggleAsync(AccountSwitcher.Label("acme-prod-web", ProdWebId));
        await switcher.CloseAsync();
        await Expect(switcher.Button).ToHaveTextAsync("acme-security +1");
        await Expect(page.SelectedAccounts).ToHaveTextAsync("Selected accounts: acme-security, acme-prod-web");
        var both = await overview.GetDashboardAsync(Security, new OverviewQuery([SecurityId, ProdWebId]));
        Assert.Equal([SecurityId, ProdWebId], both.Accounts.Select(a => a.AccountId));
        Assert.All(both.Accounts, a => Assert.True(a.Resources > 0, $"{a.AccountName} has resources in the demo estate."));
        await ExpectScoreAsync(page, both);
        await ExpectScoresByAccountAsync(page, both);

        // A tag only acme-prod-web's resources carry: its owner tag, matched by Core in that account alone.
        var webOwner = DemoEstate.Profiles.Single(p => p.AccountId == ProdWebId).Owner;
        var matcher = new TagMatcher(MatchMode.All, [new TagConditionInput("owner", TagOperator.Equal, webOwner)]);
        var matches = await resourceGroups.DetectAsync(Security, matcher);
        Assert.Equal([ProdWebId], matches.PerAccount.Select(a => a.AccountId));

        // acme-security creates a resource group with that tag: Detect Resources reports Core's matches, OK saves it.
        var groupsPage = new ResourceGroupsPage(security);
        await shell.NavLink("Resource Group Management").ClickAsync();
        await Expect(groupsPage.Heading).ToBeVisibleAsync();
        var editor = await groupsPage.OpenCreateAsync();
        await editor.Name.FillAsync(WebTeamGroup);
        await editor.Description.FillAsync("Resources of the web team, only in acme-prod-web.");
        await editor.SetEqualConditionAsync(1, "owner", webOwner);
        await editor.DetectButton.ClickAsync();
        await Expect(editor.DetectionResult).ToContainTextAsync(
            $"{Plural(matches.AccountCount, "account")} and {Plural(matches.ResourceCount, "resource")} match.");
        await Expect(editor.DetectionResult).ToContainTextAsync($"acme-prod-web: {matches.ResourceCount}");
        await editor.SaveAsync();
        await Expect(groupsPage.Row(WebTeamGroup)).ToContainTextAsync($"owner = {webOwner}");
        var ownGroups = await resourceGroups.ListAsync(Security);
        var groupId = ownGroups.Single(g => g.Name == WebTeamGroup).Id;

        // Resource groups are not shared: acme-prod-web's own group must not appear in acme-security's filter.
        await resourceGroups.CreateAsync(ProdWeb, new ResourceGroupInput("acme-prod-web's own group", null, matcher));

        // Core: of the two selected accounts only acme-prod-web has resources in the group, so the filtered
        // aggregate is acme-prod-web's score in the group (the documented Account A/B example).
        Assert.Empty(await resourceGroups.MatchingResourceIdsAsync(Security, groupId, [SecurityId]));
        Assert.NotEmpty(await resourceGroups.MatchingResourceIdsAsync(Security, groupId, [ProdWebId]));
        var filtered = await overview.GetDashboardAsync(Security, new OverviewQuery([SecurityId, ProdWebId], groupId));
        var prodWebInGroup = await overview.GetDashboardAsync(Security, new OverviewQuery([ProdWebId], groupId));
        Assert.NotNull(filtered.Score);
        Assert.Equal(prodWebInGroup.Score!.Value, filtered.Score!.Value, 9);
        Assert.Equal(prodWebInGroup.ScoredResources, filtered.ScoredResources);
        Assert.Equal(0, filtered.Accounts.Single(a => a.AccountId == SecurityId).Resources);

        // The Overview's filter offers acme-security's own groups only; choosing the new one shows Core's filtered scores.
        await shell.NavLink("Overview").ClickAsync();
        await Expect(page.SelectedAccounts).ToHaveTextAsync("Selected accounts: acme-security, acme-prod-web");
        await ExpectScoreAsync(page, both);
        await page.OpenResourceGroupFilterAsync();
        await Expect(page.ResourceGroupOptions).ToHaveTextAsync(["All resources", .. ownGroups.Select(g => g.Name)]);
        await page.ChooseResourceGroupAsync(WebTeamGroup);
        await Expect(security).ToHaveURLAsync(new Regex($"[?&]group={groupId}(&|$)"));
        await Expect(page.ScoreCaption).ToHaveTextAsync(
            $"Mean score of {Plural(filtered.ScoredResources, "scored resource")} in resource group {WebTeamGroup}.");
        await ExpectScoreAsync(page, filtered);
        await Expect(page.Score).ToHaveTextAsync(OverviewPage.FormatScore(prodWebInGroup.Score));
        await ExpectScoresByAccountAsync(page, filtered);

        // The Data Disaster Recovery Panorama shows one account: the first selected, acme-security.
        await page.PanoramaLink.ClickAsync();
        await Expect(shell.MainHeading).ToHaveTextAsync("Data Disaster Recovery Panorama");
        await Expect(security.GetByTestId("panorama-account")).ToHaveTextAsync("Account: acme-security");
        await Expect(switcher.Button).ToHaveTextAsync("acme-security");

        // A stage's numbers are what its link opens: OSS vault replication opens exactly its risks in acme-security,
        // while the buckets without a backup plan (not applicable) are shown apart.
        var panorama = await Fixture.App.Services.GetRequiredService<PanoramaService>().GetPanoramaAsync(Security, SecurityId);
        var vault = panorama.Products.Single(p => p.Product == ProductType.Oss).Stages.Single(s => s.RuleId == CheckItems.OssVaultReplication.RuleId);
        Assert.True(vault.NotApplicable > 0, "Some demo buckets of acme-security have no backup plan.");
        var stage = security.GetByTestId("panorama-oss-stage-4");
        await Expect(stage).ToHaveAccessibleNameAsync(new Regex($"{vault.Reached} of {vault.Of} resources covered, {vault.Failed} risks?, {vault.NotApplicable} not applicable"));
        await stage.ClickAsync();
        await Expect(security).ToHaveURLAsync(new Regex($"/risk-detection\\?rule=oss-vault-replication&account={SecurityId}$"));
        await Expect(new RiskDetectionPage(security).Count("total")).ToHaveTextAsync($"{vault.Failed}");
    });

    private static async Task ExpectScoreAsync(OverviewPage page, OverviewDashboard expected)
    {
        await Expect(page.Score).ToHaveTextAsync(OverviewPage.FormatScore(expected.Score));
        await Expect(page.Stars).ToHaveAccessibleNameAsync($"{expected.Stars} of 5 stars");
        await Expect(page.Stars).ToHaveTextAsync(OverviewPage.FormatStars(expected.Stars));
    }

    /// <summary>One row per selected account, in selection order: name, then score, stars, resources, excluded from checks, risky resources and risks.</summary>
    private static async Task ExpectScoresByAccountAsync(OverviewPage page, OverviewDashboard expected)
    {
        await Expect(page.AccountRows.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(expected.Accounts.Select(a => a.AccountName).ToArray());
        foreach (var account in expected.Accounts)
        {
            await Expect(page.AccountRow(account.AccountName).GetByRole(AriaRole.Cell)).ToHaveTextAsync(
            [
                OverviewPage.FormatScore(account.Score),
                OverviewPage.FormatStars(account.Stars),
                $"{account.Tally.Resources}",
                $"{account.Tally.ExcludedResources}",
                $"{account.RiskyResources}",
                $"{account.Risks}",
            ]);
        }
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
