using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// Hand-built resources for exact Resource Center assertions: an account's generated demo estate can be
/// replaced by a few resources whose names, regions, tags and protection the test chooses.
/// </summary>
public static class ResourceTestData
{
    public static ResourceQueryService Resources(this CoreTestHost host) => host.Services.GetRequiredService<ResourceQueryService>();
    public static HighAvailabilityService HighAvailability(this CoreTestHost host) => host.Services.GetRequiredService<HighAvailabilityService>();
    internal static HighAvailabilityMaintenance HighAvailabilityMaintenance(this CoreTestHost host) => host.Services.GetRequiredService<HighAvailabilityMaintenance>();
    public static ResourceGroupService ResourceGroups(this CoreTestHost host) => host.Services.GetRequiredService<ResourceGroupService>();

    /// <summary>Deletes every resource of the account (with its disks and recovery points).</summary>
    public static async Task ClearResourcesAsync(this CoreTestHost host, string accountId)
    {
        await using var db = await host.CreateDbContextAsync();
        await db.Resources.Where(r => r.AccountId == accountId).ExecuteDeleteAsync();
        await host.RefreshAggregatesAsync(accountId);
    }

    public static async Task AddResourcesAsync(this CoreTestHost host, params CloudResource[] resources)
    {
        await using (var db = await host.CreateDbContextAsync())
        {
            db.Resources.AddRange(resources);
            await db.SaveChangesAsync();
        }
        await host.RefreshAggregatesAsync(resources.Select(r => r.AccountId).Distinct().ToArray());
    }

    /// <summary>
    /// Rewrites the accounts' stored score aggregates, as detection does: for tests that change resources
    /// behind the console's back (an estate change the console has not detected yet).
    /// </summary>
    public static async Task RefreshAggregatesAsync(this CoreTestHost host, params string[] accountIds)
    {
        await using var db = await host.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await ScoreAggregates.RefreshAsync(db, accountIds, CancellationToken.None);
        await transaction.CommitAsync();
    }

    public static async Task<OssBucket> FindBucketAsync(this CoreTestHost host, string bucketId)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.OssBuckets.AsNoTracking().SingleAsync(b => b.Id == bucketId);
    }

    /// <summary>An OSS bucket; <paramref name="protection"/> says how many of its four measures are on (0 = none, 4 = all).</summary>
    public static OssBucket Bucket(
        string accountId,
        string name,
        string regionId = "cn-hangzhou",
        OssStorageClass storageClass = OssStorageClass.Standard,
        Redundancy redundancy = Redundancy.Lrs,
        int protection = 0,
        DateTimeOffset? createdAt = null,
        string? id = null,
        (string Key, string Value)[]? tags = null)
    {
        var bucket = new OssBucket
        {
            Id = id ?? name,
            AccountId = accountId,
            Name = name,
            RegionId = regionId,
            CreatedAt = createdAt ?? TestTimeProvider.DefaultStart.AddDays(-100),
            StorageClass = storageClass,
            Redundancy = redundancy,
            VersioningEnabled = protection >= 1,
            CloudBackupEnabled = protection >= 2,
            CrossRegionReplication = protection >= 3,
            BackupVaultReplication = protection >= 4,
        };
        foreach (var (key, value) in tags ?? [])
            bucket.SetTag(key, value);
        bucket.RefreshProtectionStatus();
        return bucket;
    }

    /// <summary>An unprotected ECS instance with one system disk.</summary>
    public static EcsInstance Instance(string accountId, string id, string name, string regionId = "cn-hangzhou", (string Key, string Value)[]? tags = null)
    {
        var instance = new EcsInstance
        {
            Id = id,
            AccountId = accountId,
            Name = name,
            RegionId = regionId,
            ZoneId = Regions.Find(regionId)!.Zones[0],
            CreatedAt = TestTimeProvider.DefaultStart.AddDays(-50),
            InstanceType = "ecs.g7.large",
            Disks = [new EcsDisk { Id = $"d-{id}", Category = DiskCategory.System, SizeGiB = 40 }],
        };
        foreach (var (key, value) in tags ?? [])
            instance.SetTag(key, value);
        instance.RefreshProtectionStatus();
        return instance;
    }
}
