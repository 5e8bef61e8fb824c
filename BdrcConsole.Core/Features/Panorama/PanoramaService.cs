using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Panorama;

/// <summary>The Data Disaster Recovery Panorama of one account visible to the actor, counted in SQL.</summary>
public sealed class PanoramaService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    /// <summary>The stages drawn per product, left to right, with the check item that judges each (null: none does).</summary>
    public static IReadOnlyList<(string Title, string? RuleId)> StagesOf(ProductType product) => product switch
    {
        ProductType.Ecs =>
        [
            ("Snapshot / backup", CheckItems.EcsSnapshot.RuleId),
            ("Cross-region copy", CheckItems.EcsCrossRegionCopy.RuleId),
            // No ECS check item judges vault replication (docs/rules.md §6): cross-region copy already accepts it.
            ("Backup vault replication", null),
        ],
        ProductType.Oss =>
        [
            ("Snapshot / backup", CheckItems.OssBackup.RuleId),
            ("Cross-region copy", CheckItems.OssCrossRegionReplication.RuleId),
            ("Backup vault replication", CheckItems.OssVaultReplication.RuleId),
        ],
        // NAS and Tablestore reach another region only by replicating the backup vault.
        ProductType.Nas =>
        [
            ("Snapshot / backup", CheckItems.NasBackup.RuleId),
            ("Backup vault replication", CheckItems.NasVaultReplication.RuleId),
        ],
        _ =>
        [
            ("Snapshot / backup", CheckItems.OtsBackup.RuleId),
            ("Backup vault replication", CheckItems.OtsVaultReplication.RuleId),
        ],
    };

    /// <summary>The Data Disaster Recovery Panorama of one account: resources reaching each protection stage, per product.</summary>
    public async Task<AccountPanorama> GetPanoramaAsync(Actor actor, string accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScoreScope.AccountsAsync(db, actor, [accountId], ct);
        var included = ScoreQueries.Included(db, accounts);
        var tallies = await ScoreAggregates.Totals(db, db.AccountProductScores.Where(s => s.AccountId == accountId), x => x.Row.Product)
            .ToDictionaryAsync(t => t.Key, t => t.Tally, ct);
        var checkedResources = await included.Where(r => r.CheckedAt != null).GroupBy(r => r.Product)
            .Select(g => new { Product = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Product, g => g.Count, ct);
        // The stored results of included resources, as Risk Detection reads them (passed items are not stored).
        var results = await db.CheckResults
            .Where(c => c.AccountId == accountId
                && !db.Resources.Any(r => r.Id == c.ResourceId && r.ExcludedFromChecks)
                && !db.ProductExclusions.Any(e => e.AccountId == c.AccountId && e.Product == c.Product))
            .GroupBy(c => new { c.RuleId, c.Status })
            .Select(g => new { g.Key.RuleId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var ecsVaultReplicated = await included.OfType<EcsInstance>().CountAsync(i => i.CheckedAt != null && i.CloudBackupEnabled && i.BackupVaultReplication, ct);
        var redundancy = await db.Resources.Where(r => r.AccountId == accountId && (r is OssBucket || r is TablestoreInstance))
            .Select(r => new { r.Product, Redundancy = r is OssBucket ? ((OssBucket)r).Redundancy : ((TablestoreInstance)r).Redundancy })
            .GroupBy(r => new { r.Product, r.Redundancy })
            .Select(g => new { g.Key.Product, g.Key.Redundancy, Count = g.Count() })
            .ToListAsync(ct);
        var name = (await ScoreScope.AccountNamesAsync(db, accounts, ct))[accountId];

        int Count(string ruleId, CheckStatus status) => results.Where(r => r.RuleId == ruleId && r.Status == status).Sum(r => r.Count);
        int Redundant(ProductType product, Redundancy kind) => redundancy.Where(r => r.Product == product && r.Redundancy == kind).Sum(r => r.Count);

        return new AccountPanorama(accountId, name, Enum.GetValues<ProductType>().Select(product =>
        {
            var judged = checkedResources.GetValueOrDefault(product);
            var stages = StagesOf(product).Select(stage =>
            {
                if (stage.RuleId is not { } rule)
                    return new PanoramaStage(stage.Title, null, ecsVaultReplicated, judged, 0, 0, 0);
                var (failed, notApplicable, checkFailed) = (Count(rule, CheckStatus.Failed), Count(rule, CheckStatus.NotApplicable), Count(rule, CheckStatus.CheckFailed));
                var applicable = judged - notApplicable - checkFailed;
                return new PanoramaStage(stage.Title, rule, applicable - failed, applicable, failed, notApplicable, checkFailed);
            }).ToList();
            var hasRedundancy = product is ProductType.Oss or ProductType.Tablestore;
            return new ProductPanorama(product, tallies.GetValueOrDefault(product, ResourceTally.None), stages,
                hasRedundancy ? Redundant(product, Redundancy.Lrs) : null,
                hasRedundancy ? Redundant(product, Redundancy.Zrs) : null);
        }).ToList());
    }
}
