using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Detection;

public class DetectionServiceTests
{
    /// <summary>
    /// acme-sandbox's estate replaced by resources whose scores are worked out by hand (now = the clock):
    /// two-disks 60 (one disk without a policy), versioned 64.7 (versioning + CRR, no backup, LRS in a ZRS region),
    /// extreme 71.4 (recent backup, no vault), ots-lrs 100 (LRS: an unscored risk), no-disks (check failed, no score),
    /// stale-nas 0 (last success 49 h ago, a newer failed point), future-ots 40 (its only success is in the future).
    /// </summary>
    private static async Task<CoreTestHost> StartWithSandboxEstateAsync()
    {
        var host = await CoreTestHost.StartAsync();
        var now = host.Clock.UtcNow;
        await host.ClearResourcesAsync(SandboxId);
        var versioned = Bucket(SandboxId, "sb-versioned", protection: 1);
        versioned.CrossRegionReplication = true;
        await host.AddResourcesAsync(
            Ecs(SandboxId, "i-two-disks", [new DiskSpec(Policy: true, CrossRegionCopy: true), new DiskSpec(Policy: false)], fileBackup: true, recoveryPoints: [now.AddHours(-10)]),
            versioned,
            Nas(SandboxId, "nas-extreme", cloudBackup: true, type: NasFileSystemType.Extreme, recoveryPoints: [now.AddHours(-2)]),
            Tablestore(SandboxId, "ots-lrs", cloudBackup: true, vaultReplication: true, redundancy: Redundancy.Lrs, recoveryPoints: [now.AddHours(-1)]),
            Ecs(SandboxId, "i-no-disks", disks: [], cloudBackup: true),
            Nas(SandboxId, "stale-nas", cloudBackup: true, recoveryPoints: [now.AddHours(-49)]),
            Tablestore(SandboxId, "future-ots", cloudBackup: true, vaultReplication: true, recoveryPoints: [now.AddHours(2)]));
        await host.AddRecoveryPointAsync("stale-nas", now.AddHours(-1), RecoveryPointStatus.Failed);
        return host;
    }

