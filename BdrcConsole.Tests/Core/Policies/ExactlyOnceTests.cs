using BdrcConsole.Core.Data.Sql;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Policies;

/// <summary>
/// Background work runs exactly once when two console instances share one database (docs/rules.md §10, "Several
/// instances"): each test runs a second instance (its own services and connections) on the host's database and
/// drives both at once, on SQLite and on PostgreSQL.
/// </summary>
public class ExactlyOnceTests
{
    private const int ResourcesPerSubPolicy = 4;

    private static PolicyExecutionRunner Runner(IServiceProvider instance) => instance.GetRequiredService<PolicyExecutionRunner>();

    private sealed record Res(string Id, string AccountId);

    /// <summary>The product's resources of the security account and the accounts it manages, in chunks of <see cref="ResourcesPerSubPolicy"/>.</summary>
    private static async Task<Queue<Res[]>> ResourceChunksAsync(CoreTestHost host, ProductType product, int chunks)
    {
        await using var db = await host.CreateDbContextAsync();
        string[] accounts = [SecurityId, ProdWebId, ProdDataId, SandboxId];
        var resources = await db.Resources.AsNoTracking().Where(r => r.Product == product && accounts.Contains(r.AccountId))
            .OrderBy(r => r.Id).Take(chunks * ResourcesPerSubPolicy).Select(r => new Res(r.Id, r.AccountId)).ToListAsync();
        Assert.Equal(chunks * ResourcesPerSubPolicy, resources.Count);
        return new Queue<Res[]>(resources.Chunk(ResourcesPerSubPolicy));
    }

    /// <summary>A policy of the security account whose sub-policies are applied (Succeeded) to their own resources each.</summary>
    private static async Task<ProtectionPolicy> AddPolicyAsync(CoreTestHost host, string name, params (SubPolicy SubPolicy, Res[] Resources)[] subPolicies)
    {
        await using var db = await host.CreateDbContextAsync();
        var now = host.Clock.GetUtcNow();
        var policy = new ProtectionPolicy
        {
            OwnerAccountId = SecurityId, Name = name, CreatedAt = now, UpdatedAt = now,
            SubPolicies = subPolicies.Select(s => s.SubPolicy).ToList(),
        };
        db.ProtectionPolicies.Add(policy);
        await db.SaveChangesAsync();
        foreach (var (subPolicy, resources) in subPolicies)
        {
            db.PolicyApplications.AddRange(resources.Select(r => new PolicyApplication
            {
                SubPolicyId = subPolicy.Id, PolicyId = policy.Id, ResourceId = r.Id, AccountId = r.AccountId,
                Status = ApplicationStatus.Succeeded, CreatedAt = now, UpdatedAt = now,
            }));
        }
        await db.SaveChangesAsync();
        return policy;
    }

    private static SubPolicy Snapshot(DateTimeOffset nextRunAt) =>
        new() { Kind = SubPolicyKind.EcsSnapshot, TimePoints = "2,14", DaysOfWeek = "1,2,3,4,5,6,7", RetentionDays = 30, NextRunAt = nextRunAt };

    private static SubPolicy NasBackup(DateTimeOffset nextRunAt) =>
        new() { Kind = SubPolicyKind.CloudBackupNas, CronExpression = "0 2 * * *", RetentionDays = 30, NextRunAt = nextRunAt };

    /// <summary>Both instances tick at once, as their schedulers would.</summary>
    private static async Task<PolicyTickSummary[]> TickBothAsync(IServiceProvider first, IServiceProvider second) =>
        await Task.WhenAll(Task.Run(() => Runner(first).TickAsync()), Task.Run(() => Runner(second).TickAsync()));

