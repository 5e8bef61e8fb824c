using BdrcConsole.Core.Domain.CrossAccount;
using BdrcConsole.Core.Features.Directory;

namespace BdrcConsole.Core.Features.CrossAccount;

/// <summary>One prerequisite of enabling cross-account management and the on-screen step that fixes it.</summary>
public sealed record PrerequisiteResult(string Name, bool Passed, string FixStep);

public sealed record PrerequisiteCheck(IReadOnlyList<PrerequisiteResult> Results)
{
    public bool AllPassed => Results.All(r => r.Passed);
    public IEnumerable<PrerequisiteResult> Failed => Results.Where(r => !r.Passed);
}

/// <summary>The acting account's standing in cross-account management.</summary>
public sealed record CrossAccountStatus(bool IsDelegatedAdministrator, bool Enabled, DateTimeOffset? EnabledAt, int ManagedAccountCount);

public enum ManagedVia
{
    /// <summary>The account itself was selected on the Account Management page.</summary>
    Directly,
    /// <summary>A selected folder (or one of its parents) holds the account.</summary>
    Folder,
    /// <summary>The entire resource directory was selected.</summary>
    ResourceDirectory,
}

/// <summary>
/// Who manages the acting account's data protection: the BDRC delegated administrator and through which of its
/// targets, e.g. acme-security "through folder Root/Production".
/// </summary>
public sealed record AccountManager(string AdministratorAccountId, string AdministratorName, ManagedVia Via, string ViaDescription);

/// <summary>A row of the cross-account management list.</summary>
public sealed record ManagedAccountRow(
    string AccountId,
    string DisplayName,
    string FolderPath,
    ManagedVia Via,
    string ManagedViaDescription,
    DateTimeOffset ManagedSince,
    DateTimeOffset? ServiceLinkedRoleCreatedAt,
    string? RemovalBlockedReason)
{
    public bool CanRemoveFromManagement => RemovalBlockedReason is null;
}

/// <summary>A selection on the Cross-account Management Configuration page.</summary>
public sealed record TargetSelection(ManagementTargetKind Kind, string? TargetId)
{
    public static TargetSelection EntireDirectory { get; } = new(ManagementTargetKind.ResourceDirectory, null);
    public static TargetSelection ForFolder(string folderId) => new(ManagementTargetKind.Folder, folderId);
    public static TargetSelection ForAccount(string accountId) => new(ManagementTargetKind.Account, accountId);
}

/// <summary>What the configuration page shows: the directory and the current selections.</summary>
public sealed record ManagementConfiguration(DirectoryTree Directory, string AdministratorAccountId, IReadOnlyList<TargetSelection> Targets)
{
    /// <summary>
    /// The selections to save, without those a selected folder or the directory already covers (folder coverage
    /// as <see cref="TargetCoverage"/> derives it for management itself).
    /// </summary>
    public IReadOnlyList<TargetSelection> WithoutImplied(IEnumerable<TargetSelection> selections)
    {
        var targets = selections.Distinct()
            .Select(s => new ManagementTarget { AdministratorAccountId = AdministratorAccountId, Kind = s.Kind, TargetId = s.TargetId })
            .ToList();
        return new TargetCoverage(Directory, AdministratorAccountId).WithoutImplied(targets)
            .Select(t => new TargetSelection(t.Kind, t.TargetId)).ToList();
    }
}

/// <summary>Accounts that entered and left management when the targets were saved.</summary>
public sealed record TargetChangeSummary(IReadOnlyList<string> AddedAccountNames, IReadOnlyList<string> RemovedAccountNames);
