using System.Threading.Channels;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Work for <see cref="PolicyApplicationWorker"/>: an owner whose policies to complete and reconcile (null: every owner).
/// A save that wrote more applications than one completion batch hands the rest over here and returns, so the page
/// shows the applications' progress instead of waiting for all of them. Public only because the policy service takes it;
/// its operations are internal.
/// </summary>
public sealed class PolicyApplicationQueue
{
    private readonly Channel<string?> channel = Channel.CreateUnbounded<string?>();

    internal void Request(string? ownerAccountId) => channel.Writer.TryWrite(ownerAccountId);

    internal IAsyncEnumerable<string?> ReadAllAsync(CancellationToken ct) => channel.Reader.ReadAllAsync(ct);
}
