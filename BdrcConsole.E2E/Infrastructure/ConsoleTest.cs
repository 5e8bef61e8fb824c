namespace BdrcConsole.E2E.Infrastructure;

/// <summary>A browser test of the shared "BdrcConsole app" collection.</summary>
[Collection(ConsoleCollection.Name)]
public abstract class ConsoleTest(ConsoleFixture fixture) : BrowserTest(fixture);
