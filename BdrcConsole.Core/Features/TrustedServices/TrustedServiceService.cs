using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Core.Features.TrustedServices;

/// <summary>Trusted services of the resource directory and BDRC's delegated administrator (management account only).</summary>
public sealed class TrustedServiceService(
    IDbContextFactory<BdrcDbContext> dbFactory,
    AuditedOperations audited,
    ManagedSetReconciler reconciler,
    IOptions<BdrcOptions> options,
    TimeProvider time)
{
    public async Task<IReadOnlyList<TrustedServiceRow>> ListAsync(Actor actor, string? search = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireManagementAccountAsync(db, actor, ct);
        var count = await db.DelegatedAdministrators.CountAsync(d => d.ServiceName == TrustedServiceNames.Bdrc, ct);
        var services = new[]
        {
            new TrustedServiceRow(TrustedServiceNames.Bdrc, "Backup and Disaster Recovery Center",
                "Centrally manage the data protection of resources across the accounts of the resource directory.", count),
        };
        var term = search?.Trim();
        return string.IsNullOrEmpty(term)
            ? services
            : services.Where(s => s.ServiceName.Contains(term, StringComparison.OrdinalIgnoreCase)
                || s.DisplayName.Contains(term, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public async Task<BdrcTrustedServiceDetails> GetBdrcAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireManagementAccountAsync(db, actor, ct);
        var administrators = await db.DelegatedAdministrators.AsNoTracking()
            .Where(d => d.ServiceName == TrustedServiceNames.Bdrc)
            .Join(db.Accounts, d => d.AccountId, a => a.Id, (d, a) => new DelegatedAdministratorRow(
                a.Id, a.DisplayName, d.AddedAt, db.ManagedAccounts.Count(m => m.AdministratorAccountId == a.Id)))
            .ToListAsync(ct);
        var tree = await DirectoryTreeReader.ReadAsync(db, ct);
        var candidates = tree.AllAccounts()
            .Where(a => a.Type == AccountType.Member && administrators.All(d => d.AccountId != a.Id))
            .OrderBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(a => new CandidateAccount(a.Id, a.DisplayName, a.FolderPath))
            .ToList();
        return new BdrcTrustedServiceDetails(administrators.OrderBy(a => a.AddedAt).ToList(), options.Value.MaxDelegatedAdministrators, candidates);
    }

    public Task AddDelegatedAdministratorAsync(Actor actor, string accountId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Add BDRC delegated administrator", accountId, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId && a.FolderId != null, ct)
                ?? throw new NotFoundException($"Account {accountId} is not in the resource directory.");
            if (account.Type != AccountType.Member)
                throw new RuleViolationException("Only a member account can be a delegated administrator.");
            var current = await db.DelegatedAdministrators.Where(d => d.ServiceName == TrustedServiceNames.Bdrc).Select(d => d.AccountId).ToListAsync(ct);
            if (current.Contains(account.Id))
                throw new RuleViolationException($"{account.DisplayName} is already the BDRC delegated administrator.");
            var max = options.Value.MaxDelegatedAdministrators;
            if (current.Count >= max)
                throw new RuleViolationException($"BDRC can have at most {max} delegated administrator{(max == 1 ? "" : "s")}. Remove the current one first.");
            db.DelegatedAdministrators.Add(new DelegatedAdministrator { ServiceName = TrustedServiceNames.Bdrc, AccountId = account.Id, AddedAt = time.GetUtcNow() });
        }, ct);

    public Task RemoveDelegatedAdministratorAsync(Actor actor, string accountId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Remove BDRC delegated administrator", accountId, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var administrator = await db.DelegatedAdministrators.SingleOrDefaultAsync(d => d.ServiceName == TrustedServiceNames.Bdrc && d.AccountId == accountId, ct)
                ?? throw new NotFoundException($"Account {accountId} is not a BDRC delegated administrator.");
            var managed = await db.ManagedAccounts.CountAsync(m => m.AdministratorAccountId == accountId, ct);
            if (managed > 0)
                throw new RuleViolationException(
                    $"The delegated administrator still manages {managed} member account{(managed == 1 ? "" : "s")}. " +
                    "It must remove them from cross-account management (Cross-account Management > Account Management) before it can be removed.");
            // Its cross-account configuration goes with it; nothing is managed, so no data needs clearing.
            db.ManagementTargets.RemoveRange(await db.ManagementTargets.Where(t => t.AdministratorAccountId == accountId).ToListAsync(ct));
            db.CrossAccountSettings.RemoveRange(await db.CrossAccountSettings.Where(s => s.AdministratorAccountId == accountId).ToListAsync(ct));
            db.DelegatedAdministrators.Remove(administrator);
            await reconciler.ReconcileAsync(db, ct);
        }, ct);
}
