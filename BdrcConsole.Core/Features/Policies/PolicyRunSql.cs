using BdrcConsole.Core.Data.Sql;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// The set-based SQL of an execution batch, per engine. "RunBatch" holds the batch's executions; "RunResources" one row
/// per applied resource with its deterministic outcome. Both are temporary tables of the run's connection.
/// Parameters: @execution, @subPolicy, @kind, @cutoff (AddToBatch); @applied, @perThousand (RunResources); @now,
/// @succeeded, @failed (InsertRecoveryPoints); @listed (ListedResources). Counts come back as (bigint, int, int).
/// </summary>
internal interface IPolicyRunSql
{
    string CreateTables { get; }
    string DropTables { get; }
    string AddToBatch { get; }
    string RunResources { get; }
    string InsertRecoveryPoints { get; }
    string Prune { get; }
    string Counts { get; }
    string Accounts { get; }
    string ListedResources { get; }
    string Reasons { get; }
    string Resources { get; }
}

/// <summary>
/// The set-based SQL of an execution batch on SQLite. "RunBatch" holds the batch's executions; "RunResources" one row per
/// applied resource with its deterministic outcome.
/// </summary>
internal sealed class SqlitePolicyRunSql : IPolicyRunSql
{
    public static readonly SqlitePolicyRunSql Instance = new();

    public string CreateTables => """
        CREATE TEMP TABLE IF NOT EXISTS "RunBatch" ("ExecutionId" INTEGER PRIMARY KEY, "SubPolicyId" INTEGER NOT NULL, "PointKind" TEXT NOT NULL, "Cutoff" INTEGER NULL);
        CREATE TEMP TABLE IF NOT EXISTS "RunResources" ("ExecutionId" INTEGER NOT NULL, "SubPolicyId" INTEGER NOT NULL, "ResourceId" TEXT NOT NULL,
            "AccountId" TEXT NOT NULL, "PointKind" TEXT NOT NULL, "Failed" INTEGER NOT NULL, "Reason" TEXT NULL, "SizeBytes" INTEGER NOT NULL);
        DELETE FROM temp."RunBatch";
        DELETE FROM temp."RunResources";
        """;

    public string DropTables => """
        DROP TABLE IF EXISTS temp."RunBatch";
        DROP TABLE IF EXISTS temp."RunResources";
        """;

    public string AddToBatch => """
        INSERT INTO temp."RunBatch" ("ExecutionId", "SubPolicyId", "PointKind", "Cutoff") VALUES (@execution, @subPolicy, @kind, @cutoff)
        """;

    /// <summary>
    /// Each resource with a succeeded application of the sub-policy. The outcome is a hash of the resource (its
    /// row id) and the execution id, so it is the same on every replay and differs from run to run: about
    /// @perThousand in 1,000 fail, with a reason that fits the kind. Sizes are stable per resource (0.25–50 GiB)
    /// and grow a little from run to run.
    /// </summary>
    public string RunResources => """
        INSERT INTO temp."RunResources" ("ExecutionId", "SubPolicyId", "ResourceId", "AccountId", "PointKind", "Failed", "Reason", "SizeBytes")
        """ + RunOutcomes.Select + """
        FROM (
            SELECT b."ExecutionId", b."SubPolicyId", a."ResourceId", a."AccountId", b."PointKind", r.rowid AS "RowId",
                (r.rowid * 2654435761 + b."ExecutionId" * 2246822519) % 1000003 AS "Hash",
                (r.rowid * 2654435761 + b."ExecutionId" * 2246822519) % 1000003 % 1000 < @perThousand AS "Failed"
            FROM temp."RunBatch" AS b
            JOIN "PolicyApplications" AS a ON a."SubPolicyId" = b."SubPolicyId" AND a."Status" = @applied
            JOIN "Resources" AS r ON r."Id" = a."ResourceId"
        )
        """;

