using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Detection;

/// <summary>
/// Detection reads facts with hand-written SQL (column names and stored formats written out). These
/// tests build the same facts from the EF entities, so a mapping slip in that SQL cannot go unnoticed.
/// </summary>
public class ScoringFactsReaderTests
{
    /// <summary>The facts of a resource, from the entity and its disks and recovery points as EF loads them.</summary>
    private static ResourceFacts FromEntity(CloudResource resource, IReadOnlyList<RecoveryPoint> points, DateTimeOffset asOf)
    {
        var lastSuccess = points.Where(p => p.Status == RecoveryPointStatus.Succeeded && p.CreatedAt <= asOf).Select(p => (DateTimeOffset?)p.CreatedAt).Max();
        var disks = (resource as EcsInstance)?.Disks ?? [];
        return new ResourceFacts(
            resource.Id, resource.AccountId, resource.Product, resource.RegionId, resource.CloudBackupEnabled, resource.BackupVaultReplication,
            lastSuccess, resource.CheckError,
            disks.Count, disks.Count(d => d.AutoSnapshotPolicyId != null), disks.Any(d => d.AutoSnapshotPolicyId != null && d.SnapshotCrossRegionCopy),
            (resource as EcsInstance)?.FileBackupEnabled ?? false,
            (resource as EcsInstance)?.DatabaseBackupEnabled ?? false,
            (resource as OssBucket)?.VersioningEnabled ?? false,
            (resource as OssBucket)?.CrossRegionReplication ?? false,
            resource switch { OssBucket b => b.Redundancy, TablestoreInstance t => t.Redundancy, _ => null },
            (resource as OssBucket)?.ConvertingSince is not null,
            (resource as NasFileSystem)?.FileSystemType,
            (resource as NasFileSystem)?.RecycleBinEnabled ?? false,
            (resource as NasFileSystem)?.RecycleBinRetentionDays)
            .WithPolicyGrants(resource.PolicyGrants, resource.PolicyRecycleBinRetentionDays);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-36)]
    public async Task Read_DemoAccounts_EqualsTheFactsOfTheEntities(int hoursBeforeNow)
    {
        await using var host = await CoreTestHost.StartAsync();
        var now = host.Clock.UtcNow;
        var asOf = now.AddHours(hoursBeforeNow);
        string[] accounts = [ProdWebId, ProdDataId, SandboxId];
        await using var db = await host.CreateDbContextAsync();
        // Make every kind of value appear: a converting bucket and an excluded resource.
        var bucket = await db.OssBuckets.FirstAsync(b => b.AccountId == ProdDataId);
        bucket.ConvertingSince = now.AddMinutes(-1);
        var excluded = await db.Resources.FirstAsync(r => r.AccountId == SandboxId);
        excluded.ExcludedFromChecks = true;
        // And protection granted by policies: every grant on some resource of each product.
        var grantedIds = new List<string>();
        foreach (var granted in (await db.Resources.Where(r => r.AccountId == ProdWebId).ToListAsync()).GroupBy(r => r.Product).Select(g => g.MinBy(r => r.Id, StringComparer.Ordinal)!))
        {
            granted.PolicyGrants = Enum.GetValues<ProtectionGrant>().Aggregate((a, b) => a | b);
            granted.PolicyRecycleBinRetentionDays = NasFileSystem.MaxRecycleBinRetentionDays;
            grantedIds.Add(granted.Id);
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var read = await ScoringFactsReader.ReadAsync(db, accounts, asOf, CancellationToken.None);

        var entities = await db.Resources.AsNoTracking().Where(r => accounts.Contains(r.AccountId)).ToListAsync();
        var disks = (await db.EcsDisks.AsNoTracking().ToListAsync()).ToLookup(d => d.InstanceId);
        foreach (var instance in entities.OfType<EcsInstance>())
            instance.Disks.AddRange(disks[instance.Id]);
        var points = (await db.RecoveryPoints.AsNoTracking().ToListAsync()).ToLookup(p => p.ResourceId);
        var expected = entities.ToDictionary(e => e.Id);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), read.Select(r => r.Facts.ResourceId).Order(StringComparer.Ordinal));
        Assert.All(read, r =>
        {
            var entity = expected[r.Facts.ResourceId];
            Assert.Equal(FromEntity(entity, points[entity.Id].ToList(), asOf), r.Facts);
            Assert.Equal((entity.Name, entity.ExcludedFromChecks), (r.Name, r.Excluded));
            Assert.Equal(new StoredOutcome(entity.CheckedAt is not null, entity.Score, entity.RiskCount, entity.HighRiskCount, entity.HasCheckFailed, entity.OutcomeHash,
                entity.ChangesSinceDetection, ScoringFactsReader.Stored(entity.ValidUntil), ScoringFactsReader.Stored(entity.CheckedAt)), r.Stored);
            Assert.Equal(entity is OssBucket ? null : points[entity.Id].Where(p => p.Status == RecoveryPointStatus.Succeeded && p.CreatedAt > asOf).Min(p => (DateTimeOffset?)p.CreatedAt),
                r.NextSuccessfulRecoveryPointAt);
        });
        // The demo estate exercises each column: disks, recovery points, check errors, every product.
        Assert.Contains(read, r => r.Facts.DisksWithSnapshotPolicy > 0 && r.Facts.AnyDiskCopiesCrossRegion);
        Assert.Contains(read, r => r.Facts.LastSuccessfulRecoveryPointAt is not null);
        Assert.Contains(read, r => r.Facts.ConvertingToZrs);
        Assert.All(read.Where(r => grantedIds.Contains(r.Facts.ResourceId)), r => Assert.True(r.Facts.CloudBackupEnabled && r.Facts.BackupVaultReplication
            && (r.Facts.Product != ProductType.Nas || (r.Facts.RecycleBinEnabled && r.Facts.RecycleBinRetentionDays == NasFileSystem.MaxRecycleBinRetentionDays))
            && (r.Facts.Product != ProductType.Oss || r.Facts.VersioningEnabled)
            && (r.Facts.Product != ProductType.Ecs || (r.Facts.DisksWithSnapshotPolicy == r.Facts.DiskCount && r.Facts.AnyDiskCopiesCrossRegion))));
        Assert.Contains(read, r => r.Excluded && r.Stored.OutcomeHash is not null);
        Assert.Equal(Enum.GetValues<ProductType>().Order(), read.Select(r => r.Facts.Product).Distinct().Order());
    }

    [Fact]
    public async Task Read_SomeResources_ReadsOnlyThose()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using var db = await host.CreateDbContextAsync();
        var ids = await db.Resources.Where(r => r.AccountId == SandboxId).OrderBy(r => r.Id).Select(r => r.Id).Take(3).ToListAsync();

        var read = await ScoringFactsReader.ReadAsync(db, [SandboxId], host.Clock.UtcNow, CancellationToken.None, ids);

        Assert.Equal(ids, read.Select(r => r.Facts.ResourceId).Order(StringComparer.Ordinal));
    }
}
