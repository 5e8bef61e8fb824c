using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Sql;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>What one tick did.</summary>
internal sealed record PolicyTickSummary(int ExecutionsStarted, int ExecutionsCompleted, int Resources, TimeSpan Elapsed);

/// <summary>
/// Runs protection policy executions (docs/rules.md §10). A tick gives new and resumed sub-policies their next
/// run, starts an execution of every due sub-policy of an active policy (advancing its schedule past now, so a
/// schedule missed during downtime runs once), then completes every Running execution — scheduled, Run now, or
/// left by a crash — in batches, each batch in one transaction: a recovery point per applied resource (a
/// deterministic share fails), pruning past retention, the execution's outcome and its message. A crash rolls a
/// batch back whole, so the next tick completes it once. Several instances tick on one database: each batch claims its
/// sub-policies or executions (<see cref="Data.Sql.IRowClaims"/>), so each due time starts once and each execution
/// completes once, on whichever instance claimed it. Takes no actor: internal, run by
/// <see cref="PolicyScheduler"/> and the tests.
/// </summary>
internal sealed class PolicyExecutionRunner(
    IDbContextFactory<BdrcDbContext> dbFactory,
    TimeProvider time,
    DetectionMaintenance detection,
    PolicyChangeFeed changes)
{
    /// <summary>Sub-policies started, or executions completed, per transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>Out of 1,000: the share of resources whose run fails (about 5 %).</summary>
    private const int FailuresPerThousand = 50;

    private readonly SemaphoreSlim oneTickAtATime = new(1, 1);

    public async Task<PolicyTickSummary> TickAsync(CancellationToken ct = default)
    {
        await oneTickAtATime.WaitAsync(ct);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var now = time.GetUtcNow();
            await ScheduleAsync(now, ct);
            var started = await StartDueExecutionsAsync(now, ct);
            var completed = await CompleteRunningExecutionsAsync(now, ct);
            if (completed.ResourceIds.Count > 0)
                await detection.ReevaluateResourcesAsync(completed.ResourceIds, ct);
            // After the commits (and the re-score, so that a page refreshing on the event shows the new scores).
            foreach (var recipient in completed.Recipients)
                changes.PublishMessages(recipient);
            foreach (var (owner, policyId) in completed.Policies)
                changes.PublishPolicy(owner, policyId);
            return new PolicyTickSummary(started, completed.Executions, completed.Resources, stopwatch.Elapsed);
        }
        finally
        {
            oneTickAtATime.Release();
        }
    }

    /// <summary>
    /// Keeps NextRunAt in line with the policies: computed for scheduled sub-policies of active policies that have
    /// none (new, edited or resumed), cleared for paused policies and for kinds without a schedule.
    /// </summary>
    private async Task ScheduleAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SubPolicies
            .Where(s => s.NextRunAt != null && (s.Kind == SubPolicyKind.NasRecycleBin || s.Kind == SubPolicyKind.OssVersioning
                || db.ProtectionPolicies.Any(p => p.Id == s.PolicyId && p.Paused)))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, (DateTimeOffset?)null), ct);

        var candidates = await db.SubPolicies
            .Where(s => s.NextRunAt == null && s.Kind != SubPolicyKind.NasRecycleBin && s.Kind != SubPolicyKind.OssVersioning
                && db.ProtectionPolicies.Any(p => p.Id == s.PolicyId && !p.Paused))
            .Select(s => s.Id)
            .ToListAsync(ct);
        if (candidates.Count == 0)
            return;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Claimed and re-read as still unscheduled: another instance's tick, a moment later on its clock, must not
        // overwrite a next run this one gave (or already ran and moved on) with a later occurrence, skipping a run.
        var claimed = await db.Sql.Claims.ClaimAsync<SubPolicy, int>(db, candidates, ct);
        var unscheduled = await db.SubPolicies.Where(s => claimed.Contains(s.Id) && s.NextRunAt == null).ToListAsync(ct);
        foreach (var subPolicy in unscheduled)
            subPolicy.NextRunAt = PolicySchedule.NextOccurrence(subPolicy, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Starts an execution of each due sub-policy of an active policy and moves its schedule past now.</summary>
    private async Task<int> StartDueExecutionsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var started = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var candidates = await db.SubPolicies
                .Where(s => s.NextRunAt <= now && db.ProtectionPolicies.Any(p => p.Id == s.PolicyId && !p.Paused))
                .OrderBy(s => s.NextRunAt).ThenBy(s => s.Id)
                .Take(BatchSize)
                .Select(s => s.Id)
                .ToListAsync(ct);
            if (candidates.Count == 0)
                return started;
            // Another instance's tick may be starting the same sub-policies: each is claimed until this commit (the
            // ones another instance holds are its own to start), then re-read, as the claim may come after that
            // instance moved its schedule on. So a due time starts one execution.
            var claimed = await db.Sql.Claims.ClaimAsync<SubPolicy, int>(db, candidates, ct);
            if (claimed.Count == 0)
                return started;
            var due = await db.SubPolicies
                .Where(s => claimed.Contains(s.Id) && s.NextRunAt <= now && db.ProtectionPolicies.Any(p => p.Id == s.PolicyId && !p.Paused))
                .OrderBy(s => s.NextRunAt).ThenBy(s => s.Id)
                .ToListAsync(ct);
            var ids = due.Select(s => s.Id).ToList();
            // A sub-policy whose Run now is still running is covered by it: its schedule moves on without a second run.
            var running = (await db.PolicyExecutions
                .Where(e => e.Status == ExecutionStatus.Running && ids.Contains(e.SubPolicyId))
                .Select(e => e.SubPolicyId).ToListAsync(ct)).ToHashSet();
            foreach (var subPolicy in due)
            {
                if (!running.Contains(subPolicy.Id))
                {
                    db.PolicyExecutions.Add(new PolicyExecution
                    {
                        PolicyId = subPolicy.PolicyId,
                        SubPolicyId = subPolicy.Id,
                        Trigger = ExecutionTrigger.Schedule,
                        Status = ExecutionStatus.Running,
                        StartedAt = now,
                    });
                    started++;
                }
                subPolicy.LastRunAt = now;
                // The next occurrence after now, not after the missed one: after downtime a schedule runs once.
                subPolicy.NextRunAt = PolicySchedule.NextOccurrence(subPolicy, now);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }

    private sealed class Completed
    {
        public int Executions { get; set; }
        public int Resources { get; set; }
        public HashSet<string> ResourceIds { get; } = [];
        public HashSet<string> Recipients { get; } = [];
        public HashSet<(string Owner, int PolicyId)> Policies { get; } = [];
    }

    private async Task<Completed> CompleteRunningExecutionsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var completed = new Completed();
        List<long> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // The oldest Running execution of each sub-policy first (there is normally one at most).
            pending = await db.PolicyExecutions.Where(e => e.Status == ExecutionStatus.Running)
                .OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        }
        foreach (var batch in pending.Chunk(BatchSize))
            await CompleteBatchAsync(batch, now, completed, ct);
        return completed;
    }

    /// <summary>Runs a batch of executions set-based, through two temporary tables, in one transaction.</summary>
    private async Task CompleteBatchAsync(IReadOnlyCollection<long> executionIds, DateTimeOffset now, Completed completed, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Claimed until this commit: another instance skips them, and one that holds some completes those. Re-read
        // as still Running after the claim, so an execution another instance completed meanwhile is left alone.
        var claimed = await db.Sql.Claims.ClaimAsync<PolicyExecution, long>(db, executionIds, ct);
        var executions = await db.PolicyExecutions
            .Where(e => claimed.Contains(e.Id) && e.Status == ExecutionStatus.Running)
            .OrderBy(e => e.Id).ToListAsync(ct);
        // Two executions of one sub-policy in a batch would share its points: the later waits for the next batch.
        executions = executions.DistinctBy(e => e.SubPolicyId).ToList();
        if (executions.Count == 0)
            return;
        var subPolicyIds = executions.Select(e => e.SubPolicyId).Distinct().ToList();
        var subPolicies = await db.SubPolicies.AsNoTracking().Where(s => subPolicyIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var policyIds = executions.Select(e => e.PolicyId).Distinct().ToList();
        var policies = await db.ProtectionPolicies.AsNoTracking().Where(p => policyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        var sql = new SqlRunner(db, transaction);
        var runs = db.Sql.Runs;
        // Temporary tables live as long as the pooled connection; created and dropped in the transaction, a failure
        // rolls them back too.
        await sql.ExecuteAsync(runs.CreateTables, ct);
        var nowValue = ProviderValue<RecoveryPoint>(db, nameof(RecoveryPoint.CreatedAt), now);
        foreach (var execution in executions)
        {
            var subPolicy = subPolicies[execution.SubPolicyId];
            object? cutoff = subPolicy.RetentionDays is int days && days > 0
                ? ProviderValue<RecoveryPoint>(db, nameof(RecoveryPoint.CreatedAt), now.AddDays(-days))
                : null;
            await sql.ExecuteAsync(runs.AddToBatch, ct, ("@execution", execution.Id), ("@subPolicy", subPolicy.Id),
                ("@kind", subPolicy.Kind == SubPolicyKind.EcsSnapshot ? nameof(RecoveryPointKind.Snapshot) : nameof(RecoveryPointKind.Backup)),
                ("@cutoff", cutoff));
        }
        await sql.ExecuteAsync(runs.RunResources, ct, ("@applied", nameof(ApplicationStatus.Succeeded)), ("@perThousand", FailuresPerThousand));
        await sql.ExecuteAsync(runs.InsertRecoveryPoints, ct, ("@now", nowValue),
            ("@succeeded", nameof(RecoveryPointStatus.Succeeded)), ("@failed", nameof(RecoveryPointStatus.Failed)));
        await sql.ExecuteAsync(runs.Prune, ct);

        var counts = new Dictionary<long, (int Succeeded, int Failed)>();
        await sql.ReadAsync(runs.Counts, r => counts[r.GetInt64(0)] = (r.GetInt32(1), r.GetInt32(2)), ct);
        var accounts = new Dictionary<long, List<string>>();
        await sql.ReadAsync(runs.Accounts, r => ListOf(accounts, r.GetInt64(0)).Add(r.GetString(1)), ct);
        var listed = new Dictionary<long, List<string>>();
        await sql.ReadAsync(runs.ListedResources, r => ListOf(listed, r.GetInt64(0)).Add(r.GetString(1)), ct,
            ("@listed", PolicyMessage.MaxListedResources));
        var reasons = new Dictionary<long, List<(string Reason, int Count)>>();
        await sql.ReadAsync(runs.Reasons, r => ListOf(reasons, r.GetInt64(0)).Add((r.GetString(1), r.GetInt32(2))), ct);
        var runResources = new List<string>();
        await sql.ReadAsync(runs.Resources, r => runResources.Add(r.GetString(0)), ct);
        completed.ResourceIds.UnionWith(runResources);
        await sql.ExecuteAsync(runs.DropTables, ct);
        // New recovery points: marked with them, so a crash before the re-scoring below leaves them to incremental detection.
        await DetectionMarks.MarkAsync(db, runResources, ct);

        foreach (var execution in executions)
        {
            var (succeeded, failed) = counts.GetValueOrDefault(execution.Id);
            execution.ResourcesSucceeded = succeeded;
            execution.ResourcesFailed = failed;
            execution.Status = ExecutionOutcome.StatusOf(succeeded, failed);
            execution.EndedAt = now;
            var policy = policies[execution.PolicyId];
            var (level, type) = ExecutionOutcome.MessageOf(execution.Status);
            PolicyMessageWriter.Add(db, policy, level, type, accounts.GetValueOrDefault(execution.Id) ?? [],
                listed.GetValueOrDefault(execution.Id) ?? [],
                ExecutionOutcome.Describe(subPolicies[execution.SubPolicyId].Kind, succeeded, failed, reasons.GetValueOrDefault(execution.Id) ?? []),
                now, resourceCount: succeeded + failed);
            completed.Executions++;
            completed.Resources += succeeded + failed;
            completed.Recipients.Add(policy.OwnerAccountId);
            completed.Policies.Add((policy.OwnerAccountId, policy.Id));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static List<T> ListOf<T>(Dictionary<long, List<T>> lists, long key)
    {
        if (!lists.TryGetValue(key, out var list))
            lists[key] = list = [];
        return list;
    }

    private static object? ProviderValue<TEntity>(BdrcDbContext db, string propertyName, object value)
    {
        var converter = db.Model.FindEntityType(typeof(TEntity))!.FindProperty(propertyName)!.GetTypeMapping().Converter;
        return converter is null ? value : converter.ConvertToProvider(value);
    }

    /// <summary>Raw statements on the context's connection, in its transaction.</summary>
    private sealed class SqlRunner(BdrcDbContext db, IDbContextTransaction transaction)
    {
        private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
                command.AddParameter(name, value);
            return command;
        }

        public async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            await command.ExecuteNonQueryAsync(ct);
        }

        public async Task ReadAsync(string sql, Action<DbDataReader> row, CancellationToken ct, params (string Name, object? Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                row(reader);
        }
    }
}

/// <summary>How an execution's resource counts read: its status, message level and type, and outcome text.</summary>
public static class ExecutionOutcome
{
    /// <summary>Succeeded when nothing failed (also when no resource was applied yet), Failed when nothing succeeded, else PartlyFailed.</summary>
    public static ExecutionStatus StatusOf(int succeeded, int failed) =>
        failed == 0 ? ExecutionStatus.Succeeded : succeeded == 0 ? ExecutionStatus.Failed : ExecutionStatus.PartlyFailed;

    public static (MessageLevel Level, MessageType Type) MessageOf(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Failed => (MessageLevel.Error, MessageType.ExecutionFailed),
        ExecutionStatus.PartlyFailed => (MessageLevel.Warning, MessageType.ExecutionPartlyFailed),
        _ => (MessageLevel.Info, MessageType.ExecutionSucceeded),
    };

    /// <summary>e.g. "12 of 13 resources backed up; 1 failed: Backup job timed out after 6 hours."</summary>
    public static string Describe(SubPolicyKind kind, int succeeded, int failed, IReadOnlyList<(string Reason, int Count)> reasons)
    {
        var done = kind == SubPolicyKind.EcsSnapshot ? "snapshotted" : "backed up";
        var total = succeeded + failed;
        if (total == 0)
            return $"No resources {done}: the sub-policy is not applied to any resource yet.";
        var text = string.Create(CultureInfo.InvariantCulture, $"{succeeded} of {total} {(total == 1 ? "resource" : "resources")} {done}");
        if (failed == 0)
            return text + ".";
        var why = reasons.Count == 1
            ? reasons[0].Reason
            : string.Join("; ", reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Reason.TrimEnd('.')} ({r.Count})"))) + ".";
        return string.Create(CultureInfo.InvariantCulture, $"{text}; {failed} failed: {why}");
    }
}
