using BdrcConsole.Core.Data.Sql;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// The statements <see cref="ScoringFactsReader"/> runs, per engine. Parameters: <c>@accounts</c> (an id list,
/// <see cref="IIdListSql"/>), <c>@asOf</c> (an instant in the stored form), <c>@resources</c> (an id list). Every
/// engine returns the same columns with the same types (int, bigint, double), which the reader reads by position.
/// </summary>
internal interface IScoringFactsSql
{
    /// <summary>Every resource of the accounts.</summary>
    string SelectAccounts { get; }

    /// <summary>The given resources of the accounts.</summary>
    string SelectResources { get; }

    /// <summary>
    /// Only the resources detection has to evaluate, in two statements: those marked as changed, then the others whose
    /// results lapsed by <c>@asOf</c>. Each walks its partial index (IX_Resources_Changed, IX_Resources_ValidUntil)
    /// straight to the rows, never a scan.
    /// </summary>
    string SelectDue { get; }

    /// <summary>One row: how many resources are marked as changed, and how many (not marked) have lapsed (two int columns).</summary>
    string CountDue { get; }
}

internal sealed class SqliteScoringFactsSql : IScoringFactsSql
{
    public static readonly SqliteScoringFactsSql Instance = new();

    // Booleans travel packed in one integer and an instance's disks in another: at 200k rows, reading
    // a column costs more than computing it, so the statement returns as few columns as it can.
    private const string Select = """
        SELECT r."Id", r."Name", r."AccountId", r."Product", r."RegionId", r."CheckError",
            COALESCE(r."Redundancy", r."TablestoreInstance_Redundancy"), r."FileSystemType", r."RecycleBinRetentionDays",
            r."CloudBackupEnabled" | (r."BackupVaultReplication" << 1) | (COALESCE(r."FileBackupEnabled", 0) << 2)
                | (COALESCE(r."DatabaseBackupEnabled", 0) << 3) | (COALESCE(r."VersioningEnabled", 0) << 4)
                | (COALESCE(r."CrossRegionReplication", 0) << 5) | (COALESCE(r."RecycleBinEnabled", 0) << 6)
                | ((r."ConvertingSince" IS NOT NULL) << 7) | (r."ExcludedFromChecks" << 8) | ((r."CheckedAt" IS NOT NULL) << 9)
                | (r."HasCheckFailed" << 10) | ((r."CheckError" IS NOT NULL) << 11) | ((r."Score" IS NOT NULL) << 12)
                | ((r."OutcomeHash" IS NOT NULL) << 13),
            COALESCE(r."Score", 0), r."RiskCount", r."HighRiskCount", COALESCE(r."OutcomeHash", 0),
            COALESCE((SELECT MAX(p."CreatedAt") FROM "RecoveryPoints" AS p WHERE p."ResourceId" = r."Id" AND p."Status" = 'Succeeded' AND p."CreatedAt" <= @asOf), 0),
            CASE WHEN r."Product" = 'Ecs' THEN (SELECT COUNT(*) | (COUNT(d."AutoSnapshotPolicyId") << 20)
                | (COALESCE(MAX(d."AutoSnapshotPolicyId" IS NOT NULL AND d."SnapshotCrossRegionCopy"), 0) << 40)
                FROM "EcsDisks" AS d WHERE d."InstanceId" = r."Id") ELSE 0 END,
            r."PolicyGrants", r."PolicyRecycleBinRetentionDays", r."ChangesSinceDetection", COALESCE(r."ValidUntil", 0),
            CASE WHEN r."Product" <> 'Oss' THEN COALESCE((SELECT MIN(p."CreatedAt") FROM "RecoveryPoints" AS p
                WHERE p."ResourceId" = r."Id" AND p."Status" = 'Succeeded' AND p."CreatedAt" > @asOf), 0) ELSE 0 END,
            COALESCE(r."CheckedAt", 0)
        FROM "Resources" AS r
        WHERE r."AccountId" IN (SELECT value FROM json_each(@accounts))
        """;

    public string SelectAccounts => Select;

    // Given resources are sought by their key: the unary '+' keeps SQLite from walking the accounts' index instead,
    // which for a few resources in each of many accounts would read every resource of those accounts.
    public string SelectResources { get; } =
        Select.Replace("""WHERE r."AccountId" IN""", """WHERE +r."AccountId" IN""") + """ AND r."Id" IN (SELECT value FROM json_each(@resources))""";

