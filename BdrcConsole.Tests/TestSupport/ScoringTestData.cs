using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.Panorama;
using BdrcConsole.Core.Features.RiskDetection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// Hand-built resources with exactly the protection a scoring test chooses (NAS, Tablestore and
/// multi-disk ECS, beside <see cref="ResourceTestData"/>'s buckets), and access to the stored results.
/// </summary>
public static class ScoringTestData
{
    public static DetectionService Detection(this CoreTestHost host) => host.Services.GetRequiredService<DetectionService>();
    internal static DetectionMaintenance DetectionMaintenance(this CoreTestHost host) => host.Services.GetRequiredService<DetectionMaintenance>();
    public static OverviewService Overview(this CoreTestHost host) => host.Services.GetRequiredService<OverviewService>();
    public static RiskDetectionService RiskDetection(this CoreTestHost host) => host.Services.GetRequiredService<RiskDetectionService>();
    public static PanoramaService Panorama(this CoreTestHost host) => host.Services.GetRequiredService<PanoramaService>();

    /// <summary>A disk of <see cref="Ecs"/>: with an automatic snapshot policy or not, copying cross-region or not.</summary>
    public sealed record DiskSpec(bool Policy, bool CrossRegionCopy = false);

    /// <summary>An ECS instance with the given disks (none: one system disk without a policy).</summary>
    public static EcsInstance Ecs(
        string accountId,
        string id,
        DiskSpec[]? disks = null,
        bool cloudBackup = false,
        bool vaultReplication = false,
        bool fileBackup = false,
        bool databaseBackup = false,
        string? name = null,
        string regionId = "cn-hangzhou",
        DateTimeOffset[]? recoveryPoints = null,
        (string Key, string Value)[]? tags = null)
    {
        var instance = new EcsInstance
        {
            Id = id,
            AccountId = accountId,
            Name = name ?? id,
            RegionId = regionId,
            ZoneId = Regions.Find(regionId)!.Zones[0],
            CreatedAt = TestTimeProvider.DefaultStart.AddDays(-50),
            InstanceType = "ecs.g7.large",
            CloudBackupEnabled = cloudBackup,
            BackupVaultReplication = vaultReplication,
            FileBackupEnabled = fileBackup,
            DatabaseBackupEnabled = databaseBackup,
            Disks = (disks ?? [new DiskSpec(Policy: false)]).Select((d, i) => new EcsDisk
            {
                Id = $"d-{id}-{i}",
                Category = i == 0 ? DiskCategory.System : DiskCategory.Data,
                SizeGiB = 40,
                AutoSnapshotPolicyId = d.Policy ? "sp-test" : null,
                SnapshotCrossRegionCopy = d.CrossRegionCopy,
            }).ToList(),
        };
        return Finish(instance, recoveryPoints, RecoveryPointKind.Snapshot, tags);
    }

    /// <summary>A NAS file system (General-purpose unless <paramref name="type"/> says Extreme).</summary>
    public static NasFileSystem Nas(
        string accountId,
        string id,
        bool cloudBackup = false,
        bool vaultReplication = false,
        int? recycleBinDays = null,
        NasFileSystemType type = NasFileSystemType.GeneralPurpose,
        string regionId = "cn-hangzhou",
        DateTimeOffset[]? recoveryPoints = null,
        (string Key, string Value)[]? tags = null)
    {
        var nas = new NasFileSystem
        {
            Id = id,
            AccountId = accountId,
            Name = id,
            RegionId = regionId,
            ZoneId = Regions.Find(regionId)!.Zones[0],
            CreatedAt = TestTimeProvider.DefaultStart.AddDays(-50),
            FileSystemType = type,
            CapacityGiB = 100,
            CloudBackupEnabled = cloudBackup,
            BackupVaultReplication = vaultReplication,
            RecycleBinEnabled = recycleBinDays is not null,
            RecycleBinRetentionDays = recycleBinDays,
        };
        return Finish(nas, recoveryPoints, RecoveryPointKind.Backup, tags);
    }

