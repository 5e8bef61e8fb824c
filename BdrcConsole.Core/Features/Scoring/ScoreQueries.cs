using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Features.Scoring;

/// <summary>The scoring scopes every aggregate starts from, so that all of them agree on what counts.</summary>
internal static class ScoreQueries
{
    /// <summary>Resources of the accounts that count toward scores: not excluded themselves, nor through their product.</summary>
    public static IQueryable<CloudResource> Included(BdrcDbContext db, IReadOnlyCollection<string> accountIds) =>
        db.Resources.Where(r => accountIds.Contains(r.AccountId) && !r.ExcludedFromChecks
            && !db.ProductExclusions.Any(e => e.AccountId == r.AccountId && e.Product == r.Product));

    /// <summary>Resources excluded from checks, by themselves or through their product.</summary>
    public static IQueryable<CloudResource> Excluded(BdrcDbContext db, IReadOnlyCollection<string> accountIds) =>
        db.Resources.Where(r => accountIds.Contains(r.AccountId) && (r.ExcludedFromChecks
            || db.ProductExclusions.Any(e => e.AccountId == r.AccountId && e.Product == r.Product)));

    /// <summary>Current risks (failed items) of included resources.</summary>
    public static IQueryable<CheckResult> Risks(BdrcDbContext db, IReadOnlyCollection<string> accountIds) =>
        db.CheckResults.Where(c => accountIds.Contains(c.AccountId) && c.Status == CheckStatus.Failed
            // Primary-key and tiny-table lookups rather than re-running Included() per result.
            && !db.Resources.Any(r => r.Id == c.ResourceId && r.ExcludedFromChecks)
            && !db.ProductExclusions.Any(e => e.AccountId == c.AccountId && e.Product == c.Product));
}
