using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;

namespace BdrcConsole.Core.Features.RiskDetection;

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

/// <summary>Risk counts with the list's filters; <see cref="Resources"/> tallies the resources in scope (the filters on risks do not narrow it).</summary>
public sealed record RiskCounts(int Total, IReadOnlyDictionary<RiskSeverity, int> BySeverity, IReadOnlyDictionary<ProductType, int> ByProduct, int ExcludedResources, int CheckFailedResources)
{
    public ResourceTally Resources { get; init; } = ResourceTally.None;
}

/// <summary>A resource its owner excluded from checks.</summary>
public sealed record ExcludedResourceRow(string ResourceId, string Name, ProductType Product, string AccountId, string AccountName);

/// <summary>A product of an account excluded from checks as a whole.</summary>
public sealed record ExcludedProductRow(string AccountId, string AccountName, ProductType Product, int Resources, DateTimeOffset ExcludedAt);

/// <summary>What is excluded from checks in some accounts: one page of the resources excluded one by one, and every excluded product.</summary>
public sealed record ExclusionList(IReadOnlyList<ExcludedResourceRow> Resources, int TotalResources, IReadOnlyList<ExcludedProductRow> Products);
