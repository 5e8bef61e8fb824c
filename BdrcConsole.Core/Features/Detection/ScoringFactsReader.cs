using System.Data.Common;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Sql;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>What the last detection stored on a resource, to tell whether anything changed.</summary>
/// <param name="Changes">Changes marked since detection last evaluated the resource (detection subtracts what it saw).</param>
/// <param name="ValidUntil">When the stored results lapse with no event, in the stored form (0 for never).</param>
/// <param name="CheckedAt">When the stored outcome was written (its last change), in the stored form (0 for never).</param>
internal readonly record struct StoredOutcome(bool Checked, double? Score, int RiskCount, int HighRiskCount, bool HasCheckFailed, long? OutcomeHash,
    int Changes = 0, long ValidUntil = 0, long CheckedAt = 0)
{
    /// <summary>When the stored outcome was written; null when never.</summary>
    public DateTimeOffset? CheckedAtInstant => CheckedAt == 0 ? null : ScoringFactsReader.InstantOf(CheckedAt);
}

/// <summary>A resource as detection sees it: its name, the facts its check items need, whether it is excluded, and its stored outcome.</summary>
internal sealed record DetectedResource(string Name, ResourceFacts Facts, bool Excluded, StoredOutcome Stored)
{
    /// <summary>The first successful recovery point after the time read as of (it starts counting when that time comes); null when none.</summary>
    public DateTimeOffset? NextSuccessfulRecoveryPointAt { get; init; }
}

/// <summary>
/// Reads the facts the check items need for every resource of some accounts in one SQL statement
/// (<see cref="IScoringFactsSql"/>), with covering recovery-point and disk indexes. Hand-written SQL and a
/// data reader because detection reads every resource of the estate, and EF's materialisation costs
/// more than the query itself at that scale (column names and stored value formats are EF's mapping;
/// a test compares this reader with facts built from the entities).
/// </summary>
internal static class ScoringFactsReader
{
    private static readonly DateTimeOffsetToBinaryConverter Instant = new();

    [Flags]
    private enum Packed
    {
        CloudBackup = 1 << 0,
        VaultReplication = 1 << 1,
        FileBackup = 1 << 2,
        DatabaseBackup = 1 << 3,
        Versioning = 1 << 4,
        CrossRegionReplication = 1 << 5,
        RecycleBin = 1 << 6,
        Converting = 1 << 7,
        Excluded = 1 << 8,
        Checked = 1 << 9,
        CheckFailed = 1 << 10,
        HasCheckError = 1 << 11,
        HasScore = 1 << 12,
        HasOutcomeHash = 1 << 13,
    }

    /// <summary>Products as the model stores them (strings), parsed once instead of per row.</summary>
    private static readonly Dictionary<string, ProductType> Products = Enum.GetValues<ProductType>().ToDictionary(p => p.ToString());

    /// <summary>How many resources of some accounts are marked as changed, and how many (not marked) have lapsed, at <paramref name="asOf"/>.</summary>
    public static async Task<(int Changed, int Expired)> CountDueAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, DateTimeOffset asOf, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = db.Sql.Facts.CountDue;
            command.AddParameter("@accounts", db.Sql.Lists.Value(accountIds));
            command.AddParameter("@asOf", Instant.ConvertToProvider(asOf));
            await using var reader = await command.ExecuteReaderAsync(ct);
            reader.Read();
            return (reader.GetInt32(0), reader.GetInt32(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <param name="asOf">Recovery points after this time are ignored (for history, "as the data stood then").</param>
    /// <param name="resourceIds">Only these resources of the accounts; all of them when null.</param>
    public static async Task<List<DetectedResource>> ReadAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, DateTimeOffset asOf, CancellationToken ct, IReadOnlyCollection<string>? resourceIds = null)
    {
        var resources = new List<DetectedResource>();
        await ReadAsync(db, accountIds, asOf, resources.Add, ct, resourceIds);
        return resources;
    }

    /// <summary>Hands each resource to <paramref name="visit"/> as it is read, so a caller need not hold them all.</summary>
    /// <param name="dueOnly">Only the resources marked as changed or lapsed at <paramref name="asOf"/> (incremental detection).</param>
    public static async Task ReadAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, DateTimeOffset asOf, Action<DetectedResource> visit, CancellationToken ct,
        IReadOnlyCollection<string>? resourceIds = null, bool dueOnly = false)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var sql = db.Sql.Facts;
            command.CommandText = dueOnly ? sql.SelectDue : resourceIds is null ? sql.SelectAccounts : sql.SelectResources;
            command.AddParameter("@accounts", db.Sql.Lists.Value(accountIds));
            command.AddParameter("@asOf", Instant.ConvertToProvider(asOf));
            if (resourceIds is not null)
                command.AddParameter("@resources", db.Sql.Lists.Value(resourceIds));

