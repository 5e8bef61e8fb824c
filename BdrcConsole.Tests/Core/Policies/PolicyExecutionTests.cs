using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Policies;

/// <summary>
/// Scheduled runs and Run now (docs/rules.md §10): executions, recovery points with a deterministic share of
/// failures, pruning past retention, messages to the owner, re-scoring. The policies are written straight to the
/// database (applications Succeeded) and the runner's tick is called directly on the hand-driven clock.
/// </summary>
public class PolicyExecutionTests
{
    private static PolicyExecutionRunner Runner(CoreTestHost host) => host.Services.GetRequiredService<PolicyExecutionRunner>();
    private static ProtectionPolicyService Policies(CoreTestHost host) => host.Services.GetRequiredService<ProtectionPolicyService>();

    private static SubPolicy Backup(SubPolicyKind kind, string cron = "0 2 * * *", int retention = 30, DateTimeOffset? nextRunAt = null) =>
        new() { Kind = kind, CronExpression = cron, RetentionDays = retention, NextRunAt = nextRunAt };

    private static SubPolicy Snapshot(string timePoints = "2,14", string days = "1,2,3,4,5,6,7", int retention = 30, DateTimeOffset? nextRunAt = null) =>
        new() { Kind = SubPolicyKind.EcsSnapshot, TimePoints = timePoints, DaysOfWeek = days, RetentionDays = retention, NextRunAt = nextRunAt };

    /// <summary>A policy of <paramref name="owner"/> whose sub-policies are applied (Succeeded) to the given resources.</summary>
    private static async Task<ProtectionPolicy> AddPolicyAsync(CoreTestHost host, string owner, string name, bool paused,
        params (SubPolicy SubPolicy, IReadOnlyList<Res> Resources)[] subPolicies)
    {
        await using var db = await host.CreateDbContextAsync();
        var now = host.Clock.GetUtcNow();
        var policy = new ProtectionPolicy
        {
            OwnerAccountId = owner,
            Name = name,
            Paused = paused,
            CreatedAt = now,
            UpdatedAt = now,
            SubPolicies = subPolicies.Select(s => s.SubPolicy).ToList(),
        };
        db.ProtectionPolicies.Add(policy);
        await db.SaveChangesAsync();
        foreach (var (subPolicy, resources) in subPolicies)
        {
            db.PolicyApplications.AddRange(resources.Select(r => new PolicyApplication
            {
                SubPolicyId = subPolicy.Id,
                PolicyId = policy.Id,
                ResourceId = r.Id,
                AccountId = r.AccountId,
                Status = ApplicationStatus.Succeeded,
                CreatedAt = now,
                UpdatedAt = now,
            }));
        }
        await db.SaveChangesAsync();
        return policy;
    }

    private sealed record Res(string Id, string AccountId);

