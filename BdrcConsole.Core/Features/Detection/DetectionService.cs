using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Detection;

public sealed record DetectionProgress(int AccountsDone, int AccountsTotal, int ResourcesEvaluated);

public sealed record DetectionSummary(int Accounts, int Resources, int Risks, TimeSpan Elapsed);

/// <summary>
/// Risk detection as pages use it: "Detect now" and exclusions from checks, for accounts visible to
/// the actor. Detection itself runs in <see cref="DetectionMaintenance"/>.
/// </summary>
public sealed class DetectionService(IDbContextFactory<BdrcDbContext> dbFactory, AuditedOperations audited, TimeProvider time)
{
    private readonly DetectionMaintenance engine = new(dbFactory, time);

    /// <summary>
    /// "Detect now" for the selected accounts, each of which must be visible to the actor: incremental, it evaluates
    /// only the resources changed since the last detection and those whose results lapsed (docs/rules.md §7).
    /// </summary>
    public async Task<DetectionSummary> DetectAsync(Actor actor, IReadOnlyList<string> accountIds, IProgress<DetectionProgress>? progress = null, CancellationToken ct = default)
    {
        var accounts = await RequireVisibleAsync(actor, accountIds, ct);
        return await engine.DetectChangedAsync(accounts, progress, ct);
    }

    /// <summary>Full re-detection of the selected accounts, a deliberate action: every resource evaluated again.</summary>
    public async Task<DetectionSummary> RedetectAllAsync(Actor actor, IReadOnlyList<string> accountIds, IProgress<DetectionProgress>? progress = null, CancellationToken ct = default)
    {
        var accounts = await RequireVisibleAsync(actor, accountIds, ct);
        return await engine.DetectAccountsAsync(accounts, progress, ct);
    }

    /// <summary>What "Detect now" has to evaluate in the selected accounts: the resources changed since the last detection, and those that lapsed.</summary>
    public async Task<DetectionWork> CountWorkAsync(Actor actor, IReadOnlyList<string> accountIds, CancellationToken ct = default)
    {
        var accounts = await RequireVisibleAsync(actor, accountIds, ct);
        return await engine.CountWorkAsync(accounts, ct);
    }

    private async Task<List<string>> RequireVisibleAsync(Actor actor, IReadOnlyList<string> accountIds, CancellationToken ct)
    {
        if (accountIds.Count == 0)
            throw new ValidationException("Select at least one account.");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await AccessRules.RequireVisibleAccountsAsync(db, actor, accountIds, ct);
        return accountIds.Distinct().ToList();
    }

    /// <summary>Excludes a resource from checks (or includes it again); its account must be visible to the actor.</summary>
    public Task SetResourceExcludedAsync(Actor actor, string resourceId, bool excluded, CancellationToken ct = default) =>
        audited.RunAsync(actor, excluded ? "Exclude resource from check" : "Include resource in check", resourceId, async db =>
        {
            // First, before the resource's row is written (lock order): its account's aggregates are rewritten below.
            await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
            var visible = AccessRules.VisibleAccountIds(db, actor);
            var resource = await db.Resources.SingleOrDefaultAsync(r => r.Id == resourceId && visible.Contains(r.AccountId), ct)
                ?? throw new NotFoundException($"Resource {resourceId} does not exist or is not visible to your account.");
            resource.ExcludedFromChecks = excluded;
            DetectionMarks.Mark(resource);
            await db.SaveChangesAsync(ct);
            await DetectionMaintenance.RecordAccountScoresAsync(db, [resource.AccountId], time.GetUtcNow(), ct);
        }, ct);

    /// <summary>Excludes a whole product of an account from checks (or includes it again).</summary>
    public Task SetProductExcludedAsync(Actor actor, string accountId, ProductType product, bool excluded, CancellationToken ct = default) =>
        audited.RunAsync(actor, excluded ? "Exclude product from check" : "Include product in check", $"{accountId} {product}", async db =>
        {
            // First (lock order): the account's aggregates are rewritten below.
            await DetectionMaintenance.TakeDetectionTurnAsync(db, ct);
            await AccessRules.RequireVisibleAccountsAsync(db, actor, [accountId], ct);
            var current = await db.ProductExclusions.SingleOrDefaultAsync(e => e.AccountId == accountId && e.Product == product, ct);
            if (excluded && current is null)
                db.ProductExclusions.Add(new ProductExclusion { AccountId = accountId, Product = product, ExcludedAt = time.GetUtcNow() });
            else if (!excluded && current is not null)
                db.ProductExclusions.Remove(current);
            await db.SaveChangesAsync(ct);
            await DetectionMaintenance.RecordAccountScoresAsync(db, [accountId], time.GetUtcNow(), ct);
        }, ct);
}

/// <summary>What incremental detection has to evaluate: resources marked as changed, and the others whose results lapsed with time.</summary>
public sealed record DetectionWork(int ChangedResources, int ExpiredResources)
{
    public int Resources => ChangedResources + ExpiredResources;
}
