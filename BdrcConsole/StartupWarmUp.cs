using System.Diagnostics;
using BdrcConsole.Components.WarmUp;
using BdrcConsole.Core.Domain.Identity;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Core.Features.RiskDetection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole;

/// <summary>
/// Once the console has started, does in the background what the first user would otherwise wait for: the sign-in
/// page's first render, Identity's queries and password check, and the first queries of the Overview, ECS and
/// Risk Detection (EF Core compiles each query shape once). Read-only; a failure is logged and otherwise ignored.
/// </summary>
internal sealed class StartupWarmUp(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IServer server,
    ILogger<StartupWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken))
            return;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await RequestSignInPageAsync(stoppingToken);
            await using var scope = scopes.CreateAsyncScope();
            await RunFirstQueriesAsync(scope.ServiceProvider, stoppingToken);
            await RenderComponentsAsync(scope.ServiceProvider);
            logger.LogInformation("Warmed up in {Elapsed} ms.", (long)stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The start-up warm-up stopped after {Elapsed} ms; the first user pays for the rest.", (long)stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The sign-in page over loopback, when the server listens on a real port (not under a test server).</summary>
    private async Task RequestSignInPageAsync(CancellationToken ct)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal));
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri))
            return;
        var loopback = new UriBuilder(uri) { Host = "127.0.0.1" }.Uri;
        using var http = new HttpClient { BaseAddress = loopback, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await http.GetAsync("/login", ct);
        using var page = await http.GetAsync("/overview", ct);
    }

    /// <summary>
    /// Sign-in's Identity queries with a wrong password (which writes nothing: lockout counts only through
    /// SignInManager), then the first pages' queries as the first delegated administrator (or any user).
    /// </summary>
    private static async Task RunFirstQueriesAsync(IServiceProvider services, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<BdrcUser>>();
        var candidates = await users.Users.AsNoTracking().OrderBy(u => u.Id).Take(20).ToListAsync(ct);
        if (candidates.Count == 0)
            return;
        var access = services.GetRequiredService<AccessService>();
        var chosen = candidates[0];
        foreach (var candidate in candidates)
        {
            if ((await access.GetAccessAsync(ActorOf(candidate), ct)).IsDelegatedAdministrator)
            {
                chosen = candidate;
                break;
            }
        }

        // Sign-in looks the user up by name; every later request checks the security stamp by id.
        await users.FindByNameAsync(chosen.UserName ?? "");
        if (await users.FindByIdAsync(chosen.Id) is { } user)
        {
            await users.GetSecurityStampAsync(user);
            await users.CheckPasswordAsync(user, Guid.NewGuid().ToString());
            await services.GetRequiredService<IUserClaimsPrincipalFactory<BdrcUser>>().CreateAsync(user);
        }

        var actor = ActorOf(chosen);
        var visible = (await access.GetVisibleAccountsAsync(actor, ct)).Select(a => a.AccountId).ToList();
        await access.GetVisibleAccountDirectoryAsync(actor, ct);
        await services.GetRequiredService<ResourceGroupService>().ListAsync(actor, ct);
        var overview = services.GetRequiredService<OverviewService>();
        var risks = services.GetRequiredService<RiskDetectionService>();
        var resources = services.GetRequiredService<ResourceQueryService>();
        // The acting account alone, then every visible account: large selections take other query paths.
        foreach (var accountIds in visible.Count > 1 ? new List<string>[] { [actor.AccountId], visible } : [[actor.AccountId]])
        {
            await overview.GetDashboardAsync(actor, new OverviewQuery(accountIds), ct);
            await risks.CountRisksAsync(actor, new RiskQuery(accountIds), ct);
            await risks.ListRisksAsync(actor, new RiskQuery(accountIds) { PageSize = 50 }, ct);
            var ecs = new ResourceQuery(ProductType.Ecs, accountIds) { PageSize = 50 };
            await resources.QueryAsync(actor, ecs, ct);
            await resources.CountByAccountAsync(actor, ecs, ct);
            await resources.RegionsInUseAsync(actor, ProductType.Ecs, accountIds, ct);
        }
    }

    /// <summary>The MudBlazor components of the first pages, rendered to HTML that nobody sees.</summary>
    private static async Task RenderComponentsAsync(IServiceProvider services)
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<WarmUpSample>()).ToHtmlString());
    }

    private static Actor ActorOf(BdrcUser user) => new(user.UserName ?? "", user.AccountId);
}
