namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Tells the open consoles of this process, after the change committed, that messages arrived for an account or
/// that a policy's applications or executions moved, so the bell and the policy pages update without a reload.
/// </summary>
public sealed class PolicyChangeFeed
{
    /// <summary>New messages for the account (recipient id).</summary>
    public event Action<string>? MessagesArrived;
    /// <summary>The policy's applications, executions or settings changed (owner id, policy id).</summary>
    public event Action<string, int>? PolicyChanged;

    internal void PublishMessages(string recipientAccountId) => Raise(MessagesArrived, h => h(recipientAccountId));

    internal void PublishPolicy(string ownerAccountId, int policyId) => Raise(PolicyChanged, h => h(ownerAccountId, policyId));

    private static void Raise<T>(T? handlers, Action<T> invoke) where T : Delegate
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<T>() ?? [])
        {
            try
            {
                invoke(handler);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                // A console closing meanwhile must not fail the committed work.
            }
        }
    }
}
