using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Protection Policy Center (docs/rules.md §10). Only a policy's owner sees or changes it, and only over the
/// accounts it may see: its own and the ones it manages.
/// </summary>
public sealed partial class ProtectionPolicyService(IDbContextFactory<BdrcDbContext> dbFactory, AuditedOperations audited, TimeProvider time, PolicyChangeFeed feed,
    PolicyApplicationQueue applicationQueue)
{
    public const int PreviewListLimit = 50;

    private readonly PolicyApplicationEngine engine = new(dbFactory, time, feed);

    /// <summary>The acting account's own policies, by name.</summary>
    public async Task<IReadOnlyList<PolicyRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var policies = await db.ProtectionPolicies.AsNoTracking().Include(p => p.Groups).Include(p => p.SubPolicies)
            .Where(p => p.OwnerAccountId == actor.AccountId).ToListAsync(ct);
        var rows = await ToRowsAsync(db, policies, ct);
        return rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<PolicyDetail> GetAsync(Actor actor, int policyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var policy = await RequireOwnPolicyAsync(db, actor, policyId, tracked: false, ct);
        var row = (await ToRowsAsync(db, [policy], ct)).Single();
        var input = new PolicyInput(policy.Name, policy.Description,
            policy.Groups.Select(g => g.ResourceGroupId).Order().ToList(),
            policy.SubPolicies.OrderBy(s => s.Id).Select(ToInput).ToList(),
            policy.Version);
        return new PolicyDetail(row, input, policy.UpdatedAt, policy.UpdatedBy);
    }

    /// <summary>Creates the policy and applies it (applications start Pending; the application worker completes them).</summary>
    public async Task<int> CreateAsync(Actor actor, PolicyInput input, CancellationToken ct = default)
    {
        var policyId = await audited.RunAsync(actor, "Create Protection Policy", input.Name?.Trim() ?? "", async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            await ValidateAsync(db, actor, input, exceptPolicyId: null, ct);
            var now = time.GetUtcNow();
            var policy = new ProtectionPolicy
            {
                OwnerAccountId = actor.AccountId,
                Name = input.Name!.Trim(),
                Description = Normalize(input.Description),
                CreatedAt = now,
                UpdatedAt = now,
                UpdatedBy = actor.UserName,
                Version = 1,
                Groups = input.GroupIds.Distinct().Select(g => new PolicyGroupBinding { ResourceGroupId = g }).ToList(),
                SubPolicies = input.SubPolicies.Select(s => Apply(new SubPolicy(), s)).ToList(),
            };
            db.ProtectionPolicies.Add(policy);
            await db.SaveChangesAsync(ct);
            await PolicyApplicationEngine.SyncAsync(db, actor.AccountId, policy.Id, now, announceNewResources: false, ct);
            return policy.Id;
        }, ct);
        await AfterCommitAsync(actor.AccountId, policyId, ct);
        return policyId;
    }

    /// <summary>Saves an edit of the copy whose token is <see cref="PolicyInput.Version"/>; a stale copy is refused ("modified by … at …; reload").</summary>
    public async Task UpdateAsync(Actor actor, int policyId, PolicyInput input, CancellationToken ct = default)
    {
        await audited.RunAsync(actor, "Edit Protection Policy", input.Name?.Trim() ?? policyId.ToString(), async db =>
        {
            // First, before any write: the edit re-scores the resources it takes out or re-applies (lock order).
            await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
            try
            {
                await EditAsync(db, actor, policyId, input, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another save of the same copy committed between our read and our write.
                await using var fresh = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                throw StaleCopy(await fresh.ProtectionPolicies.AsNoTracking().SingleAsync(p => p.Id == policyId, CancellationToken.None));
            }
        }, ct);
        await AfterCommitAsync(actor.AccountId, policyId, ct);
    }

    private async Task EditAsync(BdrcDbContext db, Actor actor, int policyId, PolicyInput input, CancellationToken ct)
    {
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var policy = await RequireOwnPolicyAsync(db, actor, policyId, tracked: true, ct);
        if (input.Version != policy.Version)
            throw StaleCopy(policy);
        await ValidateAsync(db, actor, input, policyId, ct);
        var unknown = input.SubPolicies.Where(s => s.ExistingId is { } id && policy.SubPolicies.All(p => p.Id != id)).Select(s => s.ExistingId).FirstOrDefault();
        if (unknown is not null)
            throw new ValidationException($"Sub-policy {unknown} is not part of policy \"{policy.Name}\"; reload it and apply your changes again.");

        var now = time.GetUtcNow();
        policy.Name = input.Name!.Trim();
        policy.Description = Normalize(input.Description);
        policy.UpdatedAt = now;
        policy.UpdatedBy = actor.UserName;
        policy.Version++;

        var groupIds = input.GroupIds.Distinct().ToList();
        db.PolicyGroupBindings.RemoveRange(policy.Groups.Where(g => !groupIds.Contains(g.ResourceGroupId)));
        policy.Groups.AddRange(groupIds.Where(g => policy.Groups.All(b => b.ResourceGroupId != g)).Select(g => new PolicyGroupBinding { PolicyId = policy.Id, ResourceGroupId = g }));

        var kept = input.SubPolicies.Where(s => s.ExistingId is not null).ToDictionary(s => s.ExistingId!.Value);
        var removedIds = policy.SubPolicies.Where(s => !kept.ContainsKey(s.Id)).Select(s => s.Id).ToList();
        var resetIds = new List<int>();
        foreach (var sub in policy.SubPolicies.Where(s => kept.ContainsKey(s.Id)))
        {
            var before = SubPolicySettings.Of(sub);
            var schedule = (sub.CronExpression, sub.TimePoints, sub.DaysOfWeek);
            Apply(sub, kept[sub.Id]);
            // A changed schedule is planned again by the scheduler, as a new sub-policy is (NextRunAt null).
            if ((sub.CronExpression, sub.TimePoints, sub.DaysOfWeek) != schedule)
                sub.NextRunAt = null;
            // What an application grants, or whether it fails, follows from these settings: re-apply under the new ones.
            if (SubPolicySettings.Of(sub) != before)
                resetIds.Add(sub.Id);
        }
        policy.SubPolicies.AddRange(input.SubPolicies.Where(s => s.ExistingId is null).Select(s => Apply(new SubPolicy { PolicyId = policy.Id }, s)));
        await db.SaveChangesAsync(ct);

        // A removed sub-policy takes out what it added before it goes (its executions go with it).
        await PolicyApplicationEngine.RemoveAsync(db, db.PolicyApplications.Where(a => removedIds.Contains(a.SubPolicyId)), now, ct);
        db.SubPolicies.RemoveRange(policy.SubPolicies.Where(s => removedIds.Contains(s.Id)));
        if (resetIds.Count > 0)
        {
            var reset = db.PolicyApplications.Where(a => resetIds.Contains(a.SubPolicyId));
            var resetResources = await reset.Select(a => a.ResourceId).Distinct().ToListAsync(ct);
            await reset.ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, ApplicationStatus.Pending).SetProperty(a => a.Grants, ProtectionGrant.None)
                .SetProperty(a => a.RecycleBinRetentionDays, (int?)null).SetProperty(a => a.FailureReason, (string?)null)
                .SetProperty(a => a.UpdatedAt, now), ct);
            await PolicyApplicationEngine.RecomputeAsync(db, resetResources, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await PolicyApplicationEngine.SyncAsync(db, actor.AccountId, policy.Id, now, announceNewResources: false, ct);
        var accounts = await db.PolicyApplications.Where(a => a.PolicyId == policy.Id).Select(a => a.AccountId).Distinct().ToListAsync(ct);
        PolicyMessageWriter.Add(db, policy, MessageLevel.Info, MessageType.PolicyChanged, accounts, [],
            $"{actor.UserName} changed the policy; it is applied again to the resources its resource groups match.", now,
            resourceCount: await db.PolicyApplications.Where(a => a.PolicyId == policy.Id).Select(a => a.ResourceId).Distinct().CountAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    public async Task SetPausedAsync(Actor actor, int policyId, bool paused, CancellationToken ct = default)
    {
        await audited.RunAsync(actor, paused ? "Pause Protection Policy" : "Resume Protection Policy", policyId.ToString(), async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var policy = await RequireOwnPolicyAsync(db, actor, policyId, tracked: true, ct);
            policy.Paused = paused;
            // A paused policy has no next run; the scheduler plans the next one again once it is resumed.
            if (paused)
                foreach (var sub in policy.SubPolicies)
                    sub.NextRunAt = null;
            await db.SaveChangesAsync(ct);
        }, ct);
        feed.PublishPolicy(actor.AccountId, policyId);
    }

    public async Task<DeletionImpact> DescribeDeletionAsync(Actor actor, int policyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        await RequireOwnPolicyAsync(db, actor, policyId, tracked: false, ct);
        var applications = db.PolicyApplications.Where(a => a.PolicyId == policyId);
        return new DeletionImpact(
            await applications.CountAsync(ct),
            await applications.Select(a => a.ResourceId).Distinct().CountAsync(ct),
            await applications.Select(a => a.AccountId).Distinct().CountAsync(ct));
    }

    /// <summary>Deletes the policy and takes out everything it added; the resources' own configuration stays.</summary>
    public async Task DeleteAsync(Actor actor, int policyId, CancellationToken ct = default)
    {
        await audited.RunAsync(actor, "Delete Protection Policy", policyId.ToString(), async db =>
        {
            // First, before any write: the deletion re-scores the resources it takes out (lock order).
            await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var policy = await RequireOwnPolicyAsync(db, actor, policyId, tracked: true, ct);
            var now = time.GetUtcNow();
            await PolicyApplicationEngine.RemoveAsync(db, db.PolicyApplications.Where(a => a.PolicyId == policyId), now, ct);
            // Its messages stay with the recipient, naming the policy that is gone.
            await db.PolicyMessages.Where(m => m.PolicyId == policyId).ExecuteUpdateAsync(u => u.SetProperty(m => m.PolicyId, (int?)null), ct);
            db.ProtectionPolicies.Remove(policy);
            await db.SaveChangesAsync(ct);
            return policy.Name;
        }, ct, name => $"Deleted {name}");
        feed.PublishPolicy(actor.AccountId, policyId);
    }

    public async Task<PagedResult<ApplicationRow>> ListApplicationsAsync(Actor actor, ApplicationQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        await RequireOwnPolicyAsync(db, actor, query.PolicyId, tracked: false, ct);
        if (query.AccountId is not null)
            await AccessRules.RequireVisibleAccountsAsync(db, actor, [query.AccountId], ct);
        var visible = AccessRules.VisibleAccountIds(db, actor);
        var rows =
            from a in db.PolicyApplications
            where a.PolicyId == query.PolicyId && visible.Contains(a.AccountId)
            join r in db.Resources on a.ResourceId equals r.Id
            join acc in db.Accounts on a.AccountId equals acc.Id
            join s in db.SubPolicies on a.SubPolicyId equals s.Id
            select new { a, r.Name, r.Product, AccountName = acc.DisplayName, s.Kind };
        if (query.Status is { } status)
            rows = rows.Where(x => x.a.Status == status);
        if (query.AccountId is { } accountId)
            rows = rows.Where(x => x.a.AccountId == accountId);
        if (query.Product is { } product)
            rows = rows.Where(x => x.Product == product);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(x => x.AccountName).ThenBy(x => x.Name).ThenBy(x => x.a.Id)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(x => new ApplicationRow(x.a.Id, x.a.ResourceId, x.Name, x.Product, x.a.AccountId, x.AccountName, x.a.SubPolicyId, x.Kind,
                x.a.Status, x.a.FailureReason, x.a.TaskId, x.a.UpdatedAt))
            .ToListAsync(ct);
        return new PagedResult<ApplicationRow>(page, total);
    }

    /// <summary>
    /// Every source of a visible resource's protection: its own configuration and each succeeded application.
    /// A policy of another account (a member's own policy seen by its administrator, or the administrator's
    /// policy seen by the member) is named only by its owner: policies are never shared (docs/rules.md §10).
    /// </summary>
    public async Task<IReadOnlyList<ProtectionSource>> GetProtectionSourcesAsync(Actor actor, string resourceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var visible = AccessRules.VisibleAccountIds(db, actor);
        var resource = await db.Resources.AsNoTracking().Include(r => ((EcsInstance)r).Disks)
            .SingleOrDefaultAsync(r => r.Id == resourceId && visible.Contains(r.AccountId), ct)
            ?? throw new NotFoundException($"Resource {resourceId} does not exist or is not visible to your account.");
        var sources = OwnSources(resource).Select(d => new ProtectionSource(d, null, null)).ToList();

        var applied = await (
                from a in db.PolicyApplications
                where a.ResourceId == resourceId && a.Status == ApplicationStatus.Succeeded
                join s in db.SubPolicies on a.SubPolicyId equals s.Id
                join p in db.ProtectionPolicies on a.PolicyId equals p.Id
                join owner in db.Accounts on p.OwnerAccountId equals owner.Id
                orderby p.Name, s.Id
                select new { PolicyId = p.Id, PolicyName = p.Name, p.OwnerAccountId, OwnerName = owner.DisplayName, Sub = s })
            .ToListAsync(ct);
        foreach (var a in applied)
        {
            sources.Add(a.OwnerAccountId == actor.AccountId
                ? new ProtectionSource($"Policy {a.PolicyName} / sub-policy {PolicyText.Title(a.Sub.Kind)} (owner {a.OwnerName})", a.PolicyId, a.OwnerName)
                : new ProtectionSource($"A protection policy of {a.OwnerName}", null, a.OwnerName));
        }
        // Several sub-policies of one foreign policy read the same: say it once.
        return sources.Distinct().ToList();
    }

    private static IEnumerable<string> OwnSources(CloudResource resource)
    {
        if (resource.CloudBackupEnabled)
            yield return $"Own Cloud Backup plan {resource.CloudBackupPlanName ?? "(unnamed)"}";
        if (resource.CloudBackupEnabled && resource.BackupVaultReplication)
            yield return "Own backup vault cross-region replication";
        switch (resource)
        {
            case EcsInstance ecs:
                var withPolicy = ecs.Disks.Count(d => d.AutoSnapshotPolicyId is not null);
                if (withPolicy > 0)
                    yield return $"Own automatic snapshot policy on {withPolicy} of {ecs.Disks.Count} disks";
                if (ecs.Disks.Any(d => d.AutoSnapshotPolicyId is not null && d.SnapshotCrossRegionCopy))
                    yield return "Own cross-region snapshot copy";
                if (ecs.FileBackupEnabled)
                    yield return "Own ECS file backup";
                if (ecs.DatabaseBackupEnabled)
                    yield return "Own ECS database backup";
                break;
            case OssBucket oss:
                if (oss.VersioningEnabled)
                    yield return "Own versioning";
                if (oss.CrossRegionReplication)
                    yield return "Own cross-region replication";
                break;
            case NasFileSystem nas when nas.RecycleBinEnabled:
                yield return $"Own recycle bin, retention {nas.RecycleBinRetentionDays} days";
                break;
        }
    }

    private async Task AfterCommitAsync(string ownerAccountId, int policyId, CancellationToken ct)
    {
        feed.PublishPolicy(ownerAccountId, policyId);
        feed.PublishMessages(ownerAccountId);
        // Complete the first batch within the request, so a small policy is applied when the page shows it; the worker
        // completes the rest (and whatever a stopped process left), while the pages show the Pending count going down.
        if (await engine.CompletePendingAsync(ct, maxBatches: 1))
            applicationQueue.Request(ownerAccountId);
    }

    private static RuleViolationException StaleCopy(ProtectionPolicy current) =>
        new($"Policy \"{current.Name}\" was modified by {current.UpdatedBy} at {current.UpdatedAt:u}; reload it and apply your changes again.");

    private static async Task ValidateAsync(BdrcDbContext db, Actor actor, PolicyInput input, int? exceptPolicyId, CancellationToken ct)
    {
        var names = await db.ProtectionPolicies.Where(p => p.OwnerAccountId == actor.AccountId && p.Id != exceptPolicyId).Select(p => p.Name).ToListAsync(ct);
        var groups = await RequireOwnGroupsAsync(db, actor, input, ct);
        var errors = PolicyValidation.Validate(input, new PolicyValidationContext(names, groups));
        if (errors.Count > 0)
            throw new ValidationException(PolicyValidation.Describe(errors));
    }

    /// <summary>
    /// The actor's own group ids, after refusing a group of another account as "not found" (docs/rules.md §4: groups
    /// are never shared, and the refusal must not tell whether the group exists).
    /// </summary>
    internal static async Task<List<int>> RequireOwnGroupsAsync(BdrcDbContext db, Actor actor, PolicyInput input, CancellationToken ct)
    {
        var own = await db.ResourceGroups.Where(g => g.OwnerAccountId == actor.AccountId).Select(g => g.Id).ToListAsync(ct);
        if ((input.GroupIds ?? []).FirstOrDefault(g => !own.Contains(g)) is var foreign and not 0)
            throw new NotFoundException($"Resource group {foreign} does not exist in your account.");
        return own;
    }

    /// <summary>Another account's policy is "not found": policies are never shared between accounts.</summary>
    private static async Task<ProtectionPolicy> RequireOwnPolicyAsync(BdrcDbContext db, Actor actor, int policyId, bool tracked, CancellationToken ct)
    {
        var policies = tracked ? db.ProtectionPolicies : db.ProtectionPolicies.AsNoTracking();
        return await policies.Include(p => p.Groups).Include(p => p.SubPolicies)
            .SingleOrDefaultAsync(p => p.Id == policyId && p.OwnerAccountId == actor.AccountId, ct)
            ?? throw new NotFoundException($"Protection policy {policyId} does not exist in your account.");
    }

    private static string? Normalize(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    /// <summary>Copies the settings of the input's kind; the others are cleared so a stored sub-policy holds only what applies.</summary>
    private static SubPolicy Apply(SubPolicy sub, SubPolicyInput input)
    {
        var kind = input.Kind;
        var snapshot = kind == SubPolicyKind.EcsSnapshot;
        var backup = ApplicationRules.IsCloudBackup(kind);
        sub.Kind = kind;
        sub.TimePoints = snapshot ? string.Join(',', input.TimePoints!.Order()) : null;
        sub.DaysOfWeek = snapshot ? string.Join(',', input.DaysOfWeek!.Select(IsoDay).Order()) : null;
        sub.CrossRegionCopy = snapshot && input.CrossRegionCopy;
        sub.CopyRetentionDays = sub.CrossRegionCopy ? input.CopyRetentionDays : null;
        sub.CronExpression = backup ? input.CronExpression!.Trim() : null;
        sub.VaultReplication = backup && input.VaultReplication;
        sub.TargetRegionId = sub.CrossRegionCopy || sub.VaultReplication ? input.TargetRegionId!.Trim() : null;
        sub.RetentionDays = kind == SubPolicyKind.OssVersioning ? null : input.RetentionDays;
        return sub;
    }

    private static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    private static DayOfWeek FromIsoDay(int day) => day == 7 ? DayOfWeek.Sunday : (DayOfWeek)day;

    private static SubPolicyInput ToInput(SubPolicy sub) => new(
        sub.Kind,
        sub.Id,
        sub.TimePoints?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(),
        sub.DaysOfWeek?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => FromIsoDay(int.Parse(d))).ToList(),
        sub.RetentionDays,
        sub.CrossRegionCopy,
        sub.CopyRetentionDays,
        sub.CronExpression,
        sub.VaultReplication,
        sub.TargetRegionId);

    /// <summary>
    /// The owner's policies that reach some of <paramref name="accountIds"/>, with their coverage counted over those accounts
    /// only (the data protection report's "Protection policy coverage"). The caller has authorized the owner and the accounts.
    /// </summary>
    internal static async Task<IReadOnlyList<PolicyRow>> ListCoverageAsync(BdrcDbContext db, string ownerAccountId, IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var policies = await db.ProtectionPolicies.AsNoTracking().Include(p => p.Groups).Include(p => p.SubPolicies)
            .Where(p => p.OwnerAccountId == ownerAccountId
                && db.PolicyApplications.Any(a => a.PolicyId == p.Id && accountIds.Contains(a.AccountId)))
            .ToListAsync(ct);
        var rows = await ToRowsAsync(db, policies, ct, accountIds);
        return rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Rows with coverage (applications per status, accounts), last execution and next run, counted in SQL; over
    /// <paramref name="accountIds"/> only when given.
    /// </summary>
    private static async Task<IReadOnlyList<PolicyRow>> ToRowsAsync(BdrcDbContext db, IReadOnlyList<ProtectionPolicy> policies, CancellationToken ct,
        IReadOnlyCollection<string>? accountIds = null)
    {
        var ids = policies.Select(p => p.Id).ToList();
        var applications = db.PolicyApplications.Where(a => ids.Contains(a.PolicyId));
        if (accountIds is not null)
            applications = applications.Where(a => accountIds.Contains(a.AccountId));
        var byStatus = (await applications
                .GroupBy(a => new { a.PolicyId, a.Status }).Select(g => new { g.Key.PolicyId, g.Key.Status, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(x => x.PolicyId);
        var accounts = await applications
            .GroupBy(a => a.PolicyId).Select(g => new { PolicyId = g.Key, Accounts = g.Select(a => a.AccountId).Distinct().Count() })
            .ToDictionaryAsync(x => x.PolicyId, x => x.Accounts, ct);
        var lastExecutionIds = db.PolicyExecutions.Where(e => ids.Contains(e.PolicyId))
            .GroupBy(e => e.PolicyId).Select(g => g.Max(e => e.Id));
        var lastExecutions = await db.PolicyExecutions.AsNoTracking().Where(e => lastExecutionIds.Contains(e.Id)).ToDictionaryAsync(e => e.PolicyId, ct);
        var groupIds = policies.SelectMany(p => p.Groups).Select(g => g.ResourceGroupId).Distinct().ToList();
        var groupNames = await db.ResourceGroups.Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);

        return policies.Select(p =>
        {
            int Count(ApplicationStatus status) => byStatus[p.Id].Where(x => x.Status == status).Sum(x => x.Count);
            var coverage = new PolicyCoverage(byStatus[p.Id].Sum(x => x.Count), Count(ApplicationStatus.Pending), Count(ApplicationStatus.Running),
                Count(ApplicationStatus.Succeeded), Count(ApplicationStatus.Failed), accounts.GetValueOrDefault(p.Id));
            var last = lastExecutions.GetValueOrDefault(p.Id);
            var subs = p.SubPolicies.OrderBy(s => s.Id)
                .Select(s => new SubPolicyRow(s.Id, s.Kind, PolicyText.Title(s.Kind), PolicyText.Settings(s), s.NextRunAt, s.LastRunAt)).ToList();
            return new PolicyRow(p.Id, p.Name, p.Description, p.Paused,
                p.Groups.Select(g => new GroupRef(g.ResourceGroupId, groupNames.GetValueOrDefault(g.ResourceGroupId, "")))
                    .OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList(),
                subs, coverage,
                last is null ? null : new ExecutionSummary(last.Id, last.Status, last.StartedAt, last.EndedAt, last.ResourcesSucceeded, last.ResourcesFailed),
                p.Paused ? null : subs.Min(s => s.NextRunAt));
        }).ToList();
    }
}