    /// <summary>A Tablestore instance.</summary>
    public static TablestoreInstance Tablestore(
        string accountId,
        string id,
        bool cloudBackup = false,
        bool vaultReplication = false,
        Redundancy redundancy = Redundancy.Zrs,
        string regionId = "cn-hangzhou",
        DateTimeOffset[]? recoveryPoints = null,
        (string Key, string Value)[]? tags = null)
    {
        var instance = new TablestoreInstance
        {
            Id = id,
            AccountId = accountId,
            Name = id,
            RegionId = regionId,
            CreatedAt = TestTimeProvider.DefaultStart.AddDays(-50),
            Redundancy = redundancy,
            CloudBackupEnabled = cloudBackup,
            BackupVaultReplication = vaultReplication,
        };
        return Finish(instance, recoveryPoints, RecoveryPointKind.Backup, tags);
    }

    /// <summary>Changes a stored resource (its protection, say) as the cloud would, without detecting; marked as changed, as every writer marks it.</summary>
    public static async Task UpdateResourceAsync<TResource>(this CoreTestHost host, string id, Action<TResource> change) where TResource : CloudResource
    {
        await using var db = await host.CreateDbContextAsync();
        var resource = await db.Resources.OfType<TResource>().SingleAsync(r => r.Id == id);
        if (resource is EcsInstance instance)
            await db.Entry(instance).Collection(i => i.Disks).LoadAsync();
        change(resource);
        resource.RefreshProtectionStatus();
        DetectionMarks.Mark(resource);
        await db.SaveChangesAsync();
    }

    public static async Task AddRecoveryPointAsync(this CoreTestHost host, string resourceId, DateTimeOffset createdAt, RecoveryPointStatus status = RecoveryPointStatus.Succeeded)
    {
        await using var db = await host.CreateDbContextAsync();
        db.RecoveryPoints.Add(new RecoveryPoint { ResourceId = resourceId, Kind = RecoveryPointKind.Backup, CreatedAt = createdAt, Status = status, SizeBytes = 1024 });
        DetectionMarks.Mark(await db.Resources.SingleAsync(r => r.Id == resourceId));
        await db.SaveChangesAsync();
    }

    /// <summary>The stored score of a resource after detection.</summary>
    public static async Task<double?> StoredScoreAsync(this CoreTestHost host, string resourceId)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.Resources.Where(r => r.Id == resourceId).Select(r => r.Score).SingleAsync();
    }

    /// <summary>The stored check results (items that did not pass) of a resource.</summary>
    public static async Task<IReadOnlyList<CheckResult>> StoredResultsAsync(this CoreTestHost host, string resourceId)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.CheckResults.AsNoTracking().Where(c => c.ResourceId == resourceId).OrderBy(c => c.RuleId).ToListAsync();
    }

    public static async Task<IReadOnlyList<ScoreSnapshot>> SnapshotsAsync(this CoreTestHost host, string accountId)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.ScoreSnapshots.AsNoTracking().Where(s => s.AccountId == accountId).OrderBy(s => s.Day).ToListAsync();
    }

    /// <summary>Deletes every score snapshot, so a test's trend holds only the days it writes.</summary>
    public static async Task ClearSnapshotsAsync(this CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        await db.ScoreSnapshots.ExecuteDeleteAsync();
    }

    private static TResource Finish<TResource>(TResource resource, DateTimeOffset[]? recoveryPoints, RecoveryPointKind kind, (string Key, string Value)[]? tags)
        where TResource : CloudResource
    {
        foreach (var at in recoveryPoints ?? [])
            resource.RecoveryPoints.Add(new RecoveryPoint { Kind = kind, CreatedAt = at, Status = RecoveryPointStatus.Succeeded, SizeBytes = 1024 });
        foreach (var (key, value) in tags ?? [])
            resource.SetTag(key, value);
        resource.RefreshProtectionStatus();
        return resource;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that records reports synchronously (Progress&lt;T&gt; posts them later).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    public List<T> Reports { get; } = [];

    public void Report(T value) => Reports.Add(value);
}
