using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Security;

namespace BdrcConsole.State;

/// <summary>
/// The signed-in actor and what its account is, loaded once per circuit by the layout and refreshed
/// after changes that alter it (a delegated administrator set, accounts entering management).
/// </summary>
public sealed class ConsoleSession : IDisposable
{
    private readonly CurrentActor currentActor;
    private readonly AccessService access;
    private readonly AccountSelection selection;
    private readonly ManagementChangeFeed managementChanges;
    private Actor? actor;
    private AccountAccess? accountAccess;

    public ConsoleSession(CurrentActor currentActor, AccessService access, AccountSelection selection, ManagementChangeFeed managementChanges)
    {
        this.currentActor = currentActor;
        this.access = access;
        this.selection = selection;
        this.managementChanges = managementChanges;
        managementChanges.Committed += OnManagementChangeCommitted;
    }

    /// <summary>
    /// Raised (on the committing thread: marshal to the circuit) when accounts entered or left this account's
    /// management, or this account's own management changed, while the console is open.
    /// </summary>
    public event Action? ManagementChanged;

    public Actor Actor => actor ?? throw new InvalidOperationException("The console session is not loaded.");
    public AccountAccess Access => accountAccess ?? throw new InvalidOperationException("The console session is not loaded.");
    public bool IsLoaded => accountAccess is not null;

    /// <summary>Raised after <see cref="RefreshAsync"/> reloads the access facts.</summary>
    public event Action? Changed;

    public async Task EnsureLoadedAsync()
    {
        if (!IsLoaded)
            await RefreshAsync();
    }

    /// <summary>Reloads the account's access and the accounts the switcher may offer.</summary>
    public async Task RefreshAsync()
    {
        actor ??= await currentActor.GetAsync();
        accountAccess = await access.GetAccessAsync(actor);
        var directory = await access.GetVisibleAccountDirectoryAsync(actor);
        selection.SetAvailableAccounts(actor.AccountId, directory.Accounts, directory.Folders);
        Changed?.Invoke();
    }

    private void OnManagementChangeCommitted(ManagementChange change)
    {
        if (actor is { AccountId: var own } && (change.AdministratorAccountId == own || change.Added.Contains(own) || change.Removed.Contains(own)))
            ManagementChanged?.Invoke();
    }

    public void Dispose() => managementChanges.Committed -= OnManagementChangeCommitted;
}
