namespace BdrcConsole.Core.Domain.Policies;

public enum ApplicationStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// What protection an application grants its resource once it succeeded, as bits: the resource's effective
/// protection is its own configuration OR the grants of its succeeded applications (docs/rules.md §10).
/// </summary>
[Flags]
public enum ProtectionGrant
{
    None = 0,
    /// <summary>An automatic snapshot policy on every disk.</summary>
    SnapshotPolicy = 1 << 0,
    SnapshotCrossRegionCopy = 1 << 1,
    CloudBackup = 1 << 2,
    VaultReplication = 1 << 3,
    RecycleBin = 1 << 4,
    Versioning = 1 << 5,
}

/// <summary>One sub-policy applied to one resource. Unique per (sub-policy, resource).</summary>
public sealed class PolicyApplication
{
    public long Id { get; init; }
    public int SubPolicyId { get; init; }
    public int PolicyId { get; init; }
    public required string ResourceId { get; init; }
    public required string AccountId { get; init; }
    public ApplicationStatus Status { get; set; }
    public string? FailureReason { get; set; }
    /// <summary>The simulated cloud task that applied it, e.g. "t-0000002a-00000003".</summary>
    public string? TaskId { get; set; }
    /// <summary>What it grants while Succeeded.</summary>
    public ProtectionGrant Grants { get; set; }
    /// <summary>The NAS recycle bin retention it grants (NasRecycleBin only).</summary>
    public int? RecycleBinRetentionDays { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ExecutionTrigger
{
    Schedule,
    RunNow,
}

public enum ExecutionStatus
{
    Running,
    Succeeded,
    PartlyFailed,
    Failed,
}

/// <summary>One run of a sub-policy over its applied resources.</summary>
public sealed class PolicyExecution
{
    public long Id { get; init; }
    public int PolicyId { get; init; }
    public int SubPolicyId { get; init; }
    public ExecutionTrigger Trigger { get; init; }
    public ExecutionStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public int ResourcesSucceeded { get; set; }
    public int ResourcesFailed { get; set; }
}

public enum MessageLevel
{
    Info,
    Warning,
    Error,
}

public enum MessageType
{
    ExecutionSucceeded,
    ExecutionPartlyFailed,
    ExecutionFailed,
    ApplicationFailed,
    AppliedToNewResources,
    RemovedAccountLeftManagement,
    PolicyChanged,
}

/// <summary>
/// A protection policy execution message to the policy's owner. Messages about a member account reach the
/// administrator that owns the policy; a member's own policies send to the member only.
/// </summary>
public sealed class PolicyMessage
{
    public long Id { get; init; }
    public required string RecipientAccountId { get; init; }
    public MessageLevel Level { get; init; }
    public MessageType Type { get; init; }
    /// <summary>Null once the policy is deleted; the name stays.</summary>
    public int? PolicyId { get; set; }
    public required string PolicyName { get; init; }
    /// <summary>The accounts concerned, comma-separated ids.</summary>
    public string AccountIds { get; init; } = "";
    public int ResourceCount { get; init; }
    /// <summary>The first resources concerned, comma-separated ids (at most <see cref="MaxListedResources"/>).</summary>
    public string ResourceIds { get; init; } = "";
    public required string Outcome { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public bool Read { get; set; }

    public const int MaxListedResources = 20;
}
