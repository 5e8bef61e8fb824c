using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Configurations;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Overview;

/// <summary>
/// The Overview dashboard: scores, counts, top risky resources and the trend, aggregated in SQL over the
/// stored detection results of the accounts in scope, which must be visible to the actor.
/// </summary>
public sealed class OverviewService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    public const int TopRiskyResources = 10;
    public const int TrendDays = 30;

    public async Task<OverviewDashboard> GetDashboardAsync(Actor actor, OverviewQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await ScoreScope.AccountsAsync(db, actor, query.AccountIds, ct);
        var scope = await ScoreScope.AggregateAsync(db, actor, accounts, query.ResourceGroupId, ct);
        var byProduct = await ScoreAggregates.Totals(db, scope.Scores, x => x.Row.Product).ToDictionaryAsync(t => t.Key, ct);
        var byAccount = await ScoreAggregates.Totals(db, scope.Scores, x => x.Row.AccountId).ToDictionaryAsync(t => t.Key, ct);
        var all = ScoreTotals<bool>.Sum(true, byProduct.Values);
        var tally = byProduct.Values.Aggregate(ResourceTally.None, (sum, t) => sum.Plus(t.Tally));
        var names = await ScoreScope.AccountNamesAsync(db, accounts, ct);
        var top = await TopRiskyAsync(db, accounts, scope, ct);

        return new OverviewDashboard(
            all.Score,
            all.Stars,
            tally.CheckedResources,
            all.ScoredResources,
            all.RiskyResources,
            all.CheckFailedResources,
            tally.ExcludedResources,
            Enum.GetValues<ProductType>().Select(p => byProduct.TryGetValue(p, out var t)
                ? new ProductScore(p, t.Score, t.Stars, t.Resources, t.ScoredResources) { Tally = t.Tally }
                : new ProductScore(p, null, null, 0, 0) { Tally = ResourceTally.None }).ToList(),
            ScoreBands.Distribution.Select((band, i) => new ScoreBandCount(band.Label, band.Min, band.Max, all.Bands[i])).ToList(),
            accounts.Select(id => byAccount.TryGetValue(id, out var t)
                ? new AccountScoreRow(id, names[id], t.Score, t.Stars, t.Resources, t.RiskyResources, t.Risks) { Tally = t.Tally }
                : new AccountScoreRow(id, names[id], null, null, 0, 0, 0) { Tally = ResourceTally.None }).ToList(),
            top.Select(t => new RiskyResourceRow(t.Id, t.Name, t.Product, t.AccountId, names[t.AccountId], t.Score, t.RiskCount, t.HighRiskCount)).ToList(),
            await TrendAsync(db, accounts, ct),
            await db.ScoreSnapshots.Where(s => accounts.Contains(s.AccountId)).MaxAsync(s => (DateTimeOffset?)s.TakenAt, ct));
    }

    private sealed record TopRisky(string Id, string Name, ProductType Product, string AccountId, double? Score, int RiskCount, int HighRiskCount);

    /// <summary>
    /// The lowest-scored risky resources. Over many accounts without a group filter, walking the partial
    /// index in this order and stopping after a few beats sorting every account's risky resources
    /// (<see cref="Data.Sql.IIndexWalks.TopRisky"/>).
    /// </summary>
    private static Task<List<TopRisky>> TopRiskyAsync(BdrcDbContext db, IReadOnlyList<string> accounts, AggregateScope scope, CancellationToken ct)
    {
        var candidates = scope.GroupPredicate is null && accounts.Count >= ScoreScope.ManyAccounts
            ? db.Sql.Walks.TopRisky(db)
                .Where(r => accounts.Contains(r.AccountId) && !db.ProductExclusions.Any(e => e.AccountId == r.AccountId && e.Product == r.Product))
            : ScoreQueries.Included(db, accounts).Where(scope.GroupPredicate ?? (_ => true)).Where(r => r.Score != null && r.RiskCount > 0);
        return candidates.AsNoTracking()
            .OrderBy(r => r.Score).ThenByDescending(r => r.HighRiskCount).ThenBy(r => r.Name)
            .Take(TopRiskyResources)
            .Select(r => new TopRisky(r.Id, r.Name, r.Product, r.AccountId, r.Score, r.RiskCount, r.HighRiskCount))
            .ToListAsync(ct);
    }

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
