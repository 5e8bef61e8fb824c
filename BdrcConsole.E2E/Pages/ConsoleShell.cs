using Microsoft.Playwright;
using BdrcConsole.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>The layout around every console page: app bar, navigation and the circuit's readiness.</summary>
public sealed class ConsoleShell(IPage page)
{
    public ILocator SignedInUser => page.GetByTestId("signed-in-user");
    public ILocator Navigation => page.GetByRole(AriaRole.Navigation);
    public ILocator MainHeading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>
    /// Opens a console page by URL, waits until its clicks will be handled and its first answer has replaced the
    /// loading indicator, and checks it with axe (every journey thus scans each page it opens).
    /// </summary>
    public async Task GotoAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
        await Expect(Loading).ToHaveCountAsync(0);
        await Accessibility.AssertAccessibleAsync(page);
    }

    /// <summary>A page's or list's "Loading…" indicator (PageLoading).</summary>
    public ILocator Loading => page.Locator("[role=status]:has(.mud-progress-circular)");

    /// <summary>
    /// The app renders only once the circuit is connected (no prerender); the layout marks #console-root
    /// interactive when the circuit is live and the signed-in account is loaded.
    /// </summary>
    public async Task WaitUntilInteractiveAsync() =>
        await Expect(page.Locator("#console-root[data-interactive=true]")).ToBeAttachedAsync();

    /// <summary>A link of the console navigation (not the breadcrumb, which names the current page too).</summary>
    public ILocator NavLink(string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Console navigation", Exact = true }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
}
