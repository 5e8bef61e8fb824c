using System.Linq.Expressions;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.RiskDetection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>
/// A <see cref="SyntheticEstateHost"/> (in its own database file) after detection, as Risk Detection and
/// the Overview read it: risks first detected at three different times, the lowest-scored risky resource
/// excluded from checks, and the product of the next one's account excluded as a whole. Nothing changes
/// it after <see cref="InitializeAsync"/>, so tests may compare the console's answers with the database.
/// </summary>
public sealed class DetectedSyntheticEstateHost : SyntheticEstateHost
{
    public (string AccountId, string Id) ExcludedResource { get; private set; }
    public (string AccountId, ProductType Product) ExcludedProduct { get; private set; }

    public DetectionService Detection => Services.GetRequiredService<DetectionService>();
    private DetectionMaintenance Maintenance => Services.GetRequiredService<DetectionMaintenance>();
    public OverviewService Overview => Services.GetRequiredService<OverviewService>();
    public RiskDetectionService RiskDetection => Services.GetRequiredService<RiskDetectionService>();
    private TestTimeProvider Clock => (TestTimeProvider)Services.GetRequiredService<TimeProvider>();

    public Task<BdrcDbContext> CreateDbContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();

    /// <summary>Five accounts, among them the two with exclusions, so that the few-accounts path applies them too.</summary>
    public IReadOnlyList<string> FewAccounts =>
        new[] { ExcludedProduct.AccountId, ExcludedResource.AccountId }
            .Concat(VisibleAccountIds).Distinct().Take(5).ToList();

    /// <summary>
    /// Every current risk and every resource of the accounts as stored, exclusions applied in memory: a
    /// risk of a resource excluded one by one, or of a product excluded as a whole, is not a current risk.
    /// </summary>
    public async Task<IncludedEstate> ReadIncludedAsync(IReadOnlyCollection<string> accounts)
    {
        await using var db = await CreateDbContextAsync();
        var accountNames = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.DisplayName);
        var productExclusions = (await db.ProductExclusions.AsNoTracking().ToListAsync()).Select(e => (e.AccountId, e.Product)).ToHashSet();
        var resources = (await db.Resources.AsNoTracking().ToListAsync())
            .Where(r => accounts.Contains(r.AccountId))
            .Select(r => new IncludedResource(r.Id, r.Name, r.Product, r.AccountId,
                r.ExcludedFromChecks || productExclusions.Contains((r.AccountId, r.Product)), r.Score, r.RiskCount, r.HighRiskCount, r.HasCheckFailed))
            .ToList();
        var byId = resources.ToDictionary(r => r.Id);
        var risks = (await db.CheckResults.AsNoTracking().ToListAsync())
            .Where(c => c.Status == CheckStatus.Failed && byId.TryGetValue(c.ResourceId, out var resource) && !resource.Excluded)
            .Select(c =>
            {
                var item = CheckItems.Find(c.RuleId)!;
                // The resource's own name: a risk list must show (and sort by) what the resource is called.
                return new RiskRow(c.ResourceId, byId[c.ResourceId].Name, c.Product, c.AccountId, accountNames[c.AccountId],
                    c.RuleId, item.Title, c.Severity, item.Recommendation, c.FirstDetectedAt);
            })
            .ToList();
        return new IncludedEstate(risks, resources, accountNames);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Maintenance.DetectAllAsync();
        // Without later detections every risk would share one first-detected time, and that order would
        // be the resource order.
        await LoseProtectionAsync<OssBucket>(b => b.VersioningEnabled, b => b.VersioningEnabled = false);
        await LoseProtectionAsync<EcsInstance>(i => i.FileBackupEnabled && !i.DatabaseBackupEnabled, i => i.FileBackupEnabled = false);
        await ExcludeTopRiskyAsync();
        Sql.Clear();
    }

    /// <summary>An hour later, every fourth resource that has the protection loses it, and is re-evaluated.</summary>
    private async Task LoseProtectionAsync<TResource>(Expression<Func<TResource, bool>> hasIt, Action<TResource> lose) where TResource : CloudResource
    {
        Clock.Advance(TimeSpan.FromHours(1));
        List<string> changed;
        await using (var db = await CreateDbContextAsync())
        {
            var resources = (await db.Set<TResource>().Where(hasIt).OrderBy(r => r.Id).ToListAsync()).Where((_, i) => i % 4 == 0).ToList();
            foreach (var resource in resources)
            {
                lose(resource);
                resource.RefreshProtectionStatus();
            }
            await db.SaveChangesAsync();
            changed = resources.Select(r => r.Id).ToList();
        }
        await Maintenance.ReevaluateResourcesAsync(changed);
    }

    /// <summary>Exclusions the Overview's top risky resources would otherwise show first.</summary>
    private async Task ExcludeTopRiskyAsync()
    {
        List<CloudResource> risky;
        await using (var db = await CreateDbContextAsync())
        {
            var visible = VisibleAccountIds;
            risky = (await db.Resources.AsNoTracking().Where(r => visible.Contains(r.AccountId) && r.Score != null && r.RiskCount > 0).ToListAsync())
                .OrderBy(r => r.Score).ThenByDescending(r => r.HighRiskCount).ThenBy(r => r.Name, StringComparer.Ordinal)
                .ToList();
        }
        var first = risky[0];
        var next = risky.First(r => r.AccountId != first.AccountId);
        ExcludedResource = (first.AccountId, first.Id);
        ExcludedProduct = (next.AccountId, next.Product);
        await Detection.SetResourceExcludedAsync(Administrator, first.Id, excluded: true);
        await Detection.SetProductExcludedAsync(Administrator, next.AccountId, next.Product, excluded: true);
    }
}

/// <summary>The estate as stored, with exclusions applied in memory: what the console's SQL must agree with.</summary>
public sealed record IncludedEstate(List<RiskRow> Risks, List<IncludedResource> Resources, IReadOnlyDictionary<string, string> AccountNames);

/// <summary>A resource as stored; <see cref="Excluded"/> is true when it or its product is excluded from checks.</summary>
public sealed record IncludedResource(
    string Id, string Name, ProductType Product, string AccountId, bool Excluded, double? Score, int RiskCount, int HighRiskCount, bool HasCheckFailed);
