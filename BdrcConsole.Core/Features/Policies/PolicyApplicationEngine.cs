using System.Text.Json;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.ResourceGroups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Applies protection policies (docs/rules.md §10): writes the applications the policies' groups call for as
/// Pending (idempotent), takes out those no longer called for, and completes Pending ones in batches. Every step
/// that changes what a resource is granted recomputes its grants and re-scores it in the same transaction.
/// It takes no actor: the policy service authorizes first; the worker and the data cleaner act for the system.
/// </summary>
internal sealed class PolicyApplicationEngine(IDbContextFactory<BdrcDbContext> dbFactory, TimeProvider time, PolicyChangeFeed feed)
{
    public const int CompletionBatchSize = 5000;

    private static readonly DateTimeOffsetToBinaryConverter Instant = new();

    /// <summary>What a sync changed: per policy the resources newly applied, and the resources taken out.</summary>
    internal sealed record SyncResult(IReadOnlyDictionary<int, IReadOnlyList<(string ResourceId, string AccountId)>> Added, IReadOnlyList<string> RemovedResourceIds)
    {
        public bool Changed => Added.Values.Any(a => a.Count > 0) || RemovedResourceIds.Count > 0;
    }

    /// <summary>
    /// Brings the applications of the owner's policies (or of one of them) in line with their groups' matches over
    /// the owner's own and managed accounts, inside the caller's transaction. With <paramref name="announceNewResources"/>,
    /// a policy that reached new resources tells its owner (AppliedToNewResources).
    /// </summary>
    public static async Task<SyncResult> SyncAsync(BdrcDbContext db, string ownerAccountId, int? policyId, DateTimeOffset now, bool announceNewResources, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var policies = await db.ProtectionPolicies.AsNoTracking().Include(p => p.Groups).Include(p => p.SubPolicies)
            .Where(p => p.OwnerAccountId == ownerAccountId && (policyId == null || p.Id == policyId))
            .ToListAsync(ct);
        var groupIds = policies.SelectMany(p => p.Groups).Select(g => g.ResourceGroupId).Distinct().ToList();
        var groups = await db.ResourceGroups.AsNoTracking().Include(g => g.Conditions).Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);

        var added = new Dictionary<int, IReadOnlyList<(string, string)>>();
        var removed = new HashSet<string>();
        var matchesOfGroup = new Dictionary<int, List<(string Id, string AccountId, ProductType Product)>>();
        foreach (var policy in policies)
        {
            var desired = new HashSet<(int SubPolicyId, string ResourceId)>();
            var accountOf = new Dictionary<string, string>();
            foreach (var binding in policy.Groups)
            {
                if (!matchesOfGroup.TryGetValue(binding.ResourceGroupId, out var matches))
                {
                    matches = (await ResourceGroupMatcher.Matching(db, groups[binding.ResourceGroupId])
                        .Select(r => new { r.Id, r.AccountId, r.Product }).ToListAsync(ct))
                        .Select(r => (r.Id, r.AccountId, r.Product)).ToList();
                    matchesOfGroup[binding.ResourceGroupId] = matches;
                }
                foreach (var sub in policy.SubPolicies)
                {
                    var product = PolicyValidation.ProductOf(sub.Kind);
                    foreach (var match in matches.Where(m => m.Product == product))
                    {
                        desired.Add((sub.Id, match.Id));
                        accountOf[match.Id] = match.AccountId;
                    }
                }
            }

            var existing = await db.PolicyApplications.AsNoTracking().Where(a => a.PolicyId == policy.Id)
                .Select(a => new { a.Id, a.SubPolicyId, a.ResourceId }).ToListAsync(ct);
            var existingKeys = existing.Select(a => (a.SubPolicyId, a.ResourceId)).ToHashSet();
            var missing = desired.Where(d => !existingKeys.Contains(d)).ToList();
            var undesired = existing.Where(a => !desired.Contains((a.SubPolicyId, a.ResourceId))).ToList();

            if (missing.Count > 0)
                await InsertPendingAsync(db, policy.Id, missing.Select(m => (m.SubPolicyId, m.ResourceId, accountOf[m.ResourceId])).ToList(), now, ct);
            if (undesired.Count > 0)
            {
                var ids = undesired.Select(a => a.Id).ToList();
                await db.PolicyApplications.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
                removed.UnionWith(undesired.Select(a => a.ResourceId));
            }

            var newResources = missing.Select(m => m.ResourceId).Distinct().Select(id => (id, accountOf[id])).ToList();
            added[policy.Id] = newResources;
            if (announceNewResources && newResources.Count > 0)
            {
                PolicyMessageWriter.Add(db, policy, MessageLevel.Info, MessageType.AppliedToNewResources,
                    newResources.Select(r => r.Item2), newResources.Select(r => r.Item1).ToList(),
                    $"Applied to {Plural(newResources.Count, "resource")} that started matching its resource groups.", now);
                await db.SaveChangesAsync(ct);
            }
        }