    public string InsertRecoveryPoints => """
        INSERT INTO "RecoveryPoints" ("ResourceId", "Kind", "CreatedAt", "Status", "SizeBytes", "FailureReason", "SubPolicyId")
        SELECT "ResourceId", "PointKind", @now, CASE WHEN "Failed" THEN @failed ELSE @succeeded END, "SizeBytes", "Reason", "SubPolicyId"
        FROM temp."RunResources"
        """;

    /// <summary>The sub-policies' recovery points past their retention (read through the (SubPolicyId, CreatedAt) index).</summary>
    public string Prune => """
        DELETE FROM "RecoveryPoints" WHERE "Id" IN (
            SELECT p."Id" FROM temp."RunBatch" AS b
            JOIN "RecoveryPoints" AS p ON p."SubPolicyId" = b."SubPolicyId" AND p."CreatedAt" < b."Cutoff"
            WHERE b."Cutoff" IS NOT NULL)
        """;

    public string Counts => """
        SELECT "ExecutionId", SUM(NOT "Failed"), SUM("Failed") FROM temp."RunResources" GROUP BY "ExecutionId"
        """;

    public string Accounts => """
        SELECT DISTINCT "ExecutionId", "AccountId" FROM temp."RunResources"
        """;

    /// <summary>The first resources of each execution for its message: the failed ones first.</summary>
    public string ListedResources => """
        SELECT "ExecutionId", "ResourceId" FROM (
            SELECT "ExecutionId", "ResourceId", "Failed",
                ROW_NUMBER() OVER (PARTITION BY "ExecutionId" ORDER BY "Failed" DESC, "ResourceId") AS "Position"
            FROM temp."RunResources")
        WHERE "Position" <= @listed
        ORDER BY "ExecutionId", "Position"
        """;

    public string Reasons => """
        SELECT "ExecutionId", "Reason", COUNT(*) AS "Resources" FROM temp."RunResources" WHERE "Failed"
        GROUP BY "ExecutionId", "Reason" ORDER BY "ExecutionId", "Resources" DESC, "Reason"
        """;

    public string Resources => """
        SELECT DISTINCT "ResourceId" FROM temp."RunResources"
        """;
}


/// <summary>
/// The same on PostgreSQL: a resource has no rowid there, so its stable number is its id's hash (a run's outcomes
/// differ from SQLite's, and are as stable); the flags are booleans and the instants bigint.
/// </summary>
internal sealed class PostgreSqlPolicyRunSql : IPolicyRunSql
{
    public static readonly PostgreSqlPolicyRunSql Instance = new();

    public string CreateTables => """
        CREATE TEMP TABLE IF NOT EXISTS "RunBatch" ("ExecutionId" bigint PRIMARY KEY, "SubPolicyId" integer NOT NULL, "PointKind" text NOT NULL, "Cutoff" bigint NULL);
        CREATE TEMP TABLE IF NOT EXISTS "RunResources" ("ExecutionId" bigint NOT NULL, "SubPolicyId" integer NOT NULL, "ResourceId" text NOT NULL,
            "AccountId" text NOT NULL, "PointKind" text NOT NULL, "Failed" boolean NOT NULL, "Reason" text NULL, "SizeBytes" bigint NOT NULL);
        DELETE FROM pg_temp."RunBatch";
        DELETE FROM pg_temp."RunResources";
        """;

    public string DropTables => """
        DROP TABLE IF EXISTS pg_temp."RunBatch";
        DROP TABLE IF EXISTS pg_temp."RunResources";
        """;

    public string AddToBatch => """
        INSERT INTO pg_temp."RunBatch" ("ExecutionId", "SubPolicyId", "PointKind", "Cutoff") VALUES (@execution, @subPolicy, @kind, @cutoff)
        """;

