namespace BdrcConsole.Core.Features.CrossAccount;

/// <summary>
/// Tells the open consoles of this process, after the change committed (here, or on another instance on the same
/// PostgreSQL database: PostgreSqlChangeRelay), which accounts entered or left an administrator's management, so that a selection holding a departed account drops it at once instead of every
/// page being refused until the next sign-in.
/// </summary>
public sealed class ManagementChangeFeed
{
    /// <summary>Raised once per committed change; handlers run on the committing thread and must be quick.</summary>
    public event Action<ManagementChange>? Committed;

    internal void Publish(IEnumerable<ManagementChange> changes)
    {
        foreach (var change in changes)
        {
            foreach (var handler in Committed?.GetInvocationList().Cast<Action<ManagementChange>>() ?? [])
            {
                try
                {
                    handler(change);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
                {
                    // A console closing meanwhile must not turn the committed command into an apparent failure.
                }
            }
        }
    }
}
