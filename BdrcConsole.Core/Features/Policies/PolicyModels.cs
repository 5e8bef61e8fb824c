using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// A sub-policy as the editor submits it. Only the settings of its <see cref="Kind"/> are read (docs/rules.md §10).
/// <see cref="ExistingId"/> keeps an edited sub-policy's identity (and so its applications and history); null adds one.
/// </summary>
public sealed record SubPolicyInput(
    SubPolicyKind Kind,
    int? ExistingId = null,
    IReadOnlyList<int>? TimePoints = null,
    IReadOnlyList<DayOfWeek>? DaysOfWeek = null,
    int? RetentionDays = null,
    bool CrossRegionCopy = false,
    int? CopyRetentionDays = null,
    string? CronExpression = null,
    bool VaultReplication = false,
    string? TargetRegionId = null);

/// <summary>A policy as the editor submits it. <see cref="Version"/> is the token of the copy being edited (edits only).</summary>
public sealed record PolicyInput(
    string? Name,
    string? Description,
    IReadOnlyList<int> GroupIds,
    IReadOnlyList<SubPolicyInput> SubPolicies,
    int? Version = null);

/// <summary>One invalid field: <see cref="Field"/> is "Name", "Description", "Groups", "SubPolicies" or "SubPolicies[i].Setting".</summary>
public sealed record PolicyFieldError(string Field, string Message);

public sealed record GroupRef(int Id, string Name);

/// <summary>A sub-policy's settings in words, e.g. "Cloud Backup for OSS · 0 2 * * * · keep 30 days · replicate to cn-shanghai".</summary>
public sealed record SubPolicyRow(int Id, SubPolicyKind Kind, string Title, string Settings, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt);

/// <summary>How far a policy reaches: its applications by status, over how many accounts.</summary>
public sealed record PolicyCoverage(int Applied, int Pending, int Running, int Succeeded, int Failed, int Accounts);

public sealed record ExecutionSummary(long Id, ExecutionStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int ResourcesSucceeded, int ResourcesFailed);

public sealed record PolicyRow(
    int Id,
    string Name,
    string? Description,
    bool Paused,
    IReadOnlyList<GroupRef> Groups,
    IReadOnlyList<SubPolicyRow> SubPolicies,
    PolicyCoverage Coverage,
    ExecutionSummary? LastExecution,
    DateTimeOffset? NextRunAt);

/// <summary>A policy with what the editor needs to edit it (its input, with the concurrency token).</summary>
public sealed record PolicyDetail(PolicyRow Policy, PolicyInput Input, DateTimeOffset UpdatedAt, string UpdatedBy);

public sealed record AccountImpact(string AccountId, string AccountName, int Resources, int AlreadyProtected, int CannotApply);

public sealed record UnapplicableResource(string ResourceId, string ResourceName, string AccountId, string AccountName, string Reason);

/// <summary>What one sub-policy of the editor will touch.</summary>
public sealed record SubPolicyImpact(
    int Index,
    SubPolicyKind Kind,
    int Resources,
    int AlreadyProtected,
    int CannotApply,
    IReadOnlyList<AccountImpact> Accounts,
    /// <summary>The first resources it cannot apply to, with the reason (at most <see cref="ProtectionPolicyService.PreviewListLimit"/>).</summary>
    IReadOnlyList<UnapplicableResource> Unapplicable);

/// <summary>
/// The aggregated score of the selected accounts (mean resource score, excluded resources left out): now, right
/// after applying (configuration checks pass), and after the first successful run (recovery-point checks pass too).
/// </summary>
public sealed record ScorePreview(double? Now, double? AfterApplying, double? AfterFirstRun);

public sealed record ImpactPreview(IReadOnlyList<SubPolicyImpact> SubPolicies, int Accounts, int Resources, ScorePreview Score);

/// <summary>What deleting a policy takes out, said before the user confirms.</summary>
public sealed record DeletionImpact(int Applications, int Resources, int Accounts);

public sealed record ApplicationQuery(
    int PolicyId,
    ApplicationStatus? Status = null,
    string? AccountId = null,
    ProductType? Product = null,
    int Page = 0,
    int PageSize = 20);

public sealed record ApplicationRow(
    long Id,
    string ResourceId,
    string ResourceName,
    ProductType Product,
    string AccountId,
    string AccountName,
    int SubPolicyId,
    SubPolicyKind Kind,
    ApplicationStatus Status,
    string? FailureReason,
    string? TaskId,
    DateTimeOffset UpdatedAt);

public sealed record ExecutionRow(
    long Id,
    int SubPolicyId,
    SubPolicyKind Kind,
    ExecutionTrigger Trigger,
    ExecutionStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int ResourcesSucceeded,
    int ResourcesFailed);

/// <summary>Where a resource's protection comes from: its own configuration or a policy's sub-policy.</summary>
public sealed record ProtectionSource(string Description, int? PolicyId, string? OwnerAccountName);

public sealed record MessageQuery(
    MessageLevel? Level = null,
    MessageType? Type = null,
    string? AccountId = null,
    int? PolicyId = null,
    bool UnreadOnly = false,
    int Page = 0,
    int PageSize = 20);

public sealed record MessageRow(
    long Id,
    MessageLevel Level,
    MessageType Type,
    int? PolicyId,
    string PolicyName,
    IReadOnlyList<string> AccountIds,
    int ResourceCount,
    IReadOnlyList<string> ResourceIds,
    string Outcome,
    DateTimeOffset CreatedAt,
    bool Read);
