using System.Text.RegularExpressions;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// Protection policy runs with two console processes on one PostgreSQL database, each with its scheduler looking for
/// due runs every second: a scheduled run executes once across both, and a Run now whose instance is killed is
/// finished by the other, once. Counted in the database: executions, their recovery points, their messages.
/// </summary>
[Collection(TwoInstancePolicyCollection.Name)]
public sealed class TwoInstancePolicyTests(TwoInstanceFixture fixture) : IAsyncLifetime
{
    private static readonly Actor Security = new("security@acme.test", DemoOrganisation.SecurityId);
    private readonly InstanceSessions sessions = new(fixture.Browser);
    private (int Instance1, int Instance2) errorsBefore;
    private ServiceProvider core = null!;

    [Fact]
    public async Task ScheduledRun_BothInstancesSchedule_ExecutesOnce()
    {
        var (policyId, subPolicyId, applied) = await CreateAppliedPolicyAsync("Nightly, two instances");

        // The run falls due now (instead of at 02:00): both schedulers see it within a second.
        await using (var db = await core.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync())
        {
            var subPolicy = await db.SubPolicies.SingleAsync(s => s.Id == subPolicyId);
            subPolicy.NextRunAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }
        var executions = await WaitForFinishedExecutionsAsync(policyId, ExecutionTrigger.Schedule, 1);

        // A few more ticks of both schedulers: still one execution, its recovery points once.
        await WaitForTicksAsync();
        await AssertExecutedOnceAsync(policyId, subPolicyId, applied, expectedExecutions: 1);
        Assert.Equal(applied, executions.Single().ResourcesSucceeded + executions.Single().ResourcesFailed);

        // What a user sees on either instance: one scheduled execution.
        foreach (var instance in new[] { fixture.Instance1, fixture.Instance2 })
        {
            var page = await sessions.SignInAsync(instance, Security.UserName);
            var policies = new ProtectionPoliciesPage(page);
            await new ConsoleShell(page).GotoAsync($"/protection-policies/{policyId}");
            await policies.Tab("Execution history").ClickAsync();
            await Expect(policies.Executions.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        }
        InstanceSessions.AssertNoServerErrors((fixture.Instance1, errorsBefore.Instance1), (fixture.Instance2, errorsBefore.Instance2));
    }

    [Fact]
    public async Task RunNow_InstanceKilledMeanwhile_TheOtherFinishesItOnce()
    {
        var (policyId, subPolicyId, applied) = await CreateAppliedPolicyAsync("Run now, instance killed");

        // Run now on instance 1, which is killed by its process id as soon as the run is under way. On the demo
        // estate a run takes milliseconds, so instance 1 may have finished it already: either way, it must end
        // finished once.
        var onInstance1 = await sessions.SignInAsync(fixture.Instance1, Security.UserName);
        var policies = new ProtectionPoliciesPage(onInstance1);
        await new ConsoleShell(onInstance1).GotoAsync($"/protection-policies/{policyId}");
        await policies.Tab("Execution history").ClickAsync();
        await policies.RunNow.ClickAsync();
        await WaitForExecutionsAsync(policyId, ExecutionTrigger.RunNow);
        fixture.Instance1.Kill();

        var executions = await WaitForFinishedExecutionsAsync(policyId, ExecutionTrigger.RunNow, 1);
        await WaitForTicksAsync();
        await AssertExecutedOnceAsync(policyId, subPolicyId, applied, expectedExecutions: 1);
        Assert.Equal(applied, executions.Single().ResourcesSucceeded + executions.Single().ResourcesFailed);

        // Instance 2 shows the run finished.
        var onInstance2 = await sessions.SignInAsync(fixture.Instance2, Security.UserName);
        var policies2 = new ProtectionPoliciesPage(onInstance2);
        await new ConsoleShell(onInstance2).GotoAsync($"/protection-policies/{policyId}");
        await policies2.Tab("Execution history").ClickAsync();
        await Expect(policies2.Executions.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Run now");
        await Expect(policies2.Executions.GetByRole(AriaRole.Row).Nth(1)).Not.ToContainTextAsync("Running");
        InstanceSessions.AssertNoServerErrors((fixture.Instance2, errorsBefore.Instance2));
    }

    /// <summary>A policy of acme-security over its "Important" group (one Cloud Backup for ECS sub-policy), applied by the instances' workers.</summary>
    private async Task<(int PolicyId, int SubPolicyId, int Applied)> CreateAppliedPolicyAsync(string name)
    {
        var groups = await core.GetRequiredService<ResourceGroupService>().ListAsync(Security);
        var important = groups.Single(g => g.Name == "Important").Id;
        var service = core.GetRequiredService<ProtectionPolicyService>();
        var policyId = await service.CreateAsync(Security, new PolicyInput(name, null, [important],
            [new SubPolicyInput(SubPolicyKind.CloudBackupEcs, CronExpression: "0 2 * * *", RetentionDays: 7)]));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var row = (await service.ListAsync(Security)).Single(p => p.Id == policyId);
            if (row.Coverage.Pending == 0 && row.Coverage.Succeeded > 0)
            {
                await using var db = await core.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();
                var subPolicyId = await db.SubPolicies.Where(s => s.PolicyId == policyId).Select(s => s.Id).SingleAsync();
                return (policyId, subPolicyId, row.Coverage.Succeeded);
            }
            Assert.True(DateTime.UtcNow < deadline, $"The instances did not apply policy {name}: {row.Coverage}.");
            await Task.Delay(200);
        }
    }

    private async Task<List<PolicyExecution>> ExecutionsAsync(int policyId, ExecutionTrigger trigger)
    {
        await using var db = await core.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();
        return await db.PolicyExecutions.AsNoTracking().Where(e => e.PolicyId == policyId && e.Trigger == trigger).ToListAsync();
    }

    private async Task WaitForExecutionsAsync(int policyId, ExecutionTrigger trigger)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await ExecutionsAsync(policyId, trigger)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No execution was started.");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls the database until the policy's executions of this trigger exist and none is Running.</summary>
    private async Task<List<PolicyExecution>> WaitForFinishedExecutionsAsync(int policyId, ExecutionTrigger trigger, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var executions = await ExecutionsAsync(policyId, trigger);
            if (executions.Count >= atLeast && executions.All(e => e.Status != ExecutionStatus.Running))
                return executions;
            Assert.True(DateTime.UtcNow < deadline, $"The executions did not finish: {string.Join(", ", executions.Select(e => e.Status))}.");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A window for a duplicate to appear: every live scheduler ticks three more times (once a second). Nothing marks
    /// an idle tick, so this is the one place a journey waits for time rather than for a state.
    /// </summary>
    private static async Task WaitForTicksAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < until)
            await Task.Delay(250);
    }

    /// <summary>One execution's worth of everything: executions, a recovery point per applied resource each, a message each.</summary>
    private async Task AssertExecutedOnceAsync(int policyId, int subPolicyId, int applied, int expectedExecutions)
    {
        await using var db = await core.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync();
        var executions = await db.PolicyExecutions.CountAsync(e => e.PolicyId == policyId);
        var points = await db.RecoveryPoints.CountAsync(p => p.SubPolicyId == subPolicyId);
        var messages = await db.PolicyMessages.CountAsync(m => m.PolicyId == policyId
            && (m.Type == MessageType.ExecutionSucceeded || m.Type == MessageType.ExecutionPartlyFailed || m.Type == MessageType.ExecutionFailed));
        Assert.Equal(expectedExecutions, executions);
        Assert.Equal(expectedExecutions * applied, points);
        Assert.Equal(expectedExecutions, messages);
    }

    public Task InitializeAsync()
    {
        errorsBefore = (fixture.Instance1.Errors.Count, fixture.Instance2.Errors.Count);
        core = PostgreSqlServer.CoreOn(fixture.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await sessions.DisposeAsync();
        await core.DisposeAsync();
    }
}
