using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>The execution side of the Protection Policy Center: history and Run now.</summary>
public sealed partial class ProtectionPolicyService
{
    public const int MaxExecutionPageSize = 200;

    /// <summary>The policy's executions, newest first, one page; only its owner sees them.</summary>
    public async Task<PagedResult<ExecutionRow>> ListExecutionsAsync(Actor actor, int policyId, int page = 0, int pageSize = 20, CancellationToken ct = default)
    {
        if (page < 0 || pageSize is < 1 or > MaxExecutionPageSize)
            throw new ValidationException($"Page must be 0 or more and page size between 1 and {MaxExecutionPageSize}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        await RequireOwnPolicyForExecutionsAsync(db, actor, policyId, ct);

        var executions = db.PolicyExecutions.AsNoTracking().Where(e => e.PolicyId == policyId);
        var total = await executions.CountAsync(ct);
        var items = await (
                from e in executions
                join s in db.SubPolicies on e.SubPolicyId equals s.Id
                orderby e.StartedAt descending, e.Id descending
                select new ExecutionRow(e.Id, e.SubPolicyId, s.Kind, e.Trigger, e.Status, e.StartedAt, e.EndedAt, e.ResourcesSucceeded, e.ResourcesFailed))
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(ct);
        return new PagedResult<ExecutionRow>(items, total);
    }

    /// <summary>Run now: starts an execution of every scheduled sub-policy; returns the execution ids (the worker runs them).</summary>
    /// <remarks>
    /// Refused while the policy is paused, when it has no scheduled sub-policy (NAS recycle bin and OSS versioning
    /// are settings, not runs), and while its previous Run now is still running. The executions are recorded
    /// Running in the audited transaction; the scheduler, woken at once, completes them.
    /// </remarks>
    public async Task<IReadOnlyList<long>> RunNowAsync(Actor actor, int policyId, CancellationToken ct = default)
    {
        var ids = await audited.RunAsync<IReadOnlyList<long>>(actor, "Run Protection Policy", policyId.ToString(System.Globalization.CultureInfo.InvariantCulture), async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var policy = await RequireOwnPolicyForExecutionsAsync(db, actor, policyId, ct);
            if (policy.Paused)
                throw new RuleViolationException($"Protection policy '{policy.Name}' is paused. Resume it to run it.");
            var kinds = await db.SubPolicies.Where(s => s.PolicyId == policyId).Select(s => new { s.Id, s.Kind }).ToListAsync(ct);
            var scheduled = kinds.Where(s => PolicySchedule.IsScheduled(s.Kind)).Select(s => s.Id).ToList();
            if (scheduled.Count == 0)
                throw new RuleViolationException($"Protection policy '{policy.Name}' has no scheduled sub-policy to run: the NAS recycle bin and OSS versioning are settings, not backups.");
            // Two Run nows at once (on two instances) would each find none running: the first claims the policy's row
            // until it commits, and one that meets the claim is refused rather than starting a second run.
            if ((await db.Sql.Claims.ClaimAsync<ProtectionPolicy, int>(db, [policyId], ct)).Count == 0)
                throw new RuleViolationException($"A Run now of protection policy '{policy.Name}' is starting. Try again in a moment.");
            if (await db.PolicyExecutions.AnyAsync(e => e.PolicyId == policyId && e.Trigger == ExecutionTrigger.RunNow && e.Status == ExecutionStatus.Running, ct))
                throw new RuleViolationException($"The previous Run now of protection policy '{policy.Name}' is still running.");

            var now = time.GetUtcNow();
            var executions = scheduled.Select(subPolicyId => new PolicyExecution
            {
                PolicyId = policyId,
                SubPolicyId = subPolicyId,
                Trigger = ExecutionTrigger.RunNow,
                Status = ExecutionStatus.Running,
                StartedAt = now,
            }).ToList();
            db.PolicyExecutions.AddRange(executions);
            await db.SaveChangesAsync(ct);
            return executions.Select(e => e.Id).ToList();
        }, ct, describe: ids => $"{ids.Count} execution(s) started");
        PolicyRunSignal.For(dbFactory).Signal();
        return ids;
    }

    /// <summary>The acting account's own policy; another's is "not found", as if it did not exist.</summary>
    private static async Task<ProtectionPolicy> RequireOwnPolicyForExecutionsAsync(Data.BdrcDbContext db, Actor actor, int policyId, CancellationToken ct) =>
        await db.ProtectionPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId && p.OwnerAccountId == actor.AccountId, ct)
            ?? throw new NotFoundException("The protection policy does not exist or is not yours.");
}
