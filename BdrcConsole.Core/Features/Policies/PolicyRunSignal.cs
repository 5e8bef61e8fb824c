using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BdrcConsole.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Wakes the policy scheduler before its next tick when Run now started executions. One per database (keyed
/// by the singleton context factory the services and the scheduler share), so that test hosts side by side
/// wake only their own scheduler. Signals coalesce: many Run nows before the scheduler wakes make one tick.
/// </summary>
internal sealed class PolicyRunSignal
{
    private static readonly ConditionalWeakTable<IDbContextFactory<BdrcDbContext>, PolicyRunSignal> PerDatabase = [];

    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public static PolicyRunSignal For(IDbContextFactory<BdrcDbContext> dbFactory) => PerDatabase.GetValue(dbFactory, _ => new PolicyRunSignal());

    public void Signal() => channel.Writer.TryWrite(true);

    /// <summary>Completes once signalled (at once if a signal is pending), consuming the signal.</summary>
    public async Task WaitAsync(CancellationToken ct) => await channel.Reader.ReadAsync(ct);
}
