using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.Directory;
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

    /// <summary>
    /// The accounts the switcher may offer with their folders, in directory order (the own account first).
    /// Folders are listed only when more than one account is visible, and only those holding a visible account.
    /// </summary>
    public async Task<VisibleAccountDirectory> GetVisibleAccountDirectoryAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var visibleIds = (await AccessRules.VisibleAccountIds(db, actor).ToListAsync(ct)).ToHashSet();
        var accounts = new List<VisibleAccount>();
        var folders = new List<VisibleFolder>();
        List<string> Walk(FolderNode folder, int depth)
        {
            var ids = new List<string>();
            foreach (var account in folder.Accounts.Where(a => visibleIds.Contains(a.Id)))
            {
                accounts.Add(new VisibleAccount(account.Id, account.DisplayName, account.Id == actor.AccountId, folder.Path));
                ids.Add(account.Id);
            }
            var position = folders.Count;
            foreach (var child in folder.Children)
                ids.AddRange(Walk(child, depth + 1));
            if (ids.Count > 0)
                folders.Insert(position, new VisibleFolder(folder.Id, folder.Name, folder.Path, depth, ids));
            return ids;
        }
        if (await db.ResourceDirectories.AnyAsync(ct))
            Walk((await DirectoryTreeReader.ReadAsync(db, ct)).Root, 0);
        // Accounts outside the directory (an own account that is in none) come after, by name.
        var listed = accounts.Select(a => a.AccountId).ToHashSet();
        var outside = visibleIds.Where(id => !listed.Contains(id)).ToList();
        if (outside.Count > 0)
            accounts.AddRange((await db.Accounts.AsNoTracking().Where(a => outside.Contains(a.Id)).ToListAsync(ct))
                .OrderBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)
                .Select(a => new VisibleAccount(a.Id, a.DisplayName, a.Id == actor.AccountId)));

        var ordered = accounts.Where(a => a.IsOwnAccount).Concat(accounts.Where(a => !a.IsOwnAccount)).ToList();
        return new VisibleAccountDirectory(ordered, ordered.Count > 1 ? folders : []);
    }

    /// <summary>Throws <see cref="NotFoundException"/> unless every id is visible to the acting account.</summary>
    public async Task EnsureVisibleAsync(Actor actor, IReadOnlyCollection<string> accountIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
    }
}
