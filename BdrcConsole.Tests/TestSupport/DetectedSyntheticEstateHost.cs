using System.Linq.Expressions;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Scoring;
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
    public OverviewService Overview => Services.GetRequiredService<OverviewService>();
    private TestTimeProvider Clock => (TestTimeProvider)Services.GetRequiredService<TimeProvider>();

    public Task<BdrcDbContext> CreateDbContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Detection.DetectAllAsync();
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
        await Detection.ReevaluateResourcesAsync(changed);
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
