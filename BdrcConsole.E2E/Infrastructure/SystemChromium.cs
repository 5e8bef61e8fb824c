using Microsoft.Playwright;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// How the browser journeys and the bench's browser run start Chromium: Debian's, never a downloaded one; the
/// resolver rule keeps it from looking up outside hosts. (The bench compiles this file in as a link.)
/// </summary>
public static class SystemChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
}
