using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.CrossAccount;

/// <summary>
/// Clears what an administrator holds about an account that left its management (resource-group
/// matches, sub-policy applications, cached scores and risks). Each data area registers one.
/// </summary>
public interface IManagedAccountDataCleaner
{
    Task ClearAsync(BdrcDbContext db, string administratorAccountId, string accountId, CancellationToken ct);
}

/// <summary>Accounts that entered or left an administrator's management in one reconciliation.</summary>
public sealed record ManagementChange(string AdministratorAccountId, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;

    /// <summary>
    /// Committed by another console instance on the same database (relayed by PostgreSqlChangeRelay): open pages
    /// follow it, but the work that follows a change (applying policies) is the committing instance's.
    /// </summary>
    public bool FromAnotherInstance { get; init; }
}

/// <summary>
/// Keeps every administrator's stored managed set equal to what its targets cover in the directory as
/// it is now. Runs inside the caller's transaction after any directory or target change.
/// </summary>
public sealed class ManagedSetReconciler(TimeProvider time, IEnumerable<IManagedAccountDataCleaner> cleaners)
{
    public async Task<IReadOnlyList<ManagementChange>> ReconcileAsync(BdrcDbContext db, CancellationToken ct)
    {
        // An account that leaves management leaves its administrator's policies, and its resources are re-scored
        // (PolicyDataCleaner): detection's turn, before the first write of the caller's transaction (lock order).
        // Every caller (directory, target and trusted-service changes) has only read and tracked changes so far:
        // the SaveChanges below is what writes them.
        await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
        await db.SaveChangesAsync(ct); // the directory change being reconciled must be visible to the reads below
        var tree = await DirectoryTreeReader.ReadAsync(db, ct);
        var administrators = await db.CrossAccountSettings.Select(s => s.AdministratorAccountId).ToListAsync(ct);
        var targets = await db.ManagementTargets.AsNoTracking().ToListAsync(ct);
        var stored = await db.ManagedAccounts.ToListAsync(ct);
        var existingRoles = await db.ServiceLinkedRoles
            .Where(r => r.RoleName == ServiceLinkedRole.BdrcRoleName).Select(r => r.AccountId).ToListAsync(ct);
        var roleHolders = existingRoles.ToHashSet();
        var now = time.GetUtcNow();

        var changes = new List<ManagementChange>();
        foreach (var administrator in stored.Select(m => m.AdministratorAccountId).Union(administrators).Distinct())
        {
            var desired = administrators.Contains(administrator)
                ? new TargetCoverage(tree, administrator).CoveredAccountIds(targets.Where(t => t.AdministratorAccountId == administrator))
                : [];
            var current = stored.Where(m => m.AdministratorAccountId == administrator).ToList();

            var added = desired.Except(current.Select(m => m.AccountId)).Order().ToList();
            foreach (var accountId in added)
            {
                db.ManagedAccounts.Add(new ManagedAccount { AdministratorAccountId = administrator, AccountId = accountId, ManagedSince = now });
                if (roleHolders.Add(accountId))
                    db.ServiceLinkedRoles.Add(new ServiceLinkedRole { AccountId = accountId, RoleName = ServiceLinkedRole.BdrcRoleName, CreatedAt = now });
            }

            var removed = current.Where(m => !desired.Contains(m.AccountId)).ToList();
            foreach (var leaving in removed)
            {
                db.ManagedAccounts.Remove(leaving);
                foreach (var cleaner in cleaners)
                    await cleaner.ClearAsync(db, administrator, leaving.AccountId, ct);
            }

            var change = new ManagementChange(administrator, added, removed.Select(m => m.AccountId).Order().ToList());
            if (!change.IsEmpty)
                changes.Add(change);
        }

        await db.SaveChangesAsync(ct);
        // Published by AuditedOperations once the transaction commits (ManagementChangeFeed).
        db.PendingManagementChanges.AddRange(changes.Where(c => !c.IsEmpty));
        return changes;
    }
}
