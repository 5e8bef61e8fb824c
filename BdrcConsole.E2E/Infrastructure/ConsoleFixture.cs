using Microsoft.Playwright;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>One app host and one Chromium shared by every test of a collection; each test opens its own contexts.</summary>
public class ConsoleFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string>? appSettings;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private BdrcAppHost? app;

    public ConsoleFixture()
    {
    }

    /// <param name="appSettings">Configuration settings for this fixture's app host.</param>
    protected ConsoleFixture(IReadOnlyDictionary<string, string> appSettings) => this.appSettings = appSettings;

    public BdrcAppHost App => app ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Prepares the database the app runs on and returns its path; null (the default) seeds a fresh demo.</summary>
    protected virtual Task<string?> PrepareDatabaseAsync() => Task.FromResult<string?>(null);

    public async Task InitializeAsync()
    {
        // Two cores are shared with the app, the browser and other collections: wait for states, with room to spare.
        Assertions.SetDefaultExpectTimeout(15_000);
        app = new BdrcAppHost(appSettings, await PrepareDatabaseAsync());
        playwright = await Playwright.CreateAsync();
        browser = await SystemChromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
        playwright?.Dispose();
        if (app is not null)
            await app.DisposeAsync();
    }
}

/// <summary>Tests that share the seeded app. They must not depend on each other's changes to its data.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "BdrcConsole app";
}
