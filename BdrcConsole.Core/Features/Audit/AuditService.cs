using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Audit;

public sealed record AuditQuery(int Page = 0, int PageSize = 25, AuditOutcome? Outcome = null, string? Search = null);

/// <summary>One audit entry; <see cref="TargetName"/> names the target when it is an account, folder, resource or resource group the reader may see.</summary>
public sealed record AuditRow(DateTimeOffset OccurredAt, string UserName, string Action, string Target, AuditOutcome Outcome, string? Detail, string? TargetName = null)
{
    /// <summary>What the Audit Log shows: the name when known, else the recorded target.</summary>
    public string TargetDisplay => TargetName ?? Target;
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>The audit trail, readable by the acting account for its own entries only.</summary>
public sealed class AuditService(IDbContextFactory<BdrcDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<PagedResult<AuditRow>> ListAsync(Actor actor, AuditQuery query, CancellationToken ct = default)
    {
        if (query.Page < 0 || query.PageSize is < 1 or > MaxPageSize)
            throw new ValidationException($"Page must be 0 or more and page size between 1 and {MaxPageSize}.");
        FilterText.Validate(query.Search, "Search");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);

        var entries = db.AuditEntries.AsNoTracking().Where(e => e.ActingAccountId == actor.AccountId);
        if (query.Outcome is { } outcome)
            entries = entries.Where(e => e.Outcome == outcome);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // What the user typed is matched literally: LIKE's wildcards are escaped.
            entries = db.Sql.Text.Containing(entries, query.Search.Trim(), e => e.Action, e => e.Target, e => e.UserName);
        }

        var total = await entries.CountAsync(ct);
        var items = await entries
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(e => new AuditRow(e.OccurredAt, e.UserName, e.Action, e.Target, e.Outcome, e.Detail, null))
            .ToListAsync(ct);
        // A target is an id, or a list such as "folder fd-1, account 1536…" (Save account management): name each id.
        var ids = items.SelectMany(i => TargetParts(i.Target).Select(p => p.Id).Append(i.Target)).Distinct().ToList();
        var names = await TargetNamesAsync(db, actor, ids, ct);
        return new PagedResult<AuditRow>(items.Select(i => i with { TargetName = NameOf(i.Target, names) }).ToList(), total);
    }

    private static IEnumerable<(string Kind, string Id)> TargetParts(string target) =>
        target.Split(", ").Select(part => part.Split(' ')).Where(words => words.Length == 2 && words[0] is "folder" or "account")
            .Select(words => (words[0], words[1]));

    private static string? NameOf(string target, Dictionary<string, string> names)
    {
        if (names.TryGetValue(target, out var name))
            return name;
        var parts = target.Split(", ");
        var named = parts.Select(part => TargetParts(part).FirstOrDefault() is { Id: not null } p && names.TryGetValue(p.Id, out var n)
            ? p.Kind == "folder" ? n : $"account {n}"
            : null).ToList();
        return named.Any(n => n is not null) ? string.Join(", ", named.Select((n, i) => n ?? parts[i])) : null;
    }

    /// <summary>
    /// Names for the page's targets, under the same visibility as the rest of the console: accounts and folders for
    /// the management account and the BDRC delegated administrator (both see the directory) or when the account is
    /// visible; resources of visible accounts; the actor's own resource groups. Anything else keeps its recorded id.
    /// </summary>
    private static async Task<Dictionary<string, string>> TargetNamesAsync(BdrcDbContext db, Actor actor, IReadOnlyList<string> targets, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        if (targets.Count == 0)
            return names;
        var visible = AccessRules.VisibleAccountIds(db, actor);
        var seesDirectory = await db.ResourceDirectories.AnyAsync(d => d.ManagementAccountId == actor.AccountId, ct)
            || await AccessRules.IsBdrcDelegatedAdministratorAsync(db, actor.AccountId, ct);
        foreach (var account in await db.Accounts.Where(a => targets.Contains(a.Id) && (seesDirectory || visible.Contains(a.Id)))
                     .Select(a => new { a.Id, a.DisplayName }).ToListAsync(ct))
            names[account.Id] = account.DisplayName;
        if (seesDirectory)
        {
            foreach (var folder in await db.Folders.Where(f => targets.Contains(f.Id)).Select(f => new { f.Id, f.Name }).ToListAsync(ct))
                names.TryAdd(folder.Id, $"folder {folder.Name}");
        }
        foreach (var resource in await db.Resources.Where(r => targets.Contains(r.Id) && visible.Contains(r.AccountId)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            names.TryAdd(resource.Id, resource.Name);
        var groupIds = targets.Select(t => int.TryParse(t, out var id) ? id : (int?)null).OfType<int>().ToList();
        foreach (var group in await db.ResourceGroups.Where(g => groupIds.Contains(g.Id) && g.OwnerAccountId == actor.AccountId).Select(g => new { g.Id, g.Name }).ToListAsync(ct))
            names.TryAdd(group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), group.Name);
        // A name equal to the id says nothing more (an OSS bucket's id is its name).
        return names.Where(n => n.Key != n.Value).ToDictionary();
    }
}
