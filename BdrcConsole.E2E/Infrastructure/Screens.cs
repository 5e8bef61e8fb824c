using Microsoft.Playwright;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The screenshots a reviewer looks at: &lt;temp&gt;/bdrc-screens/&lt;name&gt;-1280.png and -1440.png, the two widths the
/// layout is checked at. The page scrolls inside the main area (the drawer keeps the full height): a tall window shows it all.
/// </summary>
public static class Screens
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "bdrc-screens");

    public static async Task SaveAtBothWidthsAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        foreach (var width in new[] { 1280, 1440 })
        {
            await page.SetViewportSizeAsync(width, 1300);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}-{width}.png") });
        }
    }
}
