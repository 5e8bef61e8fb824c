using BdrcConsole.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Core.Features.Policies;

/// <summary>
/// Runs the protection policy ticks in the background on the injected clock: one at start-up (which finishes
/// executions a crash left Running), then every <see cref="BdrcOptions.PolicySchedulerIntervalSeconds"/>, and at
/// once when Run now signals.
/// </summary>
internal sealed class PolicyScheduler(
    PolicyExecutionRunner runner,
    IDbContextFactory<BdrcDbContext> dbFactory,
    IOptions<BdrcOptions> options,
    TimeProvider time,
    ILogger<PolicyScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signal = PolicyRunSignal.For(dbFactory);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PolicySchedulerIntervalSeconds)), time);
        // One wait of each kind stays pending across iterations: a PeriodicTimer allows one waiter at a time.
        Task<bool>? tick = null;
        Task? signalled = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var summary = await runner.TickAsync(stoppingToken);
                if (summary.ExecutionsCompleted > 0)
                {
                    logger.LogInformation("Protection policies: {Executions} execution(s) over {Resources} resource(s) in {Seconds:0.00} s.",
                        summary.ExecutionsCompleted, summary.Resources, summary.Elapsed.TotalSeconds);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The protection policy tick failed; retrying on the next one.");
            }

            tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            signalled ??= signal.WaitAsync(stoppingToken);
            var woke = await Task.WhenAny(tick, signalled);
            if (woke == tick)
            {
                if (!await tick)
                    return;
                tick = null;
            }
            else
            {
                await signalled;
                signalled = null;
            }
        }
    }
}