    // SQLite's planner is told which partial index each statement walks.
    public string SelectDue { get; } =
        Select.Replace("""WHERE r."AccountId" IN""", """INDEXED BY "IX_Resources_Changed" WHERE r."ChangesSinceDetection" > 0 AND r."AccountId" IN""") + ";\n"
        + Select.Replace("""WHERE r."AccountId" IN""", """INDEXED BY "IX_Resources_ValidUntil" WHERE r."ValidUntil" IS NOT NULL AND r."ValidUntil" <= @asOf """
            + """AND r."ChangesSinceDetection" <= 0 AND r."AccountId" IN""");

    public string CountDue => """
        SELECT (SELECT COUNT(*) FROM "Resources" AS c INDEXED BY "IX_Resources_Changed"
                WHERE c."ChangesSinceDetection" > 0 AND c."AccountId" IN (SELECT value FROM json_each(@accounts))),
            (SELECT COUNT(*) FROM "Resources" AS v INDEXED BY "IX_Resources_ValidUntil"
                WHERE v."ValidUntil" IS NOT NULL AND v."ValidUntil" <= @asOf AND v."ChangesSinceDetection" <= 0
                AND v."AccountId" IN (SELECT value FROM json_each(@accounts)))
        """;
}

internal sealed class PostgreSqlScoringFactsSql : IScoringFactsSql
{
    public static readonly PostgreSqlScoringFactsSql Instance = new();

    // The same columns as SQLite's statement. PostgreSQL's booleans are cast to int before they are packed, a disk's
    // "any" is bool_or, and counts (bigint) are cast where the reader expects an int.
    private const string Columns = """
        r."Id", r."Name", r."AccountId", r."Product", r."RegionId", r."CheckError",
            COALESCE(r."Redundancy", r."TablestoreInstance_Redundancy"), r."FileSystemType", r."RecycleBinRetentionDays",
            r."CloudBackupEnabled"::int | (r."BackupVaultReplication"::int << 1) | (COALESCE(r."FileBackupEnabled", false)::int << 2)
                | (COALESCE(r."DatabaseBackupEnabled", false)::int << 3) | (COALESCE(r."VersioningEnabled", false)::int << 4)
                | (COALESCE(r."CrossRegionReplication", false)::int << 5) | (COALESCE(r."RecycleBinEnabled", false)::int << 6)
                | ((r."ConvertingSince" IS NOT NULL)::int << 7) | (r."ExcludedFromChecks"::int << 8) | ((r."CheckedAt" IS NOT NULL)::int << 9)
                | (r."HasCheckFailed"::int << 10) | ((r."CheckError" IS NOT NULL)::int << 11) | ((r."Score" IS NOT NULL)::int << 12)
                | ((r."OutcomeHash" IS NOT NULL)::int << 13),
            COALESCE(r."Score", 0), r."RiskCount", r."HighRiskCount", COALESCE(r."OutcomeHash", 0),
        """;

    /// <summary>Per resource, one seek into the covering recovery-point and disk indexes: right for a few resources, whatever the statistics say.</summary>
    private const string SelectBySeeks = "SELECT " + Columns + """
            COALESCE((SELECT MAX(p."CreatedAt") FROM "RecoveryPoints" AS p WHERE p."ResourceId" = r."Id" AND p."Status" = 'Succeeded' AND p."CreatedAt" <= @asOf), 0),
            CASE WHEN r."Product" = 'Ecs' THEN (SELECT COUNT(*) | (COUNT(d."AutoSnapshotPolicyId") << 20)
                | (COALESCE(bool_or(d."AutoSnapshotPolicyId" IS NOT NULL AND d."SnapshotCrossRegionCopy"), false)::int::bigint << 40)
                FROM "EcsDisks" AS d WHERE d."InstanceId" = r."Id") ELSE 0::bigint END,
            r."PolicyGrants", r."PolicyRecycleBinRetentionDays", r."ChangesSinceDetection", COALESCE(r."ValidUntil", 0),
            CASE WHEN r."Product" <> 'Oss' THEN COALESCE((SELECT MIN(p."CreatedAt") FROM "RecoveryPoints" AS p
                WHERE p."ResourceId" = r."Id" AND p."Status" = 'Succeeded' AND p."CreatedAt" > @asOf), 0) ELSE 0::bigint END,
            COALESCE(r."CheckedAt", 0)
        FROM "Resources" AS r
        WHERE r."AccountId" = ANY(@accounts)
        """;

