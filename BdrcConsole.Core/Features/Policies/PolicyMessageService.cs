using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Protection policy execution messages of the acting account: only the messages addressed to it, never
/// another account's (docs/rules.md §10).
/// </summary>
public sealed class PolicyMessageService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    /// <summary>The acting account's messages matching <paramref name="query"/>, newest first, one page.</summary>
    public async Task<PagedResult<MessageRow>> ListAsync(Actor actor, MessageQuery query, CancellationToken ct = default)
    {
        if (query.Page < 0 || query.PageSize is < 1 or > MaxPageSize)
            throw new ValidationException($"Page must be 0 or more and page size between 1 and {MaxPageSize}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);

        var messages = Own(db, actor);
        var unread = false;
        if (query.UnreadOnly)
            messages = messages.Where(m => m.Read == unread);
        if (query.Level is { } level)
            messages = messages.Where(m => m.Level == level);
        if (query.Type is { } type)
            messages = messages.Where(m => m.Type == type);
        if (query.PolicyId is { } policyId)
            messages = messages.Where(m => m.PolicyId == policyId);
        if (!string.IsNullOrWhiteSpace(query.AccountId))
        {
            // AccountIds is a comma-separated list: match a whole id, not a part of one.
            var delimited = $",{query.AccountId.Trim()},";
            messages = messages.Where(m => ("," + m.AccountIds + ",").Contains(delimited));
        }

        var total = await messages.CountAsync(ct);
        // Ids grow with time: ordering by id walks the (recipient, id) index backwards.
        var rows = await messages
            .OrderByDescending(m => m.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(m => new { m.Id, m.Level, m.Type, m.PolicyId, m.PolicyName, m.AccountIds, m.ResourceCount, m.ResourceIds, m.Outcome, m.CreatedAt, m.Read })
            .ToListAsync(ct);
        var items = rows.Select(m => new MessageRow(m.Id, m.Level, m.Type, m.PolicyId, m.PolicyName, SplitIds(m.AccountIds), m.ResourceCount,
            SplitIds(m.ResourceIds), m.Outcome, m.CreatedAt, m.Read)).ToList();
        return new PagedResult<MessageRow>(items, total);
    }

    /// <summary>How many of the acting account's messages are unread (the bell's badge).</summary>
    public async Task<int> CountUnreadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        // One range of the (RecipientAccountId, Read, Id) index: compared with a parameter, as EF writes the constant
        // as NOT "Read", which SQLite cannot seek.
        var unread = false;
        return await Own(db, actor).CountAsync(m => m.Read == unread, ct);
    }

    /// <summary>Marks some of the acting account's messages read; ids of other accounts' messages change nothing.</summary>
    public async Task MarkReadAsync(Actor actor, IReadOnlyCollection<long> messageIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        if (messageIds.Count == 0)
            return;
        var ids = messageIds.Distinct().ToList();
        await Own(db, actor).Where(m => m.Read == false && ids.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Read, true), ct);
    }

    /// <summary>Marks every message of the acting account read.</summary>
    public async Task MarkAllReadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        await Own(db, actor).Where(m => m.Read == false).ExecuteUpdateAsync(s => s.SetProperty(m => m.Read, true), ct);
    }

    /// <summary>The one place that narrows messages to the acting account's (docs/rules.md §10).</summary>
    private static IQueryable<PolicyMessage> Own(BdrcDbContext db, Actor actor) =>
        db.PolicyMessages.AsNoTracking().Where(m => m.RecipientAccountId == actor.AccountId);

    private static IReadOnlyList<string> SplitIds(string ids) => ids.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
