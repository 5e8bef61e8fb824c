using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>Its own app host: the walk makes acme-security the delegated administrator.</summary>
public sealed class AccessibilityFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<AccessibilityFixture>
{
    public const string Name = "BdrcConsole app for accessibility";
}

/// <summary>
/// The ten pages issue 13 scanned, as the delegated administrator at 1440 × 900: each has one h1, the banner,
/// navigation and main landmarks, a skip link as the first thing Tab reaches, and no serious or critical axe violation.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public sealed class AccessibilityTests(AccessibilityFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] AdministratorPages =
    [
        "/overview", "/risk-detection", "/resource-center/ecs", "/overview/panorama", "/protection-policies", "/messages",
        "/resource-center/resource-groups", "/cross-account", "/audit-log",
    ];

    [Fact]
    public Task ConsolePages_HaveStructureSkipLinkAndNoSeriousViolation() => RunAsync(async () =>
    {
        var security = await SecurityManagesProductionFolderAsync();
        foreach (var path in AdministratorPages)
            await CheckPageAsync(security, path);

        var management = await SignInAsAsync("management@acme.test");
        await CheckPageAsync(management, "/trusted-services");
    });

    /// <summary>The scan itself: a name that does not contain the visible text (WCAG 2.5.3) and low contrast are found.</summary>
    [Fact]
    public Task Scan_FindsLabelInNameMismatchAndLowContrast() => RunAsync(async () =>
    {
        var page = await NewAnonymousPageAsync();
        await page.SetContentAsync(
            "<html lang=\"en\"><head><title>Scan check</title></head><body><main>" +
            "<button type=\"button\" aria-label=\"Account switcher\">acme-security +1</button>" +
            "<p style=\"color:#bbbbbb;background:#ffffff\">Grey caption</p></main></body></html>");

        var rules = (await Accessibility.ScanAsync(page)).Select(v => v.Rule).ToList();

        Assert.Contains("label-content-name-mismatch", rules);
        Assert.Contains("color-contrast", rules);
    });

    private static async Task CheckPageAsync(IPage page, string path)
    {
        await page.SetViewportSizeAsync(1440, 900);
        await new ConsoleShell(page).GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Banner)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Console navigation" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);

        // Blazor focuses the h1 after a navigation, so "the first Tab" depends on history: ask the document instead.
        var firstTabbable = await page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]" +
            ".find(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0)?.textContent.trim()");
        Assert.Equal("Skip to main content", firstTabbable);
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skip).Not.ToBeInViewportAsync();
        await skip.FocusAsync();
        await Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Main)).ToBeFocusedAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{System.Text.RegularExpressions.Regex.Escape(path)}$"));

        await Accessibility.AssertAccessibleAsync(page);
    }
}