    // Every resource of some accounts (full detection: 10,000 resources a statement): their recovery points and disks
    // are aggregated once for all of them, each by one index scan over the sorted array of their ids, and joined by
    // hash, rather than three correlated subqueries per resource, each an executor start, an index descent and a
    // one-row aggregate of its own (≈ 67 → 55 ms a statement). The resources are found twice by the accounts' index
    // (their ids, then their rows) rather than held in a work table as wide as the rows. The aggregates are
    // materialized so that a plan that misjudges their size rescans a work table, never the index scans.
    // (The due and the given resources keep the seeks: the partial indexes' statistics lag behind the marks, and a
    // nested loop over these aggregates, planned for one changed resource, ran for every one of hundreds.)
    public string SelectAccounts => """
        WITH selected AS MATERIALIZED (SELECT r."Id", r."Product" FROM "Resources" AS r WHERE r."AccountId" = ANY(@accounts)),
            points AS MATERIALIZED (SELECT p."ResourceId", MAX(p."CreatedAt") FILTER (WHERE p."CreatedAt" <= @asOf) AS "LastBefore",
                    MIN(p."CreatedAt") FILTER (WHERE p."CreatedAt" > @asOf) AS "FirstAfter"
                FROM "RecoveryPoints" AS p
                WHERE p."ResourceId" = ANY(ARRAY(SELECT s."Id" FROM selected AS s)) AND p."Status" = 'Succeeded'
                GROUP BY p."ResourceId"),
            disks AS MATERIALIZED (SELECT d."InstanceId", COUNT(*) | (COUNT(d."AutoSnapshotPolicyId") << 20)
                    | (COALESCE(bool_or(d."AutoSnapshotPolicyId" IS NOT NULL AND d."SnapshotCrossRegionCopy"), false)::int::bigint << 40) AS "Packed"
                FROM "EcsDisks" AS d
                WHERE d."InstanceId" = ANY(ARRAY(SELECT s."Id" FROM selected AS s WHERE s."Product" = 'Ecs'))
                GROUP BY d."InstanceId")

        """ + "SELECT " + Columns + """
            COALESCE(points."LastBefore", 0),
            CASE WHEN r."Product" = 'Ecs' THEN COALESCE(disks."Packed", 0) ELSE 0::bigint END,
            r."PolicyGrants", r."PolicyRecycleBinRetentionDays", r."ChangesSinceDetection", COALESCE(r."ValidUntil", 0),
            CASE WHEN r."Product" <> 'Oss' THEN COALESCE(points."FirstAfter", 0) ELSE 0::bigint END,
            COALESCE(r."CheckedAt", 0)
        FROM "Resources" AS r
            LEFT JOIN points ON points."ResourceId" = r."Id"
            LEFT JOIN disks ON disks."InstanceId" = r."Id"
        WHERE r."AccountId" = ANY(@accounts)
        """;

    public string SelectResources { get; } = SelectBySeeks + """ AND r."Id" = ANY(@resources)""";

    // The planner walks the partial indexes by itself: each statement repeats its index's filter.
    public string SelectDue { get; } =
        SelectBySeeks + """ AND r."ChangesSinceDetection" > 0;""" + "\n"
        + SelectBySeeks + """ AND r."ValidUntil" IS NOT NULL AND r."ValidUntil" <= @asOf AND r."ChangesSinceDetection" <= 0""";

    public string CountDue => """
        SELECT (SELECT COUNT(*)::int FROM "Resources" AS c WHERE c."ChangesSinceDetection" > 0 AND c."AccountId" = ANY(@accounts)),
            (SELECT COUNT(*)::int FROM "Resources" AS v
                WHERE v."ValidUntil" IS NOT NULL AND v."ValidUntil" <= @asOf AND v."ChangesSinceDetection" <= 0 AND v."AccountId" = ANY(@accounts))
        """;
}
