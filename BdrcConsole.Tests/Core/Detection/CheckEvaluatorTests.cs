using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Tests.TestSupport;

namespace BdrcConsole.Tests.Core.Detection;

public class CheckEvaluatorTests
{
    private static readonly DateTimeOffset Now = TestTimeProvider.DefaultStart;
    private const string ZrsRegion = "cn-hangzhou";
    private const string NonZrsRegion = "cn-qingdao";

    private static ResourceFacts Facts(ProductType product, string regionId = ZrsRegion) =>
        new("r-1", "1536000000000101", product, regionId, CloudBackupEnabled: false, BackupVaultReplication: false, LastSuccessfulRecoveryPointAt: null);

    /// <summary>An ECS instance with two disks, neither with a snapshot policy, and nothing else.</summary>
    private static ResourceFacts Ecs => Facts(ProductType.Ecs) with { DiskCount = 2 };

    private static ResourceFacts Oss => Facts(ProductType.Oss) with { Redundancy = Redundancy.Zrs };

    private static ResourceFacts Nas => Facts(ProductType.Nas) with { NasType = NasFileSystemType.GeneralPurpose };

    private static ResourceFacts Ots => Facts(ProductType.Tablestore) with { Redundancy = Redundancy.Zrs };

    private static CheckStatus StatusOf(ResourceFacts facts, CheckItem item) =>
        CheckEvaluator.Evaluate(facts, Now).Single(o => o.Item == item).Status;

    private static double? ScoreOf(ResourceFacts facts) => CheckEvaluator.Score(CheckEvaluator.Evaluate(facts, Now));

    // ---- the check items ----

    [Theory]
    [InlineData("ecs-snapshot", ProductType.Ecs, 40, RiskSeverity.High)]
    [InlineData("ecs-cross-region-copy", ProductType.Ecs, 20, RiskSeverity.Medium)]
    [InlineData("ecs-file-db-backup", ProductType.Ecs, 20, RiskSeverity.Medium)]
    [InlineData("ecs-recent-recovery-point", ProductType.Ecs, 20, RiskSeverity.High)]
    [InlineData("oss-versioning", ProductType.Oss, 30, RiskSeverity.High)]
    [InlineData("oss-backup", ProductType.Oss, 30, RiskSeverity.High)]
    [InlineData("oss-cross-region-replication", ProductType.Oss, 25, RiskSeverity.Medium)]
    [InlineData("oss-vault-replication", ProductType.Oss, 15, RiskSeverity.Low)]
    [InlineData("nas-backup", ProductType.Nas, 50, RiskSeverity.High)]
    [InlineData("nas-recycle-bin", ProductType.Nas, 30, RiskSeverity.Medium)]
    [InlineData("nas-vault-replication", ProductType.Nas, 20, RiskSeverity.Low)]
    [InlineData("ots-backup", ProductType.Tablestore, 60, RiskSeverity.High)]
    [InlineData("ots-vault-replication", ProductType.Tablestore, 40, RiskSeverity.Medium)]
    [InlineData("oss-lrs-in-zrs-region", ProductType.Oss, 0, RiskSeverity.Low)]
    [InlineData("ots-lrs", ProductType.Tablestore, 0, RiskSeverity.Low)]
    public void CheckItems_EachRule_HasTheDocumentedProductWeightAndSeverity(string ruleId, ProductType product, int weight, RiskSeverity severity)
    {
        var item = CheckItems.Find(ruleId);

        Assert.NotNull(item);
        Assert.Equal((product, weight, severity), (item.Product, item.Weight, item.Severity));
        Assert.Equal(weight > 0, item.IsScored);
        Assert.False(string.IsNullOrWhiteSpace(item.Recommendation));
    }

    [Fact]
    public void CheckItems_All_HasFifteenDistinctRules()
    {
        Assert.Equal(15, CheckItems.All.Select(i => i.RuleId).Distinct().Count());
        Assert.Null(CheckItems.Find("no-such-rule"));
    }

    [Theory]
    [InlineData(ProductType.Ecs)]
    [InlineData(ProductType.Oss)]
    [InlineData(ProductType.Nas)]
    [InlineData(ProductType.Tablestore)]
    public void CheckItems_ScoredWeightsOfEachProduct_SumToHundred(ProductType product)
    {
        Assert.Equal(100, CheckItems.For(product).Where(i => i.IsScored).Sum(i => i.Weight));
    }

