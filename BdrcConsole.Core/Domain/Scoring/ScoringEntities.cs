using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Domain.Scoring;

/// <summary>
/// A check item that did not pass on a resource (Failed: a risk; NotApplicable; CheckFailed). Passed
/// items are not stored: a resource's absent rules passed.
/// </summary>
public sealed class CheckResult
{
    public required string ResourceId { get; init; }
    public required string RuleId { get; init; }
    public required string AccountId { get; init; }
    public ProductType Product { get; init; }
    public CheckStatus Status { get; set; }
    public RiskSeverity Severity { get; init; }
    /// <summary>When the item was first found failing, kept across detections while it keeps failing.</summary>
    public DateTimeOffset FirstDetectedAt { get; set; }
    /// <summary>When detection last wrote this result (it writes only results that changed).</summary>
    public DateTimeOffset LastCheckedAt { get; set; }
    /// <summary>Why the check could not run (CheckFailed) or does not apply (NotApplicable).</summary>
    public string? Reason { get; set; }
}

/// <summary>An account's score on a day (the latest detection of that day), for trends.</summary>
public sealed class ScoreSnapshot
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>The UTC day, as yyyy-MM-dd, so there is one snapshot per account per day.</summary>
    public required string Day { get; init; }
    public DateTimeOffset TakenAt { get; set; }
    /// <summary>Mean resource score; null when the account has no scored resource.</summary>
    public double? Score { get; set; }
    public int ScoredResources { get; set; }
    public int Risks { get; set; }
}

/// <summary>The owner excluded a whole product of one account from checks.</summary>
public sealed class ProductExclusion
{
    public required string AccountId { get; init; }
    public ProductType Product { get; init; }
    public DateTimeOffset ExcludedAt { get; init; }
}
