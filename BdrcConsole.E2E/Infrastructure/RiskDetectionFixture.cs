namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The Risk Detection journey's own app host and browser: its delegated administrator, managed accounts,
/// detections and exclusions stay out of the apps the other journeys use.
/// </summary>
public sealed class RiskDetectionFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class RiskDetectionCollection : ICollectionFixture<RiskDetectionFixture>
{
    public const string Name = "BdrcConsole app for Risk Detection";
}
