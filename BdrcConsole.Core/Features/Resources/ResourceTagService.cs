using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Policies;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Resources;

/// <summary>
/// Edit Tags: a resource's tags are changed by its own account only (an administrator sees a managed account's
/// resources but does not own them). Resource groups match on tags, so every owner whose groups see the account
/// has its protection policies follow the change (docs/rules.md §10).
/// </summary>
public sealed class ResourceTagService(IDbContextFactory<BdrcDbContext> dbFactory, AuditedOperations audited, TimeProvider time, PolicyChangeFeed feed)
{
    private readonly PolicyApplicationEngine engine = new(dbFactory, time, feed);

    /// <summary>Adds the tag, or replaces the value of the resource's tag with the same key.</summary>
    public async Task SetTagAsync(Actor actor, string resourceId, string key, string value, CancellationToken ct = default)
    {
        var normalizedKey = key?.Trim() ?? "";
        var normalizedValue = value?.Trim() ?? "";
        await EditAsync(actor, resourceId, $"{resourceId}: {normalizedKey}={normalizedValue}", resource =>
        {
            if (normalizedKey.Length == 0)
                throw new ValidationException("The tag key is required.");
            if (normalizedKey.Length > ResourceTag.MaxKeyLength)
                throw new ValidationException($"The tag key can be at most {ResourceTag.MaxKeyLength} characters.");
            if (normalizedValue.Length > ResourceTag.MaxValueLength)
                throw new ValidationException($"The tag value can be at most {ResourceTag.MaxValueLength} characters.");
            resource.SetTag(normalizedKey, normalizedValue);
        }, ct);
    }

    public Task RemoveTagAsync(Actor actor, string resourceId, string key, CancellationToken ct = default) =>
        EditAsync(actor, resourceId, $"{resourceId}: remove {key}", resource =>
        {
            if (!resource.RemoveTag(key ?? ""))
                throw new ValidationException($"The resource has no tag {key}.");
        }, ct);

    private async Task EditAsync(Actor actor, string resourceId, string target, Action<CloudResource> edit, CancellationToken ct)
    {
        var accountId = await audited.RunAsync(actor, "Edit Tags", target, async db =>
        {
            await AccessRules.RequireActingAccountAsync(db, actor, ct);
            var visible = AccessRules.VisibleAccountIds(db, actor);
            var resource = await db.Resources.SingleOrDefaultAsync(r => r.Id == resourceId && visible.Contains(r.AccountId), ct)
                ?? throw new NotFoundException($"Resource {resourceId} does not exist or is not visible to your account.");
            if (resource.AccountId != actor.AccountId)
                throw new AccessDeniedException("Only the resource's own account can edit its tags.");
            edit(resource);
            // Tags decide resource-group matches, hence policy coverage: the policies follow below, detection marks it now.
            DetectionMarks.Mark(resource);
            await db.SaveChangesAsync(ct);
            return resource.AccountId;
        }, ct);

        List<string> owners;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            owners = await PolicyApplicationEngine.OwnersSeeingAsync(db, accountId, ct);
        foreach (var owner in owners)
            await engine.ReconcileAsync(owner, ct);
    }
}
