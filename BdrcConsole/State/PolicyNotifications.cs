using BdrcConsole.Core.Features.Policies;

namespace BdrcConsole.State;

/// <summary>
/// The acting account's part of <see cref="PolicyChangeFeed"/> for one circuit: its policies moved, messages arrived
/// for it, or this console marked messages read (so the bell updates at once). Events are raised on the committing
/// thread: subscribers marshal with InvokeAsync and unsubscribe in Dispose.
/// </summary>
public sealed class PolicyNotifications : IDisposable
{
    private readonly PolicyChangeFeed feed;
    private readonly ConsoleSession session;

    public PolicyNotifications(PolicyChangeFeed feed, ConsoleSession session)
    {
        this.feed = feed;
        this.session = session;
        feed.PolicyChanged += OnPolicyChanged;
        feed.MessagesArrived += OnMessagesArrived;
    }

    /// <summary>One of the acting account's policies changed (its id).</summary>
    public event Action<int>? PolicyChanged;

    /// <summary>The acting account's unread messages may have changed: new ones arrived or some were marked read.</summary>
    public event Action? MessagesChanged;

    /// <summary>Called by the console after it marked messages read.</summary>
    public void MessagesRead() => MessagesChanged?.Invoke();

    private bool IsActing(string accountId) => session.IsLoaded && session.Actor.AccountId == accountId;

    private void OnPolicyChanged(string ownerAccountId, int policyId)
    {
        if (IsActing(ownerAccountId))
            PolicyChanged?.Invoke(policyId);
    }

    private void OnMessagesArrived(string recipientAccountId)
    {
        if (IsActing(recipientAccountId))
            MessagesChanged?.Invoke();
    }

    public void Dispose()
    {
        feed.PolicyChanged -= OnPolicyChanged;
        feed.MessagesArrived -= OnMessagesArrived;
    }
}