    private static async Task<IReadOnlyList<Res>> ResourcesAsync(CoreTestHost host, ProductType product, int count, params string[] accounts)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.Resources.AsNoTracking().Where(r => r.Product == product && accounts.Contains(r.AccountId))
            .OrderBy(r => r.Id).Take(count).Select(r => new Res(r.Id, r.AccountId)).ToListAsync();
    }

    private static async Task<SubPolicy> SubPolicyAsync(CoreTestHost host, int id)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.SubPolicies.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    [Fact]
    public async Task Tick_DueCloudBackup_ExecutionRecoveryPointPerAppliedResourceAndMessageToTheOwner()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var now = host.Clock.GetUtcNow();
        var resources = await ResourcesAsync(host, ProductType.Nas, 20, SecurityId, ProdWebId, ProdDataId);
        var due = Backup(SubPolicyKind.CloudBackupNas, nextRunAt: now.AddMinutes(-1));
        var notDue = Backup(SubPolicyKind.CloudBackupNas, nextRunAt: now.AddHours(1));
        var policy = await AddPolicyAsync(host, SecurityId, "Nightly NAS", false, (due, resources), (notDue, resources));
        // A resource whose application is still Pending gets no recovery point.
        var pending = (await ResourcesAsync(host, ProductType.Nas, 30, SecurityId, ProdWebId, ProdDataId)).Except(resources).First();
        await using (var db = await host.CreateDbContextAsync())
        {
            db.PolicyApplications.Add(new PolicyApplication
            {
                SubPolicyId = due.Id, PolicyId = policy.Id, ResourceId = pending.Id, AccountId = pending.AccountId, Status = ApplicationStatus.Pending,
            });
            await db.SaveChangesAsync();
        }

        var summary = await Runner(host).TickAsync();

        Assert.Equal(1, summary.ExecutionsCompleted);
        await using var check = await host.CreateDbContextAsync();
        var execution = await check.PolicyExecutions.AsNoTracking().SingleAsync();
        Assert.Equal((due.Id, policy.Id, ExecutionTrigger.Schedule, now, now), (execution.SubPolicyId, execution.PolicyId, execution.Trigger, execution.StartedAt, execution.EndedAt!.Value));
        Assert.Equal(resources.Count, execution.ResourcesSucceeded + execution.ResourcesFailed);
        Assert.Equal(ExecutionOutcome.StatusOf(execution.ResourcesSucceeded, execution.ResourcesFailed), execution.Status);

        var points = await check.RecoveryPoints.AsNoTracking().Where(p => p.SubPolicyId == due.Id).ToListAsync();
        Assert.Equal(resources.Select(r => r.Id).Order(), points.Select(p => p.ResourceId).Order());
        Assert.All(points, p => Assert.Equal((RecoveryPointKind.Backup, now), (p.Kind, p.CreatedAt)));
        Assert.All(points, p => Assert.True(p.Status == RecoveryPointStatus.Succeeded
            ? p.SizeBytes > 0 && p.FailureReason is null
            : p.SizeBytes == 0 && !string.IsNullOrEmpty(p.FailureReason)));
        Assert.Equal(execution.ResourcesFailed, points.Count(p => p.Status == RecoveryPointStatus.Failed));
        Assert.False(await check.RecoveryPoints.AnyAsync(p => p.ResourceId == pending.Id && p.SubPolicyId != null));

        var message = await check.PolicyMessages.AsNoTracking().SingleAsync();
        Assert.Equal((SecurityId, policy.Id, "Nightly NAS", resources.Count), (message.RecipientAccountId, message.PolicyId, message.PolicyName, message.ResourceCount));
        Assert.Equal(ExecutionOutcome.MessageOf(execution.Status), (message.Level, message.Type));
        Assert.Equal(resources.Select(r => r.AccountId).Distinct().Order(StringComparer.Ordinal), message.AccountIds.Split(','));
        Assert.StartsWith($"{execution.ResourcesSucceeded} of {resources.Count} resources backed up", message.Outcome);
        // The failed resources come first in the message.
        var failed = points.Where(p => p.Status == RecoveryPointStatus.Failed).Select(p => p.ResourceId).Order(StringComparer.Ordinal);
        Assert.Equal(failed, message.ResourceIds.Split(',').Take(execution.ResourcesFailed));

        var ran = await SubPolicyAsync(host, due.Id);
        Assert.Equal(now, ran.LastRunAt);
        Assert.Equal(PolicySchedule.NextCron("0 2 * * *", now), ran.NextRunAt);
        Assert.Null((await SubPolicyAsync(host, notDue.Id)).LastRunAt);
    }

    [Fact]
    public async Task Tick_DailyRunsOverWeeks_AboutFivePercentFailEveryStatusOccursAndRetentionPrunes()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var ecs = await ResourcesAsync(host, ProductType.Ecs, 40, SecurityId, ProdWebId, ProdDataId, SandboxId);
        var bucket = await ResourcesAsync(host, ProductType.Oss, 1, SecurityId);
        var start = host.Clock.GetUtcNow();
        var snapshot = Snapshot(timePoints: "9", retention: 7, nextRunAt: start);
        var oss = Backup(SubPolicyKind.CloudBackupOss, cron: "0 9 * * *", retention: 7, nextRunAt: start);
        await AddPolicyAsync(host, SecurityId, "Daily", false, (snapshot, ecs), (oss, bucket));

        const int Days = 40;
        for (var day = 0; day < Days; day++)
        {
            await Runner(host).TickAsync();
            host.Clock.Advance(TimeSpan.FromDays(1));
        }

        await using var db = await host.CreateDbContextAsync();
        var executions = await db.PolicyExecutions.AsNoTracking().ToListAsync();
        Assert.Equal(2 * Days, executions.Count);
        var failedShare = (double)executions.Sum(e => e.ResourcesFailed) / executions.Sum(e => e.ResourcesSucceeded + e.ResourcesFailed);
        Assert.InRange(failedShare, 0.02, 0.09);
        Assert.Contains(executions, e => e.Status == ExecutionStatus.Succeeded);
        Assert.Contains(executions, e => e.Status == ExecutionStatus.PartlyFailed);
        Assert.Contains(executions, e => e.Status == ExecutionStatus.Failed);

        var messages = await db.PolicyMessages.AsNoTracking().ToListAsync();
        Assert.Equal(executions.Count, messages.Count);
        Assert.Equal(executions.Count(e => e.Status == ExecutionStatus.Failed), messages.Count(m => m is { Level: MessageLevel.Error, Type: MessageType.ExecutionFailed }));
        Assert.Equal(executions.Count(e => e.Status == ExecutionStatus.PartlyFailed), messages.Count(m => m is { Level: MessageLevel.Warning, Type: MessageType.ExecutionPartlyFailed }));
        Assert.Contains(messages, m => m.Outcome.Contains(" failed: ", StringComparison.Ordinal) && m.Outcome.Contains("snapshotted", StringComparison.Ordinal));

        // Retention 7 days: the last run was a day ago, so the points of the last 8 runs are kept.
        var lastRun = host.Clock.GetUtcNow().AddDays(-1);
        var kept = await db.RecoveryPoints.AsNoTracking().Where(p => p.SubPolicyId == snapshot.Id || p.SubPolicyId == oss.Id).ToListAsync();
        Assert.All(kept, p => Assert.True(p.CreatedAt >= lastRun.AddDays(-7)));
        Assert.Equal(8 * (ecs.Count + 1), kept.Count);
        Assert.All(kept.Where(p => p.SubPolicyId == snapshot.Id), p => Assert.Equal(RecoveryPointKind.Snapshot, p.Kind));
    }

    [Fact]
    public async Task Tick_PointsPastRetention_OnlyTheSubPolicysOwnOldPointsArePruned()
    {
        await using var host = await CoreTestHost.StartAsync();
        var now = host.Clock.GetUtcNow();
        var resource = (await ResourcesAsync(host, ProductType.Tablestore, 1, SecurityId)).Single();
        var sub = Backup(SubPolicyKind.CloudBackupTablestore, retention: 7, nextRunAt: now);
        await AddPolicyAsync(host, SecurityId, "Tables", false, (sub, [resource]));
        await using (var db = await host.CreateDbContextAsync())
        {
            db.RecoveryPoints.AddRange(
                new RecoveryPoint { ResourceId = resource.Id, Kind = RecoveryPointKind.Backup, CreatedAt = now.AddDays(-10), SubPolicyId = sub.Id, SizeBytes = 1 },
                new RecoveryPoint { ResourceId = resource.Id, Kind = RecoveryPointKind.Backup, CreatedAt = now.AddDays(-3), SubPolicyId = sub.Id, SizeBytes = 2 },
                new RecoveryPoint { ResourceId = resource.Id, Kind = RecoveryPointKind.Backup, CreatedAt = now.AddDays(-10), SizeBytes = 3 });
            await db.SaveChangesAsync();
        }

        await Runner(host).TickAsync();

        await using var check = await host.CreateDbContextAsync();
        var points = await check.RecoveryPoints.AsNoTracking().Where(p => p.ResourceId == resource.Id && p.CreatedAt >= now.AddDays(-11)).ToListAsync();
        Assert.DoesNotContain(points, p => p.SizeBytes == 1);
        Assert.Contains(points, p => p.SizeBytes == 2);
        Assert.Contains(points, p => p.SizeBytes == 3 && p.SubPolicyId == null);
        Assert.Contains(points, p => p.CreatedAt == now && p.SubPolicyId == sub.Id);
    }

    [Fact]
    public async Task Tick_AfterDowntimeOverManySlots_MissedScheduleRunsOnceAndNextIsAfterNow()
    {
        await using var host = await CoreTestHost.StartAsync();
        var now = host.Clock.GetUtcNow();
        var resources = await ResourcesAsync(host, ProductType.Ecs, 3, SecurityId);
        // Hourly, last due five days ago: 120 slots were missed.
        var sub = Backup(SubPolicyKind.CloudBackupEcs, cron: "0 * * * *", nextRunAt: now.AddDays(-5));
        await AddPolicyAsync(host, SecurityId, "Hourly", false, (sub, resources));

        await Runner(host).TickAsync();
        await Runner(host).TickAsync();

        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(1, await db.PolicyExecutions.CountAsync());
        Assert.Equal(resources.Count, await db.RecoveryPoints.CountAsync(p => p.SubPolicyId == sub.Id));
        var after = await SubPolicyAsync(host, sub.Id);
        Assert.Equal(now.AddHours(1), after.NextRunAt); // the clock stands at 09:00: next is 10:00
        Assert.Equal(now, after.LastRunAt);
    }

    [Fact]
    public async Task Tick_PausedPolicy_NoRunScheduleClearedAndOnResumeTheNextSlotAfterNow()
    {
        await using var host = await CoreTestHost.StartAsync();
        var now = host.Clock.GetUtcNow();
        var resources = await ResourcesAsync(host, ProductType.Ecs, 2, SecurityId);
        var sub = Snapshot(nextRunAt: now.AddHours(-2));
        var policy = await AddPolicyAsync(host, SecurityId, "Paused", true, (sub, resources));

        await Runner(host).TickAsync();

        await using (var db = await host.CreateDbContextAsync())
        {
            Assert.False(await db.PolicyExecutions.AnyAsync());
            Assert.False(await db.PolicyMessages.AnyAsync());
            Assert.Null((await SubPolicyAsync(host, sub.Id)).NextRunAt);
            await db.ProtectionPolicies.Where(p => p.Id == policy.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Paused, false));
        }

        await Runner(host).TickAsync();

        await using var check = await host.CreateDbContextAsync();
        Assert.False(await check.PolicyExecutions.AnyAsync());
        Assert.Equal(PolicySchedule.NextSnapshot("2,14", "1,2,3,4,5,6,7", now), (await SubPolicyAsync(host, sub.Id)).NextRunAt);
    }

    [Fact]
    public async Task Tick_NewSubPolicies_ScheduledOnesGetTheirNextRunSettingsNone()
    {
        await using var host = await CoreTestHost.StartAsync();
        var now = host.Clock.GetUtcNow();
        var backup = Backup(SubPolicyKind.CloudBackupNas, cron: "15 3 * * *");
        var recycleBin = new SubPolicy { Kind = SubPolicyKind.NasRecycleBin, RetentionDays = 7 };
        await AddPolicyAsync(host, SecurityId, "New", false, (backup, []), (recycleBin, []));

        await Runner(host).TickAsync();

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 3, 15, 0, TimeSpan.Zero), (await SubPolicyAsync(host, backup.Id)).NextRunAt);
        Assert.Null((await SubPolicyAsync(host, recycleBin.Id)).NextRunAt);
        await using var db = await host.CreateDbContextAsync();
        Assert.False(await db.PolicyExecutions.AnyAsync());
    }

    [Fact]
    public async Task RunNow_Owner_RunningExecutionPerScheduledSubPolicyAuditedThenTheTickCompletesThem()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var now = host.Clock.GetUtcNow();
        var ecs = await ResourcesAsync(host, ProductType.Ecs, 5, ProdWebId);
        var nas = await ResourcesAsync(host, ProductType.Nas, 5, ProdWebId);
        var snapshot = Snapshot(nextRunAt: now.AddHours(5));
        var recycleBin = new SubPolicy { Kind = SubPolicyKind.NasRecycleBin, RetentionDays = 7 };
        var policy = await AddPolicyAsync(host, SecurityId, "Run me", false, (snapshot, ecs), (recycleBin, nas));

        var ids = await Policies(host).RunNowAsync(Actors.Security, policy.Id);

        var running = await Policies(host).ListExecutionsAsync(Actors.Security, policy.Id);
        var single = Assert.Single(running.Items);
        Assert.Equal((ids.Single(), snapshot.Id, SubPolicyKind.EcsSnapshot, ExecutionTrigger.RunNow, ExecutionStatus.Running, (DateTimeOffset?)null),
            (single.Id, single.SubPolicyId, single.Kind, single.Trigger, single.Status, single.EndedAt));
        await using (var db = await host.CreateDbContextAsync())
        {
            var audit = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal(("Run Protection Policy", AuditOutcome.Succeeded, "security@acme.test"), (audit.Action, audit.Outcome, audit.UserName));
        }

        await Runner(host).TickAsync();

        var done = (await Policies(host).ListExecutionsAsync(Actors.Security, policy.Id)).Items.Single();
        Assert.NotEqual(ExecutionStatus.Running, done.Status);
        Assert.Equal(ecs.Count, done.ResourcesSucceeded + done.ResourcesFailed);
        // Run now leaves the schedule as it was.
        Assert.Equal(now.AddHours(5), (await SubPolicyAsync(host, snapshot.Id)).NextRunAt);
        await using var check = await host.CreateDbContextAsync();
        Assert.Equal(ecs.Count, await check.RecoveryPoints.CountAsync(p => p.SubPolicyId == snapshot.Id));
        Assert.Equal(SecurityId, (await check.PolicyMessages.SingleAsync()).RecipientAccountId);
    }

    [Fact]
    public async Task RunNow_PausedUnscheduledStillRunningOrNotTheOwner_RefusedAndNothingStarted()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var ecs = await ResourcesAsync(host, ProductType.Ecs, 2, ProdWebId);
        var paused = await AddPolicyAsync(host, SecurityId, "Paused", true, (Snapshot(), ecs));
        var settingsOnly = await AddPolicyAsync(host, SecurityId, "Settings", false, (new SubPolicy { Kind = SubPolicyKind.OssVersioning }, []));
        var active = await AddPolicyAsync(host, SecurityId, "Active", false, (Snapshot(), ecs));
        var service = Policies(host);

        await Assert.ThrowsAsync<RuleViolationException>(() => service.RunNowAsync(Actors.Security, paused.Id));
        await Assert.ThrowsAsync<RuleViolationException>(() => service.RunNowAsync(Actors.Security, settingsOnly.Id));
        // The member whose resources it protects, and any other account, do not see the administrator's policy.
        await Assert.ThrowsAsync<NotFoundException>(() => service.RunNowAsync(Actors.ProdWeb, active.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => service.RunNowAsync(Actors.Management, active.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => service.ListExecutionsAsync(Actors.ProdWeb, active.Id));
        await using (var db = await host.CreateDbContextAsync())
            Assert.False(await db.PolicyExecutions.AnyAsync());

        await service.RunNowAsync(Actors.Security, active.Id);
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => service.RunNowAsync(Actors.Security, active.Id));

        Assert.Contains("still running", refusal.Message, StringComparison.Ordinal);
        await using var check = await host.CreateDbContextAsync();
        Assert.Equal(1, await check.PolicyExecutions.CountAsync());
        Assert.Equal(5, await check.AuditEntries.CountAsync(e => e.Action == "Run Protection Policy" && e.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task Restart_RunningExecutionsLeftBehind_FinishedOnceAtStartAndRunNowWakesTheScheduler()
    {
        await using var host = await CoreTestHost.StartAsync();
        var ecs = await ResourcesAsync(host, ProductType.Ecs, 6, SecurityId);
        var sub = Snapshot(nextRunAt: host.Clock.GetUtcNow().AddHours(5));
        var policy = await AddPolicyAsync(host, SecurityId, "Crashed", false, (sub, ecs));
        // The process stopped after Run now committed, before the runner completed the execution.
        var first = (await Policies(host).RunNowAsync(Actors.Security, policy.Id)).Single();
        var feed = host.Services.GetRequiredService<PolicyChangeFeed>();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        feed.PolicyChanged += (_, id) => { if (id == policy.Id) changed.TrySetResult(); };
        var scheduler = host.Services.GetServices<IHostedService>().OfType<PolicyScheduler>().Single();

        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await changed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Runner(host).TickAsync();

            await using (var db = await host.CreateDbContextAsync())
            {
                var execution = await db.PolicyExecutions.AsNoTracking().SingleAsync();
                Assert.Equal(first, execution.Id);
                Assert.NotEqual(ExecutionStatus.Running, execution.Status);
                Assert.Equal(ecs.Count, execution.ResourcesSucceeded + execution.ResourcesFailed);
                Assert.Equal(ecs.Count, await db.RecoveryPoints.CountAsync(p => p.SubPolicyId == sub.Id));
                Assert.Equal(1, await db.PolicyMessages.CountAsync());
            }

            // The clock does not move: only Run now's signal can wake the scheduler for the second run.
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var second = (await Policies(host).RunNowAsync(Actors.Security, policy.Id)).Single();
            await changed.Task.WaitAsync(TimeSpan.FromSeconds(60));

            await using var check = await host.CreateDbContextAsync();
            Assert.NotEqual(ExecutionStatus.Running, (await check.PolicyExecutions.AsNoTracking().SingleAsync(e => e.Id == second)).Status);
            Assert.Equal(2 * ecs.Count, await check.RecoveryPoints.CountAsync(p => p.SubPolicyId == sub.Id));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Tick_ScheduledExecutionLeftRunningByACrash_CompletedOnceAndTheOwnersConsolesTold()
    {
        await using var host = await CoreTestHost.StartAsync();
        var now = host.Clock.GetUtcNow();
        var ecs = await ResourcesAsync(host, ProductType.Ecs, 4, SecurityId);
        var sub = Snapshot(nextRunAt: now.AddHours(5));
        var policy = await AddPolicyAsync(host, SecurityId, "Interrupted", false, (sub, ecs));
        await using (var db = await host.CreateDbContextAsync())
        {
            // Started by the tick an hour ago; the process stopped before the run committed.
            db.PolicyExecutions.Add(new PolicyExecution
            {
                PolicyId = policy.Id, SubPolicyId = sub.Id, Trigger = ExecutionTrigger.Schedule, Status = ExecutionStatus.Running, StartedAt = now.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }
        var feed = host.Services.GetRequiredService<PolicyChangeFeed>();
        var told = new List<string>();
        feed.MessagesArrived += told.Add;

        await Runner(host).TickAsync();
        await Runner(host).TickAsync();

        await using var check = await host.CreateDbContextAsync();
        var execution = await check.PolicyExecutions.AsNoTracking().SingleAsync();
        Assert.NotEqual(ExecutionStatus.Running, execution.Status);
        Assert.Equal((now.AddHours(-1), now), (execution.StartedAt, execution.EndedAt!.Value));
        Assert.Equal(ecs.Count, await check.RecoveryPoints.CountAsync(p => p.SubPolicyId == sub.Id));
        Assert.Equal(1, await check.PolicyMessages.CountAsync());
        Assert.Equal([SecurityId], told);
    }

    [Fact]
    public async Task Tick_RecoveryPointsOfStaleResources_RiskCleared_ScoresAndAggregatesEqualAFreshDetection()
    {
        await using var host = await CoreTestHost.StartAsync();
        await using (var db = await host.CreateDbContextAsync())
        {
            // ECS instances of every account that fail "a successful recovery point in the last 48 hours".
            var stale = await db.CheckResults.AsNoTracking().Where(c => c.RuleId == "ecs-recent-recovery-point" && c.Status == CheckStatus.Failed)
                .OrderBy(c => c.ResourceId).Select(c => new Res(c.ResourceId, c.AccountId)).ToListAsync();
            Assert.True(stale.Count >= 5, $"The demo estate should have stale ECS instances, has {stale.Count}.");
            var sub = Backup(SubPolicyKind.CloudBackupEcs, nextRunAt: host.Clock.GetUtcNow());
            await AddPolicyAsync(host, SecurityId, "Stale", false, (sub, stale));

            await Runner(host).TickAsync();

            var backedUp = await db.RecoveryPoints.AsNoTracking().Where(p => p.SubPolicyId == sub.Id && p.Status == RecoveryPointStatus.Succeeded)
                .Select(p => p.ResourceId).ToListAsync();
            Assert.NotEmpty(backedUp);
            Assert.False(await db.CheckResults.AnyAsync(c => c.RuleId == "ecs-recent-recovery-point" && backedUp.Contains(c.ResourceId)));
        }

        var afterRun = await StoredStateAsync(host);
        var accounts = Accounts.Select(a => a.Id).ToList();
        await host.Services.GetRequiredService<DetectionMaintenance>().DetectAccountsAsync(accounts, null, CancellationToken.None);
        var fresh = await StoredStateAsync(host);

        Assert.Equal(fresh.Resources, afterRun.Resources);
        Assert.Equal(fresh.Scores.Count, afterRun.Scores.Count);
        foreach (var (a, f) in afterRun.Scores.Zip(fresh.Scores))
        {
            Assert.Equal(Counts(f), Counts(a));
            Assert.Equal(f.ScoreSum, a.ScoreSum, tolerance: 1e-6);
        }
        Assert.Equal(fresh.Risks, afterRun.Risks);
    }

    private static string Counts(AccountProductScore s) =>
        $"{s.AccountId} {s.Product} {s.Resources} {s.ExcludedResources} {s.ScoredResources} {s.RiskyResources} {s.Risks} {s.CheckFailedResources} " +
        $"{s.ScoresUpTo60} {s.Scores61To69} {s.Scores70To79} {s.Scores80To94} {s.Scores95To100}";

    private sealed record StoredState(IReadOnlyList<string> Resources, IReadOnlyList<AccountProductScore> Scores, IReadOnlyList<string> Risks);

    private static async Task<StoredState> StoredStateAsync(CoreTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        var resources = (await db.Resources.AsNoTracking().Select(r => new { r.Id, r.Score, r.RiskCount, r.HighRiskCount, r.HasCheckFailed }).ToListAsync())
            .OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => $"{r.Id} {r.Score:0.######} {r.RiskCount} {r.HighRiskCount} {r.HasCheckFailed}").ToList();
        var scores = (await db.AccountProductScores.AsNoTracking().ToListAsync())
            .OrderBy(s => s.AccountId, StringComparer.Ordinal).ThenBy(s => s.Product).ToList();
        var risks = (await db.AccountRiskCounts.AsNoTracking().ToListAsync())
            .Select(r => $"{r.AccountId} {r.RuleId} {r.Risks}").Order(StringComparer.Ordinal).ToList();
        return new StoredState(resources, scores, risks);
    }

    [Fact]
    public async Task Tick_ThousandDueSubPolicies_RunEachOnceInOneTick()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var now = host.Clock.GetUtcNow();
        var ecs = await ResourcesAsync(host, ProductType.Ecs, 300, SecurityId, ProdWebId, ProdDataId, PaymentsId, SandboxId);
        // 100 policies of 10 sub-policies, each applied to 3 instances.
        for (var p = 0; p < 100; p++)
        {
            var subs = Enumerable.Range(0, 10)
                .Select(i => (Backup(SubPolicyKind.CloudBackupEcs, nextRunAt: now.AddMinutes(-i)), (IReadOnlyList<Res>)ecs.Skip((p * 10 + i) * 3 % ecs.Count).Take(3).ToList()))
                .ToArray();
            await AddPolicyAsync(host, SecurityId, $"Bulk {p}", false, subs);
        }
        await Runner(host).TickAsync(); // warm-up of the code paths: nothing is due twice

        host.Clock.Advance(TimeSpan.FromDays(1));
        // The timing goal (≤ 2 s) is measured by the benchmark (README "Benchmarks"), not here.
        var summary = await Runner(host).TickAsync();

        Assert.Equal(1000, summary.ExecutionsCompleted);
        Assert.Equal(3000, summary.Resources);
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(2000, await db.PolicyMessages.CountAsync());
    }
}
