using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Core.Data.Seeding;

/// <summary>
/// An account's character in a generated estate: how mature its protection is (0–1) and the tags its
/// resources carry.
/// </summary>
public sealed record EstateAccountProfile(string AccountId, string Slug, double Maturity, string Env, string App, string Owner, double ImportantShare);

/// <summary>
/// Generates a realistic, deterministic estate of ECS, OSS, NAS and Tablestore resources with
/// protection configurations and recovery points: the same seed and profile give the same ids,
/// names, tags and protection; times are relative to <c>now</c>.
/// </summary>
public sealed class EstateGenerator(int seed, DateTimeOffset now)
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly string[] InstanceTypes = ["ecs.g7.large", "ecs.g7.xlarge", "ecs.c7.2xlarge", "ecs.r7.large", "ecs.t6-c1m2.large"];
    private static readonly string[] BucketPurposes = ["logs", "assets", "backup", "media", "exports", "archive", "static", "reports"];
    private static readonly string[] ServerRoles = ["web", "api", "worker", "db", "cache", "batch", "bastion", "ci"];

    /// <summary>Recovery points per day for protected resources; 1 gives a month of daily history.</summary>
    public int RecoveryPointEveryDays { get; init; } = 1;

    /// <summary>How many days of recovery point history to generate.</summary>
    public int HistoryDays { get; init; } = 30;

    public IReadOnlyList<CloudResource> Generate(EstateAccountProfile account, int count, int accountOrdinal)
    {
        var random = new Random(unchecked(seed * 486187739 + StableHash(account.AccountId)));
        var resources = new List<CloudResource>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            CloudResource resource = roll switch
            {
                < 0.40 => NewEcs(random, account, i),
                < 0.65 => NewOss(random, account, i, accountOrdinal),
                < 0.85 => NewNas(random, account, i),
                _ => NewTablestore(random, account, i, accountOrdinal),
            };
            Tag(random, account, resource);
            AddRecoveryPoints(random, resource);
            SimulateCheckError(resource);
            resource.RefreshProtectionStatus();
            resources.Add(resource);
        }
        return resources;
    }

    private EcsInstance NewEcs(Random random, EstateAccountProfile account, int index)
    {
        var region = PickRegion(random);
        var role = ServerRoles[random.Next(ServerRoles.Length)];
        var protectedLevel = account.Maturity;
        var instance = new EcsInstance
        {
            Id = "i-" + RandomId(random, 20),
            AccountId = account.AccountId,
            Name = $"{account.Slug}-{role}-{index:D3}",
            RegionId = region.Id,
            ZoneId = region.Zones[random.Next(region.Zones.Count)],
            CreatedAt = now.AddDays(-random.Next(40, 900)),
            InstanceType = InstanceTypes[random.Next(InstanceTypes.Length)],
        };
        var diskCount = 1 + random.Next(0, 3);
        var snapshotPolicy = Chance(random, protectedLevel) ? $"sp-{RandomId(random, 16)}" : null;
        var allDisksCovered = Chance(random, 0.85);
        for (var d = 0; d < diskCount; d++)
        {
            instance.Disks.Add(new EcsDisk
            {
                Id = "d-" + RandomId(random, 20),
                Category = d == 0 ? DiskCategory.System : DiskCategory.Data,
                SizeGiB = d == 0 ? 40 : 100 * (1 + random.Next(0, 10)),
                AutoSnapshotPolicyId = d == 0 || allDisksCovered ? snapshotPolicy : null,
                SnapshotCrossRegionCopy = snapshotPolicy is not null && Chance(random, protectedLevel * 0.7),
            });
        }
        instance.CloudBackupEnabled = Chance(random, protectedLevel * 0.8);
        instance.CloudBackupPlanName = instance.CloudBackupEnabled ? $"ecs-backup-{account.Slug}" : null;
        instance.BackupVaultReplication = instance.CloudBackupEnabled && Chance(random, protectedLevel * 0.6);
        instance.FileBackupEnabled = Chance(random, protectedLevel * 0.6);
        instance.DatabaseBackupEnabled = role == "db" && Chance(random, protectedLevel);
        return instance;
    }

    private OssBucket NewOss(Random random, EstateAccountProfile account, int index, int accountOrdinal)
    {
        var region = PickRegion(random);
        var storageClass = random.NextDouble() switch
        {
            < 0.6 => OssStorageClass.Standard,
            < 0.75 => OssStorageClass.IA,
            < 0.87 => OssStorageClass.Archive,
            < 0.95 => OssStorageClass.ColdArchive,
            _ => OssStorageClass.DeepColdArchive,
        };
        var zrs = region.SupportsZoneRedundancy && Chance(random, account.Maturity * 0.6) && Features.Resources.HighAvailabilityService.ConvertibleStorageClasses.Contains(storageClass);
        var bucket = new OssBucket
        {
            Id = $"{account.Slug}-{BucketPurposes[random.Next(BucketPurposes.Length)]}-{accountOrdinal}-{index:D3}",
            AccountId = account.AccountId,
            Name = "",
            RegionId = region.Id,
            CreatedAt = now.AddDays(-random.Next(40, 1200)),
            StorageClass = storageClass,
            Redundancy = zrs ? Redundancy.Zrs : Redundancy.Lrs,
            StorageBytes = (long)random.Next(1, 5000) * 1024 * 1024 * 1024 / 10,
            VersioningEnabled = Chance(random, account.Maturity * 0.9),
            CrossRegionReplication = Chance(random, account.Maturity * 0.6),
        };
        bucket.Name = bucket.Id;
        bucket.CloudBackupEnabled = Chance(random, account.Maturity * 0.8);
        bucket.CloudBackupPlanName = bucket.CloudBackupEnabled ? $"oss-backup-{account.Slug}" : null;
        bucket.BackupVaultReplication = bucket.CloudBackupEnabled && Chance(random, account.Maturity * 0.6);
        return bucket;
    }

    private NasFileSystem NewNas(Random random, EstateAccountProfile account, int index)
    {
        var region = PickRegion(random);
        var nas = new NasFileSystem
        {
            Id = RandomHex(random, 10),
            AccountId = account.AccountId,
            Name = $"{account.Slug}-nas-{index:D3}",
            RegionId = region.Id,
            ZoneId = region.Zones[random.Next(region.Zones.Count)],
            CreatedAt = now.AddDays(-random.Next(40, 900)),
            FileSystemType = Chance(random, 0.75) ? NasFileSystemType.GeneralPurpose : NasFileSystemType.Extreme,
            CapacityGiB = 100 * (1 + random.Next(0, 50)),
            RecycleBinEnabled = Chance(random, account.Maturity * 0.8),
        };
        // Some recycle bins keep files for fewer than 7 days: enabled, but too short to count.
        nas.RecycleBinRetentionDays = nas.RecycleBinEnabled ? (Chance(random, 0.8) ? random.Next(7, 181) : random.Next(1, 7)) : null;
        nas.CloudBackupEnabled = Chance(random, account.Maturity * 0.85);
        nas.CloudBackupPlanName = nas.CloudBackupEnabled ? $"nas-backup-{account.Slug}" : null;
        nas.BackupVaultReplication = nas.CloudBackupEnabled && Chance(random, account.Maturity * 0.6);
        return nas;
    }

    private TablestoreInstance NewTablestore(Random random, EstateAccountProfile account, int index, int accountOrdinal)
    {
        var region = PickRegion(random);
        var ots = new TablestoreInstance
        {
            Id = $"ots-{RandomId(random, 8)}-{accountOrdinal}",
            AccountId = account.AccountId,
            Name = $"{account.Slug}-ots-{index:D3}",
            RegionId = region.Id,
            CreatedAt = now.AddDays(-random.Next(40, 900)),
            Redundancy = region.SupportsZoneRedundancy && Chance(random, account.Maturity * 0.7) ? Redundancy.Zrs : Redundancy.Lrs,
        };
        ots.CloudBackupEnabled = Chance(random, account.Maturity * 0.85);
        ots.CloudBackupPlanName = ots.CloudBackupEnabled ? $"ots-backup-{account.Slug}" : null;
        ots.BackupVaultReplication = ots.CloudBackupEnabled && Chance(random, account.Maturity * 0.6);
        return ots;
    }

    private static void Tag(Random random, EstateAccountProfile account, CloudResource resource)
    {
        resource.SetTag("env", account.Env == "mixed" ? (Chance(random, 0.5) ? "prod" : "dev") : account.Env);
        resource.SetTag("app", account.App);
        if (Chance(random, 0.9))
            resource.SetTag("owner", account.Owner);
        if (Chance(random, account.ImportantShare))
            resource.SetTag("important", "true");
    }

    /// <summary>
    /// Protected resources get a history of recovery points with occasional failures; some stopped
    /// producing points a few days ago, so "a recent recovery point" fails for them.
    /// </summary>
    private void AddRecoveryPoints(Random random, CloudResource resource)
    {
        var kind = resource switch
        {
            EcsInstance ecs when ecs.Disks.Any(d => d.AutoSnapshotPolicyId is not null) => RecoveryPointKind.Snapshot,
            _ when resource.CloudBackupEnabled => RecoveryPointKind.Backup,
            _ => (RecoveryPointKind?)null,
        };
        if (kind is null)
            return;
        var stoppedDaysAgo = Chance(random, 0.12) ? random.Next(3, 20) : 0;
        var size = (long)random.Next(1, 200) * 1024 * 1024 * 256;
        for (var day = HistoryDays - 1; day >= stoppedDaysAgo; day -= RecoveryPointEveryDays)
        {
            var failed = Chance(random, 0.06) || (day == 0 && Chance(random, 0.05));
            resource.RecoveryPoints.Add(new RecoveryPoint
            {
                Kind = kind.Value,
                CreatedAt = now.AddDays(-day).AddHours(-random.Next(1, 6)),
                Status = failed ? RecoveryPointStatus.Failed : RecoveryPointStatus.Succeeded,
                SizeBytes = failed ? 0 : size + random.Next(0, 1024 * 1024 * 64),
                FailureReason = failed ? "The backup client did not respond within the backup window." : null,
            });
        }
    }

    /// <summary>
    /// About one resource in forty cannot be described by the cloud API, so its checks fail to run. Decided by
    /// the resource id alone, so that it draws nothing from the estate's random sequence.
    /// </summary>
    private static void SimulateCheckError(CloudResource resource)
    {
        if ((uint)StableHash(resource.Id) % 40 == 0)
            resource.CheckError = "The cloud API refused to describe the resource (throttled); detection will retry.";
    }

    private static CloudRegion PickRegion(Random random)
    {
        // Most estates live in a few big regions; smaller ones (some without ZRS) appear less often.
        var weights = Regions.All.Select((r, i) => i < 4 ? 4 : i < 8 ? 2 : 1).ToArray();
        var pick = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (pick < weights[i])
                return Regions.All[i];
            pick -= weights[i];
        }
        return Regions.All[0];
    }

    private static bool Chance(Random random, double probability) => random.NextDouble() < probability;

    private static string RandomId(Random random, int length) =>
        string.Create(length, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = IdAlphabet[r.Next(IdAlphabet.Length)]; });

    private static string RandomHex(Random random, int length) =>
        string.Create(length, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = "0123456789abcdef"[r.Next(16)]; });

    /// <summary>string.GetHashCode is randomised per process; ids must be the same on every start.</summary>
    internal static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
                hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
