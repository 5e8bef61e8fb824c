using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Resources;

/// <summary>What stops the acting account from converting an OSS bucket to zone-redundant storage.</summary>
public enum ZrsConversionBlocker
{
    /// <summary>The bucket belongs to another account: only its own account may convert it.</summary>
    NotOwnAccount,
    /// <summary>A conversion is already running.</summary>
    Converting,
    /// <summary>The bucket already uses ZRS.</summary>
    AlreadyZrs,
    /// <summary>The bucket's region offers no zone-redundant storage.</summary>
    RegionWithoutZrs,
    /// <summary>Only Standard, IA and Archive buckets convert.</summary>
    StorageClassNotEligible,
    /// <summary>Not an OSS bucket: only buckets convert here.</summary>
    NotOss,
}

/// <summary>Core's verdict on a ZRS conversion: the blocking reason as a code and as a sentence, or neither when allowed.</summary>
public sealed record ZrsEligibility(ZrsConversionBlocker? Blocker, string? Reason)
{
    public static ZrsEligibility Eligible { get; } = new(null, null);
    public bool CanConvert => Blocker is null;
}

/// <summary>LRS/ZRS counts of one account's OSS buckets and Tablestore instances.</summary>
public sealed record RedundancySummary(string AccountId, string AccountName, int OssLrs, int OssZrs, int OssConverting, int TablestoreLrs, int TablestoreZrs);

/// <summary>
/// High availability of OSS and Tablestore: redundancy status across visible accounts, and the
/// one-way LRS → ZRS conversion of OSS buckets, allowed only on the acting account's own buckets.
/// </summary>
public sealed class HighAvailabilityService(IDbContextFactory<BdrcDbContext> dbFactory, AuditedOperations audited, TimeProvider time)
{
    private readonly DetectionMaintenance detection = new(dbFactory, time);

    public static readonly IReadOnlySet<OssStorageClass> ConvertibleStorageClasses =
        new HashSet<OssStorageClass> { OssStorageClass.Standard, OssStorageClass.IA, OssStorageClass.Archive };

    /// <summary>
    /// Whether the acting account may convert this bucket to ZRS now and, if not, the first reason that blocks it
    /// (checked in this order: own account, converting, already ZRS, region, storage class).
    /// </summary>
    public static ZrsEligibility ConversionEligibility(Actor actor, string accountId, string regionId, OssStorageClass storageClass, Redundancy redundancy, bool converting)
    {
        ZrsConversionBlocker? blocker = accountId != actor.AccountId ? ZrsConversionBlocker.NotOwnAccount
            : converting ? ZrsConversionBlocker.Converting
            : redundancy == Redundancy.Zrs ? ZrsConversionBlocker.AlreadyZrs
            : !Regions.SupportsZoneRedundancy(regionId) ? ZrsConversionBlocker.RegionWithoutZrs
            : !ConvertibleStorageClasses.Contains(storageClass) ? ZrsConversionBlocker.StorageClassNotEligible
            : null;
        return blocker is { } code ? new ZrsEligibility(code, Describe(code, regionId, storageClass)) : ZrsEligibility.Eligible;
    }

    /// <summary>Why conversion is blocked, in a sentence for a tooltip or a refusal.</summary>
    public static string Describe(ZrsConversionBlocker blocker, string regionId, OssStorageClass? storageClass) => blocker switch
    {
        ZrsConversionBlocker.NotOwnAccount => "Only the bucket's own account can convert it to zone-redundant storage; a delegated administrator can view it but not convert it.",
        ZrsConversionBlocker.Converting => "The bucket is already converting to zone-redundant storage.",
        ZrsConversionBlocker.AlreadyZrs => "The bucket already uses zone-redundant storage.",
        ZrsConversionBlocker.RegionWithoutZrs => $"Region {regionId} does not support zone-redundant storage.",
        ZrsConversionBlocker.StorageClassNotEligible => $"Buckets of the {storageClass} storage class cannot be converted; only Standard, IA and Archive buckets can.",
        _ => "Only OSS buckets convert to zone-redundant storage here.",
    };

    public async Task<IReadOnlyList<RedundancySummary>> SummarizeAsync(Actor actor, IReadOnlyList<string> accountIds, CancellationToken ct = default)
    {
        if (accountIds.Count == 0)
            throw new ValidationException("Select at least one account.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
        var oss = await db.OssBuckets.Where(b => accountIds.Contains(b.AccountId))
            .GroupBy(b => b.AccountId)
            .Select(g => new
            {
                AccountId = g.Key,
                Lrs = g.Count(b => b.Redundancy == Redundancy.Lrs),
                Zrs = g.Count(b => b.Redundancy == Redundancy.Zrs),
                Converting = g.Count(b => b.ConvertingSince != null),
            })
            .ToListAsync(ct);
        var ots = await db.TablestoreInstances.Where(t => accountIds.Contains(t.AccountId))
            .GroupBy(t => t.AccountId)
            .Select(g => new { AccountId = g.Key, Lrs = g.Count(t => t.Redundancy == Redundancy.Lrs), Zrs = g.Count(t => t.Redundancy == Redundancy.Zrs) })
            .ToListAsync(ct);
        var names = await db.Accounts.Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        return accountIds.Select(id =>
        {
            var o = oss.FirstOrDefault(x => x.AccountId == id);
            var t = ots.FirstOrDefault(x => x.AccountId == id);
            return new RedundancySummary(id, names[id], o?.Lrs ?? 0, o?.Zrs ?? 0, o?.Converting ?? 0, t?.Lrs ?? 0, t?.Zrs ?? 0);
        }).ToList();
    }

    /// <summary>Starts converting an own LRS bucket to ZRS; it shows Converting until the conversion completes.</summary>
    public async Task StartZrsConversionAsync(Actor actor, string bucketId, CancellationToken ct = default)
    {
        await audited.RunAsync(actor, "Convert OSS bucket to ZRS", bucketId, async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var visible = AccessRules.VisibleAccountIds(db, actor);
            var bucket = await db.OssBuckets.SingleOrDefaultAsync(b => b.Id == bucketId && visible.Contains(b.AccountId), ct)
                ?? throw new NotFoundException($"OSS bucket {bucketId} does not exist or is not visible to your account.");
            var eligibility = ConversionEligibility(actor, bucket.AccountId, bucket.RegionId, bucket.StorageClass, bucket.Redundancy, bucket.ConvertingSince is not null);
            if (eligibility.Blocker == ZrsConversionBlocker.NotOwnAccount)
                throw new AccessDeniedException(eligibility.Reason!);
            if (!eligibility.CanConvert)
                throw new RuleViolationException(eligibility.Reason!);
            bucket.ConvertingSince = time.GetUtcNow();
            DetectionMarks.Mark(bucket);
        }, ct);
        // Protection changed: its high-availability risk clears as soon as the conversion starts.
        await detection.ReevaluateResourcesAsync([bucketId], ct);
    }
}
