namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The Overview journey's own app host and browser: its delegated administrator, managed accounts and resource groups
/// stay out of the apps the other journeys use.
/// </summary>
public sealed class OverviewFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class OverviewCollection : ICollectionFixture<OverviewFixture>
{
    public const string Name = "BdrcConsole app for the Overview";
}
