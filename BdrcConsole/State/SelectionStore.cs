using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.JSInterop;

namespace BdrcConsole.State;

/// <summary>
/// Keeps the account selection in the browser tab's session storage (encrypted by ASP.NET Core data
/// protection), so that a page reload starts a new circuit with the same selection.
/// </summary>
/// <remarks>
/// Reading it back travels from the browser over the circuit, whose messages are limited to 32 KB. A thousand
/// 16-digit ids as JSON strings, encrypted and Base64-encoded, come close to that, so the ids are stored as one
/// Brotli-compressed, comma-separated text: 1,000 ids take about 3 KB.
/// </remarks>
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
                selection.Restore(Unpack(value.AccountIds));
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or CryptographicException
                                       or InvalidDataException or System.Text.Json.JsonException or OperationCanceledException)
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
            await storage.SetAsync(Key, new StoredSelection(selection.OwnAccountId!, Pack(selection.SelectedAccountIds)));
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            logger.LogDebug(ex, "The account selection could not be saved in the browser.");
        }
    }

    /// <summary>The ids in order, comma-separated and Brotli-compressed (account ids never contain commas).</summary>
    public static byte[] Pack(IReadOnlyList<string> accountIds)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal))
            brotli.Write(Encoding.UTF8.GetBytes(string.Join(',', accountIds)));
        return output.ToArray();
    }

    public static IReadOnlyList<string> Unpack(byte[] packed)
    {
        using var brotli = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        var text = reader.ReadToEnd();
        return text.Length == 0 ? [] : text.Split(',');
    }

    private sealed record StoredSelection(string OwnAccountId, byte[] AccountIds);
}