        await RecomputeAsync(db, removed.ToList(), now, ct);
        return new SyncResult(added, removed.ToList());
    }

    /// <summary>Writes applications as Pending; one that exists already stays as it is (applying twice writes nothing).</summary>
    private static Task InsertPendingAsync(BdrcDbContext db, int policyId, IReadOnlyList<(int SubPolicyId, string ResourceId, string AccountId)> rows, DateTimeOffset now, CancellationToken ct)
    {
        var (sql, parameters) = db.Sql.Policies.InsertPending(policyId, Instant.ConvertToProvider(now)!,
            rows.Select(r => new NewApplication(r.SubPolicyId, r.ResourceId, r.AccountId)).ToList());
        return db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
    }

    /// <summary>
    /// Takes applications out (a deleted policy or sub-policy, an account that left management) and restores the
    /// resources' protection to their own configuration plus what remains, inside the caller's transaction.
    /// Returns the resources concerned.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RemoveAsync(BdrcDbContext db, IQueryable<PolicyApplication> applications, DateTimeOffset now, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var resourceIds = await applications.Select(a => a.ResourceId).Distinct().ToListAsync(ct);
        await applications.ExecuteDeleteAsync(ct);
        await RecomputeAsync(db, resourceIds, now, ct);
        return resourceIds;
    }

    /// <summary>
    /// Recomputes the resources' grants from their succeeded applications (set-based), their protection status,
    /// and re-scores them with their accounts' stored aggregates, inside the caller's transaction, which must have
    /// begun with <see cref="DetectionMaintenance.TakeDetectionTurnAsync"/> (as must those of <see cref="SyncAsync"/>
    /// and <see cref="RemoveAsync"/>, which end here).
    /// </summary>
    public static async Task RecomputeAsync(BdrcDbContext db, IReadOnlyCollection<string> resourceIds, DateTimeOffset now, CancellationToken ct)
    {
        if (resourceIds.Count == 0)
            return;
        // Already held when the caller began as it should; taken here at the latest, before the resources' rows are
        // written below, so that the re-evaluation never reads stored outcomes outside detection's turn.
        await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
        await db.SaveChangesAsync(ct);
        foreach (var chunk in resourceIds.Chunk(CompletionBatchSize))
        {
            await db.Database.ExecuteSqlRawAsync(RecomputeGrantsSql(db), [db.Sql.Lists.Value(chunk)], ct);
            await RefreshProtectionStatusAsync(db, chunk, ct);
            await DetectionMarks.MarkAsync(db, chunk, ct);
            await DetectionMaintenance.ReevaluateResourcesAsync(db, chunk, now, ct);
        }
    }

    /// <summary>The bitwise OR of the grants over the rows, as SQLite has no OR aggregate: the MAX of each bit (PostgreSQL reads it alike).</summary>
    private static readonly string GrantsOr = string.Join(" | ",
        Enum.GetValues<ProtectionGrant>().Where(g => g != ProtectionGrant.None).Select(g => $"MAX(a.\"Grants\" & {(int)g})"));

    /// <summary>Built from constants (the grant bits) and the engine's id-list condition, never from input.</summary>
    private static string RecomputeGrantsSql(BdrcDbContext db) => $$"""
                UPDATE "Resources" SET
                    "PolicyGrants" = COALESCE((SELECT {{GrantsOr}} FROM "PolicyApplications" AS a
                        WHERE a."ResourceId" = "Resources"."Id" AND a."Status" = 'Succeeded'), 0),
                    "PolicyRecycleBinRetentionDays" = (SELECT MAX(a."RecycleBinRetentionDays") FROM "PolicyApplications" AS a
                        WHERE a."ResourceId" = "Resources"."Id" AND a."Status" = 'Succeeded' AND (a."Grants" & {{(int)ProtectionGrant.RecycleBin}}) <> 0)
                WHERE {{db.Sql.Lists.In("\"Id\"", "{0}")}}
                """;

    /// <summary>
    /// The protection status comes from the entity's own rule (<see cref="CloudResource.RefreshProtectionStatus"/>), so
    /// it is computed on untracked copies (which see the grants just written in SQL) and written back per status.
    /// </summary>
    private static async Task RefreshProtectionStatusAsync(BdrcDbContext db, IReadOnlyCollection<string> resourceIds, CancellationToken ct)
    {
        var resources = await db.Resources.AsNoTracking().Include(r => ((EcsInstance)r).Disks).Where(r => resourceIds.Contains(r.Id)).ToListAsync(ct);
        var changed = new List<(string Id, ProtectionStatus Status)>();
        foreach (var resource in resources)
        {
            var before = resource.ProtectionStatus;
            resource.RefreshProtectionStatus();
            if (resource.ProtectionStatus != before)
                changed.Add((resource.Id, resource.ProtectionStatus));
        }
        foreach (var status in changed.GroupBy(c => c.Status))
        {
            var ids = status.Select(c => c.Id).ToList();
            await db.Resources.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(u => u.SetProperty(r => r.ProtectionStatus, status.Key), ct);
        }
    }

    private sealed record PendingRow(long Id, int PolicyId, int SubPolicyId, string ResourceId, string AccountId, SubPolicySettings Settings, ResourceTraits Resource);

    /// <summary>
    /// Completes Pending applications in batches, each in its own transaction (grants, scores and messages commit
    /// with the batch): a process stopped between batches leaves the rest Pending, and the next call finishes
    /// them without duplicates. Returns how many it completed.
    /// </summary>
    public async Task<int> CompletePendingAsync(CancellationToken ct = default)
    {
        var completed = 0;
        while (true)
        {
            var count = await CompleteAndPublishBatchAsync(ct);
            completed += count;
            if (count < CompletionBatchSize)
                return completed;
        }
    }

    /// <summary>At most <paramref name="maxBatches"/> batches; true when Pending applications may remain.</summary>
    public async Task<bool> CompletePendingAsync(CancellationToken ct, int maxBatches)
    {
        for (var i = 0; i < maxBatches; i++)
        {
            if (await CompleteAndPublishBatchAsync(ct) < CompletionBatchSize)
                return false;
        }
        return true;
    }

    private async Task<int> CompleteAndPublishBatchAsync(CancellationToken ct)
    {
        var (count, owners) = await CompleteBatchAsync(CompletionBatchSize, ct);
        foreach (var (owner, policyId) in owners)
        {
            feed.PublishPolicy(owner, policyId);
            feed.PublishMessages(owner);
        }
        return count;
    }

    /// <summary>One batch: at most <paramref name="size"/> Pending applications, in account order.</summary>
    internal async Task<(int Count, IReadOnlyList<(string Owner, int PolicyId)> Policies)> CompleteBatchAsync(int size, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The batch re-scores its resources (RecomputeAsync): detection's turn first, before the claims below, as a
        // policy edit resetting these applications waits for the claimed rows while holding the turn.
        await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
        var now = time.GetUtcNow();
        // Account by account: a batch then re-aggregates the scores of a few accounts, not of every account it touches once.
        var candidates = await db.PolicyApplications.Where(a => a.Status == ApplicationStatus.Pending)
            .OrderBy(a => a.AccountId).ThenBy(a => a.Id).Take(size).Select(a => a.Id).ToListAsync(ct);
        // Another instance may be completing the same rows: each is claimed until this commit (the ones it holds are
        // its own), then re-read as still Pending, so a row's outcome, its message and the re-scoring happen once.
        var claimed = await db.Sql.Claims.ClaimAsync<PolicyApplication, long>(db, candidates, ct);
        var rows = (await (
                from a in db.PolicyApplications
                where claimed.Contains(a.Id) && a.Status == ApplicationStatus.Pending
                orderby a.AccountId, a.Id
                join s in db.SubPolicies on a.SubPolicyId equals s.Id
                join r in db.Resources on a.ResourceId equals r.Id
                select new
                {
                    a.Id, a.PolicyId, a.SubPolicyId, a.ResourceId, a.AccountId,
                    s.Kind, s.CrossRegionCopy, s.VaultReplication, s.TargetRegionId, s.RetentionDays,
                    r.RegionId, r.CheckError,
                    StorageClass = r is OssBucket ? (OssStorageClass?)((OssBucket)r).StorageClass : null,
                    NasType = r is NasFileSystem ? (NasFileSystemType?)((NasFileSystem)r).FileSystemType : null,
                })
            .ToListAsync(ct))
            .Select(x => new PendingRow(x.Id, x.PolicyId, x.SubPolicyId, x.ResourceId, x.AccountId,
                new SubPolicySettings(x.Kind, x.CrossRegionCopy, x.VaultReplication, x.TargetRegionId, x.RetentionDays),
                new ResourceTraits(x.RegionId, x.CheckError, x.StorageClass, x.NasType)))
            .ToList();
        if (rows.Count == 0)
            return (0, []);

        var outcomes = rows.Select(r => (Row: r, Outcome: ApplicationRules.Decide(r.Settings, r.Resource))).ToList();
        // Only rows still Pending move: a row taken out or completed meanwhile is left alone.
        var (sql, parameters) = db.Sql.Policies.Complete(Instant.ConvertToProvider(now)!, outcomes.Select(o => new CompletedApplication(
            o.Row.Id,
            o.Outcome.Succeeded ? nameof(ApplicationStatus.Succeeded) : nameof(ApplicationStatus.Failed),
            o.Outcome.FailureReason,
            ApplicationRules.TaskId(o.Row.SubPolicyId, o.Row.Id),
            (int)o.Outcome.Grants,
            o.Outcome.RecycleBinRetentionDays)).ToList());
        await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);

        var policyIds = rows.Select(r => r.PolicyId).Distinct().ToList();
        var policies = await db.ProtectionPolicies.AsNoTracking().Where(p => policyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var failed in outcomes.Where(o => !o.Outcome.Succeeded).GroupBy(o => o.Row.PolicyId))
        {
            var reasons = failed.GroupBy(f => f.Outcome.FailureReason!).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} × {g.Key}");
            PolicyMessageWriter.Add(db, policies[failed.Key], MessageLevel.Warning, MessageType.ApplicationFailed,
                failed.Select(f => f.Row.AccountId), failed.Select(f => f.Row.ResourceId).Distinct().ToList(),
                $"Could not apply to {Plural(failed.Select(f => f.Row.ResourceId).Distinct().Count(), "resource")}: {string.Join("; ", reasons)}", now);
        }
        await db.SaveChangesAsync(ct);

        await RecomputeAsync(db, outcomes.Where(o => o.Outcome.Succeeded).Select(o => o.Row.ResourceId).Distinct().ToList(), now, ct);
        await transaction.CommitAsync(ct);
        return (rows.Count, policies.Values.Select(p => (p.OwnerAccountId, p.Id)).ToList());
    }

    /// <summary>
    /// Re-applies the policies of one owner, or of every owner, to the matches as they are now (new resources,
    /// changed tags, accounts that entered management), then completes what it wrote.
    /// </summary>
    public async Task ReconcileAsync(string? ownerAccountId = null, CancellationToken ct = default)
    {
        List<string> owners;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            owners = ownerAccountId is not null ? [ownerAccountId]
                : await db.ProtectionPolicies.Select(p => p.OwnerAccountId).Distinct().ToListAsync(ct);
        }
        foreach (var owner in owners)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Every instance's worker reconciles every few minutes: one at a time, so the next reads what the first
            // wrote and finds nothing new to announce, instead of telling the owner about the same resources twice.
            await db.Sql.Claims.LockAsync(db, Data.Sql.WorkLock.PolicyReconciliation, ct);
            // Then detection's turn, before SyncAsync writes anything: it re-scores the resources it takes out. Always in
            // this order (reconciliation, then detection); nothing takes reconciliation while holding detection's turn.
            await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
            var result = await SyncAsync(db, owner, null, time.GetUtcNow(), announceNewResources: true, ct);
            await transaction.CommitAsync(ct);
            if (result.Changed)
            {
                feed.PublishMessages(owner);
                foreach (var policyId in result.Added.Keys)
                    feed.PublishPolicy(owner, policyId);
            }
        }
        await CompletePendingAsync(ct);
    }

    /// <summary>The owners whose groups see the account (itself and its administrators) and have policies.</summary>
    public static Task<List<string>> OwnersSeeingAsync(BdrcDbContext db, string accountId, CancellationToken ct) =>
        db.ProtectionPolicies
            .Where(p => p.OwnerAccountId == accountId || db.ManagedAccounts.Any(m => m.AccountId == accountId && m.AdministratorAccountId == p.OwnerAccountId))
            .Select(p => p.OwnerAccountId).Distinct().ToListAsync(ct);

    internal static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