    /// <summary>Every execution ended, once: its resources' recovery points once, one message each.</summary>
    private static async Task AssertEachExecutionCompletedOnceAsync(CoreTestHost host, int expectedExecutions)
    {
        await using var db = await host.CreateDbContextAsync();
        var executions = await db.PolicyExecutions.AsNoTracking().ToListAsync();
        Assert.Equal(expectedExecutions, executions.Count);
        Assert.DoesNotContain(executions, e => e.Status == ExecutionStatus.Running);
        Assert.All(executions, e => Assert.Equal(ResourcesPerSubPolicy, e.ResourcesSucceeded + e.ResourcesFailed));
        var applied = await db.PolicyApplications.AsNoTracking().GroupBy(a => a.SubPolicyId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        var points = await db.RecoveryPoints.AsNoTracking().Where(p => p.SubPolicyId != null).GroupBy(p => p.SubPolicyId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        foreach (var bySubPolicy in executions.GroupBy(e => e.SubPolicyId))
            Assert.Equal(bySubPolicy.Count() * applied[bySubPolicy.Key], points.GetValueOrDefault(bySubPolicy.Key));
        Assert.Equal(executions.Select(e => e.SubPolicyId).Distinct().Order(), points.Keys.Order());
        Assert.Equal(expectedExecutions, await db.PolicyMessages.CountAsync());
    }

    [Fact]
    public async Task TwoInstancesTickingAtOnce_DueSchedulesAndRunNows_EachStartedAndCompletedOnce()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        await using var second = host.StartSecondInstance();
        var now = host.Clock.GetUtcNow();
        const int duePolicies = 6, runNowPolicies = 3;
        var ecs = await ResourceChunksAsync(host, ProductType.Ecs, duePolicies + runNowPolicies);
        var nas = await ResourceChunksAsync(host, ProductType.Nas, duePolicies);
        var due = new List<SubPolicy>();
        for (var i = 0; i < duePolicies; i++)
        {
            var (snapshot, backup) = (Snapshot(now.AddMinutes(-1 - i)), NasBackup(now.AddMinutes(-1)));
            await AddPolicyAsync(host, $"Due {i}", (snapshot, ecs.Dequeue()), (backup, nas.Dequeue()));
            due.AddRange([snapshot, backup]);
        }
        var runNow = new List<ProtectionPolicy>();
        for (var i = 0; i < runNowPolicies; i++)
            runNow.Add(await AddPolicyAsync(host, $"Run now {i}", (Snapshot(now.AddHours(5)), ecs.Dequeue())));

        // Run now on either instance, before and between the rounds of ticks.
        await host.Policies().RunNowAsync(Actors.Security, runNow[0].Id);
        await second.GetRequiredService<ProtectionPolicyService>().RunNowAsync(Actors.Security, runNow[1].Id);
        var summaries = new List<PolicyTickSummary>();
        for (var round = 0; round < 4; round++)
        {
            summaries.AddRange(await TickBothAsync(host.Services, second));
            if (round == 0)
                await second.GetRequiredService<ProtectionPolicyService>().RunNowAsync(Actors.Security, runNow[2].Id);
        }

        var executions = due.Count + runNowPolicies;
        Assert.Equal(due.Count, summaries.Sum(s => s.ExecutionsStarted));
        Assert.Equal(executions, summaries.Sum(s => s.ExecutionsCompleted));
        await AssertEachExecutionCompletedOnceAsync(host, executions);
        await using var db = await host.CreateDbContextAsync();
        var scheduled = await db.PolicyExecutions.AsNoTracking().Where(e => e.Trigger == ExecutionTrigger.Schedule).Select(e => e.SubPolicyId).ToListAsync();
        Assert.Equal(due.Select(s => s.Id).Order(), scheduled.Order());
        Assert.All(await db.SubPolicies.AsNoTracking().Where(s => scheduled.Contains(s.Id)).ToListAsync(), s => Assert.True(s.NextRunAt > now));
    }

    [Fact]
    public async Task RunNowOnBothInstancesAtOnce_StartsOneRunAndRefusesTheOthers()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        await using var second = host.StartSecondInstance();
        var ecs = await ResourceChunksAsync(host, ProductType.Ecs, 1);
        var policy = await AddPolicyAsync(host, "Clicked twice", (Snapshot(host.Clock.GetUtcNow().AddHours(5)), ecs.Dequeue()));

        // The same user clicks Run now in two consoles, each on another instance, ten times each at once.
        var services = new[] { host.Policies(), second.GetRequiredService<ProtectionPolicyService>() };
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                return (await services[i % 2].RunNowAsync(Actors.Security, policy.Id)).Count;
            }
            catch (BdrcConsole.Core.Domain.RuleViolationException)
            {
                return 0;
            }
        }));

        Assert.Equal(1, attempts.Count(started => started > 0));
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(1, await db.PolicyExecutions.CountAsync(e => e.PolicyId == policy.Id && e.Trigger == ExecutionTrigger.RunNow));
    }

    [Fact]
    public async Task BatchOfAnInstanceThatDiedBeforeItsCommit_TheOtherInstanceCompletesItOnce()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        await using var second = host.StartSecondInstance();
        var ecs = await ResourceChunksAsync(host, ProductType.Ecs, 2);
        var policy = await AddPolicyAsync(host, "Run me",
            (Snapshot(host.Clock.GetUtcNow().AddHours(5)), ecs.Dequeue()), (Snapshot(host.Clock.GetUtcNow().AddHours(5)), ecs.Dequeue()));
        var ids = await host.Policies().RunNowAsync(Actors.Security, policy.Id);

        // The first instance claims the batch and gets half-way (a recovery point, an execution marked done), then dies.
        await using (var db = await host.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(ids.Order(), (await db.Sql.Claims.ClaimAsync<PolicyExecution, long>(db, ids, default)).Order());
            var execution = await db.PolicyExecutions.SingleAsync(e => e.Id == ids[0]);
            execution.Status = ExecutionStatus.Succeeded;
            db.RecoveryPoints.Add(new RecoveryPoint { ResourceId = (await db.Resources.FirstAsync()).Id, SubPolicyId = execution.SubPolicyId, CreatedAt = host.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
            if (TestEngine.IsPostgreSql)
            {
                // While it holds them, the other instance leaves them alone (on SQLite the dead writer's lock stops
                // every other writer until the rollback: there is only one instance).
                Assert.Equal(0, (await Runner(second).TickAsync()).ExecutionsCompleted);
            }
        }

        Assert.Equal(ids.Count, (await Runner(second).TickAsync()).ExecutionsCompleted);
        Assert.Equal(0, (await Runner(host.Services).TickAsync()).ExecutionsCompleted);
        await AssertEachExecutionCompletedOnceAsync(host, ids.Count);
    }

    [Fact]
    public async Task TwoInstancesCompletingPendingApplicationsAtOnce_EachCompletedOnceWithOneFailureMessagePerPolicy()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        await using var second = host.StartSecondInstance();
        const int policies = 6;
        var ecs = await ResourceChunksAsync(host, ProductType.Ecs, policies);
        var policyIds = new List<int>();
        for (var i = 0; i < policies; i++)
        {
            var resources = ecs.Dequeue();
            string region;
            await using (var db = await host.CreateDbContextAsync())
                region = await db.Resources.Where(r => r.Id == resources[0].Id).Select(r => r.RegionId).SingleAsync();
            // A copy into the resource's own region cannot be applied: at least one failure, so one message per policy.
            var copy = new SubPolicy
            {
                Kind = SubPolicyKind.EcsSnapshot, TimePoints = "2", DaysOfWeek = "1", RetentionDays = 7, CrossRegionCopy = true, TargetRegionId = region,
            };
            policyIds.Add((await AddPolicyAsync(host, $"Copy {i}", (copy, resources))).Id);
        }
        await using (var db = await host.CreateDbContextAsync())
            await db.PolicyApplications.Where(a => policyIds.Contains(a.PolicyId)).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ApplicationStatus.Pending));

        var completed = await Task.WhenAll(
            Task.Run(() => host.Engine().CompletePendingAsync()),
            Task.Run(() => second.GetRequiredService<PolicyApplicationEngine>().CompletePendingAsync()));

        Assert.Equal(policies * ResourcesPerSubPolicy, completed.Sum());
        await using var check = await host.CreateDbContextAsync();
        Assert.False(await check.PolicyApplications.AnyAsync(a => a.Status == ApplicationStatus.Pending));
        var failureMessages = await check.PolicyMessages.Where(m => m.Type == MessageType.ApplicationFailed).Select(m => m.PolicyId ?? 0).ToListAsync();
        Assert.Equal(policyIds.Order(), failureMessages.Order());
    }

    [Fact]
    public async Task TwoInstancesCompletingZrsConversionsAtOnce_EachConversionFinishesOnce()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using var second = host.StartSecondInstance();
        await using (var db = await host.CreateDbContextAsync())
        {
            var buckets = await db.OssBuckets.OrderBy(b => b.Id).Take(30).ToListAsync();
            foreach (var bucket in buckets)
            {
                bucket.Redundancy = Redundancy.Lrs;
                bucket.ConvertingSince = host.Clock.GetUtcNow();
            }
            await db.SaveChangesAsync();
        }
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        var completed = await Task.WhenAll(
            Task.Run(() => host.HighAvailabilityMaintenance().CompleteDueConversionsAsync()),
            Task.Run(() => second.GetRequiredService<HighAvailabilityMaintenance>().CompleteDueConversionsAsync()));

        Assert.Equal(30, completed.Sum());
        await using var check = await host.CreateDbContextAsync();
        Assert.False(await check.OssBuckets.AnyAsync(b => b.ConvertingSince != null));
        Assert.Equal(0, await host.HighAvailabilityMaintenance().CompleteDueConversionsAsync());
    }

    [Fact]
    public async Task TwoInstancesDailyDetectionOnTheSameDay_OneDetectsTheOtherFindsNothingLeft()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using var second = host.StartSecondInstance();
        host.Clock.Advance(TimeSpan.FromDays(1));
        int accounts;
        await using (var db = await host.CreateDbContextAsync())
            accounts = await db.Accounts.CountAsync();

        var summaries = await Task.WhenAll(
            Task.Run(() => host.DetectionMaintenance().DetectAccountsWithoutTodaysSnapshotAsync()),
            Task.Run(() => second.GetRequiredService<DetectionMaintenance>().DetectAccountsWithoutTodaysSnapshotAsync()));

        // One run gave every account today's snapshot and evaluated what was due; the other found neither left.
        Assert.Equal(accounts, summaries.Sum(s => s.Accounts));
        Assert.Contains(summaries, s => s.Accounts == 0 && s.Resources == 0);
        Assert.Contains(summaries, s => s.Accounts == accounts && s.Resources > 0);
    }
}
