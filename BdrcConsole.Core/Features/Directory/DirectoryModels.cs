using BdrcConsole.Core.Domain.Directory;

namespace BdrcConsole.Core.Features.Directory;

/// <summary>The resource directory as a tree of folders holding accounts.</summary>
public sealed record DirectoryTree(string ManagementAccountId, FolderNode Root)
{
    public IEnumerable<FolderNode> AllFolders() => Root.SelfAndDescendants();
    public IEnumerable<AccountNode> AllAccounts() => AllFolders().SelectMany(f => f.Accounts);
    public FolderNode? FindFolder(string folderId) => AllFolders().FirstOrDefault(f => f.Id == folderId);
    public AccountNode? FindAccount(string accountId) => AllAccounts().FirstOrDefault(a => a.Id == accountId);
}

public sealed record FolderNode(string Id, string Name, string Path, IReadOnlyList<FolderNode> Children, IReadOnlyList<AccountNode> Accounts)
{
    public bool IsRoot => Path == Name;
    public bool IsEmpty => Children.Count == 0 && Accounts.Count == 0;

    public IEnumerable<FolderNode> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

public sealed record AccountNode(string Id, string DisplayName, AccountType Type, JoinMethod JoinMethod, DateTimeOffset JoinedAt, string FolderId, string FolderPath);
