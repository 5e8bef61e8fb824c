using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Features.Resources;

/// <summary>Describes a resource's protection configuration as the detail drawer lists it.</summary>
internal static class ProtectionItems
{
    public static IReadOnlyList<ProtectionItem> For(CloudResource resource)
    {
        var backup = new ProtectionItem("Cloud Backup", resource.CloudBackupEnabled, resource.CloudBackupPlanName ?? "No backup plan");
        var vault = new ProtectionItem("Backup vault cross-region replication", resource.BackupVaultReplication,
            resource.BackupVaultReplication ? "Backups are replicated to another region" : "Not replicated");
        return resource switch
        {
            EcsInstance ecs =>
            [
                new("Automatic snapshot policy on every disk", ecs.Disks.Count > 0 && ecs.Disks.All(d => d.AutoSnapshotPolicyId is not null),
                    $"{ecs.Disks.Count(d => d.AutoSnapshotPolicyId is not null)} of {ecs.Disks.Count} disks"),
                new("Cross-region snapshot copy", ecs.Disks.Any(d => d.SnapshotCrossRegionCopy), "In the automatic snapshot policy"),
                backup with { Name = "Cloud Backup ECS instance backup" },
                vault,
                new("ECS file backup", ecs.FileBackupEnabled, ecs.FileBackupEnabled ? "Enabled" : "Not enabled"),
                new("ECS database backup", ecs.DatabaseBackupEnabled, ecs.DatabaseBackupEnabled ? "Enabled" : "Not enabled"),
            ],
            OssBucket oss =>
            [
                new("Versioning", oss.VersioningEnabled, oss.VersioningEnabled ? "Enabled" : "Not enabled"),
                new("Cross-region replication", oss.CrossRegionReplication, oss.CrossRegionReplication ? "Enabled" : "Not enabled"),
                backup with { Name = "Cloud Backup OSS backup" },
                vault,
                new("Redundancy", oss.Redundancy == Redundancy.Zrs, oss.ConvertingSince is not null ? "Converting to ZRS" : $"{oss.Redundancy.ToString().ToUpperInvariant()} · {oss.StorageClass}"),
            ],
            NasFileSystem nas =>
            [
                backup with { Name = "Cloud Backup NAS backup" },
                new("Recycle bin", nas.RecycleBinEnabled, nas.RecycleBinEnabled ? $"Enabled, retention {nas.RecycleBinRetentionDays} days" : "Not enabled"),
                vault,
            ],
            TablestoreInstance ots =>
            [
                backup with { Name = "Cloud Backup Tablestore backup" },
                vault,
                new("Redundancy", ots.Redundancy == Redundancy.Zrs, $"{ots.Redundancy.ToString().ToUpperInvariant()} (fixed at creation)"),
            ],
            _ => [backup, vault],
        };
    }
}
