using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Features.Directory;

namespace BdrcConsole.Core.Features.CrossAccount;

/// <summary>
/// Which member accounts a set of management targets covers in the directory as it is now:
/// a folder covers its accounts and its sub-folders' accounts; the directory covers every member.
/// The administrator and the management account are never covered.
/// </summary>
internal sealed class TargetCoverage(DirectoryTree tree, string administratorAccountId)
{
    public IEnumerable<AccountNode> CoveredBy(ManagementTarget target)
    {
        IEnumerable<AccountNode> accounts = target.Kind switch
        {
            ManagementTargetKind.ResourceDirectory => tree.AllAccounts(),
            ManagementTargetKind.Folder => tree.FindFolder(target.TargetId!)?.SelfAndDescendants().SelectMany(f => f.Accounts) ?? [],
            ManagementTargetKind.Account => tree.FindAccount(target.TargetId!) is { } account ? [account] : [],
            _ => [],
        };
        return accounts.Where(a => a.Type == AccountType.Member && a.Id != administratorAccountId);
    }

    public HashSet<string> CoveredAccountIds(IEnumerable<ManagementTarget> targets) =>
        targets.SelectMany(CoveredBy).Select(a => a.Id).ToHashSet();

    /// <summary>The targets that cover one account, most specific first (account, deepest folder, directory).</summary>
    public IReadOnlyList<ManagementTarget> TargetsCovering(string accountId, IEnumerable<ManagementTarget> targets) =>
        targets.Where(t => CoveredBy(t).Any(a => a.Id == accountId))
            .OrderBy(t => t.Kind)
            .ThenByDescending(t => t.Kind == ManagementTargetKind.Folder ? FolderPath(t.TargetId!)?.Length ?? 0 : 0)
            .ToList();

    public string? FolderPath(string folderId) => tree.FindFolder(folderId)?.Path;

    /// <summary>
    /// The targets without those another one already implies: with the directory only the directory; a folder inside
    /// another selected folder, or an account that a selected folder covers, is left out.
    /// </summary>
    public IReadOnlyList<ManagementTarget> WithoutImplied(IReadOnlyCollection<ManagementTarget> targets)
    {
        if (targets.FirstOrDefault(t => t.Kind == ManagementTargetKind.ResourceDirectory) is { } directory)
            return [directory];
        var folders = targets.Where(t => t.Kind == ManagementTargetKind.Folder).ToList();
        var foldersInsideOthers = folders
            .SelectMany(f => tree.FindFolder(f.TargetId!)?.SelfAndDescendants().Skip(1) ?? [])
            .Select(f => f.Id).ToHashSet();
        var coveredByFolders = CoveredAccountIds(folders);
        return targets.Where(t => t.Kind switch
        {
            ManagementTargetKind.Folder => !foldersInsideOthers.Contains(t.TargetId!),
            ManagementTargetKind.Account => !coveredByFolders.Contains(t.TargetId!),
            _ => false,
        }).ToList();
    }

    /// <summary>How the console names a target to the user.</summary>
    public string Describe(ManagementTarget target) => target.Kind switch
    {
        ManagementTargetKind.ResourceDirectory => "the entire resource directory",
        ManagementTargetKind.Folder => $"folder {FolderPath(target.TargetId!) ?? target.TargetId}",
        _ => $"account {tree.FindAccount(target.TargetId!)?.DisplayName ?? target.TargetId}",
    };
}
