namespace BdrcConsole.Core.Domain.Policies;

/// <summary>
/// A protection policy of the account that created it (administrator or member alike): bound to some of the
/// owner's own resource groups, it applies its sub-policies to the resources those groups match across the
/// owner's own and managed accounts (docs/rules.md §10). Sub-policies belong to the owner, never to the
/// member accounts, and never touch a member's own Cloud Backup plans.
/// </summary>
public sealed class ProtectionPolicy
{
    public int Id { get; init; }
    public required string OwnerAccountId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>A paused policy keeps its applications but runs no schedule and no Run now.</summary>
    public bool Paused { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Who saved the policy last (shown in the concurrency refusal).</summary>
    public string UpdatedBy { get; set; } = "";
    /// <summary>Optimistic concurrency token: every save increments it; a save of a stale copy is refused.</summary>
    public int Version { get; set; }

    public List<PolicyGroupBinding> Groups { get; init; } = [];
    public List<SubPolicy> SubPolicies { get; init; } = [];

    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 256;
    public const int MaxGroups = 10;
    public const int MaxSubPolicies = 10;
}

/// <summary>Binds a policy to one of its owner's resource groups.</summary>
public sealed class PolicyGroupBinding
{
    public int PolicyId { get; init; }
    public int ResourceGroupId { get; init; }
}

/// <summary>What a sub-policy does; each kind acts on one product's resources.</summary>
public enum SubPolicyKind
{
    /// <summary>Apply an ECS automatic snapshot policy to every disk of the instance.</summary>
    EcsSnapshot,
    CloudBackupEcs,
    CloudBackupOss,
    CloudBackupNas,
    CloudBackupTablestore,
    /// <summary>Enable the NAS recycle bin with a retention.</summary>
    NasRecycleBin,
    /// <summary>Enable OSS versioning.</summary>
    OssVersioning,
}

/// <summary>
/// One action of a policy with its settings. Which settings apply depends on <see cref="Kind"/>; the others
/// stay null (validated by the policy service, docs/rules.md §10).
/// </summary>
public sealed class SubPolicy
{
    public int Id { get; init; }
    public int PolicyId { get; init; }
    public SubPolicyKind Kind { get; set; }

    // ECS automatic snapshot policy
    /// <summary>Hours of the day (0–23) the snapshots are taken, comma-separated ascending, e.g. "2,14".</summary>
    public string? TimePoints { get; set; }
    /// <summary>Days of the week, comma-separated ISO numbers (1 = Monday … 7 = Sunday), e.g. "1,3,5".</summary>
    public string? DaysOfWeek { get; set; }
    public bool CrossRegionCopy { get; set; }
    public int? CopyRetentionDays { get; set; }

    // Cloud Backup plan
    /// <summary>Five-field cron expression (Cronos), UTC; not more frequent than hourly.</summary>
    public string? CronExpression { get; set; }
    /// <summary>Backup-vault cross-region replication (Cloud Backup) to <see cref="TargetRegionId"/>.</summary>
    public bool VaultReplication { get; set; }

    /// <summary>Target region of the snapshot copy or the vault replication.</summary>
    public string? TargetRegionId { get; set; }

    /// <summary>How long recovery points are kept (snapshot and Cloud Backup), or the recycle bin retention (NAS recycle bin, 1–180).</summary>
    public int? RetentionDays { get; set; }

    /// <summary>When the scheduler runs it next (null for kinds without a schedule, or while the policy is paused).</summary>
    public DateTimeOffset? NextRunAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }

    public const int MaxCronLength = 100;
}
