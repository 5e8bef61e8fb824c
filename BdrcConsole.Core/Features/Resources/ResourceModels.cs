using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Features.Resources;

public enum ResourceSortField
{
    Name,
    Account,
    Region,
    CreatedAt,
    ProtectionStatus,
}

/// <summary>A Resource Center query over one product and a set of accounts; everything else is optional.</summary>
public sealed record ResourceQuery(ProductType Product, IReadOnlyList<string> AccountIds)
{
    public string? RegionId { get; init; }
    public string? TagKey { get; init; }
    /// <summary>With <see cref="TagKey"/>: the tag must have this value; without a value, the key must exist.</summary>
    public string? TagValue { get; init; }
    public ProtectionStatus? Protection { get; init; }
    /// <summary>OSS and Tablestore only: LRS or ZRS (a bucket converting to ZRS still counts as LRS).</summary>
    public Redundancy? Redundancy { get; init; }
    /// <summary>Matches the resource name or id (substring).</summary>
    public string? Search { get; init; }
    public ResourceSortField SortBy { get; init; } = ResourceSortField.Name;
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;

    public const int MaxPageSize = 200;
}

/// <summary>One row of a Resource Center grid.</summary>
public sealed record ResourceRow(
    string Id,
    string Name,
    ProductType Product,
    string AccountId,
    string AccountName,
    string RegionId,
    string? ZoneId,
    ProtectionStatus ProtectionStatus,
    DateTimeOffset CreatedAt,
    string Specification,
    Redundancy? Redundancy,
    bool Converting,
    OssStorageClass? StorageClass = null,
    string? ZrsConversionBlockedReason = null,
    ZrsConversionBlocker? ZrsConversionBlocker = null)
{
    /// <summary>OSS only: the acting account may convert this bucket to zone-redundant storage now.</summary>
    public bool CanConvertToZrs => Product == ProductType.Oss && ZrsConversionBlocker is null;
}

public sealed record ResourcePage(IReadOnlyList<ResourceRow> Items, int TotalCount);

public sealed record AccountResourceCount(string AccountId, string AccountName, int Count);

public sealed record TagPair(string Key, string Value);

/// <summary>One protection measure of a resource and whether it is configured.</summary>
public sealed record ProtectionItem(string Name, bool Configured, string Detail);

public sealed record RecoveryPointRow(DateTimeOffset CreatedAt, RecoveryPointKind Kind, RecoveryPointStatus Status, long SizeBytes, string? FailureReason);

/// <summary>One check item's result on a resource, as the last detection stored it (docs/rules.md §6).</summary>
/// <param name="Status">Null when the resource has not been checked yet.</param>
/// <param name="Reason">Why the item does not apply or could not be checked.</param>
/// <param name="FirstDetectedAt">For a failed item (a risk): when it was first detected.</param>
public sealed record CheckItemResult(CheckItem Item, CheckStatus? Status, string? Reason, DateTimeOffset? FirstDetectedAt);

/// <summary>A resource's score, stars and every check item's result, from the last detection.</summary>
/// <param name="Excluded">Excluded from checks, one by one or with its product: its results are kept but count nowhere.</param>
public sealed record ResourceChecks(double? Score, int? Stars, DateTimeOffset? CheckedAt, bool Excluded, IReadOnlyList<CheckItemResult> Items)
{
    /// <summary>The failed items: the resource's risks.</summary>
    public int Risks => Items.Count(i => i.Status == CheckStatus.Failed);
}

/// <summary>The detail drawer of a resource.</summary>
public sealed record ResourceDetail(
    ResourceRow Resource,
    IReadOnlyList<TagPair> Tags,
    IReadOnlyList<ProtectionItem> Protection,
    IReadOnlyList<RecoveryPointRow> RecoveryPoints,
    IReadOnlyList<string> Disks,
    ResourceChecks Checks);
