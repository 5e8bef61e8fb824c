using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Domain.Scoring;

/// <summary>What the checks need to know about one resource, read in bulk from the database.</summary>
public sealed record ResourceFacts(
    string ResourceId,
    string AccountId,
    ProductType Product,
    string RegionId,
    bool CloudBackupEnabled,
    bool BackupVaultReplication,
    DateTimeOffset? LastSuccessfulRecoveryPointAt,
    string? CheckError = null,
    int DiskCount = 0,
    int DisksWithSnapshotPolicy = 0,
    bool AnyDiskCopiesCrossRegion = false,
    bool FileBackupEnabled = false,
    bool DatabaseBackupEnabled = false,
    bool VersioningEnabled = false,
    bool CrossRegionReplication = false,
    Redundancy? Redundancy = null,
    bool ConvertingToZrs = false,
    NasFileSystemType? NasType = null,
    bool RecycleBinEnabled = false,
    int? RecycleBinRetentionDays = null)
{
    /// <summary>
    /// The effective protection (docs/rules.md §10): the resource's own configuration OR what its succeeded
    /// protection policy applications grant. The one place that says which fact each grant turns on.
    /// </summary>
    public ResourceFacts WithPolicyGrants(ProtectionGrant grants, int? policyRecycleBinRetentionDays)
    {
        if (grants == ProtectionGrant.None)
            return this;
        var recycleBin = grants.HasFlag(ProtectionGrant.RecycleBin);
        return this with
        {
            DisksWithSnapshotPolicy = grants.HasFlag(ProtectionGrant.SnapshotPolicy) ? DiskCount : DisksWithSnapshotPolicy,
            AnyDiskCopiesCrossRegion = AnyDiskCopiesCrossRegion || (grants.HasFlag(ProtectionGrant.SnapshotCrossRegionCopy) && DiskCount > 0),
            CloudBackupEnabled = CloudBackupEnabled || grants.HasFlag(ProtectionGrant.CloudBackup),
            BackupVaultReplication = BackupVaultReplication || grants.HasFlag(ProtectionGrant.VaultReplication),
            VersioningEnabled = VersioningEnabled || grants.HasFlag(ProtectionGrant.Versioning),
            RecycleBinEnabled = RecycleBinEnabled || recycleBin,
            // The longer of the two retentions protects: the own one counts only while the own recycle bin is on.
            RecycleBinRetentionDays = !recycleBin ? RecycleBinRetentionDays
                : RecycleBinEnabled ? Math.Max(RecycleBinRetentionDays ?? 0, policyRecycleBinRetentionDays ?? 0)
                : policyRecycleBinRetentionDays,
        };
    }
}

public sealed record CheckOutcome(CheckItem Item, CheckStatus Status, string? Reason = null);

/// <summary>Evaluates the check items of docs/rules.md §6 on one resource and scores it. Pure: no I/O, time passed in.</summary>
public static class CheckEvaluator
{
    public static readonly TimeSpan RecentRecoveryPointWindow = TimeSpan.FromHours(48);
    public const int MinRecycleBinRetentionDays = 7;

    /// <summary>
    /// The first instant after <paramref name="now"/> at which <see cref="Evaluate"/> could answer differently
    /// with nothing written: a recovery point that counts as recent stops counting 48 hours after it was made.
    /// A successful recovery point dated after now (<paramref name="nextSuccessfulRecoveryPointAt"/>) starts counting when
    /// its time comes. Null when the answer holds until something changes. (Early is harmless: re-evaluating gives the same answer.)
    /// </summary>
    public static DateTimeOffset? ValidUntil(ResourceFacts facts, DateTimeOffset now, DateTimeOffset? nextSuccessfulRecoveryPointAt = null)
    {
        if (facts.CheckError is not null || facts.Product == ProductType.Oss)
            return null;
        DateTimeOffset? until = nextSuccessfulRecoveryPointAt > now ? nextSuccessfulRecoveryPointAt : null;
        if (facts.LastSuccessfulRecoveryPointAt is { } last && last <= now && last + RecentRecoveryPointWindow > now
            && (until is null || last + RecentRecoveryPointWindow < until))
            until = last + RecentRecoveryPointWindow;
        return until;
    }

