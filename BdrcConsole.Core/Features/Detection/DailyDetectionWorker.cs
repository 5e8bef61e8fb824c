using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// Every few minutes (on the injected clock), incremental detection of every account: the changed resources and those whose
/// results lapsed, and today's snapshot for each account without one, so each account has one per day.
/// </summary>
internal sealed class DailyDetectionWorker(DetectionMaintenance detection, TimeProvider time, ILogger<DailyDetectionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var summary = await detection.DetectAccountsWithoutTodaysSnapshotAsync(stoppingToken);
                if (summary.Accounts > 0)
                {
                    logger.LogInformation("Daily detection: {Resources} resources evaluated, {Accounts} snapshots, {Risks} risks among them, {Seconds:0.0} s.",
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
