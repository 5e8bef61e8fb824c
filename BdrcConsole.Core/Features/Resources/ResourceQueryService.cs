using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Resources;

/// <summary>
/// Resource Center queries: one product over a set of accounts, filtered, sorted and paged in SQL.
/// Every account asked for must be visible to the acting account, or the query is refused.
/// </summary>
public sealed class ResourceQueryService(IDbContextFactory<BdrcDbContext> dbFactory, TimeProvider time)
{
    public const int RecoveryPointsShown = 30;

    public async Task<ResourcePage> QueryAsync(Actor actor, ResourceQuery query, CancellationToken ct = default)
    {
        Validate(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, query.AccountIds, ct);

        int total;
        var pageQuery = query;
        var skip = query.Page * query.PageSize;
        if (query.SortBy == ResourceSortField.Account)
        {
            // Sorting by account name would sort every matching row. Instead count per account (from the
            // covering index), find the accounts whose rows fall on this page, and read only those.
            var window = await AccountWindowAsync(db, query, ct);
            total = window.Total;
            pageQuery = query with { AccountIds = window.AccountIds };
            skip = window.Skip;
        }
        else
        {
            total = await Filter(db, query).CountAsync(ct);
        }
        var rows = from resource in Filter(db, pageQuery, forPage: true)
                   join account in db.Accounts on resource.AccountId equals account.Id
                   select new { resource, AccountName = account.DisplayName };
        rows = (query.SortBy, query.Descending) switch
        {
            (ResourceSortField.Account, false) => rows.OrderBy(r => r.AccountName).ThenBy(r => r.resource.Name),
            (ResourceSortField.Account, true) => rows.OrderByDescending(r => r.AccountName).ThenBy(r => r.resource.Name),
            (ResourceSortField.Region, false) => rows.OrderBy(r => r.resource.RegionId).ThenBy(r => r.resource.Name),
            (ResourceSortField.Region, true) => rows.OrderByDescending(r => r.resource.RegionId).ThenBy(r => r.resource.Name),
            (ResourceSortField.CreatedAt, false) => rows.OrderBy(r => r.resource.CreatedAt).ThenBy(r => r.resource.Name),
            (ResourceSortField.CreatedAt, true) => rows.OrderByDescending(r => r.resource.CreatedAt).ThenBy(r => r.resource.Name),
            (ResourceSortField.ProtectionStatus, false) => rows.OrderBy(r => r.resource.ProtectionStatus).ThenBy(r => r.resource.Name),
            (ResourceSortField.ProtectionStatus, true) => rows.OrderByDescending(r => r.resource.ProtectionStatus).ThenBy(r => r.resource.Name),
            (_, true) => rows.OrderByDescending(r => r.resource.Name).ThenBy(r => r.resource.Id),
            _ => rows.OrderBy(r => r.resource.Name).ThenBy(r => r.resource.Id),
        };

        if (pageQuery.AccountIds.Count == 0)
            return new ResourcePage([], total);
        var page = await rows
            .Skip(skip).Take(query.PageSize)
            .Select(r => new RowFacts(
                r.resource.Id,
                r.resource.Name,
                r.resource.Product,
                r.resource.AccountId,
                r.AccountName,
                r.resource.RegionId,
                r.resource.ZoneId,
                r.resource.ProtectionStatus,
                r.resource.CreatedAt,
                ((EcsInstance)r.resource).InstanceType,
                ((EcsInstance)r.resource).Disks.Count,
                (OssStorageClass?)((OssBucket)r.resource).StorageClass,
                (Redundancy?)((OssBucket)r.resource).Redundancy,
                ((OssBucket)r.resource).ConvertingSince,
                (NasFileSystemType?)((NasFileSystem)r.resource).FileSystemType,
                (long?)((NasFileSystem)r.resource).CapacityGiB,
                (Redundancy?)((TablestoreInstance)r.resource).Redundancy))
            .ToListAsync(ct);
        return new ResourcePage(page.Select(r => r.ToRow(actor)).ToList(), total);
    }

