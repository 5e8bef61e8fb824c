using System.Linq.Expressions;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.ResourceGroups;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Scoring;

/// <summary>
/// The Overview dashboard, Risk Detection lists and the Data Disaster Recovery Panorama: aggregates in
/// SQL over the stored detection results of the accounts in scope, which must be visible to the actor.
/// </summary>
public sealed class OverviewService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    public const int TopRiskyResources = 10;
    public const int TrendDays = 30;

    public async Task<OverviewDashboard> GetDashboardAsync(Actor actor, OverviewQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScopeAsync(db, actor, query.AccountIds, ct);
        var inScope = await InScopeAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var included = ScoreQueries.Included(db, accounts).Where(inScope);
        var scored = included.Where(r => r.Score != null);

        var byProduct = await included
            .GroupBy(r => r.Product)
            .Select(g => new { Product = g.Key, Resources = g.Count(), Scored = g.Count(r => r.Score != null), Score = g.Average(r => r.Score) })
            .ToListAsync(ct);
        var byAccount = await included
            .GroupBy(r => r.AccountId)
            .Select(g => new { AccountId = g.Key, Resources = g.Count(), Score = g.Average(r => r.Score) })
            .ToListAsync(ct);
        var bands = await scored
            .GroupBy(r => Math.Round(r.Score!.Value))
            .Select(g => new { Rounded = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var risksByAccount = await included
            .GroupBy(r => r.AccountId)
            .Select(g => new { AccountId = g.Key, Risks = g.Sum(r => r.RiskCount), RiskyResources = g.Count(r => r.RiskCount > 0) })
            .ToListAsync(ct);
        var checkFailed = await included.CountAsync(r => r.HasCheckFailed, ct);
        var excluded = await ScoreQueries.Excluded(db, accounts).Where(inScope).CountAsync(ct);
        var names = await AccountNamesAsync(db, accounts, ct);

        var top = await scored
            .Where(r => r.RiskCount > 0)
            .Select(r => new { r.Id, r.Name, r.Product, r.AccountId, r.Score, Risks = r.RiskCount, HighRisks = r.HighRiskCount })
            .OrderBy(r => r.Score).ThenByDescending(r => r.HighRisks).ThenBy(r => r.Name)
            .Take(TopRiskyResources)
            .ToListAsync(ct);

        var resources = byProduct.Sum(p => p.Resources);
        var scoredCount = byProduct.Sum(p => p.Scored);
        // The mean over resources, not the mean of the product or account means.
        var score = scoredCount == 0 ? (double?)null : byProduct.Where(p => p.Score != null).Sum(p => p.Score!.Value * p.Scored) / scoredCount;
        var trend = await TrendAsync(db, accounts, ct);

        return new OverviewDashboard(
            score,
            score is { } s ? ScoreBands.Stars(s) : null,
            resources,
            scoredCount,
            risksByAccount.Sum(a => a.RiskyResources),
            checkFailed,
            excluded,
            Enum.GetValues<ProductType>().Select(p => byProduct.FirstOrDefault(b => b.Product == p) is { } b
                ? new ProductScore(p, b.Score, b.Score is { } ps ? ScoreBands.Stars(ps) : null, b.Resources, b.Scored)
                : new ProductScore(p, null, null, 0, 0)).ToList(),
            ScoreBands.Distribution.Select(band => new ScoreBandCount(band.Label, band.Min, band.Max,
                bands.Where(b => b.Rounded >= band.Min && b.Rounded <= band.Max).Sum(b => b.Count))).ToList(),
            accounts.Select(id =>
            {
                var a = byAccount.FirstOrDefault(x => x.AccountId == id);
                var r = risksByAccount.FirstOrDefault(x => x.AccountId == id);
                return new AccountScoreRow(id, names[id], a?.Score, a?.Score is { } accountScore ? ScoreBands.Stars(accountScore) : null,
                    a?.Resources ?? 0, r?.RiskyResources ?? 0, r?.Risks ?? 0);
            }).ToList(),
            top.Select(t => new RiskyResourceRow(t.Id, t.Name, t.Product, t.AccountId, names[t.AccountId], t.Score, t.Risks, t.HighRisks)).ToList(),
            trend,
            await db.ScoreSnapshots.Where(s => accounts.Contains(s.AccountId)).MaxAsync(s => (DateTimeOffset?)s.TakenAt, ct));
    }

    /// <summary>Risk Detection: the current risks (failed items) of the accounts, filtered, sorted and paged in SQL.</summary>
    public async Task<RiskPage> ListRisksAsync(Actor actor, RiskQuery query, CancellationToken ct = default)
    {
        if (query.Page < 0 || query.PageSize is < 1 or > 200)
            throw new ValidationException("Page must be 0 or more and page size between 1 and 200.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScopeAsync(db, actor, query.AccountIds, ct);
        var risks = await FilteredRisksAsync(db, actor, accounts, query, ct);
        var total = await risks.CountAsync(ct);
        var rows = from risk in risks
                   join resource in db.Resources on risk.ResourceId equals resource.Id
                   join account in db.Accounts on risk.AccountId equals account.Id
                   select new { risk, resource.Name, AccountName = account.DisplayName };
        rows = (query.SortBy, query.Descending) switch
        {
            (RiskSortField.FirstDetected, false) => rows.OrderBy(r => r.risk.FirstDetectedAt).ThenBy(r => r.Name),
            (RiskSortField.FirstDetected, true) => rows.OrderByDescending(r => r.risk.FirstDetectedAt).ThenBy(r => r.Name),
            (RiskSortField.Resource, false) => rows.OrderBy(r => r.Name).ThenBy(r => r.risk.RuleId),
            (RiskSortField.Resource, true) => rows.OrderByDescending(r => r.Name).ThenBy(r => r.risk.RuleId),
            (RiskSortField.Account, false) => rows.OrderBy(r => r.AccountName).ThenBy(r => r.Name),
            (RiskSortField.Account, true) => rows.OrderByDescending(r => r.AccountName).ThenBy(r => r.Name),
            (_, false) => rows.OrderBy(r => r.risk.Severity).ThenBy(r => r.Name).ThenBy(r => r.risk.RuleId),
            _ => rows.OrderByDescending(r => r.risk.Severity).ThenBy(r => r.Name).ThenBy(r => r.risk.RuleId),
        };
        var page = await rows.Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(r => new { r.risk.ResourceId, r.Name, r.risk.Product, r.risk.AccountId, r.AccountName, r.risk.RuleId, r.risk.Severity, r.risk.FirstDetectedAt })
            .ToListAsync(ct);
        return new RiskPage(page.Select(r =>
        {
            var item = CheckItems.Find(r.RuleId)!;
            return new RiskRow(r.ResourceId, r.Name, r.Product, r.AccountId, r.AccountName, r.RuleId, item.Title, r.Severity, item.Recommendation, r.FirstDetectedAt);
        }).ToList(), total);
    }

    /// <summary>Counts of the current risks by severity and product, with the filters of the list but not its paging.</summary>
    public async Task<RiskCounts> CountRisksAsync(Actor actor, RiskQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScopeAsync(db, actor, query.AccountIds, ct);
        var risks = await FilteredRisksAsync(db, actor, accounts, query with { Severity = null, Product = null }, ct);
        var counts = await risks.GroupBy(r => new { r.Severity, r.Product }).Select(g => new { g.Key.Severity, g.Key.Product, Count = g.Count() }).ToListAsync(ct);
        var inScope = await InScopeAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var excluded = await ScoreQueries.Excluded(db, accounts).Where(inScope).CountAsync(ct);
        var checkFailed = await ScoreQueries.Included(db, accounts).Where(inScope)
            .CountAsync(r => db.CheckResults.Any(c => c.ResourceId == r.Id && c.Status == CheckStatus.CheckFailed), ct);
        return new RiskCounts(
            counts.Sum(c => c.Count),
            Enum.GetValues<RiskSeverity>().ToDictionary(s => s, s => counts.Where(c => c.Severity == s).Sum(c => c.Count)),
            Enum.GetValues<ProductType>().ToDictionary(p => p, p => counts.Where(c => c.Product == p).Sum(c => c.Count)),
            excluded,
            checkFailed);
    }

    /// <summary>The Data Disaster Recovery Panorama of one account: resources reaching each protection stage, per product.</summary>
    public async Task<Panorama> GetPanoramaAsync(Actor actor, string accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScopeAsync(db, actor, [accountId], ct);
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
        var name = (await AccountNamesAsync(db, accounts, ct))[accountId];
        return new Panorama(accountId, name,
        [
            new(ProductType.Ecs, ecs?.Resources ?? 0, ecs?.BackedUp ?? 0, ecs?.CrossRegion ?? 0, ecs?.Vault ?? 0, null, null),
            new(ProductType.Oss, oss?.Resources ?? 0, oss?.BackedUp ?? 0, oss?.CrossRegion ?? 0, oss?.Vault ?? 0, oss?.Lrs ?? 0, oss?.Zrs ?? 0),
            // NAS and Tablestore reach another region only through backup-vault replication.
            new(ProductType.Nas, nas?.Resources ?? 0, nas?.BackedUp ?? 0, nas?.Vault ?? 0, nas?.Vault ?? 0, null, null),
            new(ProductType.Tablestore, ots?.Resources ?? 0, ots?.BackedUp ?? 0, ots?.Vault ?? 0, ots?.Vault ?? 0, ots?.Lrs ?? 0, ots?.Zrs ?? 0),
        ]);
    }

    private static async Task<IReadOnlyList<string>> ScopeAsync(BdrcDbContext db, Actor actor, IReadOnlyList<string> accountIds, CancellationToken ct)
    {
        if (accountIds.Count == 0)
            throw new ValidationException("Select at least one account.");
        await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
        return accountIds.Distinct().ToList();
    }

    /// <summary>
    /// The resource-group filter: only the actor's own groups, matched over the selected accounts (so a
    /// group matching only account A's resources leaves A's matching resources when A and B are selected).
    /// </summary>
    private static async Task<Expression<Func<CloudResource, bool>>> InScopeAsync(BdrcDbContext db, Actor actor, IReadOnlyList<string> accounts, int? groupId, CancellationToken ct) =>
        groupId is { } id ? await ResourceGroupService.GroupPredicateAsync(db, actor, id, ct) : _ => true;

    private static async Task<IQueryable<CheckResult>> FilteredRisksAsync(BdrcDbContext db, Actor actor, IReadOnlyList<string> accounts, RiskQuery query, CancellationToken ct)
    {
        var inScope = await InScopeAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var resources = ScoreQueries.Included(db, accounts).Where(inScope);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{LikePattern.Escape(query.Search.Trim())}%";
            resources = resources.Where(r => EF.Functions.Like(r.Name, pattern, LikePattern.EscapeCharacter) || EF.Functions.Like(r.Id, pattern, LikePattern.EscapeCharacter));
        }
        var risks = db.CheckResults.AsNoTracking().Where(c => accounts.Contains(c.AccountId) && c.Status == CheckStatus.Failed && resources.Any(r => r.Id == c.ResourceId));
        if (query.Severity is { } severity)
            risks = risks.Where(c => c.Severity == severity);
        if (query.Product is { } product)
            risks = risks.Where(c => c.Product == product);
        if (!string.IsNullOrWhiteSpace(query.RuleId))
        {
            if (CheckItems.Find(query.RuleId) is null)
                throw new ValidationException($"Unknown check item {query.RuleId}.");
            risks = risks.Where(c => c.RuleId == query.RuleId);
        }
        return risks;
    }

    private static Task<Dictionary<string, string>> AccountNamesAsync(BdrcDbContext db, IReadOnlyList<string> accounts, CancellationToken ct) =>
        db.Accounts.Where(a => accounts.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);

    private static async Task<IReadOnlyList<TrendPoint>> TrendAsync(BdrcDbContext db, IReadOnlyList<string> accounts, CancellationToken ct)
    {
        var days = await db.ScoreSnapshots.Where(s => accounts.Contains(s.AccountId) && s.Score != null)
            .GroupBy(s => s.Day)
            .Select(g => new { Day = g.Key, Weighted = g.Sum(s => s.Score!.Value * s.ScoredResources), Resources = g.Sum(s => s.ScoredResources) })
            .OrderByDescending(d => d.Day)
            .Take(TrendDays)
            .ToListAsync(ct);
        return days.OrderBy(d => d.Day).Select(d => new TrendPoint(d.Day, d.Resources == 0 ? null : d.Weighted / d.Resources)).ToList();
    }
}
