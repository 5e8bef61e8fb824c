using System.Linq.Expressions;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Configurations;
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
        var scope = await AggregateScopeAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var byProduct = await ScoreAggregates.Totals(db, scope.Scores, s => s.Product).ToDictionaryAsync(t => t.Key, ct);
        var byAccount = (await ScoreAggregates.TotalsByAccount(db, scope.Scores).ToListAsync(ct)).ToDictionary(t => t.AccountId);
        var all = ScoreTotals<bool>.Sum(true, byProduct.Values);
        var excluded = all.ExcludedResources + await ScoreAggregates.ProductExcludedResourcesAsync(db, scope.Scores, ct);
        var names = await AccountNamesAsync(db, accounts, ct);
        var top = await TopRiskyAsync(db, accounts, scope, ct);

        return new OverviewDashboard(
            all.Score,
            all.Stars,
            all.Resources,
            all.ScoredResources,
            all.RiskyResources,
            all.CheckFailedResources,
            excluded,
            Enum.GetValues<ProductType>().Select(p => byProduct.TryGetValue(p, out var t)
                ? new ProductScore(p, t.Score, t.Stars, t.Resources, t.ScoredResources)
                : new ProductScore(p, null, null, 0, 0)).ToList(),
            ScoreBands.Distribution.Select((band, i) => new ScoreBandCount(band.Label, band.Min, band.Max, all.Bands[i])).ToList(),
            accounts.Select(id => byAccount.TryGetValue(id, out var t)
                ? new AccountScoreRow(id, names[id], t.Score, t.Score is { } score ? ScoreBands.Stars(score) : null, t.Resources, t.RiskyResources, t.Risks)
                : new AccountScoreRow(id, names[id], null, null, 0, 0, 0)).ToList(),
            top.Select(t => new RiskyResourceRow(t.Id, t.Name, t.Product, t.AccountId, names[t.AccountId], t.Score, t.RiskCount, t.HighRiskCount)).ToList(),
            await TrendAsync(db, accounts, ct),
            await db.ScoreSnapshots.Where(s => accounts.Contains(s.AccountId)).MaxAsync(s => (DateTimeOffset?)s.TakenAt, ct));
    }

    private sealed record TopRisky(string Id, string Name, ProductType Product, string AccountId, double? Score, int RiskCount, int HighRiskCount);

    /// <summary>
    /// The lowest-scored risky resources. Over many accounts without a group filter, walking the partial
    /// index in this order and stopping after a few beats sorting every account's risky resources; SQLite's
    /// planner does not see that, so the query names the index.
    /// </summary>
    private static Task<List<TopRisky>> TopRiskyAsync(BdrcDbContext db, IReadOnlyList<string> accounts, AggregateScope scope, CancellationToken ct)
    {
        var candidates = scope.GroupPredicate is null && accounts.Count >= ManyAccounts
            ? db.Resources.FromSqlRaw(TopRiskyIndex.Walk)
                .Where(r => accounts.Contains(r.AccountId) && !db.ProductExclusions.Any(e => e.AccountId == r.AccountId && e.Product == r.Product))
            : ScoreQueries.Included(db, accounts).Where(scope.GroupPredicate ?? (_ => true)).Where(r => r.Score != null && r.RiskCount > 0);
        return candidates.AsNoTracking()
            .OrderBy(r => r.Score).ThenByDescending(r => r.HighRiskCount).ThenBy(r => r.Name)
            .Take(TopRiskyResources)
            .Select(r => new TopRisky(r.Id, r.Name, r.Product, r.AccountId, r.Score, r.RiskCount, r.HighRiskCount))
            .ToListAsync(ct);
    }

    /// <summary>Risk Detection: the current risks (failed items) of the accounts, filtered, sorted and paged in SQL.</summary>
    public async Task<RiskPage> ListRisksAsync(Actor actor, RiskQuery query, CancellationToken ct = default)
    {
        Validate(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScopeAsync(db, actor, query.AccountIds, ct);
        var scope = await AggregateScopeAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var total = string.IsNullOrWhiteSpace(query.Search)
            ? (await scope.RiskTotalsAsync(ct)).Where(c => Matches(c, query)).Sum(c => c.Risks)
            : await FilteredRisks(db, RisksInPageOrder(db, query), accounts, scope, query).CountAsync(ct);
        var risks = FilteredRisks(db, RisksInPageOrder(db, query, accounts.Count), accounts, scope, query);
        risks = (query.SortBy, query.Descending) switch
        {
            // Orders that the risk indexes hold (or hold reversed), so that a page over many accounts is an index walk.
            (RiskSortField.FirstDetected, false) => risks.OrderBy(r => r.FirstDetectedAt).ThenBy(r => r.ResourceName).ThenBy(r => r.RuleId),
            (RiskSortField.FirstDetected, true) => risks.OrderByDescending(r => r.FirstDetectedAt).ThenByDescending(r => r.ResourceName).ThenByDescending(r => r.RuleId),
            (RiskSortField.Resource, false) => risks.OrderBy(r => r.ResourceName).ThenBy(r => r.RuleId),
            (RiskSortField.Resource, true) => risks.OrderByDescending(r => r.ResourceName).ThenByDescending(r => r.RuleId),
            (RiskSortField.Account, false) => risks.OrderBy(r => db.Accounts.Where(a => a.Id == r.AccountId).Select(a => a.DisplayName).First()).ThenBy(r => r.ResourceName).ThenBy(r => r.RuleId),
            (RiskSortField.Account, true) => risks.OrderByDescending(r => db.Accounts.Where(a => a.Id == r.AccountId).Select(a => a.DisplayName).First()).ThenBy(r => r.ResourceName).ThenBy(r => r.RuleId),
            (_, false) => risks.OrderBy(r => r.Severity).ThenBy(r => r.ResourceName).ThenBy(r => r.RuleId),
            _ => risks.OrderByDescending(r => r.Severity).ThenBy(r => r.ResourceName).ThenBy(r => r.RuleId),
        };
        var page = await risks.Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(r => new { r.ResourceId, r.ResourceName, r.Product, r.AccountId, r.RuleId, r.Severity, r.FirstDetectedAt })
            .ToListAsync(ct);
        var names = await AccountNamesAsync(db, page.Select(r => r.AccountId).Distinct().ToList(), ct);
        return new RiskPage(page.Select(r =>
        {
            var item = CheckItems.Find(r.RuleId)!;
            return new RiskRow(r.ResourceId, r.ResourceName, r.Product, r.AccountId, names[r.AccountId], r.RuleId, item.Title, r.Severity, item.Recommendation, r.FirstDetectedAt);
        }).ToList(), total);
    }

    /// <summary>Counts of the current risks by severity and product, with the filters of the list but not its paging.</summary>
    public async Task<RiskCounts> CountRisksAsync(Actor actor, RiskQuery query, CancellationToken ct = default)
    {
        Validate(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScopeAsync(db, actor, query.AccountIds, ct);
        var scope = await AggregateScopeAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var counts = string.IsNullOrWhiteSpace(query.Search)
            ? await scope.RiskTotalsAsync(ct)
            : await ScoreAggregates.RiskTotals(db, ScoreAggregates.CountRisks(FilteredRisks(db, db.CheckResults, accounts, scope, query with { Severity = null, Product = null, RuleId = null }))).ToListAsync(ct);
        counts = counts.Where(c => Matches(c, query with { Severity = null, Product = null })).ToList();
        var resources = await ScoreAggregates.Totals(db, scope.Scores, _ => true).SingleOrDefaultAsync(ct);
        var excluded = (resources?.ExcludedResources ?? 0) + await ScoreAggregates.ProductExcludedResourcesAsync(db, scope.Scores, ct);
        return new RiskCounts(
            counts.Sum(c => c.Risks),
            Enum.GetValues<RiskSeverity>().ToDictionary(s => s, s => counts.Where(c => c.Item.Severity == s).Sum(c => c.Risks)),
            Enum.GetValues<ProductType>().ToDictionary(p => p, p => counts.Where(c => c.Item.Product == p).Sum(c => c.Risks)),
            excluded,
            resources?.CheckFailedResources ?? 0);
    }

    private static void Validate(RiskQuery query)
    {
        if (query.Page < 0 || query.PageSize is < 1 or > 200)
            throw new ValidationException("Page must be 0 or more and page size between 1 and 200.");
        if (!string.IsNullOrWhiteSpace(query.RuleId) && CheckItems.Find(query.RuleId) is null)
            throw new ValidationException($"Unknown check item {query.RuleId}.");
    }

    private static bool Matches(RiskTotal count, RiskQuery query) =>
        (query.Severity is not { } severity || count.Item.Severity == severity)
        && (query.Product is not { } product || count.Item.Product == product)
        && (string.IsNullOrWhiteSpace(query.RuleId) || count.RuleId == query.RuleId);

    /// <summary>
    /// What is excluded from checks in the accounts, so that it can be included again: the resources
    /// excluded one by one (by name, paged in SQL) and the products excluded as a whole.
    /// </summary>
    public async Task<ExclusionList> ListExclusionsAsync(Actor actor, IReadOnlyList<string> accountIds, int page = 0, int pageSize = 20, CancellationToken ct = default)
    {
        if (page < 0 || pageSize is < 1 or > 200)
            throw new ValidationException("Page must be 0 or more and page size between 1 and 200.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScopeAsync(db, actor, accountIds, ct);
        var excluded = db.Resources.AsNoTracking().Where(r => accounts.Contains(r.AccountId) && r.ExcludedFromChecks);
        var total = await excluded.CountAsync(ct);
        var resources = await excluded.OrderBy(r => r.Name).ThenBy(r => r.Id).Skip(page * pageSize).Take(pageSize)
            .Select(r => new { r.Id, r.Name, r.Product, r.AccountId })
            .ToListAsync(ct);
        var products = await db.ProductExclusions.AsNoTracking().Where(e => accounts.Contains(e.AccountId))
            .Select(e => new { e.AccountId, e.Product, e.ExcludedAt, Resources = db.Resources.Count(r => r.AccountId == e.AccountId && r.Product == e.Product) })
            .ToListAsync(ct);
        var names = await AccountNamesAsync(db, accounts, ct);
        return new ExclusionList(
            resources.Select(r => new ExcludedResourceRow(r.Id, r.Name, r.Product, r.AccountId, names[r.AccountId])).ToList(),
            total,
            products.Select(p => new ExcludedProductRow(p.AccountId, names[p.AccountId], p.Product, p.Resources, p.ExcludedAt))
                .OrderBy(p => p.AccountName, StringComparer.Ordinal).ThenBy(p => p.Product).ToList());
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

    private const int ManyAccounts = 20;

    /// <summary>
    /// What the aggregates cover: the selected accounts, and optionally one of the actor's own resource
    /// groups matched over them (so a group matching only account A's resources leaves A's matching
    /// resources when A and B are selected). Without a group the stored aggregates are read; with one
    /// the same aggregates are computed over the group's resources.
    /// </summary>
    private static async Task<AggregateScope> AggregateScopeAsync(BdrcDbContext db, Actor actor, IReadOnlyList<string> accounts, int? groupId, CancellationToken ct)
    {
        var predicate = groupId is { } id ? await ResourceGroupService.GroupPredicateAsync(db, actor, id, ct) : null;
        return new AggregateScope(db, accounts, predicate);
    }

    private sealed record AggregateScope(BdrcDbContext Db, IReadOnlyList<string> Accounts, Expression<Func<CloudResource, bool>>? GroupPredicate)
    {
        private IQueryable<CloudResource> GroupResources => Db.Resources.Where(r => Accounts.Contains(r.AccountId)).Where(GroupPredicate!);

        /// <summary>Aggregate rows per account and product (before product exclusions, which the totals apply).</summary>
        public IQueryable<AccountProductScore> Scores => GroupPredicate is null
            ? Db.AccountProductScores.Where(s => Accounts.Contains(s.AccountId))
            : ScoreAggregates.Summarize(GroupResources);

        public Task<List<RiskTotal>> RiskTotalsAsync(CancellationToken ct) => ScoreAggregates.RiskTotals(Db, GroupPredicate is null
            ? Db.AccountRiskCounts.Where(c => Accounts.Contains(c.AccountId))
            : ScoreAggregates.CountRisks(ScoreAggregates.StoredRisks(Db, Accounts).Where(c => GroupResources.Any(r => r.Id == c.ResourceId)))).ToListAsync(ct);

        public IQueryable<CheckResult> InGroup(IQueryable<CheckResult> risks) =>
            GroupPredicate is null ? risks : risks.Where(c => GroupResources.Any(r => r.Id == c.ResourceId));
    }

    /// <summary>
    /// The failed items a risk page reads. Over many accounts in an order a risk index holds, the page
    /// names that index: walking it and stopping after one page beats sorting every selected account's
    /// risks, which SQLite's planner does not see.
    /// </summary>
    private static IQueryable<CheckResult> RisksInPageOrder(BdrcDbContext db, RiskQuery query, int accounts = 0)
    {
        var walk = accounts < ManyAccounts || !string.IsNullOrWhiteSpace(query.Search) || query.ResourceGroupId is not null ? null : (query.SortBy, query.Descending) switch
        {
            (RiskSortField.Severity, true) => RiskIndexes.WalkBySeverity,
            (RiskSortField.Resource, _) => RiskIndexes.WalkByResource,
            (RiskSortField.FirstDetected, _) => RiskIndexes.WalkByFirstDetected,
            _ => null,
        };
        return walk is null ? db.CheckResults.AsNoTracking() : db.CheckResults.FromSqlRaw(walk).AsNoTracking();
    }

    /// <summary>The current risks of included resources in scope, with the list's filters.</summary>
    private static IQueryable<CheckResult> FilteredRisks(BdrcDbContext db, IQueryable<CheckResult> source, IReadOnlyList<string> accounts, AggregateScope scope, RiskQuery query)
    {
        var risks = scope.InGroup(source.Where(c => accounts.Contains(c.AccountId) && c.Status == CheckStatus.Failed
            // Primary-key and tiny-table lookups per risk rather than a join over every resource.
            && !db.Resources.Any(r => r.Id == c.ResourceId && r.ExcludedFromChecks)
            && !db.ProductExclusions.Any(e => e.AccountId == c.AccountId && e.Product == c.Product)));
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{LikePattern.Escape(query.Search.Trim())}%";
            risks = risks.Where(c => EF.Functions.Like(c.ResourceName, pattern, LikePattern.EscapeCharacter) || EF.Functions.Like(c.ResourceId, pattern, LikePattern.EscapeCharacter));
        }
        if (query.Severity is { } severity)
            risks = risks.Where(c => c.Severity == severity);
        if (query.Product is { } product)
            risks = risks.Where(c => c.Product == product);
        if (!string.IsNullOrWhiteSpace(query.RuleId))
            risks = risks.Where(c => c.RuleId == query.RuleId);
        return risks;
    }

    private static async Task<Dictionary<string, string>> AccountNamesAsync(BdrcDbContext db, IReadOnlyList<string> accounts, CancellationToken ct) =>
        (await db.Accounts.Where(a => accounts.Contains(a.Id)).Select(a => new { a.Id, a.DisplayName }).ToListAsync(ct)).ToDictionary(a => a.Id, a => a.DisplayName);

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
