using System.Text.Json;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>A Pending application to write: which sub-policy applies to which resource of which account.</summary>
internal readonly record struct NewApplication(int SubPolicyId, string ResourceId, string AccountId);

/// <summary>How a Pending application ended (Status is "Succeeded" or "Failed").</summary>
internal readonly record struct CompletedApplication(long Id, string Status, string? FailureReason, string TaskId, int Grants, int? RecycleBinRetentionDays);

/// <summary>
/// The set-based statements of policy application, per engine: thousands of rows travel in a few parameters
/// (SQLite: one JSON array read by <c>json_each</c>; PostgreSQL: one array per column, <c>unnest</c>ed), never a
/// statement per row. Each returns the SQL and its positional parameters for <c>ExecuteSqlRaw</c>.
/// </summary>
internal interface IPolicyApplicationSql
{
    /// <summary>Writes the rows as Pending at <paramref name="at"/> (stored form); a row that exists already stays as it is.</summary>
    (string Sql, object[] Parameters) InsertPending(int policyId, object at, IReadOnlyList<NewApplication> rows);

    /// <summary>Completes the rows that are still Pending; one taken out or completed meanwhile is left alone.</summary>
    (string Sql, object[] Parameters) Complete(object at, IReadOnlyList<CompletedApplication> rows);
}

internal sealed class SqlitePolicyApplicationSql : IPolicyApplicationSql
{
    public static readonly SqlitePolicyApplicationSql Instance = new();

    // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
    public (string Sql, object[] Parameters) InsertPending(int policyId, object at, IReadOnlyList<NewApplication> rows) => ("""
        INSERT INTO "PolicyApplications" ("SubPolicyId", "PolicyId", "ResourceId", "AccountId", "Status", "Grants", "CreatedAt", "UpdatedAt")
        SELECT json_extract(value, '$[0]'), {0}, json_extract(value, '$[1]'), json_extract(value, '$[2]'), 'Pending', 0, {1}, {1}
        FROM json_each({2}) WHERE true
        ON CONFLICT ("SubPolicyId", "ResourceId") DO NOTHING
        """, [policyId, at, JsonSerializer.Serialize(rows.Select(r => new object[] { r.SubPolicyId, r.ResourceId, r.AccountId }))]);

    public (string Sql, object[] Parameters) Complete(object at, IReadOnlyList<CompletedApplication> rows) => ("""
        UPDATE "PolicyApplications" SET
            "Status" = json_extract(v.value, '$[1]'), "FailureReason" = json_extract(v.value, '$[2]'),
            "TaskId" = json_extract(v.value, '$[3]'), "Grants" = json_extract(v.value, '$[4]'),
            "RecycleBinRetentionDays" = json_extract(v.value, '$[5]'), "UpdatedAt" = {0}
        FROM json_each({1}) AS v
        WHERE "PolicyApplications"."Id" = json_extract(v.value, '$[0]') AND "PolicyApplications"."Status" = 'Pending'
        """, [at, JsonSerializer.Serialize(rows.Select(r => new object?[] { r.Id, r.Status, r.FailureReason, r.TaskId, r.Grants, r.RecycleBinRetentionDays }))]);
}

internal sealed class PostgreSqlPolicyApplicationSql : IPolicyApplicationSql
{
    public static readonly PostgreSqlPolicyApplicationSql Instance = new();

    public (string Sql, object[] Parameters) InsertPending(int policyId, object at, IReadOnlyList<NewApplication> rows) => ("""
        INSERT INTO "PolicyApplications" ("SubPolicyId", "PolicyId", "ResourceId", "AccountId", "Status", "Grants", "CreatedAt", "UpdatedAt")
        SELECT v.sub, {0}, v.resource, v.account, 'Pending', 0, {1}, {1}
        FROM unnest({2}::int[], {3}::text[], {4}::text[]) AS v(sub, resource, account)
        ON CONFLICT ("SubPolicyId", "ResourceId") DO NOTHING
        """, [policyId, at, rows.Select(r => r.SubPolicyId).ToArray(), rows.Select(r => r.ResourceId).ToArray(), rows.Select(r => r.AccountId).ToArray()]);

    public (string Sql, object[] Parameters) Complete(object at, IReadOnlyList<CompletedApplication> rows) => ("""
        UPDATE "PolicyApplications" AS a SET
            "Status" = v.status, "FailureReason" = v.reason, "TaskId" = v.task, "Grants" = v.grants,
            "RecycleBinRetentionDays" = v.retention, "UpdatedAt" = {0}
        FROM unnest({1}::bigint[], {2}::text[], {3}::text[], {4}::text[], {5}::int[], {6}::int[]) AS v(id, status, reason, task, grants, retention)
        WHERE a."Id" = v.id AND a."Status" = 'Pending'
        """, [at, rows.Select(r => r.Id).ToArray(), rows.Select(r => r.Status).ToArray(), rows.Select(r => r.FailureReason).ToArray(),
            rows.Select(r => r.TaskId).ToArray(), rows.Select(r => r.Grants).ToArray(), rows.Select(r => r.RecycleBinRetentionDays).ToArray()]);
}
