using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Access;

/// <summary>Answers what the acting account is and which accounts it may see.</summary>
public sealed class AccessService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    public async Task<AccountAccess> GetAccessAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var isManagement = await db.ResourceDirectories.AnyAsync(d => d.ManagementAccountId == account.Id, ct);
        var isAdministrator = await AccessRules.IsBdrcDelegatedAdministratorAsync(db, account.Id, ct);
        var enabled = isAdministrator && await db.CrossAccountSettings.AnyAsync(s => s.AdministratorAccountId == account.Id, ct);
        return new AccountAccess(account.Id, account.DisplayName, isManagement, isAdministrator, enabled);
    }

    /// <summary>The accounts the switcher may offer: the own account first, then managed ones by name.</summary>
    public async Task<IReadOnlyList<VisibleAccount>> GetVisibleAccountsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var visibleIds = AccessRules.VisibleAccountIds(db, actor);
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => visibleIds.Contains(a.Id))
            .Select(a => new VisibleAccount(a.Id, a.DisplayName, a.Id == actor.AccountId))
            .ToListAsync(ct);
        return accounts.OrderByDescending(a => a.IsOwnAccount).ThenBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Throws <see cref="NotFoundException"/> unless every id is visible to the acting account.</summary>
    public async Task EnsureVisibleAsync(Actor actor, IReadOnlyCollection<string> accountIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
    }
}
