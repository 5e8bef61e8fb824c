using BdrcConsole.Core.Features.Access;
using BdrcConsole.Security;

namespace BdrcConsole.State;

/// <summary>
/// The signed-in actor and what its account is, loaded once per circuit by the layout and refreshed
/// after changes that alter it (a delegated administrator set, accounts entering management).
/// </summary>
public sealed class ConsoleSession(CurrentActor currentActor, AccessService access, AccountSelection selection)
{
    private Actor? actor;
    private AccountAccess? accountAccess;

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
}
