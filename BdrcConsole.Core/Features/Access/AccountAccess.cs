namespace BdrcConsole.Core.Features.Access;

/// <summary>What the acting account is in the organisation, for navigation and page access.</summary>
public sealed record AccountAccess(
    string AccountId,
    string DisplayName,
    bool IsManagementAccount,
    bool IsDelegatedAdministrator,
    bool CrossAccountEnabled);

/// <summary>An account the acting account may see data of (for the account switcher).</summary>
/// <param name="FolderPath">The account's Resource Directory folder, such as "Root/Production", when the directory is known.</param>
public sealed record VisibleAccount(string AccountId, string DisplayName, bool IsOwnAccount, string? FolderPath = null);

/// <summary>
/// A Resource Directory folder as the account switcher offers it: the visible accounts in it and in its
/// sub-folders, in directory order. Depth 0 is the root.
/// </summary>
public sealed record VisibleFolder(string Id, string Name, string Path, int Depth, IReadOnlyList<string> AccountIds);

/// <summary>
/// What the account switcher lists: the visible accounts (the own account first, then directory order:
/// each folder's accounts by name, then its sub-folders by name) and the folders that hold any of them.
/// </summary>
public sealed record VisibleAccountDirectory(IReadOnlyList<VisibleAccount> Accounts, IReadOnlyList<VisibleFolder> Folders);
