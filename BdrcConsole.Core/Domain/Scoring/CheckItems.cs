using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Domain.Scoring;

/// <summary>The result of one check item on one resource.</summary>
public enum CheckStatus
{
    Passed = 0,
    Failed = 1,
    NotApplicable = 2,
    /// <summary>The check could not run, so it neither passes nor fails the resource.</summary>
    CheckFailed = 3,
}

/// <summary>Stored as its rank, so that sorting by severity puts High first when descending.</summary>
public enum RiskSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>A check item (docs/rules.md §6): what is checked, its weight in the product's 100 and the severity of failing it.</summary>
public sealed record CheckItem(string RuleId, ProductType Product, int Weight, RiskSeverity Severity, string Title, string Recommendation)
{
    /// <summary>High-availability items are risks but carry no weight in the score.</summary>
    public bool IsScored => Weight > 0;
}

/// <summary>Every check item, with the weights and severities of docs/rules.md §6 (scored weights sum to 100 per product).</summary>
public static class CheckItems
{
    public static readonly CheckItem EcsSnapshot = new("ecs-snapshot", ProductType.Ecs, 40, RiskSeverity.High,
        "Automatic snapshots or Cloud Backup", "Apply an automatic snapshot policy to every disk, or back the instance up with Cloud Backup.");
    public static readonly CheckItem EcsCrossRegionCopy = new("ecs-cross-region-copy", ProductType.Ecs, 20, RiskSeverity.Medium,
        "Cross-region copy", "Enable cross-region snapshot copy in the snapshot policy, or cross-region replication of Cloud Backup backups.");
    public static readonly CheckItem EcsFileOrDatabaseBackup = new("ecs-file-db-backup", ProductType.Ecs, 20, RiskSeverity.Medium,
        "File or database backup", "Back up the instance's files or databases with Cloud Backup ECS file backup or database backup.");
    public static readonly CheckItem EcsRecentRecoveryPoint = new("ecs-recent-recovery-point", ProductType.Ecs, 20, RiskSeverity.High,
        "Recovery point in the last 48 hours", "Check why snapshots or backups stopped: no successful recovery point in the last 48 hours.");
    public static readonly CheckItem OssVersioning = new("oss-versioning", ProductType.Oss, 30, RiskSeverity.High,
        "Versioning", "Enable versioning so that overwritten and deleted objects can be recovered.");
    public static readonly CheckItem OssBackup = new("oss-backup", ProductType.Oss, 30, RiskSeverity.High,
        "Cloud Backup OSS backup", "Back the bucket up with Cloud Backup.");
    public static readonly CheckItem OssCrossRegionReplication = new("oss-cross-region-replication", ProductType.Oss, 25, RiskSeverity.Medium,
        "Cross-region replication", "Enable cross-region replication to a bucket in another region.");
    public static readonly CheckItem OssVaultReplication = new("oss-vault-replication", ProductType.Oss, 15, RiskSeverity.Low,
        "Backup vault cross-region replication", "Replicate the backup vault to another region.");
    public static readonly CheckItem NasBackup = new("nas-backup", ProductType.Nas, 50, RiskSeverity.High,
        "Cloud Backup with a recent recovery point", "Back the file system up with Cloud Backup and make sure a backup succeeded in the last 48 hours.");
    public static readonly CheckItem NasRecycleBin = new("nas-recycle-bin", ProductType.Nas, 30, RiskSeverity.Medium,
        "Recycle bin (7 days or more)", "Enable the recycle bin with a retention of at least 7 days.");
    public static readonly CheckItem NasVaultReplication = new("nas-vault-replication", ProductType.Nas, 20, RiskSeverity.Low,
        "Backup vault cross-region replication", "Replicate the backup vault to another region.");
    public static readonly CheckItem OtsBackup = new("ots-backup", ProductType.Tablestore, 60, RiskSeverity.High,
        "Cloud Backup with a recent recovery point", "Back the instance up with Cloud Backup and make sure a backup succeeded in the last 48 hours.");
    public static readonly CheckItem OtsVaultReplication = new("ots-vault-replication", ProductType.Tablestore, 40, RiskSeverity.Medium,
        "Backup vault cross-region replication", "Replicate the backup vault to another region.");
    public static readonly CheckItem OssLrsInZrsRegion = new("oss-lrs-in-zrs-region", ProductType.Oss, 0, RiskSeverity.Low,
        "Locally redundant in a ZRS region", "Convert the bucket to zone-redundant storage (High Availability).");
    public static readonly CheckItem OtsLrs = new("ots-lrs", ProductType.Tablestore, 0, RiskSeverity.Low,
        "Locally redundant instance", "Create a zone-redundant instance where the region supports it and migrate the data.");

    public static IReadOnlyList<CheckItem> All { get; } =
    [
        EcsSnapshot, EcsCrossRegionCopy, EcsFileOrDatabaseBackup, EcsRecentRecoveryPoint,
        OssVersioning, OssBackup, OssCrossRegionReplication, OssVaultReplication,
        NasBackup, NasRecycleBin, NasVaultReplication,
        OtsBackup, OtsVaultReplication,
        OssLrsInZrsRegion, OtsLrs,
    ];

    public static CheckItem? Find(string ruleId) => All.FirstOrDefault(c => c.RuleId == ruleId);

    public static IEnumerable<CheckItem> For(ProductType product) => All.Where(c => c.Product == product);
}
