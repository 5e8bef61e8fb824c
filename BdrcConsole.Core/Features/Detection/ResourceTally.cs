using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// How many resources a scope holds and how many of them are excluded from checks (docs/rules.md §7:
/// excluded resources are counted, never hidden). <see cref="Resources"/> is what the Resource Center
/// lists; <see cref="CheckedResources"/> is what scores and risks are computed over. Every page reads
/// these two numbers from here, so that "30 resources · 2 excluded from checks" is the same everywhere.
/// </summary>
public sealed record ResourceTally(int Resources, int ExcludedResources)
{
    public static ResourceTally None { get; } = new(0, 0);

    /// <summary>The resources that count in scores and risks: all of them but the excluded ones.</summary>
    public int CheckedResources => Resources - ExcludedResources;

    public ResourceTally Plus(ResourceTally other) => new(Resources + other.Resources, ExcludedResources + other.ExcludedResources);
}

/// <summary>Computes <see cref="ResourceTally"/> values from the aggregate rows (stored, or computed live for a resource group).</summary>
internal static class ResourceTallies
{
    private sealed record Row(string AccountId, ProductType Product, int Resources, int ExcludedResources, bool ProductExcluded);

    /// <summary>
    /// The tallies of some aggregate rows, per account and product: a resource excluded one by one, or
    /// through its product's exclusion, is excluded. One row per account and product comes back.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(string AccountId, ProductType Product), ResourceTally>> ByAccountAndProductAsync(
        BdrcDbContext db, IQueryable<AccountProductScore> rows, CancellationToken ct)
    {
        var list = await rows
            .Select(r => new Row(r.AccountId, r.Product, r.Resources, r.ExcludedResources,
                db.ProductExclusions.Any(e => e.AccountId == r.AccountId && e.Product == r.Product)))
            .ToListAsync(ct);
        return list.ToDictionary(r => (r.AccountId, r.Product), r => r.ProductExcluded
            ? new ResourceTally(r.Resources + r.ExcludedResources, r.Resources + r.ExcludedResources)
            : new ResourceTally(r.Resources + r.ExcludedResources, r.ExcludedResources));
    }

    /// <summary>Sums the tallies that match a condition.</summary>
    public static ResourceTally Sum(this IReadOnlyDictionary<(string AccountId, ProductType Product), ResourceTally> tallies,
        Func<(string AccountId, ProductType Product), bool>? where = null) =>
        tallies.Where(t => where?.Invoke(t.Key) ?? true).Aggregate(ResourceTally.None, (sum, t) => sum.Plus(t.Value));
}
