using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Access;

/// <summary>The authorization rules of docs/rules.md §4, shared by every Core service.</summary>
internal static class AccessRules
{
    public static async Task<Account> RequireActingAccountAsync(BdrcDbContext db, Actor actor, CancellationToken ct)
    {
        return await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == actor.AccountId, ct)
            ?? throw new AccessDeniedException("Your account is not known to this console.");
    }

    public static async Task<ResourceDirectory> RequireManagementAccountAsync(BdrcDbContext db, Actor actor, CancellationToken ct)
    {
        await RequireActingAccountAsync(db, actor, ct);
        var directory = await db.ResourceDirectories.AsNoTracking().SingleOrDefaultAsync(ct)
            ?? throw new RuleViolationException("Resource Directory is not enabled.");
        if (directory.ManagementAccountId != actor.AccountId)
            throw new AccessDeniedException("Only the management account of the resource directory can do this.");
        return directory;
    }

    public static async Task<string?> FindBdrcDelegatedAdministratorAsync(BdrcDbContext db, CancellationToken ct) =>
        await db.DelegatedAdministrators.AsNoTracking()
            .Where(d => d.ServiceName == TrustedServiceNames.Bdrc)
            .OrderBy(d => d.AddedAt)
            .Select(d => d.AccountId)
            .FirstOrDefaultAsync(ct);

    public static async Task<bool> IsBdrcDelegatedAdministratorAsync(BdrcDbContext db, string accountId, CancellationToken ct) =>
        await db.DelegatedAdministrators.AnyAsync(d => d.ServiceName == TrustedServiceNames.Bdrc && d.AccountId == accountId, ct);

    /// <summary>Cross-account operations are for the BDRC delegated administrator alone.</summary>
    public static async Task RequireDelegatedAdministratorAsync(BdrcDbContext db, Actor actor, CancellationToken ct)
    {
        await RequireActingAccountAsync(db, actor, ct);
        if (!await IsBdrcDelegatedAdministratorAsync(db, actor.AccountId, ct))
            throw new AccessDeniedException("Only the BDRC delegated administrator account can use cross-account management.");
    }

    /// <summary>Cross-account data is reachable only once the administrator has enabled the feature.</summary>
    public static async Task RequireCrossAccountEnabledAsync(BdrcDbContext db, Actor actor, CancellationToken ct)
    {
        await RequireDelegatedAdministratorAsync(db, actor, ct);
        if (!await db.CrossAccountSettings.AnyAsync(s => s.AdministratorAccountId == actor.AccountId, ct))
            throw new RuleViolationException("Cross-account management is not enabled. Enable it on the Cross-account Management page first.");
    }

    /// <summary>
    /// The accounts whose data the acting account may see: itself, plus its managed accounts when it is
    /// the delegated administrator with cross-account management enabled.
    /// </summary>
    public static IQueryable<string> VisibleAccountIds(BdrcDbContext db, Actor actor) => VisibleAccountIds(db, actor.AccountId);

    /// <inheritdoc cref="VisibleAccountIds(BdrcDbContext, Actor)"/>
    public static IQueryable<string> VisibleAccountIds(BdrcDbContext db, string accountId) =>
        db.Accounts.Where(a => a.Id == accountId).Select(a => a.Id)
            .Union(db.ManagedAccounts.Where(m => m.AdministratorAccountId == accountId
                    && db.DelegatedAdministrators.Any(d => d.ServiceName == TrustedServiceNames.Bdrc && d.AccountId == accountId))
                .Select(m => m.AccountId));

    /// <summary>Refuses, with a 404-style error, any account id the acting account may not see.</summary>
    public static async Task RequireVisibleAccountsAsync(BdrcDbContext db, Actor actor, IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        // The visible set is small (an administrator manages at most thousands of accounts): read it once.
        var visible = (await VisibleAccountIds(db, actor).ToListAsync(ct)).ToHashSet();
        if (!accountIds.All(visible.Contains))
            throw new NotFoundException("One or more of the requested accounts do not exist or are not visible to your account.");
    }
}
