using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Audit;

public sealed record AuditQuery(int Page = 0, int PageSize = 25, AuditOutcome? Outcome = null, string? Search = null);

public sealed record AuditRow(DateTimeOffset OccurredAt, string UserName, string Action, string Target, AuditOutcome Outcome, string? Detail);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>The audit trail, readable by the acting account for its own entries only.</summary>
public sealed class AuditService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<PagedResult<AuditRow>> ListAsync(Actor actor, AuditQuery query, CancellationToken ct = default)
    {
        if (query.Page < 0 || query.PageSize is < 1 or > MaxPageSize)
            throw new ValidationException($"Page must be 0 or more and page size between 1 and {MaxPageSize}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);

        var entries = db.AuditEntries.AsNoTracking().Where(e => e.ActingAccountId == actor.AccountId);
        if (query.Outcome is { } outcome)
            entries = entries.Where(e => e.Outcome == outcome);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // What the user typed is matched literally: LIKE's wildcards are escaped.
            var pattern = $"%{LikePattern.Escape(query.Search.Trim())}%";
            entries = entries.Where(e => EF.Functions.Like(e.Action, pattern, LikePattern.EscapeCharacter)
                || EF.Functions.Like(e.Target, pattern, LikePattern.EscapeCharacter)
                || EF.Functions.Like(e.UserName, pattern, LikePattern.EscapeCharacter));
        }

        var total = await entries.CountAsync(ct);
        var items = await entries
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(e => new AuditRow(e.OccurredAt, e.UserName, e.Action, e.Target, e.Outcome, e.Detail))
            .ToListAsync(ct);
        return new PagedResult<AuditRow>(items, total);
    }
}
