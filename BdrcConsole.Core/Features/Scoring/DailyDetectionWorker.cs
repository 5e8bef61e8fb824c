using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using BdrcConsole.Core.Data;

namespace BdrcConsole.Core.Features.Scoring;

/// <summary>Runs detection over every account once a day (on the injected clock), so each account has a daily snapshot.</summary>
public sealed class DailyDetectionWorker(DetectionService detection, IDbContextFactory<BdrcDbContext> dbFactory, TimeProvider time, ILogger<DailyDetectionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                var today = DetectionService.Day(time.GetUtcNow());
                var detectedToday = await db.ScoreSnapshots.AnyAsync(s => s.Day == today, stoppingToken);
                if (!detectedToday && await db.Accounts.AnyAsync(stoppingToken))
                {
                    var summary = await detection.DetectAllAsync(stoppingToken);
                    logger.LogInformation("Daily detection: {Resources} resources in {Accounts} accounts, {Risks} risks, {Seconds:0.0} s.",
                        summary.Resources, summary.Accounts, summary.Risks, summary.Elapsed.TotalSeconds);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Daily detection failed; retrying on the next tick.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
