using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.ResourceGroups;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Policies;

public sealed partial class ProtectionPolicyService
{
    private sealed record MatchedResource(string Id, string Name, string AccountId, ProductType Product, OssStorageClass? StorageClass);

    /// <summary>
    /// The impact preview of an unsaved or edited policy: per sub-policy the accounts and resources it will touch,
    /// those already protected, those it cannot apply to and why; and the score of <paramref name="selectedAccountIds"/>.
    /// Invalid input is refused with <see cref="Domain.ValidationException"/> as on save.
    /// </summary>
    /// <remarks>
    /// The score is the Overview's (mean stored resource score, excluded resources left out), read from the stored
    /// aggregates; only the matching resources are evaluated again, with the grants the preview expects to succeed
    /// added to what they have now. A resource to which some application would succeed is re-scored as applying
    /// re-scores it; the others keep their stored score. For an edit, what the edit would take away is not
    /// subtracted: the preview shows what the new settings add.
    /// </remarks>
    public async Task<ImpactPreview> PreviewAsync(Actor actor, PolicyInput input, IReadOnlyCollection<string> selectedAccountIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, selectedAccountIds, ct);
        var ownGroupIds = await RequireOwnGroupsAsync(db, actor, input, ct);
        // The name is not the preview's concern: an edited policy keeps its own.
        var errors = PolicyValidation.Validate(input, new PolicyValidationContext([], ownGroupIds));
        if (errors.Count > 0)
            throw new ValidationException(PolicyValidation.Describe(errors));

        var subs = input.SubPolicies.Select(SubPolicySettings.Of).ToList();
        var products = subs.Select(s => PolicyValidation.ProductOf(s.Kind)).Distinct().ToList();
        var groups = await db.ResourceGroups.AsNoTracking().Include(g => g.Conditions).Where(g => input.GroupIds.Contains(g.Id)).ToListAsync(ct);
        var matches = await MatchesAsync(db, groups, products, ct);
        var now = time.GetUtcNow();
        var accountIds = matches.Values.Select(m => m.AccountId).Distinct().ToList();
        var facts = (await ScoringFactsReader.ReadAsync(db, accountIds, now, ct, matches.Keys.ToList())).ToDictionary(f => f.Facts.ResourceId);
        var names = await ScoreScope.AccountNamesAsync(db, accountIds, ct);

        // Per resource: what the applications that would succeed grant, and whether one of them runs on a schedule.
        var hypothetical = new Dictionary<string, (ProtectionGrant Grants, int? RecycleBinDays, bool Scheduled)>();
        var impacts = new List<SubPolicyImpact>();
        for (var i = 0; i < subs.Count; i++)
        {
            var sub = subs[i];
            var product = PolicyValidation.ProductOf(sub.Kind);
            var perAccount = new Dictionary<string, (int Resources, int Protected, int CannotApply)>();
            var unapplicable = new List<UnapplicableResource>();
            foreach (var match in matches.Values.Where(m => m.Product == product))
            {
                var resource = facts[match.Id];
                var outcome = ApplicationRules.Decide(sub, new ResourceTraits(resource.Facts.RegionId, resource.Facts.CheckError, match.StorageClass, resource.Facts.NasType));
                var counts = perAccount.GetValueOrDefault(match.AccountId);
                counts.Resources++;
                if (!outcome.Succeeded)
                {
                    counts.CannotApply++;
                    unapplicable.Add(new UnapplicableResource(match.Id, match.Name, match.AccountId, names[match.AccountId], outcome.FailureReason!));
                }
                else
                {
                    if (AlreadyGranted(resource.Facts, outcome))
                        counts.Protected++;
                    var before = hypothetical.GetValueOrDefault(match.Id);
                    hypothetical[match.Id] = (before.Grants | outcome.Grants,
                        Max(before.RecycleBinDays, outcome.RecycleBinRetentionDays), before.Scheduled || PolicyValidation.IsScheduled(sub.Kind));
                }
                perAccount[match.AccountId] = counts;
            }
            impacts.Add(new SubPolicyImpact(i, sub.Kind,
                perAccount.Values.Sum(c => c.Resources), perAccount.Values.Sum(c => c.Protected), perAccount.Values.Sum(c => c.CannotApply),
                perAccount.Select(a => new AccountImpact(a.Key, names[a.Key], a.Value.Resources, a.Value.Protected, a.Value.CannotApply))
                    .OrderBy(a => a.AccountName, StringComparer.OrdinalIgnoreCase).ToList(),
                unapplicable.OrderBy(u => u.AccountName, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.ResourceName, StringComparer.Ordinal)
                    .Take(PreviewListLimit).ToList()));
        }

