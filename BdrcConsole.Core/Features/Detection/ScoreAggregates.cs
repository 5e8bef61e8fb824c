using System.Linq.Expressions;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// The per-account aggregates behind the Overview and the risk counts. Detection stores them for every
/// account it checks; a resource-group filter computes the same rows live over the group's resources.
/// Either way the numbers come from <see cref="Summarize"/> and <see cref="CountRisks"/>, so the two
/// paths cannot drift apart.
/// </summary>
internal static class ScoreAggregates
{
    /// <summary>Scores per account and product of some resources; resources excluded one by one are only counted.</summary>
    public static IQueryable<AccountProductScore> Summarize(IQueryable<CloudResource> resources)
    {
        // The bands of ScoreBands.Distribution, by their thresholds on the unrounded score (sent as parameters).
        var from = ScoreBands.Distribution.Select(b => b.From).ToArray();
        return resources
            .GroupBy(r => new { r.AccountId, r.Product })
            .Select(g => new AccountProductScore
            {
                AccountId = g.Key.AccountId,
                Product = g.Key.Product,
                Resources = g.Count(r => !r.ExcludedFromChecks),
                ExcludedResources = g.Count(r => r.ExcludedFromChecks),
                ScoredResources = g.Count(r => !r.ExcludedFromChecks && r.Score != null),
                ScoreSum = g.Sum(r => !r.ExcludedFromChecks && r.Score != null ? r.Score.Value : 0),
                RiskyResources = g.Count(r => !r.ExcludedFromChecks && r.RiskCount > 0),
                Risks = g.Sum(r => r.ExcludedFromChecks ? 0 : r.RiskCount),
                CheckFailedResources = g.Count(r => !r.ExcludedFromChecks && r.HasCheckFailed),
                ScoresUpTo60 = g.Count(r => !r.ExcludedFromChecks && r.Score < from[1]),
                Scores61To69 = g.Count(r => !r.ExcludedFromChecks && r.Score >= from[1] && r.Score < from[2]),
                Scores70To79 = g.Count(r => !r.ExcludedFromChecks && r.Score >= from[2] && r.Score < from[3]),
                Scores80To94 = g.Count(r => !r.ExcludedFromChecks && r.Score >= from[3] && r.Score < from[4]),
                Scores95To100 = g.Count(r => !r.ExcludedFromChecks && r.Score >= from[4]),
            });
    }

    /// <summary>Failed items per account and check item.</summary>
    public static IQueryable<AccountRiskCount> CountRisks(IQueryable<CheckResult> risks) =>
        risks
            .GroupBy(c => new { c.AccountId, c.RuleId, c.Product, c.Severity })
            .Select(g => new AccountRiskCount
            {
                AccountId = g.Key.AccountId,
                RuleId = g.Key.RuleId,
                Product = g.Key.Product,
                Severity = g.Key.Severity,
                Risks = g.Count(),
            });

    /// <summary>The current risks of some accounts, leaving out resources excluded one by one (product exclusions apply on reading).</summary>
    public static IQueryable<CheckResult> StoredRisks(BdrcDbContext db, IReadOnlyCollection<string> accountIds) =>
        db.CheckResults.Where(c => accountIds.Contains(c.AccountId) && c.Status == CheckStatus.Failed
            && !db.Resources.Any(r => r.Id == c.ResourceId && r.ExcludedFromChecks));

