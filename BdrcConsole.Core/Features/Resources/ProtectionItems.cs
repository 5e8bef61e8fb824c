using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Features.Resources;

/// <summary>
/// Describes a resource's protection configuration as the detail lists it, from the same facts the check
/// items are evaluated on (<see cref="ResourceFacts"/>, docs/rules.md §6), so that a description cannot
/// contradict a check result. The entity only adds what the checks do not read (plan name, storage class).
/// </summary>
internal static class ProtectionItems
{
    private const string ByPolicy = "Applied by a protection policy";

    public static IReadOnlyList<ProtectionItem> For(CloudResource resource, ResourceFacts facts)
    {
        // The facts are the effective protection (own configuration OR policy grants); the detail says which.
        var backup = new ProtectionItem("Cloud Backup", facts.CloudBackupEnabled,
            resource.CloudBackupEnabled ? resource.CloudBackupPlanName ?? "Backup plan enabled"
            : facts.CloudBackupEnabled ? ByPolicy : "No backup plan");
        var vault = new ProtectionItem("Backup vault cross-region replication", facts.CloudBackupEnabled && facts.BackupVaultReplication,
            !facts.CloudBackupEnabled ? "No backup vault: there is no backup plan"
            : resource.CloudBackupEnabled && resource.BackupVaultReplication ? "Backups are replicated to another region"
            : facts.BackupVaultReplication ? $"{ByPolicy}: backups are replicated to another region" : "Not replicated");
        return resource switch
        {
            EcsInstance =>
            [
                new("Automatic snapshot policy on every disk", facts.DiskCount > 0 && facts.DisksWithSnapshotPolicy == facts.DiskCount,
                    resource.PolicyGrants.HasFlag(ProtectionGrant.SnapshotPolicy) && facts.DiskCount > 0
                        ? $"{ByPolicy} on {facts.DiskCount} disk{(facts.DiskCount == 1 ? "" : "s")}"
                        : $"{facts.DisksWithSnapshotPolicy} of {facts.DiskCount} disk{(facts.DiskCount == 1 ? "" : "s")}"),
                // Only a disk with an automatic snapshot policy copies its snapshots to another region.
                new("Cross-region snapshot copy", facts.AnyDiskCopiesCrossRegion,
                    resource.PolicyGrants.HasFlag(ProtectionGrant.SnapshotCrossRegionCopy) && facts.DiskCount > 0 ? ByPolicy
                    : facts.AnyDiskCopiesCrossRegion ? "In the automatic snapshot policy of a disk"
                    : facts.DisksWithSnapshotPolicy == 0 ? "Not configured: no disk has an automatic snapshot policy"
                    : "Not configured in the disks' snapshot policies"),
                backup with { Name = "Cloud Backup ECS instance backup" },
                vault,
                new("ECS file backup", facts.FileBackupEnabled, facts.FileBackupEnabled ? "Enabled" : "Not enabled"),
                new("ECS database backup", facts.DatabaseBackupEnabled, facts.DatabaseBackupEnabled ? "Enabled" : "Not enabled"),
            ],
            OssBucket oss =>
            [
                new("Versioning", facts.VersioningEnabled, oss.VersioningEnabled ? "Enabled" : facts.VersioningEnabled ? ByPolicy : "Not enabled"),
                new("Cross-region replication", facts.CrossRegionReplication, facts.CrossRegionReplication ? "Enabled" : "Not enabled"),
                backup with { Name = "Cloud Backup OSS backup" },
                vault,
                new("Redundancy", facts.Redundancy == Redundancy.Zrs,
                    facts.ConvertingToZrs ? "Converting to ZRS" : $"{facts.Redundancy.ToString()!.ToUpperInvariant()} · {oss.StorageClass}"),
            ],
            NasFileSystem =>
            [
                backup with { Name = "Cloud Backup NAS backup" },
                new("Recycle bin", facts.RecycleBinEnabled && facts.RecycleBinRetentionDays >= CheckEvaluator.MinRecycleBinRetentionDays,
                    facts.NasType == NasFileSystemType.Extreme ? "Extreme file systems have no recycle bin"
                    : facts.RecycleBinEnabled ? $"Enabled, retention {facts.RecycleBinRetentionDays} days{(resource.PolicyGrants.HasFlag(ProtectionGrant.RecycleBin) ? " (with a protection policy)" : "")}"
                    : "Not enabled"),
                vault,
            ],
            TablestoreInstance =>
            [
                backup with { Name = "Cloud Backup Tablestore backup" },
                vault,
                new("Redundancy", facts.Redundancy == Redundancy.Zrs, $"{facts.Redundancy.ToString()!.ToUpperInvariant()} (fixed at creation)"),
            ],
            _ => [backup, vault],
        };
    }
}
