using System.Linq.Expressions;
using System.Reflection;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.ResourceGroups;

/// <summary>
/// A resource group's tag matcher as a query over resources: the one definition of "the group matches", shared by
/// Detect Resources, the score filters and the protection policies that apply to a group's matches.
/// </summary>
internal static class ResourceGroupMatcher
{
    private static readonly MethodInfo ContainsMethod = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    /// <summary>
    /// Resources of the owner's own and managed accounts whose tags satisfy the conditions, all (AND)
    /// or any (OR): one filtered scan of the (AccountId, TagText) index, no joins.
    /// </summary>
    public static IQueryable<CloudResource> Matching(BdrcDbContext db, string ownerAccountId, MatchMode mode, IReadOnlyList<TagConditionInput> conditions)
    {
        var visible = AccessRules.VisibleAccountIds(db, ownerAccountId);
        return db.Resources.AsNoTracking()
            .Where(r => visible.Contains(r.AccountId))
            .Where(Predicate(mode, conditions));
    }

    public static IQueryable<CloudResource> Matching(BdrcDbContext db, ResourceGroup group) =>
        Matching(db, group.OwnerAccountId, group.MatchMode, Conditions(group));

    public static Expression<Func<CloudResource, bool>> Predicate(ResourceGroup group) => Predicate(group.MatchMode, Conditions(group));

    public static Expression<Func<CloudResource, bool>> Predicate(MatchMode mode, IReadOnlyList<TagConditionInput> conditions)
    {
        var resource = Expression.Parameter(typeof(CloudResource), "r");
        var tagText = Expression.Property(resource, nameof(CloudResource.TagText));
        Expression Contains(string pattern) => Expression.Call(tagText, ContainsMethod, Expression.Constant(pattern));

        // Each condition is a substring test on the canonical tag text (see TagText), combined in SQL.
        Expression? predicate = null;
        foreach (var condition in conditions)
        {
            var test = condition.Operator switch
            {
                TagOperator.Equal => Contains(TagText.EqualPattern(condition.Key, condition.Value!)),
                TagOperator.KeyExistsAndNotEqual => Expression.AndAlso(
                    Contains(TagText.KeyPattern(condition.Key)),
                    Expression.Not(Contains(TagText.EqualPattern(condition.Key, condition.Value!)))),
                _ => Contains(TagText.KeyPattern(condition.Key)),
            };
            predicate = predicate is null ? test : mode == MatchMode.All ? Expression.AndAlso(predicate, test) : Expression.OrElse(predicate, test);
        }
        return Expression.Lambda<Func<CloudResource, bool>>(predicate ?? Expression.Constant(false), resource);
    }

    private static IReadOnlyList<TagConditionInput> Conditions(ResourceGroup group) =>
        group.Conditions.Select(c => new TagConditionInput(c.Key, c.Operator, c.Value)).ToList();
}
