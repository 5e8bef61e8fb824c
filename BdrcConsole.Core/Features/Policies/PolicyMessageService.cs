#pragma warning disable CS9113 // skeleton: the implementation reads them
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Protection policy execution messages of the acting account: only the messages addressed to it, never
/// another account's (docs/rules.md §10).
/// </summary>
public sealed class PolicyMessageService(IDbContextFactory<BdrcDbContext> dbFactory, TimeProvider time)
{
    public Task<PagedResult<MessageRow>> ListAsync(Actor actor, MessageQuery query, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<int> CountUnreadAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task MarkReadAsync(Actor actor, IReadOnlyCollection<long> messageIds, CancellationToken ct = default) => throw new NotImplementedException();

    public Task MarkAllReadAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();
}