    public static IReadOnlyList<CheckOutcome> Evaluate(ResourceFacts facts, DateTimeOffset now)
    {
        if (facts.CheckError is { } error)
            return CheckItems.For(facts.Product).Select(item => new CheckOutcome(item, CheckStatus.CheckFailed, error)).ToList();

        var recent = facts.LastSuccessfulRecoveryPointAt is { } last && last > now - RecentRecoveryPointWindow && last <= now;
        const string NoBackup = "No Cloud Backup plan, so there is no backup vault to replicate.";
        return facts.Product switch
        {
            ProductType.Ecs => facts.DiskCount == 0
                ? CheckItems.For(ProductType.Ecs).Select(i => new CheckOutcome(i, CheckStatus.CheckFailed, "The instance's disks could not be listed.")).ToList()
                :
                [
                    Outcome(CheckItems.EcsSnapshot, facts.DisksWithSnapshotPolicy == facts.DiskCount || facts.CloudBackupEnabled),
                    Outcome(CheckItems.EcsCrossRegionCopy, facts.AnyDiskCopiesCrossRegion || (facts.CloudBackupEnabled && facts.BackupVaultReplication)),
                    Outcome(CheckItems.EcsFileOrDatabaseBackup, facts.FileBackupEnabled || facts.DatabaseBackupEnabled),
                    Outcome(CheckItems.EcsRecentRecoveryPoint, recent),
                ],
            ProductType.Oss =>
            [
                Outcome(CheckItems.OssVersioning, facts.VersioningEnabled),
                Outcome(CheckItems.OssBackup, facts.CloudBackupEnabled),
                Outcome(CheckItems.OssCrossRegionReplication, facts.CrossRegionReplication),
                facts.CloudBackupEnabled
                    ? Outcome(CheckItems.OssVaultReplication, facts.BackupVaultReplication)
                    : new CheckOutcome(CheckItems.OssVaultReplication, CheckStatus.NotApplicable, NoBackup),
                Regions.SupportsZoneRedundancy(facts.RegionId)
                    ? Outcome(CheckItems.OssLrsInZrsRegion, facts.Redundancy == Redundancy.Zrs || facts.ConvertingToZrs)
                    : new CheckOutcome(CheckItems.OssLrsInZrsRegion, CheckStatus.NotApplicable, $"Region {facts.RegionId} has no zone-redundant storage."),
            ],
            ProductType.Nas =>
            [
                Outcome(CheckItems.NasBackup, facts.CloudBackupEnabled && recent),
                facts.NasType == NasFileSystemType.Extreme
                    ? new CheckOutcome(CheckItems.NasRecycleBin, CheckStatus.NotApplicable, "Extreme NAS file systems have no recycle bin.")
                    : Outcome(CheckItems.NasRecycleBin, facts.RecycleBinEnabled && facts.RecycleBinRetentionDays >= MinRecycleBinRetentionDays),
                facts.CloudBackupEnabled
                    ? Outcome(CheckItems.NasVaultReplication, facts.BackupVaultReplication)
                    : new CheckOutcome(CheckItems.NasVaultReplication, CheckStatus.NotApplicable, NoBackup),
            ],
            _ =>
            [
                Outcome(CheckItems.OtsBackup, facts.CloudBackupEnabled && recent),
                facts.CloudBackupEnabled
                    ? Outcome(CheckItems.OtsVaultReplication, facts.BackupVaultReplication)
                    : new CheckOutcome(CheckItems.OtsVaultReplication, CheckStatus.NotApplicable, NoBackup),
                Outcome(CheckItems.OtsLrs, facts.Redundancy == Redundancy.Zrs),
            ],
        };
    }

    /// <summary>100 × passed weight ÷ applicable weight; null when no scored item could be judged.</summary>
    /// <remarks>A loop rather than a query: detection scores every resource it evaluates, 70,000 in an expiry wave.</remarks>
    public static double? Score(IReadOnlyList<CheckOutcome> outcomes)
    {
        int applicable = 0, passed = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            if (!outcome.Item.IsScored || outcome.Status is not (CheckStatus.Passed or CheckStatus.Failed))
                continue;
            applicable += outcome.Item.Weight;
            if (outcome.Status == CheckStatus.Passed)
                passed += outcome.Item.Weight;
        }
        return applicable == 0 ? null : 100.0 * passed / applicable;
    }

    /// <summary>Each item's passed and failed outcome, made once: outcomes are immutable, and detection makes hundreds of thousands.</summary>
    private static readonly Dictionary<CheckItem, (CheckOutcome Passed, CheckOutcome Failed)> PlainOutcomes = CheckItems.All.ToDictionary<CheckItem, CheckItem, (CheckOutcome, CheckOutcome)>(
        item => item, item => (new CheckOutcome(item, CheckStatus.Passed), new CheckOutcome(item, CheckStatus.Failed)), ReferenceEqualityComparer.Instance);

    private static CheckOutcome Outcome(CheckItem item, bool passed) => passed ? PlainOutcomes[item].Passed : PlainOutcomes[item].Failed;
}
