using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.CrossAccount;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Takes an account that left an administrator's management out of that administrator's policies, in the same
/// transaction: its applications go, its resources fall back to their own configuration and are re-scored, and
/// each policy's owner is told (RemovedAccountLeftManagement). The account's own policies are untouched.
/// </summary>
internal sealed class PolicyDataCleaner(TimeProvider time) : IManagedAccountDataCleaner
{
    public async Task ClearAsync(BdrcDbContext db, string administratorAccountId, string accountId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var applications = db.PolicyApplications.Where(a => a.AccountId == accountId
            && db.ProtectionPolicies.Any(p => p.Id == a.PolicyId && p.OwnerAccountId == administratorAccountId));
        var perPolicy = await applications.GroupBy(a => a.PolicyId)
            .Select(g => new { PolicyId = g.Key, Resources = g.Select(a => a.ResourceId).Distinct().Count(), Succeeded = g.Count(a => a.Status == ApplicationStatus.Succeeded) })
            .ToListAsync(ct);
        if (perPolicy.Count == 0)
            return;
        await PolicyApplicationEngine.RemoveAsync(db, applications, now, ct);
        var policyIds = perPolicy.Select(p => p.PolicyId).ToList();
        var policies = await db.ProtectionPolicies.AsNoTracking().Where(p => policyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var entry in perPolicy)
        {
            // A warning when protection the policy had given is gone; information when nothing had been applied yet.
            PolicyMessageWriter.Add(db, policies[entry.PolicyId], entry.Succeeded > 0 ? MessageLevel.Warning : MessageLevel.Info,
                MessageType.RemovedAccountLeftManagement, [accountId], [],
                $"Account {accountId} left your management: the policy no longer protects its {PolicyApplicationEngine.Plural(entry.Resources, "resource")}.", now,
                resourceCount: entry.Resources);
        }
        await db.SaveChangesAsync(ct);
    }
}