    /// <summary>The accounts (in account-name order) whose rows make up the requested page, and the offset into them.</summary>
    private static async Task<(int Total, IReadOnlyList<string> AccountIds, int Skip)> AccountWindowAsync(BdrcDbContext db, ResourceQuery query, CancellationToken ct)
    {
        var counts = await Filter(db, query).GroupBy(r => r.AccountId).Select(g => new { AccountId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var names = await db.Accounts.Where(a => query.AccountIds.Contains(a.Id)).Select(a => new { a.Id, a.DisplayName }).ToListAsync(ct);
        var ordered = counts.Join(names, c => c.AccountId, n => n.Id, (c, n) => (c.AccountId, n.DisplayName, c.Count))
            .OrderBy(a => a.DisplayName, StringComparer.Ordinal).ThenBy(a => a.AccountId, StringComparer.Ordinal).ToList();
        if (query.Descending)
            ordered.Reverse();

        var start = query.Page * query.PageSize;
        var end = start + query.PageSize;
        var seen = 0;
        var window = new List<string>();
        var skip = 0;
        foreach (var (accountId, _, count) in ordered)
        {
            if (seen + count > start && seen < end)
            {
                if (window.Count == 0)
                    skip = start - seen;
                window.Add(accountId);
            }
            seen += count;
        }
        return (counts.Sum(c => c.Count), window, skip);
    }

    /// <summary>How many resources of the product (after filters) each selected account holds.</summary>
    public async Task<IReadOnlyList<AccountResourceCount>> CountByAccountAsync(Actor actor, ResourceQuery query, CancellationToken ct = default)
    {
        Validate(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, query.AccountIds, ct);
        var counts = await Filter(db, query)
            .GroupBy(r => r.AccountId)
            .Select(g => new { AccountId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var names = await db.Accounts.Where(a => query.AccountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        return query.AccountIds
            .Select(id => new AccountResourceCount(id, names.GetValueOrDefault(id, id), counts.FirstOrDefault(c => c.AccountId == id)?.Count ?? 0))
            .ToList();
    }

    /// <summary>The regions that hold resources of the product in the given accounts (for the region filter).</summary>
    public async Task<IReadOnlyList<string>> RegionsInUseAsync(Actor actor, ProductType product, IReadOnlyList<string> accountIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
        return await db.Resources.Where(r => r.Product == product && accountIds.Contains(r.AccountId))
            .Select(r => r.RegionId).Distinct().OrderBy(r => r).ToListAsync(ct);
    }

    /// <summary>A resource's detail; a resource of an account the actor cannot see is "not found".</summary>
    public async Task<ResourceDetail> GetDetailAsync(Actor actor, string resourceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var visible = AccessRules.VisibleAccountIds(db, actor);
        var resource = await db.Resources.AsNoTracking()
            .Where(r => r.Id == resourceId && visible.Contains(r.AccountId))
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Resource {resourceId} does not exist or is not visible to your account.");
        var disks = resource is EcsInstance
            ? await db.EcsDisks.AsNoTracking().Where(d => d.InstanceId == resource.Id).OrderBy(d => d.Category).ThenBy(d => d.Id).ToListAsync(ct)
            : [];
        if (resource is EcsInstance ecs)
            ecs.Disks.AddRange(disks);
        var points = await db.RecoveryPoints.AsNoTracking()
            .Where(p => p.ResourceId == resource.Id)
            .OrderByDescending(p => p.CreatedAt).Take(RecoveryPointsShown)
            .Select(p => new RecoveryPointRow(p.CreatedAt, p.Kind, p.Status, p.SizeBytes, p.FailureReason))
            .ToListAsync(ct);
        var accountName = await db.Accounts.Where(a => a.Id == resource.AccountId).Select(a => a.DisplayName).SingleAsync(ct);
        var row = new RowFacts(resource.Id, resource.Name, resource.Product, resource.AccountId, accountName, resource.RegionId, resource.ZoneId,
            resource.ProtectionStatus, resource.CreatedAt, (resource as EcsInstance)?.InstanceType, disks.Count,
            (resource as OssBucket)?.StorageClass, (resource as OssBucket)?.Redundancy, (resource as OssBucket)?.ConvertingSince,
            (resource as NasFileSystem)?.FileSystemType, (resource as NasFileSystem)?.CapacityGiB, (resource as TablestoreInstance)?.Redundancy).ToRow(actor);
        // The facts detection evaluates, read by the same reader, so that descriptions and results agree.
        var facts = (await ScoringFactsReader.ReadAsync(db, [resource.AccountId], time.GetUtcNow(), ct, [resource.Id])).Single().Facts;
        return new ResourceDetail(
            row,
            resource.Tags.OrderBy(t => t.Key).Select(t => new TagPair(t.Key, t.Value)).ToList(),
            ProtectionItems.For(resource, facts),
            points,
            disks.Select(d => $"{d.Id} · {d.Category} · {d.SizeGiB} GiB · {(d.AutoSnapshotPolicyId is null ? "no automatic snapshot policy" : $"snapshot policy {d.AutoSnapshotPolicyId}{(d.SnapshotCrossRegionCopy ? ", cross-region copy" : "")}")}").ToList(),
            await ChecksAsync(db, resource, ct));
    }

    /// <summary>
    /// Every check item of the resource's product with its stored result: detection stores the items that did not
    /// pass, so a checked resource's absent items passed.
    /// </summary>
    private static async Task<ResourceChecks> ChecksAsync(BdrcDbContext db, CloudResource resource, CancellationToken ct)
    {
        var stored = await db.CheckResults.AsNoTracking().Where(c => c.ResourceId == resource.Id)
            .Select(c => new { c.RuleId, c.Status, c.Reason, c.FirstDetectedAt })
            .ToDictionaryAsync(c => c.RuleId, ct);
        var productExcluded = await db.ProductExclusions.AnyAsync(e => e.AccountId == resource.AccountId && e.Product == resource.Product, ct);
        var items = CheckItemResults(resource.Product, resource.CheckedAt,
            stored.ToDictionary(s => s.Key, s => new StoredCheckResult(s.Value.Status, s.Value.Reason, s.Value.FirstDetectedAt)));
        return new ResourceChecks(resource.Score, resource.Score is { } score ? ScoreBands.Stars(score) : null, resource.CheckedAt,
            resource.ExcludedFromChecks || productExcluded, items);
    }

    /// <summary>A check result as detection stored it (only the items that did not pass are stored).</summary>
    internal sealed record StoredCheckResult(CheckStatus Status, string? Reason, DateTimeOffset FirstDetectedAt);

    /// <summary>
    /// Every check item of a product with a resource's result: its stored result, else Passed once the resource was
    /// checked (detection stores only what did not pass), else none. The resource detail and the report both read it here.
    /// </summary>
    internal static IReadOnlyList<CheckItemResult> CheckItemResults(ProductType product, DateTimeOffset? checkedAt, IReadOnlyDictionary<string, StoredCheckResult> stored) =>
        CheckItems.For(product).Select(item => stored.TryGetValue(item.RuleId, out var result)
            ? new CheckItemResult(item, result.Status, result.Reason, result.Status == CheckStatus.Failed ? result.FirstDetectedAt : null)
            : new CheckItemResult(item, checkedAt is null ? null : CheckStatus.Passed, null, null)).ToList();

    /// <summary>The columns a row is made of, as read in SQL (product-specific ones null for other products).</summary>
    private sealed record RowFacts(
        string Id, string Name, ProductType Product, string AccountId, string AccountName, string RegionId, string? ZoneId,
        ProtectionStatus ProtectionStatus, DateTimeOffset CreatedAt, string? InstanceType, int DiskCount,
        OssStorageClass? StorageClass, Redundancy? OssRedundancy, DateTimeOffset? ConvertingSince,
        NasFileSystemType? NasType, long? CapacityGiB, Redundancy? TablestoreRedundancy)
    {
        public ResourceRow ToRow(Actor actor)
        {
            var specification = Product switch
            {
                ProductType.Ecs => $"{InstanceType} · {DiskCount} disk{(DiskCount == 1 ? "" : "s")}",
                ProductType.Oss => $"{StorageClass}",
                ProductType.Nas => $"{(NasType == NasFileSystemType.Extreme ? "Extreme" : "General-purpose")} · {CapacityGiB} GiB",
                _ => "Tablestore instance",
            };
            var redundancy = Product switch { ProductType.Oss => OssRedundancy, ProductType.Tablestore => TablestoreRedundancy, _ => null };
            var converting = ConvertingSince is not null;
            var zrs = Product == ProductType.Oss
                ? HighAvailabilityService.ConversionEligibility(actor, AccountId, RegionId, StorageClass!.Value, redundancy!.Value, converting)
                : new ZrsEligibility(ZrsConversionBlocker.NotOss, HighAvailabilityService.Describe(ZrsConversionBlocker.NotOss, RegionId, null));
            return new ResourceRow(Id, Name, Product, AccountId, AccountName, RegionId, ZoneId, ProtectionStatus, CreatedAt,
                specification, redundancy, converting, StorageClass, zrs.Reason, zrs.Blocker);
        }
    }

    private static IQueryable<CloudResource> Filter(BdrcDbContext db, ResourceQuery query, bool forPage = false)
    {
        var resources = ResourcesFor(db, query, forPage).Where(r => r.Product == query.Product && query.AccountIds.Contains(r.AccountId));
        if (!string.IsNullOrWhiteSpace(query.RegionId))
            resources = resources.Where(r => r.RegionId == query.RegionId);
        if (query.Protection is { } protection)
            resources = resources.Where(r => r.ProtectionStatus == protection);
        if (query.Redundancy is { } redundancy)
        {
            resources = query.Product switch
            {
                ProductType.Oss => resources.Where(r => ((OssBucket)r).Redundancy == redundancy),
                ProductType.Tablestore => resources.Where(r => ((TablestoreInstance)r).Redundancy == redundancy),
                _ => throw new ValidationException("Only OSS buckets and Tablestore instances have a redundancy type."),
            };
        }
        if (!string.IsNullOrWhiteSpace(query.TagKey))
        {
            var key = query.TagKey.Trim();
            var value = query.TagValue?.Trim();
            var pattern = string.IsNullOrEmpty(value) ? TagText.KeyPattern(key) : TagText.EqualPattern(key, value);
            resources = resources.Where(r => r.TagText.Contains(pattern));
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            resources = db.Sql.Text.Containing(resources, query.Search.Trim(), r => r.Name, r => r.Id);
        }
        return resources;
    }

    /// <summary>
    /// With many accounts selected and the default sort, walking the (Product, Name) index in order and
    /// stopping after one page beats reading every selected account's rows and sorting them
    /// (<see cref="Data.Sql.IIndexWalks.ResourcesByProductAndName"/>). Counts use the planner's choice.
    /// </summary>
    private static IQueryable<CloudResource> ResourcesFor(BdrcDbContext db, ResourceQuery query, bool forPage = false) =>
        forPage && query.SortBy == ResourceSortField.Name && query.AccountIds.Count >= ManyAccounts
            ? db.Sql.Walks.ResourcesByProductAndName(db).AsNoTracking()
            : db.Resources.AsNoTracking();

    private const int ManyAccounts = 20;

    private static void Validate(ResourceQuery query)
    {
        if (query.AccountIds.Count == 0)
            throw new ValidationException("Select at least one account.");
        if (query.Page < 0 || query.PageSize is < 1 or > ResourceQuery.MaxPageSize)
            throw new ValidationException($"Page must be 0 or more and page size between 1 and {ResourceQuery.MaxPageSize}.");
        if (query.RegionId is { Length: > 0 } region && Regions.Find(region) is null)
            throw new ValidationException($"Unknown region {region}.");
        FilterText.Validate(query.Search, "Search");
        FilterText.Validate(query.TagKey, "Tag key");
        FilterText.Validate(query.TagValue, "Tag value");
        if (query.TagValue is { Length: > 0 } && string.IsNullOrWhiteSpace(query.TagKey))
            throw new ValidationException("A tag value filter needs a tag key.");
    }
}
