using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Features.Overview;

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
