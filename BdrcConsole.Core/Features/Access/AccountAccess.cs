namespace BdrcConsole.Core.Features.Access;

/// <summary>What the acting account is in the organisation, for navigation and page access.</summary>
public sealed record AccountAccess(
    string AccountId,
    string DisplayName,
    bool IsManagementAccount,
    bool IsDelegatedAdministrator,
    bool CrossAccountEnabled);

/// <summary>An account the acting account may see data of (for the account switcher).</summary>
public sealed record VisibleAccount(string AccountId, string DisplayName, bool IsOwnAccount);
