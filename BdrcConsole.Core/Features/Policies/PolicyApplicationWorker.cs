using BdrcConsole.Core.Features.CrossAccount;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Keeps applications complete and following their matches: at start-up it completes what a stopped process left
/// Pending and reconciles every owner's policies; after a management change it reconciles that administrator's
/// (newly managed accounts are applied, a departed account's resources were already taken out by
/// <see cref="PolicyDataCleaner"/>); and every few minutes it reconciles everyone, catching new resources.
/// </summary>
internal sealed class PolicyApplicationWorker(
    PolicyApplicationEngine engine, PolicyApplicationQueue queue, ManagementChangeFeed managementChanges, PolicyChangeFeed feed, TimeProvider time,
    ILogger<PolicyApplicationWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        managementChanges.Committed += OnManagementChanged;
        using var timer = new PeriodicTimer(Interval, time);
        var ticks = TickAsync(timer, stoppingToken);
        try
        {
            await RunAsync(null, stoppingToken);
            await foreach (var owner in queue.ReadAllAsync(stoppingToken))
                await RunAsync(owner, stoppingToken);
        }
        finally
        {
            managementChanges.Committed -= OnManagementChanged;
            await ticks.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task TickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        while (await timer.WaitForNextTickAsync(ct))
            queue.Request(null);
    }

    private void OnManagementChanged(ManagementChange change)
    {
        // The instance that committed the change applies its consequences; the others' pages only follow it.
        if (change.FromAnotherInstance)
            return;
        // The data cleaner wrote its messages in the committed transaction: ring the bell now.
        if (change.Removed.Count > 0)
            feed.PublishMessages(change.AdministratorAccountId);
        queue.Request(change.AdministratorAccountId);
    }

    private async Task RunAsync(string? owner, CancellationToken ct)
    {
        try
        {
            await engine.CompletePendingAsync(ct);
            await engine.ReconcileAsync(owner, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Applying protection policies failed; retrying on the next tick.");
        }
    }
}
