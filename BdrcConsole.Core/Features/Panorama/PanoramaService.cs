using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Panorama;

/// <summary>The Data Disaster Recovery Panorama of one account visible to the actor, counted in SQL.</summary>
public sealed class PanoramaService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    /// <summary>The Data Disaster Recovery Panorama of one account: resources reaching each protection stage, per product.</summary>
    public async Task<AccountPanorama> GetPanoramaAsync(Actor actor, string accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScoreScope.AccountsAsync(db, actor, [accountId], ct);
        var included = ScoreQueries.Included(db, accounts);
        var ecs = await included.OfType<EcsInstance>().GroupBy(_ => 1).Select(g => new
        {
            Resources = g.Count(),
            BackedUp = g.Count(i => i.CloudBackupEnabled || (i.Disks.Any() && i.Disks.All(d => d.AutoSnapshotPolicyId != null))),
            CrossRegion = g.Count(i => i.Disks.Any(d => d.AutoSnapshotPolicyId != null && d.SnapshotCrossRegionCopy) || (i.CloudBackupEnabled && i.BackupVaultReplication)),
            Vault = g.Count(i => i.CloudBackupEnabled && i.BackupVaultReplication),
        }).SingleOrDefaultAsync(ct);
        var oss = await included.OfType<OssBucket>().GroupBy(_ => 1).Select(g => new
        {
            Resources = g.Count(),
            BackedUp = g.Count(b => b.CloudBackupEnabled),
            CrossRegion = g.Count(b => b.CrossRegionReplication || (b.CloudBackupEnabled && b.BackupVaultReplication)),
            Vault = g.Count(b => b.CloudBackupEnabled && b.BackupVaultReplication),
            Lrs = g.Count(b => b.Redundancy == Redundancy.Lrs),
            Zrs = g.Count(b => b.Redundancy == Redundancy.Zrs),
        }).SingleOrDefaultAsync(ct);
        var nas = await included.OfType<NasFileSystem>().GroupBy(_ => 1).Select(g => new
        {
            Resources = g.Count(),
            BackedUp = g.Count(n => n.CloudBackupEnabled),
            Vault = g.Count(n => n.CloudBackupEnabled && n.BackupVaultReplication),
        }).SingleOrDefaultAsync(ct);
        var ots = await included.OfType<TablestoreInstance>().GroupBy(_ => 1).Select(g => new
        {
            Resources = g.Count(),
            BackedUp = g.Count(t => t.CloudBackupEnabled),
            Vault = g.Count(t => t.CloudBackupEnabled && t.BackupVaultReplication),
            Lrs = g.Count(t => t.Redundancy == Redundancy.Lrs),
            Zrs = g.Count(t => t.Redundancy == Redundancy.Zrs),
        }).SingleOrDefaultAsync(ct);
        var name = (await ScoreScope.AccountNamesAsync(db, accounts, ct))[accountId];
        return new AccountPanorama(accountId, name,
        [
            new(ProductType.Ecs, ecs?.Resources ?? 0, ecs?.BackedUp ?? 0, ecs?.CrossRegion ?? 0, ecs?.Vault ?? 0, null, null),
            new(ProductType.Oss, oss?.Resources ?? 0, oss?.BackedUp ?? 0, oss?.CrossRegion ?? 0, oss?.Vault ?? 0, oss?.Lrs ?? 0, oss?.Zrs ?? 0),
            // NAS and Tablestore reach another region only through backup-vault replication.
            new(ProductType.Nas, nas?.Resources ?? 0, nas?.BackedUp ?? 0, nas?.Vault ?? 0, nas?.Vault ?? 0, null, null),
            new(ProductType.Tablestore, ots?.Resources ?? 0, ots?.BackedUp ?? 0, ots?.Vault ?? 0, ots?.Vault ?? 0, ots?.Lrs ?? 0, ots?.Zrs ?? 0),
        ]);
    }
}
