namespace BdrcConsole.Core.Domain.CrossAccount;

/// <summary>Cross-account management as enabled by one delegated administrator.</summary>
public class CrossAccountSettings
{
    public required string AdministratorAccountId { get; init; }
    public DateTimeOffset EnabledAt { get; init; }
}

public enum ManagementTargetKind
{
    Account,
    Folder,
    ResourceDirectory,
}

/// <summary>What the administrator chose to manage on the Account Management page.</summary>
public class ManagementTarget
{
    public int Id { get; init; }
    public required string AdministratorAccountId { get; init; }
    public ManagementTargetKind Kind { get; init; }
    /// <summary>The account id or folder id; null for the entire resource directory.</summary>
    public string? TargetId { get; init; }
    public DateTimeOffset AddedAt { get; init; }
}

/// <summary>
/// One account in an administrator's managed set. The set is derived from the targets against the
/// directory as it is now and stored so that queries (and later, data ownership) can join on it.
/// </summary>
public class ManagedAccount
{
    public required string AdministratorAccountId { get; init; }
    public required string AccountId { get; init; }
    public DateTimeOffset ManagedSince { get; init; }
}

/// <summary>A service-linked role created in a member account when it first became managed.</summary>
public class ServiceLinkedRole
{
    public required string AccountId { get; init; }
    public required string RoleName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public const string BdrcRoleName = "AliyunServiceRoleForBdrcRd";
}
