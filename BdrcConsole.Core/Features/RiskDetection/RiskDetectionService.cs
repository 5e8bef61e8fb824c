using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.RiskDetection;

/// <summary>
/// Risk Detection: the current risks (failed check items) of the accounts in scope, their counts and
/// what is excluded from checks, read in SQL; the accounts must be visible to the actor.
/// </summary>
public sealed class RiskDetectionService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    /// <summary>Risk Detection: the current risks (failed items) of the accounts, filtered, sorted and paged in SQL.</summary>
    public async Task<RiskPage> ListRisksAsync(Actor actor, RiskQuery query, CancellationToken ct = default)
    {
        Validate(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScoreScope.AccountsAsync(db, actor, query.AccountIds, ct);
        var scope = await ScoreScope.AggregateAsync(db, actor, accounts, query.ResourceGroupId, ct);
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
        var names = await ScoreScope.AccountNamesAsync(db, page.Select(r => r.AccountId).Distinct().ToList(), ct);
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
        var accounts = await ScoreScope.AccountsAsync(db, actor, query.AccountIds, ct);
        var scope = await ScoreScope.AggregateAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var counts = string.IsNullOrWhiteSpace(query.Search)
            ? await scope.RiskTotalsAsync(ct)
            : await ScoreAggregates.RiskTotals(db, ScoreAggregates.CountRisks(FilteredRisks(db, db.CheckResults, accounts, scope, query with { Severity = null, Product = null, RuleId = null }))).ToListAsync(ct);
        counts = counts.Where(c => Matches(c, query with { Severity = null, Product = null })).ToList();
        var resources = await ScoreAggregates.Totals(db, scope.Scores, _ => true).SingleOrDefaultAsync(ct);
        var tally = resources?.Tally ?? ResourceTally.None;
        return new RiskCounts(
            counts.Sum(c => c.Risks),
            Enum.GetValues<RiskSeverity>().ToDictionary(s => s, s => counts.Where(c => c.Item.Severity == s).Sum(c => c.Risks)),
            Enum.GetValues<ProductType>().ToDictionary(p => p, p => counts.Where(c => c.Item.Product == p).Sum(c => c.Risks)),
            tally.ExcludedResources,
            resources?.CheckFailedResources ?? 0)
        {
            Resources = tally,
        };
    }

    private static void Validate(RiskQuery query)
    {
        if (query.Page < 0 || query.PageSize is < 1 or > 200)
            throw new ValidationException("Page must be 0 or more and page size between 1 and 200.");
        if (!string.IsNullOrWhiteSpace(query.RuleId) && CheckItems.Find(query.RuleId) is null)
            throw new ValidationException($"Unknown check item {query.RuleId}.");
        FilterText.Validate(query.Search, "Search");
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
        var accounts = await ScoreScope.AccountsAsync(db, actor, accountIds, ct);
        var excluded = db.Resources.AsNoTracking().Where(r => accounts.Contains(r.AccountId) && r.ExcludedFromChecks);
        var total = await excluded.CountAsync(ct);
        var resources = await excluded.OrderBy(r => r.Name).ThenBy(r => r.Id).Skip(page * pageSize).Take(pageSize)
            .Select(r => new { r.Id, r.Name, r.Product, r.AccountId })
            .ToListAsync(ct);
        var products = await db.ProductExclusions.AsNoTracking().Where(e => accounts.Contains(e.AccountId))
            .Select(e => new { e.AccountId, e.Product, e.ExcludedAt, Resources = db.Resources.Count(r => r.AccountId == e.AccountId && r.Product == e.Product) })
            .ToListAsync(ct);
        var names = await ScoreScope.AccountNamesAsync(db, accounts, ct);
        return new ExclusionList(
            resources.Select(r => new ExcludedResourceRow(r.Id, r.Name, r.Product, r.AccountId, names[r.AccountId])).ToList(),
            total,
            products.Select(p => new ExcludedProductRow(p.AccountId, names[p.AccountId], p.Product, p.Resources, p.ExcludedAt))
                .OrderBy(p => p.AccountName, StringComparer.Ordinal).ThenBy(p => p.Product).ToList());
    }

    /// <summary>
    /// The failed items a risk page reads. Over many accounts in an order a risk index holds, the page
    /// walks that index: walking it and stopping after one page beats sorting every selected account's
    /// risks (<see cref="Data.Sql.IIndexWalks.Risks"/>).
    /// </summary>
    private static IQueryable<CheckResult> RisksInPageOrder(BdrcDbContext db, RiskQuery query, int accounts = 0)
    {
        var walk = accounts < ScoreScope.ManyAccounts || !string.IsNullOrWhiteSpace(query.Search) || query.ResourceGroupId is not null ? null : (query.SortBy, query.Descending) switch
        {
            (RiskSortField.Severity, true) => RiskIndexes.BySeverity,
            (RiskSortField.Resource, _) => RiskIndexes.ByResource,
            (RiskSortField.FirstDetected, _) => RiskIndexes.ByFirstDetected,
            _ => null,
        };
        return walk is null ? db.CheckResults.AsNoTracking() : db.Sql.Walks.Risks(db, walk).AsNoTracking();
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
            risks = db.Sql.Text.Containing(risks, query.Search.Trim(), c => c.ResourceName, c => c.ResourceId);
        }
        if (query.Severity is { } severity)
            risks = risks.Where(c => c.Severity == severity);
        if (query.Product is { } product)
            risks = risks.Where(c => c.Product == product);
        if (!string.IsNullOrWhiteSpace(query.RuleId))
            risks = risks.Where(c => c.RuleId == query.RuleId);
        return risks;
    }
}
