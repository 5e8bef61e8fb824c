using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>The scoring scopes every aggregate starts from, so that all of them agree on what counts.</summary>
internal static class ScoreQueries
{
    /// <summary>Resources of the accounts that count toward scores: not excluded themselves, nor through their product.</summary>
    public static IQueryable<CloudResource> Included(BdrcDbContext db, IReadOnlyCollection<string> accountIds) =>
        db.Resources.Where(r => accountIds.Contains(r.AccountId) && !r.ExcludedFromChecks
            && !db.ProductExclusions.Any(e => e.AccountId == r.AccountId && e.Product == r.Product));
}
