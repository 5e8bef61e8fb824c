namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The Resource Center journey's own app host and browser: its steps (a delegated administrator, managed accounts,
/// a converted bucket, a resource group) stay out of the shared app the other journeys use.
/// OSS conversions to ZRS take 2 s here instead of 8 s.
/// </summary>
public sealed class ResourceCenterFixture() : ConsoleFixture(new Dictionary<string, string> { ["Bdrc:ZrsConversionSeconds"] = "2" });

[CollectionDefinition(Name)]
public sealed class ResourceCenterCollection : ICollectionFixture<ResourceCenterFixture>
{
    public const string Name = "BdrcConsole app for the Resource Center";
}
