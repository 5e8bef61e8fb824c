using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Detection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Core.Features.Resources;

/// <summary>
/// Completes OSS LRS → ZRS conversions that have run their course (<see cref="BdrcOptions.ZrsConversionSeconds"/>)
/// and re-evaluates the converted buckets, once across the instances sharing the database. No actor: the background
/// worker calls it, so it is internal.
/// </summary>
internal sealed class HighAvailabilityMaintenance(
    IDbContextFactory<BdrcDbContext> dbFactory,
    IOptions<BdrcOptions> options,
    DetectionMaintenance detection,
    TimeProvider time)
{
    /// <summary>Finishes every conversion that has run its course; returns how many.</summary>
    public async Task<int> CompleteDueConversionsAsync(CancellationToken ct = default)
    {
        var due = time.GetUtcNow() - TimeSpan.FromSeconds(options.Value.ZrsConversionSeconds);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Read first without a transaction: the worker asks every second, and mostly nothing is due.
        var candidates = await db.OssBuckets.Where(b => b.ConvertingSince != null && b.ConvertingSince <= due).Select(b => b.Id).ToListAsync(ct);
        if (candidates.Count == 0)
            return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Another instance may be finishing the same conversions: each bucket is claimed until this commit (the ones
        // it holds are its own), then re-read as still converting, so a conversion finishes once.
        var claimed = await db.Sql.Claims.ClaimAsync<OssBucket, string>(db, candidates, ct);
        var finished = await db.OssBuckets.Where(b => claimed.Contains(b.Id) && b.ConvertingSince != null && b.ConvertingSince <= due).ToListAsync(ct);
        foreach (var bucket in finished)
        {
            bucket.Redundancy = Redundancy.Zrs;
            bucket.ConvertingSince = null;
            DetectionMarks.Mark(bucket);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (finished.Count > 0)
            await detection.ReevaluateResourcesAsync(finished.Select(b => b.Id).ToList(), ct);
        return finished.Count;
    }
}
