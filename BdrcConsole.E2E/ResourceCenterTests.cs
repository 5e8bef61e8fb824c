using System.Text.RegularExpressions;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// Resource Center across accounts: the account switcher, the aggregated grids, OSS conversion to ZRS and resource groups.
/// Runs on its own app host (<see cref="ResourceCenterFixture"/>), so its delegated administrator and managed accounts
/// do not meet the cross-account journey's.
/// </summary>
[Collection(ResourceCenterCollection.Name)]
public sealed class ResourceCenterTests(ResourceCenterFixture fixture) : BrowserTest(fixture)
{
    private const string SecurityId = "1536000000000101";
    private const string ProdWebId = "1536000000000201";
    private const string ProdDataId = "1536000000000202";

    private static readonly string SecurityOwn = AccountSwitcher.Label("acme-security", SecurityId, own: true);
    private static readonly string ProdWeb = AccountSwitcher.Label("acme-prod-web", ProdWebId);
    private static readonly string ProdData = AccountSwitcher.Label("acme-prod-data", ProdDataId);

    [Fact]
    public Task DelegatedAdministrator_BrowsesManagedAccounts_ConvertsOwnBucketAndGroupsByTags() => RunAsync(async () =>
    {
        // acme-security is the delegated administrator and manages folder Root/Production.
        var security = await SecurityManagesProductionFolderAsync();

        // The switcher offers the own and the managed accounts. Selection order is click order:
        // add prod-web, drop the own account, add prod-data → prod-web first, then prod-data.
        var shell = new ConsoleShell(security);
        var switcher = new AccountSwitcher(security);
        var ecs = new ResourceCenterPage(security, "ECS");
        await ecs.GotoAsync();
        await Expect(switcher.Button).ToHaveTextAsync("acme-security");
        await Expect(ecs.Rows.First).ToBeVisibleAsync();
        await Expect(ecs.ColumnHeader("Account")).ToHaveCountAsync(0);
        await switcher.OpenAsync();
        await Expect(switcher.Checkboxes).ToHaveCountAsync(1 + 3);
        await Expect(switcher.Account(SecurityOwn)).ToBeCheckedAsync();
        await switcher.ToggleAsync(ProdWeb, SecurityOwn, ProdData);
        await switcher.CloseAsync();
        await Expect(switcher.Button).ToHaveTextAsync("acme-prod-web +1");

        // ECS aggregates both accounts, with an Account column.
        await ExpectEcsOfProdWebAndProdDataAsync(ecs);
        await Expect(ecs.Cells("acme-security")).ToHaveCountAsync(0);

        // The selection follows to another multi-account page and back, and survives a reload (new circuit).
        await shell.NavLink("Risk Detection").ClickAsync();
        await Expect(security.GetByTestId("risk-accounts")).ToHaveTextAsync("Selected accounts: acme-prod-web, acme-prod-data");
        await security.GoBackAsync();
        await Expect(security).ToHaveURLAsync(new Regex($"{ecs.Path}$"));
        await ExpectEcsOfProdWebAndProdDataAsync(ecs);
        await security.ReloadAsync();
        await shell.WaitUntilInteractiveAsync();
        await Expect(switcher.Button).ToHaveTextAsync("acme-prod-web +1");
        await ExpectEcsOfProdWebAndProdDataAsync(ecs);

        // A single-account page shows the first selected account, says so, and offers radios; the selection stays.
        await shell.GotoAsync("/overview/panorama");
        await Expect(security.GetByTestId("panorama-account")).ToHaveTextAsync("Account: acme-prod-web");
        await Expect(security.GetByTestId("single-account-notice")).ToContainTextAsync("acme-prod-web");
        await Expect(switcher.Button).ToHaveTextAsync("acme-prod-web");
        await switcher.OpenAsync();
        await Expect(switcher.SingleAccount(ProdWeb)).ToBeCheckedAsync();
        await Expect(switcher.Checkboxes).ToHaveCountAsync(0);
        await switcher.CloseAsync();
        await shell.NavLink("Overview").ClickAsync();
        await Expect(security.GetByTestId("overview-accounts")).ToHaveTextAsync("Selected accounts: acme-prod-web, acme-prod-data");

        // OSS: add the own account (third); its eligible LRS bucket converts to ZRS, the grid refreshing by itself.
        var oss = new ResourceCenterPage(security, "OSS");
        await oss.GotoAsync();
        await switcher.OpenAsync();
        await switcher.ToggleAsync(SecurityOwn);
        await switcher.CloseAsync();
        await Expect(switcher.Button).ToHaveTextAsync("acme-prod-web +2");
        await oss.SearchAsync("acme-security-audit-logs");
        await Expect(oss.Rows).ToHaveCountAsync(1);
        var auditLogs = oss.Row("acme-security-audit-logs");
        await Expect(auditLogs).ToContainTextAsync("LRS");
        await oss.ConvertToZrsAsync("acme-security-audit-logs");
        await Expect(auditLogs).ToContainTextAsync("Converting");
        await Expect(oss.ConvertButton("acme-security-audit-logs")).ToHaveCountAsync(0);
        await Expect(auditLogs).ToContainTextAsync("ZRS", new() { Timeout = 20_000 });
        await Expect(auditLogs).ToContainTextAsync("Already ZRS");

        // A managed account's bucket is visible but only its own account may convert it.
        await oss.SearchAsync("static-assets");
        await Expect(oss.Rows).ToHaveCountAsync(3);
        var webAssets = oss.Row("acme-prod-web-static-assets");
        await Expect(webAssets).ToContainTextAsync("Own account only");
        await Expect(oss.ConvertButton("acme-prod-web-static-assets")).ToHaveCountAsync(0);
        await Expect(oss.ConvertButton("acme-security-static-assets")).ToBeVisibleAsync();

        // Its details open in the drawer, with the account it belongs to.
        await oss.DetailsButton("acme-prod-web-static-assets").ClickAsync();
        await Expect(oss.DetailsDrawer.GetByLabel("Resource properties")).ToContainTextAsync($"acme-prod-web ({ProdWebId})");
        await oss.CloseDetailsAsync();

        // High Availability counts LRS/ZRS per selected account, the converted bucket included, as Core does.
        var redundancy = await Fixture.App.Services.GetRequiredService<HighAvailabilityService>()
            .SummarizeAsync(new Actor("security@acme.test", SecurityId), [ProdWebId, ProdDataId, SecurityId]);
        Assert.True(redundancy.Single(r => r.AccountId == SecurityId).OssZrs >= 1);
        await shell.NavLink("High Availability").ClickAsync();
        var highAvailability = security.GetByLabel("Redundancy by account", new() { Exact = true });
        foreach (var row in redundancy)
        {
            await Expect(highAvailability.GetByRole(AriaRole.Row)
                    .Filter(new() { Has = security.GetByRole(AriaRole.Cell, new() { Name = row.AccountName, Exact = true }) })
                    .GetByRole(AriaRole.Cell))
                .ToHaveTextAsync([row.AccountName, $"{row.OssLrs}", $"{row.OssZrs}", $"{row.OssConverting}", $"{row.TablestoreLrs}", $"{row.TablestoreZrs}"]);
        }

        // A resource group over the own and managed accounts: Detect Resources reports what Core matches, OK saves it.
        var matcher = new TagMatcher(MatchMode.All, [new TagConditionInput("important", TagOperator.Equal, "true")]);
        var expected = await Fixture.App.Services.GetRequiredService<ResourceGroupService>()
            .DetectAsync(new Actor("security@acme.test", SecurityId), matcher);
        Assert.True(expected.AccountCount > 1, "The demo estate has important=true resources in several accounts.");
        var groups = new ResourceGroupsPage(security);
        await shell.NavLink("Resource Group Management").ClickAsync();
        await Expect(groups.Heading).ToBeVisibleAsync();
        var editor = await groups.OpenCreateAsync();
        await editor.Name.FillAsync("Important E2E");
        await editor.Description.FillAsync("Created by the E2E journey.");
        await editor.SetEqualConditionAsync(1, "important", "true");
        await editor.DetectButton.ClickAsync();
        await Expect(editor.DetectionResult).ToContainTextAsync(
            $"{expected.AccountCount} accounts and {expected.ResourceCount} resources match.");
        foreach (var account in expected.PerAccount)
            await Expect(editor.DetectionResult).ToContainTextAsync($"{account.AccountName}: {account.ResourceCount}");
        await editor.SaveAsync();
        await Expect(groups.Row("Important E2E")).ToContainTextAsync("important = true");
        await Expect(groups.Row("Important E2E")).ToContainTextAsync("Created by the E2E journey.");
    });

