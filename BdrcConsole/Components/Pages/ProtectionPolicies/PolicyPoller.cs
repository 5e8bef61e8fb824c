namespace BdrcConsole.Components.Pages.ProtectionPolicies;

/// <summary>
/// Reloads a page every few seconds while something it shows is still moving (applications Pending or Running, an
/// execution running): the feed tells about committed changes, the poll catches progress in between. The callback
/// must marshal to the circuit itself (the component's InvokeAsync).
/// </summary>
public sealed class PolicyPoller(Func<Task> reload, TimeSpan? interval = null) : IDisposable
{
    private readonly TimeSpan period = interval ?? TimeSpan.FromSeconds(2);
    private Timer? timer;

    /// <summary>Starts or stops the poll: call after each load with whether anything is still moving.</summary>
    public void Keep(bool active)
    {
        if (active && timer is null)
            timer = new Timer(_ => _ = reload(), null, period, period);
        else if (!active)
            Dispose();
    }

    public void Dispose()
    {
        timer?.Dispose();
        timer = null;
    }
}
