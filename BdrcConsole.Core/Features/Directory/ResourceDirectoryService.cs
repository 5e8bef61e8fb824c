using System.Security.Cryptography;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Directory;

/// <summary>The outcome of a directory change: the account or folder touched and what it did to management.</summary>
public sealed record DirectoryChangeResult(string Id, IReadOnlyList<ManagementChange> ManagementChanges);

/// <summary>
/// Resource Directory operations of the management account. Every change re-derives the managed
/// sets of cross-account management in the same transaction.
/// </summary>
public sealed class ResourceDirectoryService(
    IDbContextFactory<BdrcDbContext> dbFactory,
    AuditedOperations audited,
    ManagedSetReconciler reconciler,
    TimeProvider time)
{
    /// <summary>The directory tree: for the management account and the BDRC delegated administrator.</summary>
    public async Task<DirectoryTree> GetTreeAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var directory = await db.ResourceDirectories.AsNoTracking().SingleOrDefaultAsync(ct);
        if (directory?.ManagementAccountId != actor.AccountId)
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            // The refusal names this page's rule, not cross-account management's.
            if (!await AccessRules.IsBdrcDelegatedAdministratorAsync(db, actor.AccountId, ct))
                throw new AccessDeniedException("Only the management account and the BDRC delegated administrator account can view the Resource Directory.");
        }
        return await DirectoryTreeReader.ReadAsync(db, ct);
    }

    public Task<DirectoryChangeResult> CreateFolderAsync(Actor actor, string parentFolderId, string name, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Create folder", name, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var validName = ValidName(name, "Folder name", Folder.MaxNameLength);
            await RequireFolderAsync(db, parentFolderId, ct);
            await RequireUniqueFolderNameAsync(db, parentFolderId, validName, exceptFolderId: null, ct);
            var folder = new Folder { Id = NewFolderId(), Name = validName, ParentId = parentFolderId, CreatedAt = time.GetUtcNow() };
            db.Folders.Add(folder);
            return new DirectoryChangeResult(folder.Id, await reconciler.ReconcileAsync(db, ct));
        }, ct);

    public Task<DirectoryChangeResult> RenameFolderAsync(Actor actor, string folderId, string newName, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Rename folder", folderId, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var validName = ValidName(newName, "Folder name", Folder.MaxNameLength);
            var folder = await RequireFolderAsync(db, folderId, ct);
            if (folder.ParentId is null)
                throw new RuleViolationException("The root folder cannot be renamed.");
            await RequireUniqueFolderNameAsync(db, folder.ParentId, validName, folder.Id, ct);
            folder.Name = validName;
            return new DirectoryChangeResult(folder.Id, await reconciler.ReconcileAsync(db, ct));
        }, ct);

    public Task<DirectoryChangeResult> DeleteFolderAsync(Actor actor, string folderId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Delete folder", folderId, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var folder = await RequireFolderAsync(db, folderId, ct);
            if (folder.ParentId is null)
                throw new RuleViolationException("The root folder cannot be deleted.");
            if (await db.Folders.AnyAsync(f => f.ParentId == folderId, ct) || await db.Accounts.AnyAsync(a => a.FolderId == folderId, ct))
                throw new RuleViolationException($"Folder {folder.Name} is not empty. Move its accounts and delete its sub-folders first.");
            // A management target on a deleted folder would cover nothing; drop it with the folder.
            db.ManagementTargets.RemoveRange(await db.ManagementTargets.Where(t => t.Kind == ManagementTargetKind.Folder && t.TargetId == folderId).ToListAsync(ct));
            db.Folders.Remove(folder);
            return new DirectoryChangeResult(folder.Id, await reconciler.ReconcileAsync(db, ct));
        }, ct);

    public Task<DirectoryChangeResult> CreateMemberAsync(Actor actor, string displayName, string folderId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Create member", displayName, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var validName = ValidName(displayName, "Display name", 64);
            await RequireFolderAsync(db, folderId, ct);
            await RequireUniqueDisplayNameAsync(db, validName, ct);
            var account = new Account
            {
                Id = await NewAccountIdAsync(db, ct),
                DisplayName = validName,
                Type = AccountType.Member,
                FolderId = folderId,
                JoinMethod = JoinMethod.Created,
                JoinedAt = time.GetUtcNow(),
            };
            db.Accounts.Add(account);
            return new DirectoryChangeResult(account.Id, await reconciler.ReconcileAsync(db, ct));
        }, ct, DescribeManagement);

    /// <summary>Invites an existing account by its id; it joins the given folder (acceptance is immediate here).</summary>
    public Task<DirectoryChangeResult> InviteAccountAsync(Actor actor, string accountId, string? displayName, string folderId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Invite account", accountId?.Trim() ?? "", async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var id = accountId?.Trim() ?? "";
            if (!Account.IsValidId(id))
                throw new ValidationException("An account id is 16 digits and does not start with 0.");
            await RequireFolderAsync(db, folderId, ct);
            var now = time.GetUtcNow();
            var existing = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);
            if (existing is { FolderId: not null })
                throw new RuleViolationException($"Account {existing.DisplayName} ({id}) is already in the resource directory.");
            if (existing is null)
            {
                var validName = ValidName(displayName, "Display name", 64);
                await RequireUniqueDisplayNameAsync(db, validName, ct);
                db.Accounts.Add(new Account { Id = id, DisplayName = validName, Type = AccountType.Member, FolderId = folderId, JoinMethod = JoinMethod.Invited, JoinedAt = now });
            }
            else
            {
                existing.FolderId = folderId;
                existing.JoinMethod = JoinMethod.Invited;
                existing.JoinedAt = now;
                existing.LeftDirectoryAt = null;
            }
            return new DirectoryChangeResult(id, await reconciler.ReconcileAsync(db, ct));
        }, ct, DescribeManagement);

    public Task<DirectoryChangeResult> MoveAccountAsync(Actor actor, string accountId, string targetFolderId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Move account", accountId, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var account = await RequireMemberInDirectoryAsync(db, accountId, ct);
            var folder = await RequireFolderAsync(db, targetFolderId, ct);
            if (account.FolderId == folder.Id)
                throw new RuleViolationException($"Account {account.DisplayName} is already in folder {folder.Name}.");
            account.FolderId = folder.Id;
            return new DirectoryChangeResult(account.Id, await reconciler.ReconcileAsync(db, ct));
        }, ct, DescribeManagement);

    /// <summary>Removes a member from the directory; it becomes a standalone account and leaves any management.</summary>
    public Task<DirectoryChangeResult> RemoveMemberAsync(Actor actor, string accountId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Remove member", accountId, async db =>
        {
            await AccessRules.RequireManagementAccountAsync(db, actor, ct);
            var account = await RequireMemberInDirectoryAsync(db, accountId, ct);
            if (await db.DelegatedAdministrators.AnyAsync(d => d.AccountId == account.Id, ct))
                throw new RuleViolationException($"{account.DisplayName} is the BDRC delegated administrator. Remove it on Trusted Services first.");
            account.FolderId = null;
            account.LeftDirectoryAt = time.GetUtcNow();
            db.ManagementTargets.RemoveRange(await db.ManagementTargets.Where(t => t.Kind == ManagementTargetKind.Account && t.TargetId == account.Id).ToListAsync(ct));
            return new DirectoryChangeResult(account.Id, await reconciler.ReconcileAsync(db, ct));
        }, ct, DescribeManagement);

    private static string? DescribeManagement(DirectoryChangeResult result) =>
        result.ManagementChanges.Count == 0 ? null : string.Join("; ", result.ManagementChanges.Select(c =>
            $"managed by {c.AdministratorAccountId}: +{c.Added.Count} -{c.Removed.Count}"));

    private static string ValidName(string? name, string what, int maxLength)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new ValidationException($"{what} is required.");
        if (trimmed.Length > maxLength)
            throw new ValidationException($"{what} can be at most {maxLength} characters.");
        if (trimmed.Contains('/') || trimmed.Any(char.IsControl))
            throw new ValidationException($"{what} cannot contain '/' or control characters.");
        return trimmed;
    }

    private static async Task<Folder> RequireFolderAsync(BdrcDbContext db, string folderId, CancellationToken ct) =>
        await db.Folders.SingleOrDefaultAsync(f => f.Id == folderId, ct)
            ?? throw new NotFoundException($"Folder {folderId} does not exist.");

    private static async Task<Account> RequireMemberInDirectoryAsync(BdrcDbContext db, string accountId, CancellationToken ct)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId && a.FolderId != null, ct)
            ?? throw new NotFoundException($"Account {accountId} is not in the resource directory.");
        if (account.Type == AccountType.Management)
            throw new RuleViolationException("The management account cannot be moved or removed.");
        return account;
    }

    private static async Task RequireUniqueFolderNameAsync(BdrcDbContext db, string parentId, string name, string? exceptFolderId, CancellationToken ct)
    {
        var siblings = await db.Folders.Where(f => f.ParentId == parentId && f.Id != exceptFolderId).Select(f => f.Name).ToListAsync(ct);
        if (siblings.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new RuleViolationException($"A folder named {name} already exists here.");
    }

    private static async Task RequireUniqueDisplayNameAsync(BdrcDbContext db, string name, CancellationToken ct)
    {
        if (await db.Accounts.AnyAsync(a => a.DisplayName.ToLower() == name.ToLower(), ct))
            throw new RuleViolationException($"An account named {name} already exists.");
    }

    private static string NewFolderId() => "fd-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10);

    private static async Task<string> NewAccountIdAsync(BdrcDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var id = RandomNumberGenerator.GetInt32(1, 10).ToString() + RandomNumberGenerator.GetString("0123456789", Account.IdLength - 1);
            if (!await db.Accounts.AnyAsync(a => a.Id == id, ct))
                return id;
        }
    }
}
