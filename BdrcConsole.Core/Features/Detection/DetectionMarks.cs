using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// Marks resources whose check results a write may have changed, in the writer's own transaction, so that
/// incremental detection finds them by index (docs/rules.md §7). Every write that can change a result calls one of
/// these: protection configuration and policy grants, recovery points, tags, exclusions, conversions.
/// </summary>
internal static class DetectionMarks
{
    /// <summary>Marks a tracked resource; saved with the caller's other changes.</summary>
    public static void Mark(CloudResource resource) => resource.ChangesSinceDetection++;

    /// <summary>Marks the resources with these ids, set-based, in the context's open transaction.</summary>
    public static Task<int> MarkAsync(BdrcDbContext db, IReadOnlyCollection<string> resourceIds, CancellationToken ct) =>
        resourceIds.Count == 0 ? Task.FromResult(0) : MarkAsync(db.Resources.Where(r => resourceIds.Contains(r.Id)), ct);

    /// <summary>Marks the resources of a query, set-based, in the context's open transaction.</summary>
    public static Task<int> MarkAsync(IQueryable<CloudResource> resources, CancellationToken ct) =>
        resources.ExecuteUpdateAsync(s => s.SetProperty(r => r.ChangesSinceDetection, r => r.ChangesSinceDetection + 1), ct);
}
