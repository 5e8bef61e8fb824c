using System.Text.Json;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BdrcConsole.Core.Features.Scoring;

/// <summary>What the last detection stored on a resource, to tell whether anything changed.</summary>
internal readonly record struct StoredOutcome(bool Checked, double? Score, int RiskCount, int HighRiskCount, bool HasCheckFailed, long? OutcomeHash);

/// <summary>A resource as detection sees it: its name, the facts its check items need, whether it is excluded, and its stored outcome.</summary>
internal sealed record DetectedResource(string Name, ResourceFacts Facts, bool Excluded, StoredOutcome Stored);

/// <summary>
/// Reads the facts the check items need for every resource of some accounts in one SQL statement:
/// per resource, one seek into the covering recovery-point and disk indexes. Hand-written SQL and a
/// data reader because detection reads every resource of the estate, and EF's materialisation costs
/// more than the query itself at that scale (column names and stored value formats are EF's mapping;
/// a test compares this reader with facts built from the entities).
/// </summary>
internal static class ScoringFactsReader
{
    private static readonly DateTimeOffsetToBinaryConverter Instant = new();

    private const string Select = """
        SELECT r."Id", r."Name", r."AccountId", r."Product", r."RegionId", r."CloudBackupEnabled", r."BackupVaultReplication", r."CheckError",
            r."FileBackupEnabled", r."DatabaseBackupEnabled", r."VersioningEnabled", r."CrossRegionReplication", r."Redundancy", r."ConvertingSince",
            r."TablestoreInstance_Redundancy", r."FileSystemType", r."RecycleBinEnabled", r."RecycleBinRetentionDays",
            r."ExcludedFromChecks", r."CheckedAt", r."Score", r."RiskCount", r."HighRiskCount", r."HasCheckFailed", r."OutcomeHash",
            (SELECT MAX(p."CreatedAt") FROM "RecoveryPoints" AS p WHERE p."ResourceId" = r."Id" AND p."Status" = 'Succeeded' AND p."CreatedAt" <= $asOf),
            CASE WHEN r."Product" = 'Ecs' THEN (SELECT COUNT(*) FROM "EcsDisks" AS d WHERE d."InstanceId" = r."Id") END,
            CASE WHEN r."Product" = 'Ecs' THEN (SELECT COUNT(d."AutoSnapshotPolicyId") FROM "EcsDisks" AS d WHERE d."InstanceId" = r."Id") END,
            CASE WHEN r."Product" = 'Ecs' THEN EXISTS (SELECT 1 FROM "EcsDisks" AS d
                WHERE d."InstanceId" = r."Id" AND d."AutoSnapshotPolicyId" IS NOT NULL AND d."SnapshotCrossRegionCopy") END
        FROM "Resources" AS r
        WHERE r."AccountId" IN (SELECT value FROM json_each($accounts))
        """;

    /// <param name="asOf">Recovery points after this time are ignored (for history, "as the data stood then").</param>
    /// <param name="resourceIds">Only these resources of the accounts; all of them when null.</param>
    public static async Task<List<DetectedResource>> ReadAsync(BdrcDbContext db, IReadOnlyCollection<string> accountIds, DateTimeOffset asOf, CancellationToken ct, IReadOnlyCollection<string>? resourceIds = null)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = resourceIds is null ? Select : Select + """ AND r."Id" IN (SELECT value FROM json_each($resources))""";
            command.Parameters.AddWithValue("$accounts", JsonSerializer.Serialize(accountIds));
            command.Parameters.AddWithValue("$asOf", Instant.ConvertToProvider(asOf));
            if (resourceIds is not null)
                command.Parameters.AddWithValue("$resources", JsonSerializer.Serialize(resourceIds));

            var resources = new List<DetectedResource>();
            // Synchronous reads: rows come from SQLite's pages, an await per row only adds overhead.
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (reader.Read())
                resources.Add(Read(reader));
            return resources;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DetectedResource Read(SqliteDataReader r)
    {
        var product = Enum.Parse<ProductType>(r.GetString(3));
        var redundancy = product switch
        {
            ProductType.Oss => EnumOrNull<Redundancy>(r, 12),
            ProductType.Tablestore => EnumOrNull<Redundancy>(r, 14),
            _ => null,
        };
        var facts = new ResourceFacts(
            ResourceId: r.GetString(0),
            AccountId: r.GetString(2),
            Product: product,
            RegionId: r.GetString(4),
            CloudBackupEnabled: r.GetBoolean(5),
            BackupVaultReplication: r.GetBoolean(6),
            LastSuccessfulRecoveryPointAt: r.IsDBNull(25) ? null : InstantOf(r.GetInt64(25)),
            CheckError: r.IsDBNull(7) ? null : r.GetString(7),
            DiskCount: r.IsDBNull(26) ? 0 : r.GetInt32(26),
            DisksWithSnapshotPolicy: r.IsDBNull(27) ? 0 : r.GetInt32(27),
            AnyDiskCopiesCrossRegion: !r.IsDBNull(28) && r.GetBoolean(28),
            FileBackupEnabled: BoolOrFalse(r, 8),
            DatabaseBackupEnabled: BoolOrFalse(r, 9),
            VersioningEnabled: BoolOrFalse(r, 10),
            CrossRegionReplication: BoolOrFalse(r, 11),
            Redundancy: redundancy,
            ConvertingToZrs: !r.IsDBNull(13),
            NasType: EnumOrNull<NasFileSystemType>(r, 15),
            RecycleBinEnabled: BoolOrFalse(r, 16),
            RecycleBinRetentionDays: r.IsDBNull(17) ? null : r.GetInt32(17));
        var stored = new StoredOutcome(
            Checked: !r.IsDBNull(19),
            Score: r.IsDBNull(20) ? null : r.GetDouble(20),
            RiskCount: r.GetInt32(21),
            HighRiskCount: r.GetInt32(22),
            HasCheckFailed: r.GetBoolean(23),
            OutcomeHash: r.IsDBNull(24) ? null : r.GetInt64(24));
        return new DetectedResource(r.GetString(1), facts, r.GetBoolean(18), stored);
    }

    private static DateTimeOffset InstantOf(long stored) => (DateTimeOffset)Instant.ConvertFromProvider(stored)!;

    private static bool BoolOrFalse(SqliteDataReader r, int ordinal) => !r.IsDBNull(ordinal) && r.GetBoolean(ordinal);

    private static T? EnumOrNull<T>(SqliteDataReader r, int ordinal) where T : struct, Enum =>
        r.IsDBNull(ordinal) ? null : Enum.Parse<T>(r.GetString(ordinal));
}