        var touched = matches.Values.Where(m => subs.Any(s => PolicyValidation.ProductOf(s.Kind) == m.Product)).ToList();
        var score = await ScorePreviewAsync(db, selectedAccountIds.Distinct().ToList(), facts, hypothetical, now, ct);
        return new ImpactPreview(impacts, touched.Select(m => m.AccountId).Distinct().Count(), touched.Count, score);
    }

    /// <summary>The resources of the owner's own and managed accounts that any of the groups match, of the given products.</summary>
    private static async Task<Dictionary<string, MatchedResource>> MatchesAsync(BdrcDbContext db, IReadOnlyList<ResourceGroup> groups, IReadOnlyList<ProductType> products, CancellationToken ct)
    {
        var matches = new Dictionary<string, MatchedResource>();
        foreach (var group in groups)
        {
            var rows = await ResourceGroupMatcher.Matching(db, group)
                .Where(r => products.Contains(r.Product))
                .Select(r => new MatchedResource(r.Id, r.Name, r.AccountId, r.Product, r is OssBucket ? (OssStorageClass?)((OssBucket)r).StorageClass : null))
                .ToListAsync(ct);
            foreach (var row in rows)
                matches.TryAdd(row.Id, row);
        }
        return matches;
    }

    /// <summary>The resource already has every protection the application would grant (own configuration or another application).</summary>
    private static bool AlreadyGranted(ResourceFacts facts, ApplicationOutcome outcome) =>
        facts.WithPolicyGrants(outcome.Grants, outcome.RecycleBinRetentionDays) == facts;

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static async Task<ScorePreview> ScorePreviewAsync(
        BdrcDbContext db, IReadOnlyList<string> accounts, IReadOnlyDictionary<string, DetectedResource> facts,
        IReadOnlyDictionary<string, (ProtectionGrant Grants, int? RecycleBinDays, bool Scheduled)> hypothetical, DateTimeOffset now, CancellationToken ct)
    {
        if (accounts.Count == 0)
            return new ScorePreview(null, null, null);
        // The Overview's aggregate over the stored rows, so "Now" is the Overview's number.
        var stored = ScoreTotals<bool>.Sum(true, await ScoreAggregates.Totals(db, db.AccountProductScores.Where(s => accounts.Contains(s.AccountId)), x => x.Row.Product).ToListAsync(ct));
        var excludedProducts = (await db.ProductExclusions.Where(e => accounts.Contains(e.AccountId)).Select(e => new { e.AccountId, e.Product }).ToListAsync(ct))
            .Select(e => (e.AccountId, e.Product)).ToHashSet();

        double applyingSum = stored.ScoreSum, firstRunSum = stored.ScoreSum;
        int applyingCount = stored.ScoredResources, firstRunCount = stored.ScoredResources;
        var selected = accounts.ToHashSet();
        foreach (var (resourceId, granted) in hypothetical)
        {
            var resource = facts[resourceId];
            if (!selected.Contains(resource.Facts.AccountId) || resource.Excluded || excludedProducts.Contains((resource.Facts.AccountId, resource.Facts.Product)))
                continue;
            if (resource.Stored.Score is { } old)
            {
                applyingSum -= old;
                firstRunSum -= old;
                applyingCount--;
                firstRunCount--;
            }
            var applied = resource.Facts.WithPolicyGrants(granted.Grants, granted.RecycleBinDays);
            if (CheckEvaluator.Score(CheckEvaluator.Evaluate(applied, now)) is { } afterApplying)
            {
                applyingSum += afterApplying;
                applyingCount++;
            }
            var afterRun = granted.Scheduled ? applied with { LastSuccessfulRecoveryPointAt = now } : applied;
            if (CheckEvaluator.Score(CheckEvaluator.Evaluate(afterRun, now)) is { } afterFirstRun)
            {
                firstRunSum += afterFirstRun;
                firstRunCount++;
            }
        }
        return new ScorePreview(stored.Score, Mean(applyingSum, applyingCount), Mean(firstRunSum, firstRunCount));
    }

    private static double? Mean(double sum, int count) => count == 0 ? null : sum / count;
}
