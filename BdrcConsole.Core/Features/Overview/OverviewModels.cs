using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Detection;

namespace BdrcConsole.Core.Features.Overview;

/// <summary>The Overview's filters: accounts (from the switcher) and optionally one of the actor's own resource groups.</summary>
public sealed record OverviewQuery(IReadOnlyList<string> AccountIds, int? ResourceGroupId = null);

/// <summary>A product's score; <see cref="Resources"/> counts the checked resources, <see cref="Tally"/> all of them with the excluded ones.</summary>
public sealed record ProductScore(ProductType Product, double? Score, int? Stars, int Resources, int ScoredResources)
{
    public ResourceTally Tally { get; init; } = ResourceTally.None;
}

public sealed record ScoreBandCount(string Label, int Min, int Max, int Resources);

/// <summary>An account's row of "Scores by account"; <see cref="Resources"/> counts the checked resources, <see cref="Tally"/> all of them with the excluded ones.</summary>
public sealed record AccountScoreRow(string AccountId, string AccountName, double? Score, int? Stars, int Resources, int RiskyResources, int Risks)
{
    public ResourceTally Tally { get; init; } = ResourceTally.None;
}

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
    DateTimeOffset? LastDetectedAt)
{
    /// <summary>All resources in scope and those excluded from checks (<see cref="Resources"/> and <see cref="ExcludedResources"/> come from it).</summary>
    public ResourceTally Tally => new(Resources + ExcludedResources, ExcludedResources);
}