    [Theory]
    [InlineData(ProductType.Ecs)]
    [InlineData(ProductType.Oss)]
    [InlineData(ProductType.Nas)]
    [InlineData(ProductType.Tablestore)]
    public void Evaluate_AnyProduct_JudgesEveryItemOfThatProductOnce(ProductType product)
    {
        var facts = Facts(product) with { DiskCount = 1 };

        var outcomes = CheckEvaluator.Evaluate(facts, Now);

        Assert.Equal(CheckItems.For(product).Select(i => i.RuleId).Order(), outcomes.Select(o => o.Item.RuleId).Order());
    }

    // ---- ECS ----

    [Fact]
    public void Evaluate_EcsEveryDiskWithSnapshotPolicy_PassesSnapshot()
    {
        Assert.Equal(CheckStatus.Passed, StatusOf(Ecs with { DisksWithSnapshotPolicy = 2 }, CheckItems.EcsSnapshot));
    }

    [Fact]
    public void Evaluate_EcsOneDiskWithoutSnapshotPolicy_FailsSnapshot()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Ecs with { DisksWithSnapshotPolicy = 1 }, CheckItems.EcsSnapshot));
    }

    [Fact]
    public void Evaluate_EcsCloudBackupWithoutSnapshotPolicies_PassesSnapshot()
    {
        Assert.Equal(CheckStatus.Passed, StatusOf(Ecs with { CloudBackupEnabled = true }, CheckItems.EcsSnapshot));
    }

    [Fact]
    public void Evaluate_EcsNoPolicyNoBackup_FailsSnapshot()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Ecs, CheckItems.EcsSnapshot));
    }

    [Fact]
    public void Evaluate_EcsDiskCopyingCrossRegion_PassesCrossRegionCopy()
    {
        Assert.Equal(CheckStatus.Passed, StatusOf(Ecs with { DisksWithSnapshotPolicy = 1, AnyDiskCopiesCrossRegion = true }, CheckItems.EcsCrossRegionCopy));
    }

    [Fact]
    public void Evaluate_EcsCloudBackupWithVaultReplication_PassesCrossRegionCopy()
    {
        Assert.Equal(CheckStatus.Passed, StatusOf(Ecs with { CloudBackupEnabled = true, BackupVaultReplication = true }, CheckItems.EcsCrossRegionCopy));
    }

    [Fact]
    public void Evaluate_EcsVaultReplicationWithoutCloudBackup_FailsCrossRegionCopy()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Ecs with { BackupVaultReplication = true }, CheckItems.EcsCrossRegionCopy));
    }

    [Fact]
    public void Evaluate_EcsCloudBackupWithoutReplication_FailsCrossRegionCopy()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Ecs with { CloudBackupEnabled = true, DisksWithSnapshotPolicy = 2 }, CheckItems.EcsCrossRegionCopy));
    }

    [Theory]
    [InlineData(true, false, CheckStatus.Passed)]
    [InlineData(false, true, CheckStatus.Passed)]
    [InlineData(true, true, CheckStatus.Passed)]
    [InlineData(false, false, CheckStatus.Failed)]
    public void Evaluate_EcsFileOrDatabaseBackup_PassesWithEither(bool file, bool database, CheckStatus expected)
    {
        Assert.Equal(expected, StatusOf(Ecs with { FileBackupEnabled = file, DatabaseBackupEnabled = database }, CheckItems.EcsFileOrDatabaseBackup));
    }

    [Theory]
    [InlineData(-1, CheckStatus.Passed)]
    [InlineData(-47, CheckStatus.Passed)]
    [InlineData(-49, CheckStatus.Failed)]
    [InlineData(-240, CheckStatus.Failed)]
    [InlineData(2, CheckStatus.Failed)]
    public void Evaluate_EcsLastSuccessfulRecoveryPointHoursFromNow_PassesOnlyWithinTheLast48Hours(int hours, CheckStatus expected)
    {
        var facts = Ecs with { LastSuccessfulRecoveryPointAt = Now.AddHours(hours) };

        Assert.Equal(expected, StatusOf(facts, CheckItems.EcsRecentRecoveryPoint));
    }

    [Fact]
    public void Evaluate_EcsNoRecoveryPoint_FailsRecentRecoveryPoint()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Ecs, CheckItems.EcsRecentRecoveryPoint));
    }

    [Fact]
    public void Evaluate_EcsWithoutDisks_EveryItemCheckFailedAndNoScore()
    {
        var facts = Ecs with { DiskCount = 0, CloudBackupEnabled = true, FileBackupEnabled = true, LastSuccessfulRecoveryPointAt = Now.AddHours(-1) };

        var outcomes = CheckEvaluator.Evaluate(facts, Now);

        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(CheckStatus.CheckFailed, o.Status));
        Assert.All(outcomes, o => Assert.False(string.IsNullOrWhiteSpace(o.Reason)));
        Assert.Null(CheckEvaluator.Score(outcomes));
    }

    [Fact]
    public void Score_EcsFullyProtected_IsHundred()
    {
        var facts = Ecs with { DisksWithSnapshotPolicy = 2, AnyDiskCopiesCrossRegion = true, DatabaseBackupEnabled = true, LastSuccessfulRecoveryPointAt = Now.AddHours(-3) };

        Assert.Equal(100, ScoreOf(facts));
    }

    [Fact]
    public void Score_EcsSnapshotsOnEveryDiskButNothingElse_IsTheSnapshotWeight()
    {
        Assert.Equal(40, ScoreOf(Ecs with { DisksWithSnapshotPolicy = 2 }));
    }

    [Fact]
    public void Score_EcsUnprotected_IsZero()
    {
        Assert.Equal(0, ScoreOf(Ecs));
    }

    // ---- OSS ----

    [Fact]
    public void Evaluate_OssEachMeasureOn_PassesItsItem()
    {
        var facts = Oss with { VersioningEnabled = true, CloudBackupEnabled = true, CrossRegionReplication = true, BackupVaultReplication = true };

        var outcomes = CheckEvaluator.Evaluate(facts, Now);

        Assert.All(outcomes, o => Assert.Equal(CheckStatus.Passed, o.Status));
        Assert.Equal(100, CheckEvaluator.Score(outcomes));
    }

    [Fact]
    public void Evaluate_OssNothingOn_FailsVersioningBackupAndReplication()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Oss, CheckItems.OssVersioning));
        Assert.Equal(CheckStatus.Failed, StatusOf(Oss, CheckItems.OssBackup));
        Assert.Equal(CheckStatus.Failed, StatusOf(Oss, CheckItems.OssCrossRegionReplication));
    }

    [Fact]
    public void Evaluate_OssWithoutCloudBackup_VaultReplicationNotApplicable()
    {
        var outcome = CheckEvaluator.Evaluate(Oss with { BackupVaultReplication = true }, Now).Single(o => o.Item == CheckItems.OssVaultReplication);

        Assert.Equal(CheckStatus.NotApplicable, outcome.Status);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Reason));
    }

    [Fact]
    public void Evaluate_OssCloudBackupWithoutVaultReplication_FailsVaultReplication()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Oss with { CloudBackupEnabled = true }, CheckItems.OssVaultReplication));
    }

    [Fact]
    public void Score_OssVersioningAndReplicationWithoutBackup_IsPassedOverApplicableWeight()
    {
        var facts = Oss with { VersioningEnabled = true, CrossRegionReplication = true };

        // Vault replication does not apply without a backup: (30 + 25) / (30 + 30 + 25).
        Assert.Equal(100.0 * 55 / 85, ScoreOf(facts)!.Value, precision: 9);
        Assert.Equal(64.7, Math.Round(ScoreOf(facts)!.Value, 1));
    }

    [Fact]
    public void Score_OssBackupWithoutVaultReplication_CountsVaultWeight()
    {
        var facts = Oss with { VersioningEnabled = true, CloudBackupEnabled = true };

        Assert.Equal(60, ScoreOf(facts));
    }

    [Fact]
    public void Evaluate_OssLrsInZrsRegion_FailsTheUnscoredLowHighAvailabilityItem()
    {
        var facts = Oss with { Redundancy = Redundancy.Lrs, VersioningEnabled = true, CloudBackupEnabled = true, CrossRegionReplication = true, BackupVaultReplication = true };

        var outcomes = CheckEvaluator.Evaluate(facts, Now);

        var ha = outcomes.Single(o => o.Item.RuleId == "oss-lrs-in-zrs-region");
        Assert.Equal(CheckStatus.Failed, ha.Status);
        Assert.Equal((0, RiskSeverity.Low, false), (ha.Item.Weight, ha.Item.Severity, ha.Item.IsScored));
        Assert.Equal(100, CheckEvaluator.Score(outcomes));
    }

    [Fact]
    public void Evaluate_OssZrsOrConvertingBucket_PassesHighAvailability()
    {
        Assert.Equal(CheckStatus.Passed, StatusOf(Oss, CheckItems.OssLrsInZrsRegion));
        Assert.Equal(CheckStatus.Passed, StatusOf(Oss with { Redundancy = Redundancy.Lrs, ConvertingToZrs = true }, CheckItems.OssLrsInZrsRegion));
    }

    [Fact]
    public void Evaluate_OssLrsInRegionWithoutZrs_HighAvailabilityNotApplicable()
    {
        var facts = Facts(ProductType.Oss, NonZrsRegion) with { Redundancy = Redundancy.Lrs };

        Assert.Equal(CheckStatus.NotApplicable, StatusOf(facts, CheckItems.OssLrsInZrsRegion));
    }

    // ---- NAS ----

    [Theory]
    [InlineData(-47, CheckStatus.Passed)]
    [InlineData(-49, CheckStatus.Failed)]
    [InlineData(1, CheckStatus.Failed)]
    public void Evaluate_NasCloudBackupWithRecoveryPointHoursFromNow_PassesOnlyWithinTheLast48Hours(int hours, CheckStatus expected)
    {
        var facts = Nas with { CloudBackupEnabled = true, LastSuccessfulRecoveryPointAt = Now.AddHours(hours) };

        Assert.Equal(expected, StatusOf(facts, CheckItems.NasBackup));
    }

    [Fact]
    public void Evaluate_NasCloudBackupWithoutRecoveryPoint_FailsBackup()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Nas with { CloudBackupEnabled = true }, CheckItems.NasBackup));
    }

    [Fact]
    public void Evaluate_NasRecentRecoveryPointWithoutCloudBackup_FailsBackup()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Nas with { LastSuccessfulRecoveryPointAt = Now.AddHours(-1) }, CheckItems.NasBackup));
    }

    [Theory]
    [InlineData(true, 1, CheckStatus.Failed)]
    [InlineData(true, 6, CheckStatus.Failed)]
    [InlineData(true, 7, CheckStatus.Passed)]
    [InlineData(true, 180, CheckStatus.Passed)]
    [InlineData(false, 30, CheckStatus.Failed)]
    public void Evaluate_NasRecycleBinRetention_PassesFromSevenDays(bool enabled, int days, CheckStatus expected)
    {
        var facts = Nas with { RecycleBinEnabled = enabled, RecycleBinRetentionDays = days };

        Assert.Equal(expected, StatusOf(facts, CheckItems.NasRecycleBin));
    }

    [Fact]
    public void Evaluate_NasRecycleBinEnabledWithoutRetention_FailsRecycleBin()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Nas with { RecycleBinEnabled = true }, CheckItems.NasRecycleBin));
    }

    [Fact]
    public void Evaluate_ExtremeNas_RecycleBinNotApplicable()
    {
        var facts = Nas with { NasType = NasFileSystemType.Extreme };

        Assert.Equal(CheckStatus.NotApplicable, StatusOf(facts, CheckItems.NasRecycleBin));
    }

    [Fact]
    public void Evaluate_NasVaultReplication_NotApplicableWithoutBackupAndJudgedWithIt()
    {
        Assert.Equal(CheckStatus.NotApplicable, StatusOf(Nas with { BackupVaultReplication = true }, CheckItems.NasVaultReplication));
        Assert.Equal(CheckStatus.Passed, StatusOf(Nas with { CloudBackupEnabled = true, BackupVaultReplication = true }, CheckItems.NasVaultReplication));
        Assert.Equal(CheckStatus.Failed, StatusOf(Nas with { CloudBackupEnabled = true }, CheckItems.NasVaultReplication));
    }

    [Fact]
    public void Score_ExtremeNasWithRecentBackupButNoVaultReplication_LeavesTheRecycleBinOut()
    {
        var facts = Nas with { NasType = NasFileSystemType.Extreme, CloudBackupEnabled = true, LastSuccessfulRecoveryPointAt = Now.AddHours(-2) };

        Assert.Equal(100.0 * 50 / 70, ScoreOf(facts)!.Value, precision: 9);
    }

    [Fact]
    public void Score_NasRecycleBinOnlyWithoutBackup_IsRecycleBinOverBackupAndRecycleBin()
    {
        var facts = Nas with { RecycleBinEnabled = true, RecycleBinRetentionDays = 7 };

        Assert.Equal(100.0 * 30 / 80, ScoreOf(facts)!.Value, precision: 9);
    }

    // ---- Tablestore ----

    [Fact]
    public void Evaluate_TablestoreBackupWithRecentRecoveryPointAndVault_PassesEverything()
    {
        var facts = Ots with { CloudBackupEnabled = true, BackupVaultReplication = true, LastSuccessfulRecoveryPointAt = Now.AddHours(-47) };

        var outcomes = CheckEvaluator.Evaluate(facts, Now);

        Assert.All(outcomes, o => Assert.Equal(CheckStatus.Passed, o.Status));
        Assert.Equal(100, CheckEvaluator.Score(outcomes));
    }

    [Fact]
    public void Evaluate_TablestoreBackupWithStaleRecoveryPoint_FailsBackup()
    {
        var facts = Ots with { CloudBackupEnabled = true, BackupVaultReplication = true, LastSuccessfulRecoveryPointAt = Now.AddHours(-49) };

        Assert.Equal(CheckStatus.Failed, StatusOf(facts, CheckItems.OtsBackup));
        Assert.Equal(40, ScoreOf(facts));
    }

    [Fact]
    public void Evaluate_TablestoreWithoutBackup_FailsBackupAndVaultNotApplicable()
    {
        Assert.Equal(CheckStatus.Failed, StatusOf(Ots, CheckItems.OtsBackup));
        Assert.Equal(CheckStatus.NotApplicable, StatusOf(Ots with { BackupVaultReplication = true }, CheckItems.OtsVaultReplication));
        Assert.Equal(0, ScoreOf(Ots));
    }

    [Fact]
    public void Evaluate_TablestoreLrs_FailsTheUnscoredLowHighAvailabilityItem()
    {
        var facts = Ots with { Redundancy = Redundancy.Lrs, CloudBackupEnabled = true, BackupVaultReplication = true, LastSuccessfulRecoveryPointAt = Now.AddHours(-1) };

        var outcomes = CheckEvaluator.Evaluate(facts, Now);

        var ha = outcomes.Single(o => o.Item.RuleId == "ots-lrs");
        Assert.Equal((CheckStatus.Failed, RiskSeverity.Low, 0), (ha.Status, ha.Item.Severity, ha.Item.Weight));
        Assert.Equal(100, CheckEvaluator.Score(outcomes));
        Assert.Equal(CheckStatus.Passed, StatusOf(Ots, CheckItems.OtsLrs));
    }

    // ---- check errors ----

    [Theory]
    [InlineData(ProductType.Ecs)]
    [InlineData(ProductType.Oss)]
    [InlineData(ProductType.Nas)]
    [InlineData(ProductType.Tablestore)]
    public void Evaluate_CheckError_EveryItemCheckFailedWithTheReasonAndNoScore(ProductType product)
    {
        var facts = Facts(product) with
        {
            CheckError = "DescribeInstances was refused.",
            DiskCount = 1,
            DisksWithSnapshotPolicy = 1,
            CloudBackupEnabled = true,
            VersioningEnabled = true,
            LastSuccessfulRecoveryPointAt = Now.AddHours(-1),
        };

        var outcomes = CheckEvaluator.Evaluate(facts, Now);

        Assert.Equal(CheckItems.For(product).Count(), outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal((CheckStatus.CheckFailed, "DescribeInstances was refused."), (o.Status, o.Reason)));
        Assert.Null(CheckEvaluator.Score(outcomes));
    }

    [Fact]
    public void Score_OnlyUnscoredItemsJudged_IsNull()
    {
        var outcomes = new[] { new CheckOutcome(CheckItems.OssLrsInZrsRegion, CheckStatus.Failed), new CheckOutcome(CheckItems.OssVaultReplication, CheckStatus.NotApplicable) };

        Assert.Null(CheckEvaluator.Score(outcomes));
    }

    // ---- stars ----

    [Theory]
    [InlineData(0, 1)]
    [InlineData(60, 1)]
    [InlineData(60.4, 1)]
    [InlineData(60.5, 2)]
    [InlineData(61, 2)]
    [InlineData(69, 2)]
    [InlineData(69.4, 2)]
    [InlineData(69.5, 3)]
    [InlineData(70, 3)]
    [InlineData(79, 3)]
    [InlineData(79.5, 4)]
    [InlineData(80, 4)]
    [InlineData(94, 4)]
    [InlineData(94.4, 4)]
    [InlineData(94.5, 5)]
    [InlineData(95, 5)]
    [InlineData(100, 5)]
    public void Stars_ScoreAtBandEdge_FollowsTheScoreRoundedHalfUp(double score, int stars)
    {
        Assert.Equal(stars, ScoreBands.Stars(score));
    }

    [Fact]
    public void Distribution_Bands_CoverZeroToHundredWithoutGapsAndAgreeWithStars()
    {
        var bands = ScoreBands.Distribution;

        Assert.Equal(0, bands[0].Min);
        Assert.Equal(100, bands[^1].Max);
        Assert.All(bands.Zip(bands.Skip(1)), pair => Assert.Equal(pair.First.Max + 1, pair.Second.Min));
        Assert.Equal([1, 2, 3, 4, 5], bands.Select(b => ScoreBands.Stars(b.Min)));
        Assert.Equal([1, 2, 3, 4, 5], bands.Select(b => ScoreBands.Stars(b.Max)));
    }
}