    [Fact]
    public Task MemberAccount_Switcher_ListsOnlyItsOwnAccount() => RunAsync(async () =>
    {
        var web = await SignInAsAsync("web@acme.test");
        var switcher = new AccountSwitcher(web);

        await switcher.OpenAsync();

        await Expect(switcher.Checkboxes).ToHaveCountAsync(1);
        await Expect(switcher.Account(AccountSwitcher.Label("acme-prod-web", ProdWebId, own: true))).ToBeCheckedAsync();
        await Expect(switcher.Panel).ToContainTextAsync("Only your own account is visible to you.");
        await switcher.CloseAsync();
        await Expect(web.GetByTestId("overview-accounts")).ToHaveTextAsync("Selected account: acme-prod-web");
    });

    [Fact]
    public Task MemberAccount_OpensAnotherAccountsResource_SeesNotFound() => RunAsync(async () =>
    {
        var web = await SignInAsAsync("web@acme.test");
        var shell = new ConsoleShell(web);

        await shell.GotoAsync("/resource-center/resources/acme-security-audit-logs");

        await Expect(shell.MainHeading).ToHaveTextAsync("Not found");
        await Expect(web.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("cn-hangzhou");

        // Its own bucket opens as a page.
        await shell.GotoAsync("/resource-center/resources/acme-prod-web-static-assets");
        await Expect(shell.MainHeading).ToHaveTextAsync("acme-prod-web-static-assets");
        await Expect(web.GetByLabel("Resource properties")).ToContainTextAsync("acme-prod-web (1536000000000201)");
    });

    [Fact]
    public Task FilterLink_OpenedAgainAfterNavigating_ReproducesTheFilteredView() => RunAsync(async () =>
    {
        var web = await SignInAsAsync("web@acme.test");
        var shell = new ConsoleShell(web);
        var oss = new ResourceCenterPage(web, "OSS");
        await oss.GotoAsync();
        await Expect(oss.Rows.First).ToBeVisibleAsync();
        Assert.True(await oss.Rows.CountAsync() > 1);
        await Expect(oss.ColumnHeader("Account")).ToHaveCountAsync(0);

        // Filtering puts the filter into the URL...
        await oss.SearchAsync("static-assets");
        await Expect(oss.Rows).ToHaveCountAsync(1);
        var link = web.Url;

        // ...so that the link, opened after going elsewhere, shows the same view.
        await shell.NavLink("Overview").ClickAsync();
        await Expect(web).ToHaveURLAsync(new Regex("/overview$"));
        await shell.GotoAsync(link);
        await Expect(oss.Search).ToHaveValueAsync("static-assets");
        await Expect(oss.Rows).ToHaveCountAsync(1);
        await Expect(oss.Row("acme-prod-web-static-assets")).ToContainTextAsync("cn-beijing");

        // A hand-written link with several filters works the same way.
        await shell.GotoAsync($"{oss.Path}?q=static-assets&region=cn-beijing&redundancy=Lrs");
        await Expect(oss.Rows).ToHaveCountAsync(1);
        await shell.GotoAsync($"{oss.Path}?q=static-assets&region=cn-hangzhou");
        await Expect(oss.Rows).ToHaveCountAsync(0);
        await Expect(oss.Grid).ToContainTextAsync("No resources match these filters.");
    });

    private static async Task ExpectEcsOfProdWebAndProdDataAsync(ResourceCenterPage ecs)
    {
        await Expect(ecs.ColumnHeader("Account")).ToBeVisibleAsync();
        await Expect(ecs.Cells("acme-prod-web").First).ToBeVisibleAsync();
        await Expect(ecs.Cells("acme-prod-data").First).ToBeVisibleAsync();
        await Expect(ecs.CountsPerAccount).ToContainTextAsync("acme-prod-web:");
        await Expect(ecs.CountsPerAccount).ToContainTextAsync("acme-prod-data:");
    }
}
