using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Policies;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Adds a protection policy execution message inside the caller's transaction. The caller publishes
/// <see cref="PolicyChangeFeed.PublishMessages"/> for the recipient once it committed.
/// </summary>
internal static class PolicyMessageWriter
{
    public static PolicyMessage Add(
        BdrcDbContext db,
        ProtectionPolicy policy,
        MessageLevel level,
        MessageType type,
        IEnumerable<string> accountIds,
        IReadOnlyCollection<string> resourceIds,
        string outcome,
        DateTimeOffset now,
        int? resourceCount = null)
    {
        var message = new PolicyMessage
        {
            RecipientAccountId = policy.OwnerAccountId,
            Level = level,
            Type = type,
            PolicyId = policy.Id,
            PolicyName = policy.Name,
            AccountIds = string.Join(',', accountIds.Distinct().Order(StringComparer.Ordinal)),
            ResourceCount = resourceCount ?? resourceIds.Count,
            ResourceIds = string.Join(',', resourceIds.Take(PolicyMessage.MaxListedResources)),
            Outcome = outcome.Length > 1024 ? outcome[..1024] : outcome,
            CreatedAt = now,
        };
        db.PolicyMessages.Add(message);
        return message;
    }
}
