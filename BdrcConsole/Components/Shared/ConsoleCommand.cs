using BdrcConsole.Core.Domain;
using MudBlazor;

namespace BdrcConsole.Components.Shared;

/// <summary>
/// The one way a console page runs a command against Core: a busy flag that disables its buttons while the command
/// runs, Core's refusal kept for the page to show (an alert beside the controls) or shown as a snackbar, and the
/// success message as a snackbar. A page owns one and reads <see cref="IsBusy"/> and <see cref="Refusal"/>.
/// </summary>
public sealed class ConsoleCommand(ISnackbar snackbar, bool refusalsAsSnackbar = false)
{
    /// <summary>True while a command runs: buttons that start another are disabled.</summary>
    public bool IsBusy { get; private set; }

    /// <summary>Core's refusal of the last command, until the next one starts or the user closes it.</summary>
    public string? Refusal { get; private set; }

    public void DismissRefusal() => Refusal = null;

    /// <summary>Runs a command whose success message is known in advance.</summary>
    public Task<bool> RunAsync(Func<Task> command, string? successMessage = null, Severity successSeverity = Severity.Success) =>
        RunAsync(async () =>
        {
            await command();
            return successMessage;
        }, successSeverity);

    /// <summary>Runs a command that returns its success message (null: say nothing). True when Core accepted it.</summary>
    public async Task<bool> RunAsync(Func<Task<string?>> command, Severity successSeverity = Severity.Success)
    {
        // A second click can be queued on the circuit before the page re-renders with its buttons disabled.
        if (IsBusy)
            return false;
        IsBusy = true;
        Refusal = null;
        try
        {
            if (await command() is { Length: > 0 } message)
                snackbar.Add(message, successSeverity);
            return true;
        }
        catch (BdrcException refusal)
        {
            if (refusalsAsSnackbar)
                snackbar.Add(refusal.Message, Severity.Error);
            else
                Refusal = refusal.Message;
            return false;
        }
        finally
        {
            IsBusy = false;
        }
    }
}
