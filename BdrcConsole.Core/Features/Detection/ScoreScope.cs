using System.Linq.Expressions;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.ResourceGroups;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>The accounts and resources that the score and risk readers (Overview, Risk Detection, Panorama) start from.</summary>
internal static class ScoreScope
{
    /// <summary>From this many selected accounts on, readers walk a named index instead of letting SQLite sort every match.</summary>
    public const int ManyAccounts = 20;

    /// <summary>The selected accounts, distinct, after checking that the actor may see every one of them.</summary>
    public static async Task<IReadOnlyList<string>> AccountsAsync(BdrcDbContext db, Actor actor, IReadOnlyList<string> accountIds, CancellationToken ct)
    {
        if (accountIds.Count == 0)
            throw new ValidationException("Select at least one account.");
        await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
        return accountIds.Distinct().ToList();
    }

    /// <summary>
    /// What the aggregates cover: the selected accounts, and optionally one of the actor's own resource
    /// groups matched over them (so a group matching only account A's resources leaves A's matching
    /// resources when A and B are selected). Without a group the stored aggregates are read; with one
    /// the same aggregates are computed over the group's resources.
    /// </summary>
    public static async Task<AggregateScope> AggregateAsync(BdrcDbContext db, Actor actor, IReadOnlyList<string> accounts, int? groupId, CancellationToken ct)
    {
        var predicate = groupId is { } id ? await ResourceGroupService.GroupPredicateAsync(db, actor, id, ct) : null;
        return new AggregateScope(db, accounts, predicate);
    }

    public static async Task<Dictionary<string, string>> AccountNamesAsync(BdrcDbContext db, IReadOnlyList<string> accounts, CancellationToken ct) =>
        (await db.Accounts.Where(a => accounts.Contains(a.Id)).Select(a => new { a.Id, a.DisplayName }).ToListAsync(ct)).ToDictionary(a => a.Id, a => a.DisplayName);
}

internal sealed record AggregateScope(BdrcDbContext Db, IReadOnlyList<string> Accounts, Expression<Func<CloudResource, bool>>? GroupPredicate)
{
    private IQueryable<CloudResource> GroupResources => Db.Resources.Where(r => Accounts.Contains(r.AccountId)).Where(GroupPredicate!);

    /// <summary>Aggregate rows per account and product (before product exclusions, which the totals apply).</summary>
    public IQueryable<AccountProductScore> Scores => GroupPredicate is null
        ? Db.AccountProductScores.Where(s => Accounts.Contains(s.AccountId))
        : ScoreAggregates.Summarize(GroupResources);

    public Task<List<RiskTotal>> RiskTotalsAsync(CancellationToken ct) => ScoreAggregates.RiskTotals(Db, GroupPredicate is null
        ? Db.AccountRiskCounts.Where(c => Accounts.Contains(c.AccountId))
        : ScoreAggregates.CountRisks(ScoreAggregates.StoredRisks(Db, Accounts).Where(c => GroupResources.Any(r => r.Id == c.ResourceId)))).ToListAsync(ct);

    public IQueryable<CheckResult> InGroup(IQueryable<CheckResult> risks) =>
        GroupPredicate is null ? risks : risks.Where(c => GroupResources.Any(r => r.Id == c.ResourceId));
}
