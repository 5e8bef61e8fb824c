namespace BdrcConsole.Core.Domain.Resources;

public enum DiskCategory
{
    System,
    Data,
}

/// <summary>An ECS instance with its system and data disks.</summary>
public sealed class EcsInstance : CloudResource
{
    public EcsInstance() => Product = ProductType.Ecs;

    public required string InstanceType { get; init; }
    public bool FileBackupEnabled { get; set; }
    public bool DatabaseBackupEnabled { get; set; }
    /// <summary>Cloud Backup replicates ECS instance backups to another region.</summary>
    public List<EcsDisk> Disks { get; init; } = [];

    protected override (int Met, int Total) ProtectionMeasures()
    {
        var snapshotsOnEveryDisk = Disks.Count > 0 && (Disks.All(d => d.AutoSnapshotPolicyId is not null) || Granted(Policies.ProtectionGrant.SnapshotPolicy));
        var crossRegion = (Disks.Count > 0 && Granted(Policies.ProtectionGrant.SnapshotCrossRegionCopy))
            || Disks.Any(d => d.AutoSnapshotPolicyId is not null && d.SnapshotCrossRegionCopy) || (EffectiveCloudBackup && EffectiveVaultReplication);
        return (CountMet(snapshotsOnEveryDisk || EffectiveCloudBackup, crossRegion, FileBackupEnabled || DatabaseBackupEnabled), 3);
    }
}

public sealed class EcsDisk
{
    public required string Id { get; init; }
    public string InstanceId { get; init; } = "";
    public DiskCategory Category { get; init; }
    public int SizeGiB { get; init; }
    /// <summary>The automatic snapshot policy applied to the disk, if any.</summary>
    public string? AutoSnapshotPolicyId { get; set; }
    /// <summary>The snapshot policy copies snapshots to another region.</summary>
    public bool SnapshotCrossRegionCopy { get; set; }
}

public enum OssStorageClass
{
    Standard,
    IA,
    Archive,
    ColdArchive,
    DeepColdArchive,
}

public enum Redundancy
{
    /// <summary>Locally redundant storage.</summary>
    Lrs,
    /// <summary>Zone-redundant storage.</summary>
    Zrs,
}

/// <summary>An OSS bucket. Its redundancy converts LRS → ZRS one way, taking a while (<see cref="ConvertingSince"/>).</summary>
public sealed class OssBucket : CloudResource
{
    public OssBucket() => Product = ProductType.Oss;

    public OssStorageClass StorageClass { get; init; }
    public Redundancy Redundancy { get; set; }
    /// <summary>When a conversion to ZRS started; null when none is running.</summary>
    public DateTimeOffset? ConvertingSince { get; set; }
    public bool VersioningEnabled { get; set; }
    public bool CrossRegionReplication { get; set; }
    public long StorageBytes { get; init; }

    protected override (int Met, int Total) ProtectionMeasures() =>
        (CountMet(VersioningEnabled || Granted(Policies.ProtectionGrant.Versioning), EffectiveCloudBackup, CrossRegionReplication, EffectiveVaultReplication), 4);
}

public enum NasFileSystemType
{
    GeneralPurpose,
    Extreme,
}

public sealed class NasFileSystem : CloudResource
{
    public NasFileSystem() => Product = ProductType.Nas;

    public NasFileSystemType FileSystemType { get; init; }
    public bool RecycleBinEnabled { get; set; }
    /// <summary>1–180 days while the recycle bin is enabled.</summary>
    public int? RecycleBinRetentionDays { get; set; }
    public long CapacityGiB { get; init; }

    public const int MinRecycleBinRetentionDays = 1;
    public const int MaxRecycleBinRetentionDays = 180;

    protected override (int Met, int Total) ProtectionMeasures() =>
        (CountMet(EffectiveCloudBackup, RecycleBinEnabled || Granted(Policies.ProtectionGrant.RecycleBin), EffectiveVaultReplication), 3);
}

/// <summary>A Tablestore instance; its redundancy is fixed when it is created.</summary>
public sealed class TablestoreInstance : CloudResource
{
    public TablestoreInstance() => Product = ProductType.Tablestore;

    public Redundancy Redundancy { get; init; }

    protected override (int Met, int Total) ProtectionMeasures() =>
        (CountMet(EffectiveCloudBackup, EffectiveVaultReplication), 2);
}
