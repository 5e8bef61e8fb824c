using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BdrcConsole.Core.Features.Resources;

/// <summary>Completes OSS LRS → ZRS conversions in the background, on the injected clock.</summary>
internal sealed class ZrsConversionWorker(HighAvailabilityMaintenance highAvailability, TimeProvider time, ILogger<ZrsConversionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var completed = await highAvailability.CompleteDueConversionsAsync(stoppingToken);
                if (completed > 0)
                    logger.LogInformation("Completed {Count} OSS conversion(s) to zone-redundant storage.", completed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Completing OSS conversions failed; retrying on the next tick.");
            }
        }
    }
}