            // Synchronous reads: rows come from the database's pages or one network buffer, an await per row only adds overhead.
            await using var reader = await command.ExecuteReaderAsync(ct);
            do
            {
                while (reader.Read())
                    visit(Read(reader));
            }
            while (reader.NextResult());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DetectedResource Read(DbDataReader r)
    {
        var product = Products[r.GetString(3)];
        var flags = (Packed)r.GetInt32(9);
        var disks = product == ProductType.Ecs ? r.GetInt64(15) : 0;
        var lastSuccess = r.GetInt64(14);
        var facts = new ResourceFacts(
            ResourceId: r.GetString(0),
            AccountId: r.GetString(2),
            Product: product,
            RegionId: r.GetString(4),
            CloudBackupEnabled: flags.HasFlag(Packed.CloudBackup),
            BackupVaultReplication: flags.HasFlag(Packed.VaultReplication),
            // 0 stands for "none": no stored instant is 0 (that would be the year 1).
            LastSuccessfulRecoveryPointAt: lastSuccess == 0 ? null : InstantOf(lastSuccess),
            CheckError: flags.HasFlag(Packed.HasCheckError) ? r.GetString(5) : null,
            DiskCount: (int)(disks & 0xFFFFF),
            DisksWithSnapshotPolicy: (int)((disks >> 20) & 0xFFFFF),
            AnyDiskCopiesCrossRegion: (disks >> 40) != 0,
            FileBackupEnabled: flags.HasFlag(Packed.FileBackup),
            DatabaseBackupEnabled: flags.HasFlag(Packed.DatabaseBackup),
            VersioningEnabled: flags.HasFlag(Packed.Versioning),
            CrossRegionReplication: flags.HasFlag(Packed.CrossRegionReplication),
            Redundancy: product is ProductType.Oss or ProductType.Tablestore ? EnumOrNull<Redundancy>(r, 6) : null,
            ConvertingToZrs: flags.HasFlag(Packed.Converting),
            NasType: product == ProductType.Nas ? EnumOrNull<NasFileSystemType>(r, 7) : null,
            RecycleBinEnabled: flags.HasFlag(Packed.RecycleBin),
            RecycleBinRetentionDays: product == ProductType.Nas && !r.IsDBNull(8) ? r.GetInt32(8) : null)
            .WithPolicyGrants((ProtectionGrant)r.GetInt32(16), r.IsDBNull(17) ? null : r.GetInt32(17));
        var stored = new StoredOutcome(
            Checked: flags.HasFlag(Packed.Checked),
            Score: flags.HasFlag(Packed.HasScore) ? r.GetDouble(10) : null,
            RiskCount: r.GetInt32(11),
            HighRiskCount: r.GetInt32(12),
            HasCheckFailed: flags.HasFlag(Packed.CheckFailed),
            OutcomeHash: flags.HasFlag(Packed.HasOutcomeHash) ? r.GetInt64(13) : null,
            Changes: r.GetInt32(18),
            ValidUntil: r.GetInt64(19),
            CheckedAt: r.GetInt64(21));
        var next = r.GetInt64(20);
        return new DetectedResource(r.GetString(1), facts, flags.HasFlag(Packed.Excluded), stored) { NextSuccessfulRecoveryPointAt = next == 0 ? null : InstantOf(next) };
    }

    /// <summary>An instant in the stored form (0 for none), as <see cref="StoredOutcome.ValidUntil"/> holds it.</summary>
    public static long Stored(DateTimeOffset? instant) => instant is { } value ? (long)Instant.ConvertToProvider(value)! : 0;

    /// <summary>An instant from its stored form.</summary>
    public static DateTimeOffset InstantOf(long stored) => (DateTimeOffset)Instant.ConvertFromProvider(stored)!;

    private static T? EnumOrNull<T>(DbDataReader r, int ordinal) where T : struct, Enum =>
        r.IsDBNull(ordinal) ? null : Enum.Parse<T>(r.GetString(ordinal));
}
