using System.Data.Common;
using BdrcConsole.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BdrcConsole.Core.Features.Health;

/// <summary>
/// Readiness (<c>/readyz</c>): the database answers and has every migration of this version applied. A proxy or an
/// orchestrator sends users to an instance only while this holds. Reads no account's data, so it needs no actor.
/// </summary>
public sealed class DatabaseReadinessCheck(IDbContextFactory<BdrcDbContext> dbFactory) : IHealthCheck
{
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("The database is reachable and up to date.")
                : HealthCheckResult.Unhealthy($"{pending.Count} database migration(s) not applied yet: {string.Join(", ", pending)}.");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"The database cannot be reached: {ex.Message}");
        }
    }
}
