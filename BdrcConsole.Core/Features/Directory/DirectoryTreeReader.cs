using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Directory;

/// <summary>Reads the whole directory into a tree; directories hold hundreds of accounts, not millions.</summary>
internal static class DirectoryTreeReader
{
    public static async Task<DirectoryTree> ReadAsync(BdrcDbContext db, CancellationToken ct)
    {
        var directory = await db.ResourceDirectories.AsNoTracking().SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Resource Directory is not enabled.");
        var folders = await db.Folders.AsNoTracking().ToListAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.FolderId != null).ToListAsync(ct);

        var childrenOf = folders.Where(f => f.ParentId != null).ToLookup(f => f.ParentId!);
        var accountsIn = accounts.ToLookup(a => a.FolderId!);
        var root = folders.Single(f => f.Id == directory.RootFolderId);

        FolderNode Build(Domain.Directory.Folder folder, string path) => new(
            folder.Id,
            folder.Name,
            path,
            childrenOf[folder.Id].OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(c => Build(c, $"{path}/{c.Name}")).ToList(),
            accountsIn[folder.Id]
                .OrderBy(a => a.Type).ThenBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)
                .Select(a => new AccountNode(a.Id, a.DisplayName, a.Type, a.JoinMethod, a.JoinedAt, folder.Id, path))
                .ToList());

        return new DirectoryTree(directory.ManagementAccountId, Build(root, root.Name));
    }
}
