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
    /// <summary>The resource's name, copied so that risk lists walk one index in name order.</summary>
    public required string ResourceName { get; init; }
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

/// <summary>
/// The scoring aggregates of one product of one account, kept by detection (and by exclusions) so that
/// dashboards over a thousand accounts add up a few thousand rows instead of every resource. Product
/// exclusions are applied when reading, so they need no rewrite here.
/// </summary>
public sealed class AccountProductScore
{
    public required string AccountId { get; init; }
    public ProductType Product { get; init; }
    /// <summary>Resources not excluded one by one.</summary>
    public int Resources { get; set; }
    /// <summary>Resources excluded one by one (ExcludedFromChecks).</summary>
    public int ExcludedResources { get; set; }
    public int ScoredResources { get; set; }
    public double ScoreSum { get; set; }
    public int RiskyResources { get; set; }
    public int Risks { get; set; }
    public int CheckFailedResources { get; set; }
    /// <summary>Scored resources per band of <see cref="ScoreBands.Distribution"/>, lowest first.</summary>
    public int ScoresUpTo60 { get; set; }
    public int Scores61To69 { get; set; }
    public int Scores70To79 { get; set; }
    public int Scores80To94 { get; set; }
    public int Scores95To100 { get; set; }

    /// <summary>Counts a scored resource in the band of <see cref="ScoreBands.Distribution"/> its score falls in.</summary>
    /// <param name="by">-1 takes a score out of its band (incremental detection's deltas).</param>
    public void CountInBand(double score, int by = 1)
    {
        switch (ScoreBands.BandOf(score))
        {
            case 0: ScoresUpTo60 += by; break;
            case 1: Scores61To69 += by; break;
            case 2: Scores70To79 += by; break;
            case 3: Scores80To94 += by; break;
            default: Scores95To100 += by; break;
        }
    }
}

/// <summary>How many current risks one check item has in one account (resources excluded one by one left out), kept by detection.</summary>
public sealed class AccountRiskCount
{
    public required string AccountId { get; init; }
    public required string RuleId { get; init; }
    public ProductType Product { get; init; }
    public RiskSeverity Severity { get; init; }
    public int Risks { get; set; }
}
