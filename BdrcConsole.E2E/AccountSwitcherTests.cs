using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BdrcConsole.E2E.Infrastructure.SyntheticEstateFixture;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// The account switcher on a directory of 60 accounts in 20 folders, as its delegated administrator: a folder in one
/// step, then Select all; the Overview counts what Core counts; the Panorama shows the first selected account; a reload
/// keeps the selection. Folder "Business unit 03" holds synthetic-00002, synthetic-00022 and synthetic-00042.
/// </summary>
[Collection(SyntheticEstateCollection.Name)]
public sealed class AccountSwitcherTests(SyntheticEstateFixture fixture) : BrowserTest(fixture)
{
    private static readonly string Own = AccountSwitcher.Label("synthetic-00001", AccountId(1), own: true);

    [Fact]
    public Task Administrator_SelectsFolderThenAll_OverviewAndPanoramaFollowAndReloadKeepsIt() => RunAsync(async () =>
    {
        var visible = await Fixture.App.Services.GetRequiredService<AccessService>().GetVisibleAccountDirectoryAsync(Administrator);
        var page = await SignInAsAsync(SyntheticEstate.AdministratorEmail);
        var switcher = new AccountSwitcher(page);
        var overview = new OverviewPage(page);
        await overview.GotoAsync();
        await Expect(switcher.Button).ToHaveTextAsync("synthetic-00001");

        // A folder in one step: its three accounts follow the own account, in directory order; Root is then partly selected.
        await switcher.OpenAsync();
        await switcher.Folder("Business unit 03", 3).ClickAsync();
        await Expect(switcher.Status).ToHaveTextAsync($"4 of {visible.Accounts.Count} selected");
        await Expect(switcher.Folder("Business unit 03", 3)).ToBeCheckedAsync();
        await Expect(switcher.Folder("Root", visible.Accounts.Count)).ToHaveAttributeAsync("aria-checked", "mixed");
        // Removing the own account makes the folder's first account the first selected.
        await switcher.ToggleAsync(Own);
        await Expect(switcher.Button).ToHaveTextAsync("synthetic-00002 +2");

        // Select all adds the rest, after the folder's accounts.
        await Expect(switcher.SelectAll).ToHaveTextAsync($"Select all (adds {visible.Accounts.Count - 3})");
        await switcher.SelectAll.ClickAsync();
        await Expect(switcher.Button).ToHaveTextAsync($"All {visible.Accounts.Count} accounts");
        await switcher.CloseAsync();

        // The Overview aggregates every account Core lets the administrator see, one table row each (the first 50, then all).
        await Expect(overview.SelectedAccounts).ToHaveTextAsync($"{visible.Accounts.Count} accounts selected");
        var dashboard = await Fixture.App.Services.GetRequiredService<OverviewService>()
            .GetDashboardAsync(Administrator, new OverviewQuery(visible.Accounts.Select(a => a.AccountId).ToList()));
        Assert.Equal(visible.Accounts.Count, dashboard.Accounts.Count);
        await Expect(overview.AccountRows).ToHaveCountAsync(50);
        await Expect(overview.ShowAllAccounts).ToHaveTextAsync($"Show all {dashboard.Accounts.Count} accounts");
        await overview.ShowAllAccounts.ClickAsync();
        await Expect(overview.AccountRows).ToHaveCountAsync(dashboard.Accounts.Count);
        await Expect(overview.AccountRows.First.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync("synthetic-00002");

        // The Panorama is a single-account page: the first selected account.
        await overview.PanoramaLink.ClickAsync();
        await Expect(page.GetByTestId("panorama-account")).ToHaveTextAsync("Account: synthetic-00002");
        await Expect(switcher.Button).ToHaveTextAsync("synthetic-00002");

        // A reload starts a new circuit with the same selection and order.
        await page.ReloadAsync();
        await new ConsoleShell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("panorama-account")).ToHaveTextAsync("Account: synthetic-00002");
        await overview.GotoAsync();
        await Expect(overview.SelectedAccounts).ToHaveTextAsync($"{visible.Accounts.Count} accounts selected");
        await Expect(switcher.Button).ToHaveTextAsync($"All {visible.Accounts.Count} accounts");
    });

    [Fact]
    public Task Keyboard_SearchMoveSelectAndEscape_SelectsTheAccountAndReturnsFocus() => RunAsync(async () =>
    {
        var page = await SignInAsAsync(SyntheticEstate.AdministratorEmail);
        var switcher = new AccountSwitcher(page);
        await new OverviewPage(page).GotoAsync();

        await switcher.Button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(switcher.Search).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("synthetic-00042");
        await Expect(switcher.Status).ToContainTextAsync("1 shown");
        // The match is highlighted.
        await Expect(switcher.Panel.Locator("mark")).ToHaveTextAsync("synthetic-00042");

        await page.Keyboard.PressAsync("ArrowDown");
        var match = switcher.Account(AccountSwitcher.Label("synthetic-00042", AccountId(42)));
        await Expect(match).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(match).ToBeCheckedAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(switcher.Panel).ToBeHiddenAsync();
        await Expect(switcher.Button).ToBeFocusedAsync();
        await Expect(switcher.Button).ToHaveTextAsync("synthetic-00001 +1");
    });

    /// <summary>
    /// By keyboard only: Select all in the switcher, then the ECS grid of all accounts paged with its pager buttons
    /// (Tab and Enter), the range label following.
    /// </summary>
    [Fact]
    public Task Administrator_SelectsAllAndPagesTheGrid_ByKeyboardOnly() => RunAsync(async () =>
    {
        var visible = (await Fixture.App.Services.GetRequiredService<AccessService>().GetVisibleAccountDirectoryAsync(Administrator)).Accounts.Count;
        var page = await SignInAsAsync(SyntheticEstate.AdministratorEmail);
        await page.SetViewportSizeAsync(1440, 900);
        var user = new KeyboardUser(page);
        var switcher = new AccountSwitcher(page);
        var shell = new ConsoleShell(page);

        await user.ActivateAsync(switcher.Button);
        await Expect(switcher.Search).ToBeFocusedAsync();
        await user.ActivateAsync(switcher.SelectAll);
        await Expect(switcher.Status).ToHaveTextAsync($"{visible} of {visible} selected");
        await user.Keys.PressAsync("Escape");
        await Expect(switcher.Button).ToBeFocusedAsync();
        await Expect(switcher.Button).ToHaveTextAsync($"All {visible} accounts");

        await user.ActivateAsync(shell.NavLink("ECS"));
        var ecs = new ResourceCenterPage(page, "ECS");
        await Expect(ecs.Rows).ToHaveCountAsync(50);
        var pager = page.Locator(".mud-table-pagination");
        await Expect(pager).ToContainTextAsync("1-50 of ");
        var firstOnPageOne = await ecs.Rows.First.Locator("button[data-resource-id]").TextContentAsync();
        await user.ActivateAsync(pager.GetByRole(AriaRole.Button, new() { Name = "Next page" }));
        await Expect(pager).ToContainTextAsync("51-100 of ");
        await Expect(ecs.Rows.First.Locator("button[data-resource-id]")).Not.ToHaveTextAsync(firstOnPageOne!);
        await user.Keys.PressAsync("Shift+Tab");
        await user.Keys.PressAsync("Enter");
        await Expect(pager).ToContainTextAsync("1-50 of ");
    });
}
