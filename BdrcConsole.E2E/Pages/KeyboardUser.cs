using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>
/// A user without a mouse: moves focus with Tab and Shift+Tab and acts with Enter, Space, arrows and Escape
/// (<see cref="IPage.Keyboard"/> only; no click, fill or focus call).
/// </summary>
public sealed class KeyboardUser(IPage page)
{
    /// <summary>Enough for the longest page: every filter, header button and row action of a 50-row grid.</summary>
    private const int MaxPresses = 400;

    public IKeyboard Keys => page.Keyboard;

    /// <summary>
    /// Presses Tab (or Shift+Tab) until <paramref name="target"/> has the focus; fails when it never gets it, which
    /// is what a keyboard user would find: a control Tab does not reach.
    /// </summary>
    public async Task TabToAsync(ILocator target, bool backwards = false)
    {
        await Expect(target).ToBeVisibleAsync();
        for (var presses = 0; presses < MaxPresses; presses++)
        {
            if (await HasFocusAsync(target))
            {
                await ExpectFocusVisibleAsync();
                return;
            }
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"{(backwards ? "Shift+Tab" : "Tab")} did not reach {target} in {MaxPresses} presses; focus is on {await FocusedAsync()}.");
    }

    /// <summary>Tabs to a control and presses Enter on it.</summary>
    public async Task ActivateAsync(ILocator target, bool backwards = false)
    {
        await TabToAsync(target, backwards);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>
    /// The focused element shows it (WCAG 2.4.7): an outline of at least 2 px (on the icon, for a MudBlazor checkbox,
    /// radio or switch), or, for a MudBlazor text field, the field's focused underline (its ::after bar at full width).
    /// </summary>
    public async Task ExpectFocusVisibleAsync()
    {
        // The underline grows in a transition: judge the state it ends in.
        var indicator = await page.EvaluateAsync<string>(@"async () => {
            await Promise.all(document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
                .map(a => a.finished.catch(() => null)));
            const focused = document.activeElement;
            // A checkbox, radio or switch focuses an invisible input laid over its icon; the icon must show it.
            const e = focused.matches('input[type=checkbox], input[type=radio]') && getComputedStyle(focused).opacity === '0'
                ? focused.closest('.mud-button-root') ?? focused : focused;
            const style = getComputedStyle(e);
            if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) return 'outline';
            const field = e.closest('.mud-input');
            if (field && field.classList.contains('mud-input-underline')) {
                const bar = getComputedStyle(field, '::after');
                if (bar.transform === 'none' || bar.transform === 'matrix(1, 0, 0, 1, 0, 0)') return 'underline';
            }
            return '';
        }");
        Assert.True(indicator.Length > 0, $"Focus is not visible on {await FocusedAsync()}.");
    }

    /// <summary>Whether the focused element is inside <paramref name="container"/>.</summary>
    public static Task<bool> HasFocusWithinAsync(ILocator container) =>
        container.EvaluateAsync<bool>("e => e.contains(document.activeElement)");

    private static Task<bool> HasFocusAsync(ILocator target) => target.EvaluateAsync<bool>("e => e === document.activeElement");

    /// <summary>The focused element, described for a failure message.</summary>
    public Task<string> FocusedAsync() => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()} \"${(e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 60)}\"` : 'nothing'; }");
}
