namespace BdrcConsole.Core.Domain.CrossAccount;

/// <summary>A member account the management account made administrator of a trusted service.</summary>
public class DelegatedAdministrator
{
    public required string ServiceName { get; init; }
    public required string AccountId { get; init; }
    public DateTimeOffset AddedAt { get; init; }
}

/// <summary>The trusted services of the directory this console knows about.</summary>
public static class TrustedServiceNames
{
    /// <summary>Backup and Disaster Recovery Center.</summary>
    public const string Bdrc = "BDRC";
}
