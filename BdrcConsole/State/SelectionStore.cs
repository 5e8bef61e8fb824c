using System.Security.Cryptography;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.JSInterop;

namespace BdrcConsole.State;

/// <summary>
/// Keeps the account selection in the browser tab's session storage (encrypted by ASP.NET Core data
/// protection), so that a page reload starts a new circuit with the same selection.
/// </summary>
public sealed class SelectionStore(ProtectedSessionStorage storage, ILogger<SelectionStore> logger)
{
    private const string Key = "bdrc.account-selection";

    public async Task RestoreAsync(AccountSelection selection)
    {
        try
        {
            var stored = await storage.GetAsync<StoredSelection>(Key);
            // A selection saved by another user in this tab must not leak into this session.
            if (stored is { Success: true, Value: { } value } && value.OwnAccountId == selection.OwnAccountId)
                selection.Select(value.AccountIds);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or CryptographicException)
        {
            logger.LogDebug(ex, "The stored account selection could not be read; using the default.");
        }
    }

    public async Task SaveAsync(AccountSelection selection)
    {
        if (!selection.IsInitialized)
            return;
        try
        {
            await storage.SetAsync(Key, new StoredSelection(selection.OwnAccountId!, selection.SelectedAccountIds.ToArray()));
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            logger.LogDebug(ex, "The account selection could not be saved in the browser.");
        }
    }

    private sealed record StoredSelection(string OwnAccountId, string[] AccountIds);
}
