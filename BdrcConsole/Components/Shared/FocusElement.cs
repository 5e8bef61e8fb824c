using Microsoft.JSInterop;

namespace BdrcConsole.Components.Shared;

/// <summary>Puts keyboard focus back where the user was, for panels that are not MudBlazor dialogs (which do it themselves).</summary>
public static class FocusElement
{
    /// <summary>Focuses the element whose <paramref name="attribute"/> is <paramref name="value"/>; nothing happens when it is gone.</summary>
    public static async Task ByAttributeAsync(IJSRuntime js, string attribute, string value)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/focus.js");
            await module.InvokeAsync<bool>("focusByAttribute", attribute, value);
        }
        catch (JSDisconnectedException)
        {
            // The tab closed while the panel was closing: nothing left to focus.
        }
    }
}
