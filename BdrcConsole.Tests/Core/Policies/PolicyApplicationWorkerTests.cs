using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.PolicyTestData;

namespace BdrcConsole.Tests.Core.Policies;

/// <summary>The hosted worker finishes what a stopped process left and follows management changes on its own.</summary>
public class PolicyApplicationWorkerTests
{
    private static PolicyApplicationWorker Worker(CoreTestHost host) => host.Services.GetServices<IHostedService>().OfType<PolicyApplicationWorker>().Single();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The worker did not get there within 20 s.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Start_PendingApplicationsLeftByAStoppedProcess_CompletesThem()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var policyId = await host.Policies().CreateAsync(Actors.Security, Policy("Buckets", [group], Versioning()));
        var completed = await host.ApplicationsAsync(policyId);
        // As if the process stopped right after writing them: back to Pending, nothing granted.
        await using (var db = await host.CreateDbContextAsync())
        {
            await db.PolicyApplications.ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ApplicationStatus.Pending)
                .SetProperty(a => a.Grants, ProtectionGrant.None).SetProperty(a => a.TaskId, (string?)null));
        }
        var worker = Worker(host);

        await worker.StartAsync(CancellationToken.None);
        await WaitUntilAsync(async () => (await host.ApplicationsAsync(policyId)).All(a => a.Status != ApplicationStatus.Pending));
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(completed, await host.ApplicationsAsync(policyId));
    }

    [Fact]
    public async Task ManagementChange_AccountEntersManagement_ItsMatchingResourcesAreApplied()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        await host.Policies().CreateAsync(Actors.Security, Policy("Buckets", [group], Versioning()));
        var worker = Worker(host);
        await worker.StartAsync(CancellationToken.None);

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForAccount(Dev1Id)]);

        await WaitUntilAsync(async () => (await host.GrantsAsync("pp-dev-bucket")).Grants == ProtectionGrant.Versioning);
        await worker.StopAsync(CancellationToken.None);
    }
}
