using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Scoring;

/// <summary>A resource's name with the facts its check items need.</summary>
internal sealed record NamedFacts(string Name, ResourceFacts Facts);

/// <summary>Reads the facts the check items need for every resource of some accounts, in a few set-based queries.</summary>
internal static class ScoringFactsReader
{
    /// <param name="asOf">Recovery points after this time are ignored (for history, "as the data stood then").</param>
    public static async Task<List<NamedFacts>> ReadAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, DateTimeOffset asOf, CancellationToken ct, IReadOnlyCollection<string>? resourceIds = null)
    {
        var resources = db.Resources.AsNoTracking().Where(r => accountIds.Contains(r.AccountId));
        if (resourceIds is not null)
            resources = resources.Where(r => resourceIds.Contains(r.Id));

        var rows = await resources.Select(r => new
        {
            r.Id,
            r.Name,
            r.AccountId,
            r.Product,
            r.RegionId,
            r.CloudBackupEnabled,
            r.BackupVaultReplication,
            r.CheckError,
            FileBackup = (bool?)((EcsInstance)r).FileBackupEnabled,
            DatabaseBackup = (bool?)((EcsInstance)r).DatabaseBackupEnabled,
            Versioning = (bool?)((OssBucket)r).VersioningEnabled,
            CrossRegionReplication = (bool?)((OssBucket)r).CrossRegionReplication,
            OssRedundancy = (Redundancy?)((OssBucket)r).Redundancy,
            ConvertingSince = ((OssBucket)r).ConvertingSince,
            OtsRedundancy = (Redundancy?)((TablestoreInstance)r).Redundancy,
            NasType = (NasFileSystemType?)((NasFileSystem)r).FileSystemType,
            RecycleBin = (bool?)((NasFileSystem)r).RecycleBinEnabled,
            Retention = ((NasFileSystem)r).RecycleBinRetentionDays,
        }).ToListAsync(ct);

        // Joins from the accounts' resources, so SQLite walks the account index then each resource's
        // disks and recovery points by their indexes, instead of scanning those whole tables.
        var disks = await (from r in resources
                           join d in db.EcsDisks on r.Id equals d.InstanceId
                           select d)
            .GroupBy(d => d.InstanceId)
            .Select(g => new
            {
                InstanceId = g.Key,
                Count = g.Count(),
                WithPolicy = g.Count(d => d.AutoSnapshotPolicyId != null),
                CrossRegion = g.Any(d => d.AutoSnapshotPolicyId != null && d.SnapshotCrossRegionCopy),
            })
            .ToDictionaryAsync(d => d.InstanceId, ct);
        var lastSuccess = await (from r in resources
                                 join p in db.RecoveryPoints on r.Id equals p.ResourceId
                                 where p.Status == RecoveryPointStatus.Succeeded && p.CreatedAt <= asOf
                                 select p)
            .GroupBy(p => p.ResourceId)
            .Select(g => new { ResourceId = g.Key, Last = g.Max(p => p.CreatedAt) })
            .ToDictionaryAsync(p => p.ResourceId, p => p.Last, ct);

        return rows.Select(r =>
        {
            disks.TryGetValue(r.Id, out var disk);
            return new NamedFacts(r.Name, new ResourceFacts(
                r.Id, r.AccountId, r.Product, r.RegionId, r.CloudBackupEnabled, r.BackupVaultReplication,
                lastSuccess.TryGetValue(r.Id, out var last) ? last : null,
                r.CheckError,
                disk?.Count ?? 0, disk?.WithPolicy ?? 0, disk?.CrossRegion ?? false,
                r.FileBackup ?? false, r.DatabaseBackup ?? false, r.Versioning ?? false, r.CrossRegionReplication ?? false,
                r.Product == ProductType.Oss ? r.OssRedundancy : r.Product == ProductType.Tablestore ? r.OtsRedundancy : null,
                r.ConvertingSince is not null, r.NasType, r.RecycleBin ?? false, r.Retention));
        }).ToList();
    }
}
