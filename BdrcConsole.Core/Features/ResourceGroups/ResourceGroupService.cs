using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.ResourceGroups;

/// <summary>
/// Resource Group Management. Groups belong to the account that creates them; their tag matchers are
/// evaluated over the owner's own resources and those of the accounts it manages, never others'.
/// </summary>
public sealed class ResourceGroupService(IDbContextFactory<BdrcDbContext> dbFactory, AuditedOperations audited, TimeProvider time, Policies.PolicyChangeFeed policyFeed)
{
    private readonly Policies.PolicyApplicationEngine policyEngine = new(dbFactory, time, policyFeed);

    public const int DetectionListLimit = 100;

    public async Task<IReadOnlyList<ResourceGroupRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var groups = await db.ResourceGroups.AsNoTracking().Include(g => g.Conditions)
            .Where(g => g.OwnerAccountId == actor.AccountId)
            .OrderBy(g => g.Name)
            .ToListAsync(ct);
        return groups.Select(ToRow).ToList();
    }

    public async Task<ResourceGroupRow> GetAsync(Actor actor, int groupId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        return ToRow(await RequireOwnGroupAsync(db, actor, groupId, ct));
    }

    /// <summary>Detect Resources: what the matcher matches across the owner's own and managed accounts, before saving.</summary>
    public async Task<DetectionResult> DetectAsync(Actor actor, TagMatcher matcher, CancellationToken ct = default)
    {
        var conditions = Validate(matcher);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireActingAccountAsync(db, actor, ct);
        var matches = Matching(db, actor, matcher.Mode, conditions);

        var perAccount = await matches
            .GroupBy(r => r.AccountId)
            .Select(g => new { AccountId = g.Key, Count = g.Count() })
            .Join(db.Accounts, c => c.AccountId, a => a.Id, (c, a) => new AccountMatchCount(c.AccountId, a.DisplayName, c.Count))
            .ToListAsync(ct);
        // List the first matches in account-name order, reading only the accounts that fill the list
        // rather than sorting every match.
        var listedAccounts = new List<string>();
        var listedSoFar = 0;
        foreach (var account in perAccount.OrderBy(a => a.AccountName, StringComparer.Ordinal))
        {
            if (listedSoFar >= DetectionListLimit)
                break;
            listedAccounts.Add(account.AccountId);
            listedSoFar += account.ResourceCount;
        }
        var listed = await matches
            .Where(r => listedAccounts.Contains(r.AccountId))
            .Join(db.Accounts, r => r.AccountId, a => a.Id, (r, a) => new { r.Id, r.Name, r.Product, r.AccountId, AccountName = a.DisplayName, r.RegionId })
            .OrderBy(r => r.AccountName).ThenBy(r => r.Name)
            .Take(DetectionListLimit)
            .Select(r => new MatchedResource(r.Id, r.Name, r.Product, r.AccountId, r.AccountName, r.RegionId))
            .ToListAsync(ct);
        return new DetectionResult(
            perAccount.Count,
            perAccount.Sum(a => a.ResourceCount),
            perAccount.OrderBy(a => a.AccountName, StringComparer.OrdinalIgnoreCase).ToList(),
            listed);
    }

    /// <summary>The resources a saved group matches now (for later capabilities: scores, policies, reports).</summary>
    public async Task<IReadOnlyList<string>> MatchingResourceIdsAsync(Actor actor, int groupId, IReadOnlyCollection<string> accountIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
        var group = await RequireOwnGroupAsync(db, actor, groupId, ct);
        var conditions = group.Conditions.Select(c => new TagConditionInput(c.Key, c.Operator, c.Value)).ToList();
        return await Matching(db, actor, group.MatchMode, conditions)
            .Where(r => accountIds.Contains(r.AccountId))
            .Select(r => r.Id)
            .ToListAsync(ct);
    }

    public Task<int> CreateAsync(Actor actor, ResourceGroupInput input, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Create Resource Group", input.Name ?? "", async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var (name, description, conditions) = ValidateInput(input);
            await RequireUniqueNameAsync(db, actor, name, exceptId: null, ct);
            var now = time.GetUtcNow();
            var group = new ResourceGroup
            {
                OwnerAccountId = actor.AccountId,
                Name = name,
                Description = description,
                MatchMode = input.Matcher.Mode,
                Conditions = conditions.Select(ToEntity).ToList(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.ResourceGroups.Add(group);
            await db.SaveChangesAsync(ct);
            return group.Id;
        }, ct);

    /// <summary>Saves the group; the protection policies bound to it follow its new matches.</summary>
    public async Task UpdateAsync(Actor actor, int groupId, ResourceGroupInput input, CancellationToken ct = default)
    {
        await audited.RunAsync(actor, "Edit Resource Group", input.Name ?? groupId.ToString(), async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var group = await RequireOwnGroupAsync(db, actor, groupId, ct);
            var (name, description, conditions) = ValidateInput(input);
            await RequireUniqueNameAsync(db, actor, name, groupId, ct);
            group.Name = name;
            group.Description = description;
            group.MatchMode = input.Matcher.Mode;
            db.TagConditions.RemoveRange(group.Conditions);
            group.Conditions.Clear();
            group.Conditions.AddRange(conditions.Select(ToEntity));
            group.UpdatedAt = time.GetUtcNow();
        }, ct);
        if (await IsBoundToPolicyAsync(groupId, ct))
            await policyEngine.ReconcileAsync(actor.AccountId, ct);
    }

    private async Task<bool> IsBoundToPolicyAsync(int groupId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PolicyGroupBindings.AnyAsync(b => b.ResourceGroupId == groupId, ct);
    }

    public Task DeleteAsync(Actor actor, int groupId, CancellationToken ct = default) =>
        audited.RunAsync(actor, "Delete Resource Group", groupId.ToString(), async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var group = await RequireOwnGroupAsync(db, actor, groupId, ct);
            var policies = await db.PolicyGroupBindings.Where(b => b.ResourceGroupId == groupId)
                .Join(db.ProtectionPolicies, b => b.PolicyId, p => p.Id, (b, p) => p.Name).OrderBy(n => n).ToListAsync(ct);
            if (policies.Count > 0)
                throw new RuleViolationException($"Resource group {group.Name} is bound to protection {(policies.Count == 1 ? "policy" : "policies")} " +
                    $"{string.Join(", ", policies)}; remove it from {(policies.Count == 1 ? "that policy" : "those policies")} first.");
            db.ResourceGroups.Remove(group);
        }, ct);

    private static IQueryable<CloudResource> Matching(BdrcDbContext db, Actor actor, MatchMode mode, IReadOnlyList<TagConditionInput> conditions) =>
        ResourceGroupMatcher.Matching(db, actor.AccountId, mode, conditions);

    /// <summary>
    /// The actor's own group as a filter on resources (for the Overview and Risk Detection): another
    /// account's group is "not found", as resource groups are never shared.
    /// </summary>
    internal static async Task<Expression<Func<CloudResource, bool>>> GroupPredicateAsync(BdrcDbContext db, Actor actor, int groupId, CancellationToken ct) =>
        ResourceGroupMatcher.Predicate(await RequireOwnGroupAsync(db, actor, groupId, ct));

    private static IReadOnlyList<TagConditionInput> Validate(TagMatcher? matcher)
    {
        if (matcher is null || matcher.Conditions.Count == 0)
            throw new ValidationException("Add at least one tag condition.");
        if (matcher.Conditions.Count > ResourceGroup.MaxConditions)
            throw new ValidationException($"A resource group can have at most {ResourceGroup.MaxConditions} tag conditions.");
        if (!Enum.IsDefined(matcher.Mode))
            throw new ValidationException("Choose whether all or any of the conditions must hold.");
        var normalized = new List<TagConditionInput>();
        foreach (var (condition, index) in matcher.Conditions.Select((c, i) => (c, i + 1)))
        {
            var key = condition.Key?.Trim() ?? "";
            var value = condition.Value?.Trim();
            if (key.Length == 0)
                throw new ValidationException($"Condition {index}: the tag key is required.");
            if (key.Length > ResourceTag.MaxKeyLength)
                throw new ValidationException($"Condition {index}: the tag key can be at most {ResourceTag.MaxKeyLength} characters.");
            if (!Enum.IsDefined(condition.Operator))
                throw new ValidationException($"Condition {index}: unknown operator.");
            if (condition.Operator == TagOperator.KeyExists)
                value = null;
            else if (string.IsNullOrEmpty(value))
                throw new ValidationException($"Condition {index}: a tag value is required for \"{OperatorLabel(condition.Operator)}\".");
            else if (value.Length > ResourceTag.MaxValueLength)
                throw new ValidationException($"Condition {index}: the tag value can be at most {ResourceTag.MaxValueLength} characters.");
            var normalizedCondition = new TagConditionInput(key, condition.Operator, value);
            if (normalized.Contains(normalizedCondition))
                throw new ValidationException($"Condition {index} repeats an earlier condition ({key} {OperatorLabel(condition.Operator)} {value}).");
            normalized.Add(normalizedCondition);
        }
        return normalized;
    }

    public static string OperatorLabel(TagOperator op) => op switch
    {
        TagOperator.Equal => "Equal",
        TagOperator.KeyExists => "Key exists",
        _ => "Key exists and not equal",
    };

    private static (string Name, string? Description, IReadOnlyList<TagConditionInput> Conditions) ValidateInput(ResourceGroupInput input)
    {
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
            throw new ValidationException("The resource group name is required.");
        if (name.Length > ResourceGroup.MaxNameLength)
            throw new ValidationException($"The resource group name can be at most {ResourceGroup.MaxNameLength} characters.");
        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (description?.Length > ResourceGroup.MaxDescriptionLength)
            throw new ValidationException($"The description can be at most {ResourceGroup.MaxDescriptionLength} characters.");
        return (name, description, Validate(input.Matcher));
    }

    private static async Task RequireUniqueNameAsync(BdrcDbContext db, Actor actor, string name, int? exceptId, CancellationToken ct)
    {
        var names = await db.ResourceGroups.Where(g => g.OwnerAccountId == actor.AccountId && g.Id != exceptId).Select(g => g.Name).ToListAsync(ct);
        if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new RuleViolationException($"You already have a resource group named {name}.");
    }

    /// <summary>Another account's group is "not found": groups are never shared between accounts.</summary>
    private static async Task<ResourceGroup> RequireOwnGroupAsync(BdrcDbContext db, Actor actor, int groupId, CancellationToken ct) =>
        await db.ResourceGroups.Include(g => g.Conditions).SingleOrDefaultAsync(g => g.Id == groupId && g.OwnerAccountId == actor.AccountId, ct)
            ?? throw new NotFoundException($"Resource group {groupId} does not exist in your account.");

    private static TagCondition ToEntity(TagConditionInput input) => new() { Key = input.Key, Operator = input.Operator, Value = input.Value };

    private static ResourceGroupRow ToRow(ResourceGroup group) => new(
        group.Id,
        group.Name,
        group.Description,
        new TagMatcher(group.MatchMode, group.Conditions.OrderBy(c => c.Id).Select(c => new TagConditionInput(c.Key, c.Operator, c.Value)).ToList()),
        group.UpdatedAt);
}