    public string RunResources => """
        INSERT INTO pg_temp."RunResources" ("ExecutionId", "SubPolicyId", "ResourceId", "AccountId", "PointKind", "Failed", "Reason", "SizeBytes")
        """ + RunOutcomes.Select + """
        FROM (
            SELECT b."ExecutionId", b."SubPolicyId", a."ResourceId", a."AccountId", b."PointKind", n."RowId",
                (n."RowId" * 2654435761 + b."ExecutionId" * 2246822519) % 1000003 AS "Hash",
                (n."RowId" * 2654435761 + b."ExecutionId" * 2246822519) % 1000003 % 1000 < @perThousand AS "Failed"
            FROM pg_temp."RunBatch" AS b
            JOIN "PolicyApplications" AS a ON a."SubPolicyId" = b."SubPolicyId" AND a."Status" = @applied
            CROSS JOIN LATERAL (SELECT hashtext(a."ResourceId")::bigint & 2147483647 AS "RowId") AS n
        ) AS outcomes
        """;

    public string InsertRecoveryPoints => """
        INSERT INTO "RecoveryPoints" ("ResourceId", "Kind", "CreatedAt", "Status", "SizeBytes", "FailureReason", "SubPolicyId")
        SELECT "ResourceId", "PointKind", @now, CASE WHEN "Failed" THEN @failed ELSE @succeeded END, "SizeBytes", "Reason", "SubPolicyId"
        FROM pg_temp."RunResources"
        """;

    public string Prune => """
        DELETE FROM "RecoveryPoints" WHERE "Id" IN (
            SELECT p."Id" FROM pg_temp."RunBatch" AS b
            JOIN "RecoveryPoints" AS p ON p."SubPolicyId" = b."SubPolicyId" AND p."CreatedAt" < b."Cutoff"
            WHERE b."Cutoff" IS NOT NULL)
        """;

    public string Counts => """
        SELECT "ExecutionId", (COUNT(*) FILTER (WHERE NOT "Failed"))::int, (COUNT(*) FILTER (WHERE "Failed"))::int
        FROM pg_temp."RunResources" GROUP BY "ExecutionId"
        """;

    public string Accounts => """
        SELECT DISTINCT "ExecutionId", "AccountId" FROM pg_temp."RunResources"
        """;

    public string ListedResources => """
        SELECT "ExecutionId", "ResourceId" FROM (
            SELECT "ExecutionId", "ResourceId", "Failed",
                ROW_NUMBER() OVER (PARTITION BY "ExecutionId" ORDER BY "Failed" DESC, "ResourceId") AS "Position"
            FROM pg_temp."RunResources") AS ranked
        WHERE "Position" <= @listed
        ORDER BY "ExecutionId", "Position"
        """;

    public string Reasons => """
        SELECT "ExecutionId", "Reason", COUNT(*)::int AS "Resources" FROM pg_temp."RunResources" WHERE "Failed"
        GROUP BY "ExecutionId", "Reason" ORDER BY "ExecutionId", "Resources" DESC, "Reason"
        """;

    public string Resources => """
        SELECT DISTINCT "ResourceId" FROM pg_temp."RunResources"
        """;
}

/// <summary>
/// What both engines make of a batch's rows (ExecutionId, SubPolicyId, ResourceId, AccountId, PointKind, RowId, Hash,
/// Failed): a failed run's reason, which fits the kind, and a successful one's size.
/// </summary>
internal static class RunOutcomes
{
    public const string Select = """
        SELECT "ExecutionId", "SubPolicyId", "ResourceId", "AccountId", "PointKind", "Failed",
            CASE WHEN NOT "Failed" THEN NULL
                 WHEN "PointKind" = 'Snapshot' THEN CASE "Hash" / 1000 % 3
                      WHEN 0 THEN 'Snapshot quota of the disk reached.'
                      WHEN 1 THEN 'The disk was being resized during the snapshot window.'
                      ELSE 'The instance was locked for a security reason.' END
                 ELSE CASE "Hash" / 1000 % 3
                      WHEN 0 THEN 'Backup job timed out after 6 hours.'
                      WHEN 1 THEN 'The backup client did not respond within the backup window.'
                      ELSE 'The backup vault refused the write: its capacity quota is reached.' END
            END,
            CASE WHEN "Failed" THEN 0 ELSE (1 + "RowId" * 48271 % 200) * 268435456 + ("Hash" * 7919) % 67108864 END
        """ + "\n";
}
