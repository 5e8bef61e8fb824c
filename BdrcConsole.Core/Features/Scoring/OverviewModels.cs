using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Features.Scoring;

/// <summary>The Overview's filters: accounts (from the switcher) and optionally one of the actor's own resource groups.</summary>
public sealed record OverviewQuery(IReadOnlyList<string> AccountIds, int? ResourceGroupId = null);

public sealed record ProductScore(ProductType Product, double? Score, int? Stars, int Resources, int ScoredResources);

public sealed record ScoreBandCount(string Label, int Min, int Max, int Resources);

public sealed record AccountScoreRow(string AccountId, string AccountName, double? Score, int? Stars, int Resources, int RiskyResources, int Risks);

public sealed record RiskyResourceRow(string ResourceId, string Name, ProductType Product, string AccountId, string AccountName, double? Score, int Risks, int HighRisks);

/// <summary>One day of the score trend: the resource-weighted mean of the accounts' snapshots.</summary>
public sealed record TrendPoint(string Day, double? Score);

/// <summary>Everything the Overview dashboard shows, computed in SQL over the resources in scope.</summary>
public sealed record OverviewDashboard(
    double? Score,
    int? Stars,
    int Resources,
    int ScoredResources,
    int RiskyResources,
    int CheckFailedResources,
    int ExcludedResources,
    IReadOnlyList<ProductScore> Products,
    IReadOnlyList<ScoreBandCount> Distribution,
    IReadOnlyList<AccountScoreRow> Accounts,
    IReadOnlyList<RiskyResourceRow> TopRiskyResources,
    IReadOnlyList<TrendPoint> Trend,
    DateTimeOffset? LastDetectedAt);

public enum RiskSortField
{
    Severity,
    FirstDetected,
    Resource,
    Account,
}

public sealed record RiskQuery(IReadOnlyList<string> AccountIds)
{
    public RiskSeverity? Severity { get; init; }
    public ProductType? Product { get; init; }
    public string? RuleId { get; init; }
    /// <summary>Matches the resource name or id.</summary>
    public string? Search { get; init; }
    public int? ResourceGroupId { get; init; }
    public RiskSortField SortBy { get; init; } = RiskSortField.Severity;
    public bool Descending { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

public sealed record RiskRow(
    string ResourceId,
    string ResourceName,
    ProductType Product,
    string AccountId,
    string AccountName,
    string RuleId,
    string Title,
    RiskSeverity Severity,
    string Recommendation,
    DateTimeOffset FirstDetectedAt);

public sealed record RiskPage(IReadOnlyList<RiskRow> Items, int TotalCount);

public sealed record RiskCounts(int Total, IReadOnlyDictionary<RiskSeverity, int> BySeverity, IReadOnlyDictionary<ProductType, int> ByProduct, int ExcludedResources, int CheckFailedResources);

/// <summary>One product of the Data Disaster Recovery Panorama: how many resources reach each protection stage.</summary>
public sealed record ProductPanorama(
    ProductType Product,
    int Resources,
    int BackedUp,
    int CrossRegion,
    int VaultReplicated,
    int? Lrs,
    int? Zrs);

public sealed record Panorama(string AccountId, string AccountName, IReadOnlyList<ProductPanorama> Products);

/// <summary>A resource its owner excluded from checks.</summary>
public sealed record ExcludedResourceRow(string ResourceId, string Name, ProductType Product, string AccountId, string AccountName);

/// <summary>A product of an account excluded from checks as a whole.</summary>
public sealed record ExcludedProductRow(string AccountId, string AccountName, ProductType Product, int Resources, DateTimeOffset ExcludedAt);

/// <summary>What is excluded from checks in some accounts: one page of the resources excluded one by one, and every excluded product.</summary>
public sealed record ExclusionList(IReadOnlyList<ExcludedResourceRow> Resources, int TotalResources, IReadOnlyList<ExcludedProductRow> Products);
