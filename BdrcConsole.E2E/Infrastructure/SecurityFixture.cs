namespace BdrcConsole.E2E.Infrastructure;

/// <summary>The security probes' own app host: they lock users out and renew security stamps.</summary>
public sealed class SecurityFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "BdrcConsole app for security probes";
}
