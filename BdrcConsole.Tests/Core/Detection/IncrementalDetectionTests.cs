using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Detection;

/// <summary>
/// Incremental detection (docs/rules.md §7): writers mark what they change, results know when they lapse, and
/// "Detect now" evaluates only those, leaving exactly what a full detection would.
/// </summary>
public class IncrementalDetectionTests
{
    private static readonly IReadOnlyList<string> AllAccounts = Accounts.Select(a => a.Id).ToList();

    private static async Task<(int Changes, DateTimeOffset? ValidUntil)> MarkOfAsync(CoreTestHost host, string resourceId)
    {
        await using var db = await host.CreateDbContextAsync();
        var resource = await db.Resources.AsNoTracking().SingleAsync(r => r.Id == resourceId);
        return (resource.ChangesSinceDetection, resource.ValidUntil);
    }

    private static async Task<string> ResourceOfAsync(CoreTestHost host, string accountId, ProductType product)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.Resources.Where(r => r.AccountId == accountId && r.Product == product).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
    }

    // ---- writers mark what they change ----

    [Fact]
    public async Task SeededEstate_AfterDetection_NothingMarkedAndNothingToDo()
    {
        await using var host = await CoreTestHost.StartAsync();

        var work = await host.DetectionMaintenance().CountWorkAsync(AllAccounts);

        Assert.Equal(new DetectionWork(0, 0), work);
        Assert.Equal(0, (await host.DetectionMaintenance().DetectChangedAsync(AllAccounts, null, CancellationToken.None)).Resources);
    }

    [Fact]
    public async Task EditTags_MarksTheResource_DetectNowEvaluatesItAndClearsTheMark()
    {
        await using var host = await CoreTestHost.StartAsync();
        var resource = await ResourceOfAsync(host, SandboxId, ProductType.Oss);

        await host.Tags().SetTagAsync(Actors.Sandbox, resource, "team", "blue");

        Assert.Equal(1, (await MarkOfAsync(host, resource)).Changes);
        Assert.Equal(new DetectionWork(1, 0), await host.Detection().CountWorkAsync(Actors.Sandbox, [SandboxId]));
        var summary = await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        Assert.Equal(1, summary.Resources);
        Assert.Equal(0, (await MarkOfAsync(host, resource)).Changes);
        Assert.Equal(new DetectionWork(0, 0), await host.Detection().CountWorkAsync(Actors.Sandbox, [SandboxId]));
    }

    [Fact]
    public async Task ExcludeResource_MarksTheResource()
    {
        await using var host = await CoreTestHost.StartAsync();
        var resource = await ResourceOfAsync(host, SandboxId, ProductType.Ecs);

        await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, resource, true);

        Assert.Equal(1, (await MarkOfAsync(host, resource)).Changes);
        Assert.Equal(1, (await host.Detection().CountWorkAsync(Actors.Sandbox, [SandboxId])).ChangedResources);
    }

    [Fact]
    public async Task NewResource_CountsAsChanged_DetectNowScoresIt()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.AddResourcesAsync(Bucket(SandboxId, "sb-new-bucket", redundancy: Redundancy.Zrs, protection: 2));

        Assert.Equal(1, (await MarkOfAsync(host, "sb-new-bucket")).Changes);
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.Equal(60, await host.StoredScoreAsync("sb-new-bucket"));
        Assert.Equal(0, (await MarkOfAsync(host, "sb-new-bucket")).Changes);
    }

    [Fact]
    public async Task ConversionStartedAndFinished_MarkedAndReevaluatedInLine_NothingLeftToDo()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        const string bucket = "acme-security-audit-logs";
        var before = (await host.StoredResultsAsync(bucket)).Select(r => r.RuleId).ToList();

        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, bucket);
        host.Clock.Advance(TimeSpan.FromSeconds(8));
        await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync();

        Assert.Contains(CheckItems.OssLrsInZrsRegion.RuleId, before);
        Assert.DoesNotContain(await host.StoredResultsAsync(bucket), r => r.RuleId == CheckItems.OssLrsInZrsRegion.RuleId);
        Assert.Equal(0, (await MarkOfAsync(host, bucket)).Changes);
    }

    [Fact]
    public async Task RecoveryPointWritten_MarksTheResource_DetectNowSetsItsValidity()
    {
        await using var host = await CoreTestHost.StartAsync();
        var nas = await ResourceOfAsync(host, SandboxId, ProductType.Nas);
        await host.UpdateResourceAsync<NasFileSystem>(nas, n => n.CloudBackupEnabled = true);
        var at = host.Clock.UtcNow.AddHours(-1);

        await host.AddRecoveryPointAsync(nas, at);
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.Equal((0, at + CheckEvaluator.RecentRecoveryPointWindow), await MarkOfAsync(host, nas));
        Assert.DoesNotContain(await host.StoredResultsAsync(nas), r => r.RuleId == CheckItems.NasBackup.RuleId);
    }

    // ---- results lapse with time ----

    [Fact]
    public async Task RecoveryPointAges_ExpiresAtFortyEightHoursExactly_DetectNowRecordsTheRiskThen()
    {
        await using var host = await CoreTestHost.StartAsync();
        var nas = await ResourceOfAsync(host, SandboxId, ProductType.Nas);
        await host.UpdateResourceAsync<NasFileSystem>(nas, n => n.CloudBackupEnabled = true);
        var at = host.Clock.UtcNow.AddHours(-1);
        await host.AddRecoveryPointAsync(nas, at);
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        host.Clock.UtcNow = at + CheckEvaluator.RecentRecoveryPointWindow - TimeSpan.FromSeconds(1);
        Assert.Equal(new DetectionWork(0, 0), await host.Detection().CountWorkAsync(Actors.Sandbox, [SandboxId]));
        host.Clock.UtcNow = at + CheckEvaluator.RecentRecoveryPointWindow;
        Assert.Equal(new DetectionWork(0, 1), await host.Detection().CountWorkAsync(Actors.Sandbox, [SandboxId]));

        var summary = await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.Equal(1, summary.Resources);
        var risk = Assert.Single(await host.StoredResultsAsync(nas), r => r.RuleId == CheckItems.NasBackup.RuleId);
        Assert.Equal(host.Clock.UtcNow, risk.FirstDetectedAt);
        Assert.Equal((0, (DateTimeOffset?)null), await MarkOfAsync(host, nas));
    }

    [Fact]
    public async Task RecoveryPointDatedInTheFuture_ExpiresWhenItsTimeComes_ThenCounts()
    {
        await using var host = await CoreTestHost.StartAsync();
        var ots = await ResourceOfAsync(host, SandboxId, ProductType.Tablestore);
        await host.UpdateResourceAsync<TablestoreInstance>(ots, t => t.CloudBackupEnabled = true);
        var at = host.Clock.UtcNow.AddHours(100);
        await host.AddRecoveryPointAsync(ots, at);
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        Assert.Contains(await host.StoredResultsAsync(ots), r => r.RuleId == CheckItems.OtsBackup.RuleId);
        Assert.Equal(at, (await MarkOfAsync(host, ots)).ValidUntil);

        host.Clock.UtcNow = at;
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.DoesNotContain(await host.StoredResultsAsync(ots), r => r.RuleId == CheckItems.OtsBackup.RuleId);
        Assert.Equal(at + CheckEvaluator.RecentRecoveryPointWindow, (await MarkOfAsync(host, ots)).ValidUntil);
    }

    [Fact]
    public async Task NothingChangedOrExpired_DetectNowWritesNothingButTodaysMissingSnapshots()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using (var db = await host.CreateDbContextAsync())
            await db.ScoreSnapshots.ExecuteDeleteAsync();

        var summary = await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.Equal((1, 0), (summary.Accounts, summary.Resources));
        Assert.Single(await host.SnapshotsAsync(SandboxId));
        Assert.Equal(0, (await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId])).Accounts);
    }

    [Fact]
    [Trait(TestEngine.Trait, "Sqlite")] // An upgrade of a SQLite database from the previous version; PostgreSQL starts at the current one.
    public async Task UpgradeToIncrementalDetection_StartUp_DetectsEveryResourceOnceAndLeavesNothingToDo()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using (var db = await host.CreateDbContextAsync())
        {
            // The database as the previous version left it: the migration before this one.
            var migrations = db.Database.GetMigrations().ToList();
            var previous = migrations[migrations.FindIndex(m => m.EndsWith("_IncrementalDetection", StringComparison.Ordinal)) - 1];
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(previous);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        host.Clock.Advance(TimeSpan.FromHours(3));

        await host.Services.GetRequiredService<BdrcConsole.Core.Data.Seeding.DatabaseInitializer>().InitializeAsync();

        await using var after = await host.CreateDbContextAsync();
        Assert.Equal(0, await after.Resources.CountAsync(r => r.ChangesSinceDetection != 0));
        Assert.True(await after.Resources.AnyAsync(r => r.ValidUntil != null));
        Assert.Equal(new DetectionWork(0, 0), await host.DetectionMaintenance().CountWorkAsync(AllAccounts));
    }

    // ---- incremental equals full ----

    /// <summary>
    /// Two copies of the demo estate take the same random sequence of writes and time jumps; at each detection one runs
    /// incremental detection and the other a full one, and their stored results, scores, risks (first-detected times
    /// included), aggregates and snapshot numbers must then be equal.
    /// </summary>
    [Theory]
    [InlineData(12)]
    [InlineData(2026)]
    public async Task RandomChangesAndTimeJumps_IncrementalDetection_LeavesWhatAFullDetectionLeaves(int seed)
    {
        await using var incremental = await CoreTestHost.StartAsync();
        await using var full = await CoreTestHost.StartAsync();
        var random = new Random(seed);
        var resources = await ResourcesAsync(incremental);
        var actors = new[] { Actors.Management, Actors.Security, Actors.ProdWeb, Actors.ProdData, Actors.Payments, Actors.Dev1, Actors.Dev2, Actors.Sandbox }
            .ToDictionary(a => a.AccountId);
        var detections = 0;
        for (var step = 0; step < 300; step++)
        {
            var (id, accountId, product) = resources[random.Next(resources.Count)];
            var kind = random.Next(10);
            var hours = random.Next(-60, 60);
            var flag = random.Next(2) == 0;
            foreach (var host in new[] { incremental, full })
            {
                switch (kind)
                {
                    case 0 or 1:
                        await host.UpdateResourceAsync<CloudResource>(id, r => Change(r, hours, flag));
                        break;
                    case 2 or 3:
                        await host.AddRecoveryPointAsync(id, host.Clock.UtcNow.AddHours(hours / 4.0), flag ? RecoveryPointStatus.Succeeded : RecoveryPointStatus.Failed);
                        break;
                    case 4:
                        await host.Detection().SetResourceExcludedAsync(actors[accountId], id, flag);
                        break;
                    case 5:
                        await host.Tags().SetTagAsync(actors[accountId], id, "step", step.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case 6 or 7:
                        host.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 60 * 30)));
                        break;
                    default:
                        host.Clock.Advance(TimeSpan.FromHours(hours < 0 ? 0 : hours % 8));
                        var accounts = flag ? AllAccounts : [accountId];
                        if (host == incremental)
                            await host.DetectionMaintenance().DetectChangedAsync(accounts, null, CancellationToken.None);
                        else
                            await host.DetectionMaintenance().DetectAccountsAsync(accounts, null, CancellationToken.None);
                        break;
                }
                if (kind is 6 or 7)
                    break;
            }
            if (kind is 6 or 7)
                full.Clock.UtcNow = incremental.Clock.UtcNow;
            if (kind >= 8)
            {
                detections++;
                if (kind == 9 || step % 25 == 0)
                    await AssertSameDetectionAsync(incremental, full, flag ? AllAccounts : [accountId]);
            }
        }
        // A last detection of every account, then everything must be equal.
        await incremental.DetectionMaintenance().DetectChangedAsync(AllAccounts, null, CancellationToken.None);
        await full.DetectionMaintenance().DetectAccountsAsync(AllAccounts, null, CancellationToken.None);
        await AssertSameDetectionAsync(incremental, full, AllAccounts);
        Assert.Equal(new DetectionWork(0, 0), await incremental.DetectionMaintenance().CountWorkAsync(AllAccounts));
        Assert.True(detections > 20);
    }

    private static void Change(CloudResource resource, int hours, bool flag)
    {
        switch (Math.Abs(hours) % 6)
        {
            case 0:
                resource.CloudBackupEnabled = !resource.CloudBackupEnabled;
                break;
            case 1:
                resource.BackupVaultReplication = !resource.BackupVaultReplication;
                break;
            case 2:
                resource.CheckError = resource.CheckError is null && flag ? "The cloud API refused access." : null;
                break;
            default:
                switch (resource)
                {
                    case EcsInstance ecs when ecs.Disks.Count > 0:
                        ecs.Disks[0].AutoSnapshotPolicyId = ecs.Disks[0].AutoSnapshotPolicyId is null ? "sp-random" : null;
                        ecs.FileBackupEnabled = flag;
                        break;
                    case OssBucket oss:
                        oss.VersioningEnabled = !oss.VersioningEnabled;
                        oss.CrossRegionReplication = flag;
                        break;
                    case NasFileSystem nas:
                        nas.RecycleBinEnabled = !nas.RecycleBinEnabled;
                        nas.RecycleBinRetentionDays = flag ? 3 : 30;
                        break;
                    default:
                        resource.CloudBackupEnabled = flag;
                        break;
                }
                break;
        }
    }

    private static async Task<List<(string Id, string AccountId, ProductType Product)>> ResourcesAsync(CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        return (await db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.AccountId, r.Product }).ToListAsync())
            .Select(r => (r.Id, r.AccountId, r.Product)).ToList();
    }

    private sealed record Snapshot(string Resources, string Results, string Scores, List<(string Key, double Sum)> ScoreSums, string Risks, string Snapshots, List<(string Key, double? Score)> SnapshotScores);

    private static async Task AssertSameDetectionAsync(CoreTestHost incremental, CoreTestHost full, IReadOnlyList<string> detected)
    {
        var actual = await StateAsync(incremental, detected);
        var expected = await StateAsync(full, detected);
        Assert.Equal(expected.Resources, actual.Resources);
        Assert.Equal(expected.Results, actual.Results);
        Assert.Equal(expected.Scores, actual.Scores);
        Assert.Equal(expected.Risks, actual.Risks);
        Assert.Equal(expected.Snapshots, actual.Snapshots);
        Assert.Equal(expected.ScoreSums.Select(s => s.Key), actual.ScoreSums.Select(s => s.Key));
        foreach (var (e, a) in expected.ScoreSums.Zip(actual.ScoreSums))
            Assert.Equal(e.Sum, a.Sum, tolerance: 1e-6);
        foreach (var (e, a) in expected.SnapshotScores.Zip(actual.SnapshotScores))
            Assert.Equal(e.Score ?? -1, a.Score ?? -1, tolerance: 1e-6);
    }

    /// <summary>What detection leaves in the detected accounts, as comparable text (score sums and snapshot scores apart, to a tolerance).</summary>
    private static async Task<Snapshot> StateAsync(CoreTestHost host, IReadOnlyList<string> accounts)
    {
        await using var db = await host.CreateDbContextAsync();
        var resources = await db.Resources.AsNoTracking().Where(r => accounts.Contains(r.AccountId)).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Score, r.RiskCount, r.HighRiskCount, r.HasCheckFailed, r.OutcomeHash, r.CheckedAt, r.ExcludedFromChecks }).ToListAsync();
        var results = await db.CheckResults.AsNoTracking().Where(c => accounts.Contains(c.AccountId)).OrderBy(c => c.ResourceId).ThenBy(c => c.RuleId)
            .Select(c => new { c.ResourceId, c.RuleId, c.Status, c.Severity, c.Reason, c.FirstDetectedAt, c.LastCheckedAt }).ToListAsync();
        var scores = (await db.AccountProductScores.AsNoTracking().Where(s => accounts.Contains(s.AccountId)).ToListAsync())
            .OrderBy(s => s.AccountId, StringComparer.Ordinal).ThenBy(s => s.Product).ToList();
        var risks = (await db.AccountRiskCounts.AsNoTracking().Where(c => accounts.Contains(c.AccountId)).ToListAsync())
            .OrderBy(c => c.AccountId, StringComparer.Ordinal).ThenBy(c => c.RuleId, StringComparer.Ordinal).Select(c => $"{c.AccountId} {c.RuleId} {c.Product} {c.Severity} {c.Risks}");
        var snapshots = (await db.ScoreSnapshots.AsNoTracking().Where(s => accounts.Contains(s.AccountId)).ToListAsync())
            .OrderBy(s => s.AccountId, StringComparer.Ordinal).ThenBy(s => s.Day, StringComparer.Ordinal).ToList();
        return new Snapshot(
            string.Join("\n", resources.Select(r => $"{r.Id} {r.Score:R} {r.RiskCount} {r.HighRiskCount} {r.HasCheckFailed} {r.OutcomeHash} {r.CheckedAt:O} {r.ExcludedFromChecks}")),
            string.Join("\n", results.Select(c => $"{c.ResourceId} {c.RuleId} {c.Status} {c.Severity} {c.Reason} {c.FirstDetectedAt:O} {c.LastCheckedAt:O}")),
            string.Join("\n", scores.Select(s => $"{s.AccountId} {s.Product} {s.Resources} {s.ExcludedResources} {s.ScoredResources} {s.RiskyResources} {s.Risks} {s.CheckFailedResources} " +
                $"{s.ScoresUpTo60} {s.Scores61To69} {s.Scores70To79} {s.Scores80To94} {s.Scores95To100}")),
            scores.Select(s => ($"{s.AccountId} {s.Product}", s.ScoreSum)).ToList(),
            string.Join("\n", risks),
            string.Join("\n", snapshots.Select(s => $"{s.AccountId} {s.Day} {s.ScoredResources} {s.Risks}")),
            snapshots.Select(s => ($"{s.AccountId} {s.Day}", s.Score)).ToList());
    }
}
