using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>Its own app host: the screenshot walk makes acme-security the delegated administrator.</summary>
public sealed class ScreenshotFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class ScreenshotCollection : ICollectionFixture<ScreenshotFixture>
{
    public const string Name = "BdrcConsole app for screenshots";
}

/// <summary>
/// Walks the console's list pages at the two widths the layout is checked at (1280 and 1440 px) and saves a
/// full-page screenshot of each to &lt;temp&gt;/bdrc-screens/, the artefacts a reviewer looks at.
/// </summary>
[Collection(ScreenshotCollection.Name)]
public sealed class ScreenshotTests(ScreenshotFixture fixture) : BrowserTest(fixture)
{

    private static readonly (string Name, string Path, string Ready)[] AdministratorPages =
    [
        ("ecs", "/resource-center/ecs", "ECS resources"),
        ("oss", "/resource-center/oss", "OSS resources"),
        ("high-availability", "/resource-center/high-availability", "Redundancy by account"),
        ("resource-groups", "/resource-center/resource-groups", "Resource groups"),
        ("cross-account", "/cross-account", "Managed member accounts"),
        ("audit-log", "/audit-log", "Audit log entries"),
    ];

    [Fact]
    public Task AdministratorAndMember_ListPages_RenderAtBothWidths() => RunAsync(async () =>
    {
        var security = await SecurityManagesProductionFolderAsync();
        foreach (var (name, path, ready) in AdministratorPages)
            await ShootAsync(security, $"admin-{name}", path, security.GetByLabel(ready, new() { Exact = true }).First);

        // Two accounts add the Account column: the widest grid.
        await new ConsoleShell(security).GotoAsync("/resource-center/oss");
        var switcher = new AccountSwitcher(security);
        await switcher.OpenAsync();
        await switcher.ToggleAsync(AccountSwitcher.Label("acme-prod-web", "1536000000000201"));
        await switcher.CloseAsync();
        await ShootAsync(security, "admin-oss-two-accounts", "/resource-center/oss", security.GetByRole(AriaRole.Columnheader, new() { Name = "Account" }));
        // The pages whose numbers come from the stored aggregates, with the same two accounts: the Overview's score
        // table, Risk Detection's counts, the first account's Panorama.
        await ShootAsync(security, "admin-overview-two-accounts", "/overview", security.GetByLabel("Scores by account", new() { Exact = true }));
        await ShootAsync(security, "admin-risk-detection-two-accounts", "/risk-detection", security.GetByLabel("Risks by severity", new() { Exact = true }));
        await ShootAsync(security, "admin-panorama", "/overview/panorama", security.GetByRole(AriaRole.Heading, new() { Level = 1 }).First);

        var member = await SignInAsAsync("web@acme.test");
        await ShootAsync(member, "member-overview", "/overview", member.GetByRole(AriaRole.Heading, new() { Level = 1 }).First);
        await ShootAsync(member, "member-cross-account", "/cross-account", member.GetByRole(AriaRole.Heading, new() { Level = 1 }).First);
    });

    private static async Task ShootAsync(IPage page, string name, string path, ILocator ready)
    {
        await new ConsoleShell(page).GotoAsync(path);
        await Expect(ready).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
        await Screens.SaveAtBothWidthsAsync(page, name);
    }
}