    /// <summary>Rewrites the stored aggregates of some accounts from their resources and risks (in the caller's transaction).</summary>
    /// <param name="products">Only these products' rows (the rows are per account and product); every product when null.</param>
    public static async Task RefreshAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, CancellationToken ct, IReadOnlyCollection<ProductType>? products = null)
    {
        var resources = db.Resources.Where(r => accountIds.Contains(r.AccountId));
        var storedRisks = StoredRisks(db, accountIds);
        var scoreRows = db.AccountProductScores.Where(s => accountIds.Contains(s.AccountId));
        var riskRows = db.AccountRiskCounts.Where(c => accountIds.Contains(c.AccountId));
        if (products is not null)
        {
            resources = resources.Where(r => products.Contains(r.Product));
            storedRisks = storedRisks.Where(c => products.Contains(c.Product));
            scoreRows = scoreRows.Where(s => products.Contains(s.Product));
            riskRows = riskRows.Where(c => products.Contains(c.Product));
        }
        var scores = await Summarize(resources).ToListAsync(ct);
        var risks = await CountRisks(storedRisks).ToListAsync(ct);
        await scoreRows.ExecuteDeleteAsync(ct);
        await riskRows.ExecuteDeleteAsync(ct);
        db.AccountProductScores.AddRange(scores);
        db.AccountRiskCounts.AddRange(risks);
        await db.SaveChangesAsync(ct);
        // The rows are replaced wholesale (ExecuteDelete bypasses the tracker): a second refresh in the same
        // context, as a policy change re-scoring in several steps does, must not find these still tracked.
        foreach (var row in scores)
            db.Entry(row).State = EntityState.Detached;
        foreach (var row in risks)
            db.Entry(row).State = EntityState.Detached;
    }

    /// <summary>
    /// Sums aggregate rows per key, with their tallies (<see cref="ScoreTotals{TKey}.Tally"/>), in one statement: the
    /// product exclusions are joined once, and a product excluded as a whole adds nothing to the scores and all of its
    /// resources to the excluded ones (docs/rules.md §7).
    /// </summary>
    public static IQueryable<ScoreTotals<TKey>> Totals<TKey>(BdrcDbContext db, IQueryable<AccountProductScore> rows,
        Expression<Func<RowAndExclusion, TKey>> key) =>
        WithExclusions(db, rows)
        .GroupBy(key)
        .Select(g => new ScoreTotals<TKey>
        {
            Key = g.Key,
            Resources = g.Sum(x => x.ProductExcluded ? 0 : x.Row.Resources),
            ExcludedResources = g.Sum(x => x.ProductExcluded ? 0 : x.Row.ExcludedResources),
            ScoredResources = g.Sum(x => x.ProductExcluded ? 0 : x.Row.ScoredResources),
            ScoreSum = g.Sum(x => x.ProductExcluded ? 0 : x.Row.ScoreSum),
            RiskyResources = g.Sum(x => x.ProductExcluded ? 0 : x.Row.RiskyResources),
            Risks = g.Sum(x => x.ProductExcluded ? 0 : x.Row.Risks),
            CheckFailedResources = g.Sum(x => x.ProductExcluded ? 0 : x.Row.CheckFailedResources),
            ScoresUpTo60 = g.Sum(x => x.ProductExcluded ? 0 : x.Row.ScoresUpTo60),
            Scores61To69 = g.Sum(x => x.ProductExcluded ? 0 : x.Row.Scores61To69),
            Scores70To79 = g.Sum(x => x.ProductExcluded ? 0 : x.Row.Scores70To79),
            Scores80To94 = g.Sum(x => x.ProductExcluded ? 0 : x.Row.Scores80To94),
            Scores95To100 = g.Sum(x => x.ProductExcluded ? 0 : x.Row.Scores95To100),
            TallyResources = g.Sum(x => x.Row.Resources + x.Row.ExcludedResources),
            TallyExcludedResources = g.Sum(x => x.ProductExcluded ? x.Row.Resources + x.Row.ExcludedResources : x.Row.ExcludedResources),
        });

    /// <summary>The rows with whether their account excludes their product as a whole: one join, not a probe per sum.</summary>
    private static IQueryable<RowAndExclusion> WithExclusions(BdrcDbContext db, IQueryable<AccountProductScore> rows) =>
        from row in rows
        join exclusion in db.ProductExclusions on new { row.AccountId, row.Product } equals new { exclusion.AccountId, exclusion.Product } into exclusions
        from exclusion in exclusions.DefaultIfEmpty()
        select new RowAndExclusion { Row = row, ProductExcluded = exclusion != null };

    /// <summary>Risks per check item over some accounts' counts, in SQL, leaving out products excluded as a whole.</summary>
    public static IQueryable<RiskTotal> RiskTotals(BdrcDbContext db, IQueryable<AccountRiskCount> counts) =>
        counts
            .Where(c => !db.ProductExclusions.Any(e => e.AccountId == c.AccountId && e.Product == c.Product))
            .GroupBy(c => c.RuleId)
            .Select(g => new RiskTotal(g.Key, g.Sum(c => c.Risks)));
}

/// <summary>Aggregates summed over some accounts and products; the score is the mean over resources.</summary>
internal sealed class ScoreTotals<TKey>
{
    public required TKey Key { get; init; }
    public int Resources { get; init; }
    public int ExcludedResources { get; init; }
    public int ScoredResources { get; init; }
    public double ScoreSum { get; init; }
    public int RiskyResources { get; init; }
    public int Risks { get; init; }
    public int CheckFailedResources { get; init; }
    public int ScoresUpTo60 { get; init; }
    public int Scores61To69 { get; init; }
    public int Scores70To79 { get; init; }
    public int Scores80To94 { get; init; }
    public int Scores95To100 { get; init; }

    /// <summary>Every resource of the rows, excluded ones included.</summary>
    public int TallyResources { get; init; }
    /// <summary>The excluded ones among them, one by one or through their product.</summary>
    public int TallyExcludedResources { get; init; }

    public ResourceTally Tally => new(TallyResources, TallyExcludedResources);

    public double? Score => ScoredResources == 0 ? null : ScoreSum / ScoredResources;
    public int? Stars => Score is { } score ? ScoreBands.Stars(score) : null;

    /// <summary>Scored resources per band of <see cref="ScoreBands.Distribution"/>, lowest first.</summary>
    public int[] Bands => [ScoresUpTo60, Scores61To69, Scores70To79, Scores80To94, Scores95To100];

    public static ScoreTotals<TKey> Sum<TPart>(TKey key, IEnumerable<ScoreTotals<TPart>> parts)
    {
        var list = parts.ToList();
        return new ScoreTotals<TKey>
        {
            Key = key,
            Resources = list.Sum(p => p.Resources),
            ExcludedResources = list.Sum(p => p.ExcludedResources),
            ScoredResources = list.Sum(p => p.ScoredResources),
            ScoreSum = list.Sum(p => p.ScoreSum),
            RiskyResources = list.Sum(p => p.RiskyResources),
            Risks = list.Sum(p => p.Risks),
            CheckFailedResources = list.Sum(p => p.CheckFailedResources),
            ScoresUpTo60 = list.Sum(p => p.ScoresUpTo60),
            Scores61To69 = list.Sum(p => p.Scores61To69),
            Scores70To79 = list.Sum(p => p.Scores70To79),
            Scores80To94 = list.Sum(p => p.Scores80To94),
            Scores95To100 = list.Sum(p => p.Scores95To100),
        };
    }
}

/// <summary>An aggregate row and whether its account excludes its product as a whole.</summary>
internal sealed class RowAndExclusion
{
    public required AccountProductScore Row { get; init; }
    public bool ProductExcluded { get; init; }
}

/// <summary>Current risks of one check item, summed over some accounts.</summary>
internal sealed record RiskTotal(string RuleId, int Risks)
{
    public CheckItem Item => CheckItems.Find(RuleId)!;
}