    private static async Task<CoreTestHost> StartWithSecurityManagingProductionAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        return host;
    }

    private static string Rules(IEnumerable<CheckResult> results) =>
        string.Join(", ", results.OrderBy(r => r.RuleId, StringComparer.Ordinal).Select(r => $"{r.RuleId}:{r.Status}:{r.Severity}"));

    // ---- scores and risks ----

    [Fact]
    public async Task DetectAccountsWithoutTodaysSnapshot_NextDay_DetectsOnlyAccountsStillMissingOne()
    {
        await using var host = await CoreTestHost.StartAsync();
        host.Clock.Advance(TimeSpan.FromDays(1));
        var today = host.Clock.UtcNow.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var summary = await host.DetectionMaintenance().DetectAccountsWithoutTodaysSnapshotAsync();

        Assert.Equal(Accounts.Count - 1, summary.Accounts);
        foreach (var (accountId, _, _, _) in Accounts)
            Assert.Single(await host.SnapshotsAsync(accountId), s => s.Day == today);
        Assert.Equal(0, (await host.DetectionMaintenance().DetectAccountsWithoutTodaysSnapshotAsync()).Accounts);
    }

    [Fact]
    public async Task Detect_HandBuiltResources_StoresTheScoresWorkedOutByHand()
    {
        await using var host = await StartWithSandboxEstateAsync();

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.Equal(60, await host.StoredScoreAsync("i-two-disks"));
        Assert.Equal(100.0 * 55 / 85, (await host.StoredScoreAsync("sb-versioned"))!.Value, precision: 9);
        Assert.Equal(100.0 * 50 / 70, (await host.StoredScoreAsync("nas-extreme"))!.Value, precision: 9);
        Assert.Equal(100, await host.StoredScoreAsync("ots-lrs"));
        Assert.Null(await host.StoredScoreAsync("i-no-disks"));
        Assert.Equal(0, await host.StoredScoreAsync("stale-nas"));
        Assert.Equal(40, await host.StoredScoreAsync("future-ots"));
    }

    [Fact]
    public async Task Detect_HandBuiltResources_StoresEveryItemThatDidNotPassWithItsSeverity()
    {
        await using var host = await StartWithSandboxEstateAsync();

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.Equal("ecs-snapshot:Failed:High", Rules(await host.StoredResultsAsync("i-two-disks")));
        Assert.Equal("oss-backup:Failed:High, oss-lrs-in-zrs-region:Failed:Low, oss-vault-replication:NotApplicable:Low",
            Rules(await host.StoredResultsAsync("sb-versioned")));
        Assert.Equal("nas-recycle-bin:NotApplicable:Medium, nas-vault-replication:Failed:Low", Rules(await host.StoredResultsAsync("nas-extreme")));
        Assert.Equal("ots-lrs:Failed:Low", Rules(await host.StoredResultsAsync("ots-lrs")));
        Assert.Equal("ecs-cross-region-copy:CheckFailed:Medium, ecs-file-db-backup:CheckFailed:Medium, ecs-recent-recovery-point:CheckFailed:High, ecs-snapshot:CheckFailed:High",
            Rules(await host.StoredResultsAsync("i-no-disks")));
        Assert.Equal("nas-backup:Failed:High, nas-recycle-bin:Failed:Medium, nas-vault-replication:Failed:Low", Rules(await host.StoredResultsAsync("stale-nas")));
        Assert.Equal("ots-backup:Failed:High", Rules(await host.StoredResultsAsync("future-ots")));
        var risk = (await host.StoredResultsAsync("i-two-disks")).Single();
        Assert.Equal((SandboxId, ProductType.Ecs, host.Clock.UtcNow, host.Clock.UtcNow), (risk.AccountId, risk.Product, risk.FirstDetectedAt, risk.LastCheckedAt));
    }

    [Fact]
    public async Task Detect_DemoEstate_StoredScoresAndResultsEqualTheEvaluatorOnEveryResource()
    {
        await using var host = await CoreTestHost.StartAsync();
        var now = host.Clock.UtcNow;
        string[] accounts = [SandboxId, Dev1Id];

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        await host.Detection().DetectAsync(Actors.Dev1, [Dev1Id]);

        await using var db = await host.CreateDbContextAsync();
        var facts = (await ScoringFactsReader.ReadAsync(db, accounts, now, CancellationToken.None)).Select(f => f.Facts).ToList();
        var stored = await db.Resources.AsNoTracking().Where(r => accounts.Contains(r.AccountId)).ToDictionaryAsync(r => r.Id, r => r.Score);
        var results = (await db.CheckResults.AsNoTracking().Where(c => accounts.Contains(c.AccountId)).ToListAsync()).ToLookup(c => c.ResourceId);
        Assert.Equal(stored.Count, facts.Count);
        Assert.All(facts, f =>
        {
            var outcomes = CheckEvaluator.Evaluate(f, now);
            Assert.Equal(CheckEvaluator.Score(outcomes), stored[f.ResourceId]);
            Assert.Equal(
                outcomes.Where(o => o.Status != CheckStatus.Passed).Select(o => $"{o.Item.RuleId}:{o.Status}").Order(StringComparer.Ordinal),
                results[f.ResourceId].Select(r => $"{r.RuleId}:{r.Status}").Order(StringComparer.Ordinal));
        });
        Assert.Contains(stored.Values, s => s is > 0 and < 100);
    }

    [Fact]
    public async Task Detect_SameRiskStillFailingLater_KeepsItsFirstDetectedTime()
    {
        await using var host = await StartWithSandboxEstateAsync();
        var first = host.Clock.UtcNow;
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        host.Clock.Advance(TimeSpan.FromHours(3));

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var risk = (await host.StoredResultsAsync("i-two-disks")).Single();
        Assert.Equal(first, risk.FirstDetectedAt);
        // Detection writes only what changed, so an unchanged risk keeps its row as written the first time.
        Assert.Equal(first, risk.LastCheckedAt);
    }

    [Fact]
    public async Task Detect_RiskFixed_DisappearsAndScoreRises()
    {
        await using var host = await StartWithSandboxEstateAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        await host.UpdateResourceAsync<EcsInstance>("i-two-disks", i => i.Disks.Single(d => d.AutoSnapshotPolicyId == null).AutoSnapshotPolicyId = "sp-test");

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        Assert.Empty(await host.StoredResultsAsync("i-two-disks"));
        Assert.Equal(100, await host.StoredScoreAsync("i-two-disks"));
        var risks = await host.RiskDetection().ListRisksAsync(Actors.Sandbox, new RiskQuery([SandboxId]) { Search = "i-two-disks" });
        Assert.Equal(0, risks.TotalCount);
    }

    [Fact]
    public async Task Detect_RiskFixedThenFailingAgain_GetsANewFirstDetectedTime()
    {
        await using var host = await StartWithSandboxEstateAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.UpdateResourceAsync<EcsInstance>("i-two-disks", i => i.CloudBackupEnabled = true);
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.UpdateResourceAsync<EcsInstance>("i-two-disks", i => i.CloudBackupEnabled = false);

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var risk = (await host.StoredResultsAsync("i-two-disks")).Single();
        Assert.Equal("ecs-snapshot", risk.RuleId);
        Assert.Equal(host.Clock.UtcNow, risk.FirstDetectedAt);
    }

    [Fact]
    public async Task Detect_RecoveryPointAgesPastFortyEightHours_RecentRecoveryPointBecomesARisk()
    {
        await using var host = await StartWithSandboxEstateAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        Assert.DoesNotContain(await host.StoredResultsAsync("i-two-disks"), r => r.RuleId == "ecs-recent-recovery-point");

        host.Clock.Advance(TimeSpan.FromHours(39));
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var risk = Assert.Single(await host.StoredResultsAsync("i-two-disks"), r => r.RuleId == "ecs-recent-recovery-point");
        Assert.Equal((CheckStatus.Failed, RiskSeverity.High), (risk.Status, risk.Severity));
        Assert.Equal(40, await host.StoredScoreAsync("i-two-disks"));
    }

    [Fact]
    public async Task Detect_WithProgress_ReportsAccountsAndResourcesAndSummarizes()
    {
        await using var host = await StartWithSandboxEstateAsync();
        var progress = new RecordingProgress<DetectionProgress>();

        var summary = await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId], progress);

        Assert.Equal(new DetectionProgress(1, 1, 7), progress.Reports[^1]);
        Assert.Equal((1, 7), (summary.Accounts, summary.Resources));
        // Failed items only: 1 + 2 + 1 + 1 + 3 + 1 (check failed and not applicable are not risks).
        Assert.Equal(9, summary.Risks);
    }

    [Fact]
    public async Task RedetectAll_SeveralAccounts_ReportsProgressUpToEveryAccount()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        var progress = new RecordingProgress<DetectionProgress>();
        string[] accounts = [SecurityId, ProdWebId, ProdDataId];

        var summary = await host.Detection().RedetectAllAsync(Actors.Security, accounts, progress);

        await using var db = await host.CreateDbContextAsync();
        var resources = await db.Resources.CountAsync(r => accounts.Contains(r.AccountId));
        Assert.NotEmpty(progress.Reports);
        Assert.Equal(new DetectionProgress(3, 3, resources), progress.Reports[^1]);
        Assert.Equal((3, resources), (summary.Accounts, summary.Resources));
    }

    // ---- who may detect ----

    [Fact]
    public async Task Detect_MemberForAnotherAccount_NotFoundAndNothingChecked()
    {
        await using var host = await StartWithSandboxEstateAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Detection().DetectAsync(Actors.ProdWeb, [SandboxId]));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Detection().DetectAsync(Actors.ProdWeb, [ProdWebId, SandboxId]));

        Assert.Null(await host.StoredScoreAsync("i-two-disks"));
        Assert.Empty(await host.StoredResultsAsync("i-two-disks"));
    }

    [Fact]
    public async Task Detect_AdministratorForManagedAccount_Detects()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();
        await host.ClearResourcesAsync(ProdWebId);
        await host.AddResourcesAsync(Bucket(ProdWebId, "web-bucket", redundancy: Redundancy.Zrs, protection: 2));

        var summary = await host.Detection().DetectAsync(Actors.Security, [ProdWebId]);

        Assert.Equal(1, summary.Resources);
        Assert.Equal(60, await host.StoredScoreAsync("web-bucket"));
    }

    [Fact]
    public async Task Detect_AdministratorForUnmanagedAccount_NotFound()
    {
        await using var host = await StartWithSecurityManagingProductionAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Detection().DetectAsync(Actors.Security, [SecurityId, Dev1Id]));
    }

    [Fact]
    public async Task Detect_NoAccounts_ValidationError()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<ValidationException>(() => host.Detection().DetectAsync(Actors.Sandbox, []));
    }

    // ---- daily snapshots ----

    [Fact]
    public async Task Detect_TwiceOnTheSameDay_KeepsOneSnapshotWithTheLatestScore()
    {
        await using var host = await StartWithSandboxEstateAsync();
        var today = host.Clock.UtcNow.ToString("yyyy-MM-dd");
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        var first = Assert.Single(await host.SnapshotsAsync(SandboxId), s => s.Day == today);
        await host.UpdateResourceAsync<OssBucket>("sb-versioned", b => b.CloudBackupEnabled = true);
        host.Clock.Advance(TimeSpan.FromHours(2));

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var second = Assert.Single(await host.SnapshotsAsync(SandboxId), s => s.Day == today);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(host.Clock.UtcNow, second.TakenAt);
        Assert.True(second.Score > first.Score);
    }

    [Fact]
    public async Task Detect_Snapshot_IsTheMeanOfTheAccountsScoredResourcesWithItsRisks()
    {
        await using var host = await StartWithSandboxEstateAsync();

        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var snapshot = Assert.Single(await host.SnapshotsAsync(SandboxId), s => s.Day == host.Clock.UtcNow.ToString("yyyy-MM-dd"));
        double[] scores = [60, 100.0 * 55 / 85, 100.0 * 50 / 70, 100, 0, 40];
        Assert.Equal(scores.Average(), snapshot.Score!.Value, precision: 9);
        Assert.Equal((6, 9), (snapshot.ScoredResources, snapshot.Risks));
    }

    [Fact]
    public async Task Detect_NextDay_AddsASnapshotAndKeepsYesterdays()
    {
        await using var host = await StartWithSandboxEstateAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        var before = await host.SnapshotsAsync(SandboxId);
        var yesterday = before.Single(s => s.Day == host.Clock.UtcNow.ToString("yyyy-MM-dd"));

        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var after = await host.SnapshotsAsync(SandboxId);
        Assert.Equal(before.Count + 1, after.Count);
        var today = Assert.Single(after, s => s.Day == host.Clock.UtcNow.ToString("yyyy-MM-dd"));
        Assert.Equal(host.Clock.UtcNow, today.TakenAt);
        var kept = after.Single(s => s.Id == yesterday.Id);
        Assert.Equal((yesterday.Day, yesterday.Score, yesterday.TakenAt), (kept.Day, kept.Score, kept.TakenAt));
        Assert.Equal(after.Count, after.Select(s => s.Day).Distinct().Count());
    }

    [Fact]
    public async Task BackfillHistory_RiskFailingEveryDay_IsFirstDetectedOnTheFirstDayOfTheHistory()
    {
        await using var host = await CoreTestHost.StartAsync();
        host.Clock.Advance(TimeSpan.FromDays(10));
        var now = host.Clock.UtcNow;
        await host.ClearResourcesAsync(SandboxId);
        // Never versioned: fails every day. Its only backup succeeded 1 h after the start of day -3, so
        // ots-backup fails on days -4 and -3, passes on days -2 and -1 and fails again now (71 h later).
        await host.AddResourcesAsync(
            Bucket(SandboxId, "sb-never-versioned"),
            Tablestore(SandboxId, "ots-gap", cloudBackup: true, vaultReplication: true, recoveryPoints: [now.AddDays(-3).AddHours(1)]));
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        await host.DetectionMaintenance().BackfillHistoryAsync(4);

        await using var db = await host.CreateDbContextAsync();
        var risks = await db.CheckResults.Where(c => c.AccountId == SandboxId && c.Status == CheckStatus.Failed).ToDictionaryAsync(c => (c.ResourceId, c.RuleId));
        Assert.Equal(now.AddDays(-4), risks[("sb-never-versioned", CheckItems.OssVersioning.RuleId)].FirstDetectedAt);
        Assert.Equal(now, risks[("ots-gap", CheckItems.OtsBackup.RuleId)].FirstDetectedAt);
    }

    [Fact]
    public async Task SeededDemo_Risks_CarryTheFirstDayTheyAppearInTheHistory()
    {
        await using var host = await CoreTestHost.StartAsync();
        var seededAt = TestTimeProvider.DefaultStart;

        await using var db = await host.CreateDbContextAsync();
        var firstDetected = (await db.CheckResults.Where(c => c.Status == CheckStatus.Failed).Select(c => c.FirstDetectedAt).ToListAsync()).ToHashSet();

        // Most demo risks were there from the start of the 30 days; those that came with a missed backup appear later.
        Assert.Contains(seededAt.AddDays(-global::BdrcConsole.Core.Data.Seeding.DatabaseInitializer.DemoHistoryDays), firstDetected);
        Assert.True(firstDetected.Count > 2, $"Expected risks first detected on several days, got {string.Join(", ", firstDetected)}.");
        Assert.All(firstDetected, at => Assert.InRange(at, seededAt.AddDays(-global::BdrcConsole.Core.Data.Seeding.DatabaseInitializer.DemoHistoryDays), seededAt));
    }

    [Fact]
    public async Task BackfillHistory_PastDays_SnapshotsEachDayAsTheRecoveryPointsStoodThen()
    {
        await using var host = await CoreTestHost.StartAsync();
        host.Clock.Advance(TimeSpan.FromDays(10));
        var now = host.Clock.UtcNow;
        await host.ClearSnapshotsAsync();
        await host.ClearResourcesAsync(SandboxId);
        // Backup 60 + vault 40; the only success lands 1 h after the start of day -3.
        await host.AddResourcesAsync(Tablestore(SandboxId, "ots-history", cloudBackup: true, vaultReplication: true, recoveryPoints: [now.AddDays(-3).AddHours(1)]));

        await host.DetectionMaintenance().BackfillHistoryAsync(4);

        var snapshots = await host.SnapshotsAsync(SandboxId);
        Assert.Equal(
            Enumerable.Range(1, 4).Reverse().Select(d => now.AddDays(-d).ToString("yyyy-MM-dd")),
            snapshots.Select(s => s.Day));
        Assert.Equal([40.0, 40.0, 100.0, 100.0], snapshots.Select(s => s.Score!.Value));
        Assert.Equal([1, 1, 0, 0], snapshots.Select(s => s.Risks));
        Assert.All(snapshots, s => Assert.Equal(1, s.ScoredResources));
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(4, await db.ScoreSnapshots.Where(s => s.AccountId == Dev1Id).CountAsync());
    }

    [Fact]
    public async Task DemoSeed_HasThirtyDaysOfHistoryAndTodaysDetection()
    {
        await using var host = await CoreTestHost.StartAsync();

        var snapshots = await host.SnapshotsAsync(ProdWebId);

        Assert.Equal(31, snapshots.Count);
        Assert.Equal(host.Clock.UtcNow.ToString("yyyy-MM-dd"), snapshots[^1].Day);
        Assert.Equal(host.Clock.UtcNow.AddDays(-30).ToString("yyyy-MM-dd"), snapshots[0].Day);
        Assert.All(snapshots, s => Assert.NotNull(s.Score));
    }

    [Fact]
    public async Task DemoSeed_EveryCheckItemFailsSomewhere()
    {
        await using var host = await CoreTestHost.StartAsync();

        await using var db = await host.CreateDbContextAsync();
        var failing = await db.CheckResults.Where(c => c.Status == CheckStatus.Failed).Select(c => c.RuleId).Distinct().ToListAsync();

        Assert.Equal(CheckItems.All.Select(i => i.RuleId).Order(StringComparer.Ordinal), failing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DemoSeed_AccountScoresDifferVisibly()
    {
        await using var host = await CoreTestHost.StartAsync();
        var today = host.Clock.UtcNow.ToString("yyyy-MM-dd");

        await using var db = await host.CreateDbContextAsync();
        var scores = await db.ScoreSnapshots.Where(s => s.Day == today).Select(s => s.Score!.Value).ToListAsync();

        Assert.Equal(Accounts.Count, scores.Count);
        Assert.True(scores.Max(ScoreBands.Stars) >= 4, $"best account scores {scores.Max():0.0}");
        Assert.True(scores.Min(ScoreBands.Stars) <= 2, $"worst account scores {scores.Min():0.0}");
    }

    // ---- re-evaluation and exclusions ----

    [Fact]
    public async Task ReevaluateResources_OneResource_RescoresOnlyItAndRefreshesTheSnapshot()
    {
        await using var host = await StartWithSandboxEstateAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        await host.UpdateResourceAsync<OssBucket>("sb-versioned", b => b.CloudBackupEnabled = true);
        await host.UpdateResourceAsync<TablestoreInstance>("future-ots", t => t.CloudBackupEnabled = false);

        await host.DetectionMaintenance().ReevaluateResourcesAsync(["sb-versioned"]);

        // Versioning, backup and CRR pass; vault replication now applies and fails: 85 / 100.
        Assert.Equal(85, await host.StoredScoreAsync("sb-versioned"));
        Assert.Equal("oss-lrs-in-zrs-region:Failed:Low, oss-vault-replication:Failed:Low", Rules(await host.StoredResultsAsync("sb-versioned")));
        Assert.Equal(40, await host.StoredScoreAsync("future-ots"));
        var snapshot = (await host.SnapshotsAsync(SandboxId))[^1];
        double[] scores = [60, 85, 100.0 * 50 / 70, 100, 0, 40];
        Assert.Equal(scores.Average(), snapshot.Score!.Value, precision: 9);
    }

    [Fact]
    public async Task StartZrsConversion_LrsBucketInZrsRegion_ClearsItsHighAvailabilityRiskAndKeepsTheScore()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.ClearResourcesAsync(SecurityId);
        await host.AddResourcesAsync(Bucket(SecurityId, "sec-lrs", protection: 2));
        await host.Detection().DetectAsync(Actors.Security, [SecurityId]);
        Assert.Contains(await host.StoredResultsAsync("sec-lrs"), r => r.RuleId == "oss-lrs-in-zrs-region" && r.Status == CheckStatus.Failed);

        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, "sec-lrs");

        Assert.DoesNotContain(await host.StoredResultsAsync("sec-lrs"), r => r.RuleId == "oss-lrs-in-zrs-region");
        Assert.Equal(60, await host.StoredScoreAsync("sec-lrs"));
        var risks = await host.RiskDetection().ListRisksAsync(Actors.Security, new RiskQuery([SecurityId]) { RuleId = "oss-lrs-in-zrs-region" });
        Assert.Equal(0, risks.TotalCount);
    }

    [Fact]
    public async Task CompleteDueConversions_BucketNowZrs_HasNoHighAvailabilityRisk()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.ClearResourcesAsync(SecurityId);
        await host.AddResourcesAsync(Bucket(SecurityId, "sec-lrs", protection: 2));
        await host.HighAvailability().StartZrsConversionAsync(Actors.Security, "sec-lrs");
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync());

        Assert.Equal(Redundancy.Zrs, (await host.FindBucketAsync("sec-lrs")).Redundancy);
        Assert.Equal("oss-cross-region-replication:Failed:Medium, oss-vault-replication:Failed:Low", Rules(await host.StoredResultsAsync("sec-lrs")));
    }

    [Fact]
    public async Task SetResourceExcluded_ResourceOfAnInvisibleAccount_NotFound()
    {
        await using var host = await StartWithSandboxEstateAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Detection().SetResourceExcludedAsync(Actors.ProdWeb, "i-two-disks", true));

        await using var db = await host.CreateDbContextAsync();
        Assert.False(await db.Resources.Where(r => r.Id == "i-two-disks").Select(r => r.ExcludedFromChecks).SingleAsync());
    }

    [Fact]
    public async Task SetProductExcluded_InvisibleAccount_NotFound()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Detection().SetProductExcludedAsync(Actors.ProdWeb, SandboxId, ProductType.Oss, true));

        await using var db = await host.CreateDbContextAsync();
        Assert.False(await db.ProductExclusions.AnyAsync());
    }

    [Fact]
    public async Task SetExcluded_ResourceAndProduct_RefreshTodaysSnapshotWithoutThemAndIncludeAgainRestoresIt()
    {
        await using var host = await StartWithSandboxEstateAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        var before = (await host.SnapshotsAsync(SandboxId))[^1];

        await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, "i-two-disks", true);
        await host.Detection().SetProductExcludedAsync(Actors.Sandbox, SandboxId, ProductType.Tablestore, true);

        var excluded = (await host.SnapshotsAsync(SandboxId))[^1];
        double[] remaining = [100.0 * 55 / 85, 100.0 * 50 / 70, 0];
        Assert.Equal(before.Id, excluded.Id);
        Assert.Equal(remaining.Average(), excluded.Score!.Value, precision: 9);
        Assert.Equal((3, 2 + 1 + 3), (excluded.ScoredResources, excluded.Risks));

        await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, "i-two-disks", false);
        await host.Detection().SetProductExcludedAsync(Actors.Sandbox, SandboxId, ProductType.Tablestore, false);

        var included = (await host.SnapshotsAsync(SandboxId))[^1];
        Assert.Equal(before.Score!.Value, included.Score!.Value, precision: 9);
        Assert.Equal((before.ScoredResources, before.Risks), (included.ScoredResources, included.Risks));
    }
}
