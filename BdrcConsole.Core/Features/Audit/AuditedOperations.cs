using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Audit;

/// <summary>
/// Runs an administrative command in one transaction and records it in the audit trail: the change
/// and its audit entry commit together; a refusal rolls the change back and is recorded on its own, an invalid
/// request (<see cref="ValidationException"/>) apart from a refused one.
/// </summary>
public sealed class AuditedOperations(IDbContextFactory<BdrcDbContext> dbFactory, TimeProvider time, ManagementChangeFeed managementChanges)
{
    public async Task<T> RunAsync<T>(
        Actor actor,
        string action,
        string target,
        Func<BdrcDbContext, Task<T>> work,
        CancellationToken ct,
        Func<T, string?>? describe = null)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db);
            db.AuditEntries.Add(NewEntry(actor, action, target, AuditOutcome.Succeeded, describe?.Invoke(result)));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            managementChanges.Publish(db.PendingManagementChanges);
            return result;
        }
        catch (BdrcException refusal)
        {
            // The refusal is recorded even if the caller gave up waiting: it did happen.
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var outcome = refusal is ValidationException ? AuditOutcome.Invalid : AuditOutcome.Refused;
            db.AuditEntries.Add(NewEntry(actor, action, target, outcome, refusal.Message));
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    public Task RunAsync(Actor actor, string action, string target, Func<BdrcDbContext, Task> work, CancellationToken ct) =>
        RunAsync(actor, action, target, async db => { await work(db); return true; }, ct);

    private AuditEntry NewEntry(Actor actor, string action, string target, AuditOutcome outcome, string? detail) => new()
    {
        OccurredAt = time.GetUtcNow(),
        UserName = actor.UserName,
        ActingAccountId = actor.AccountId,
        Action = action,
        Target = Truncate(target, 256)!,
        Outcome = outcome,
        Detail = Truncate(detail, 1024),
    };

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
