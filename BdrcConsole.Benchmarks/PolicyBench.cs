using System.Diagnostics;
using BdrcConsole.Core;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The Protection Policy Center's goals (issue 9) on a copy of the synthetic estate, so that applying policies does not
/// change the estate the other measurements read: the impact preview (≤ 1 s), applying a policy with three sub-policies to
/// a group matching about a quarter of the resources, re-scoring included (≤ 10 s), one scheduler tick with 1,000 due
/// sub-policies (≤ 2 s), and the Messages page's first page and unread count with 100,000 messages (≤ 50 ms each).
/// </summary>
internal static class PolicyBench
{
    public static async Task<List<(string Name, double Median, double Tail, string TailKind, double Goal)>> RunAsync(string estatePath)
    {
        await using var services = BenchServices.OnCopy(estatePath, "bdrc-bench-policies.db");
        var dbFactory = services.GetRequiredService<IDbContextFactory<BdrcDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
            await db.Database.MigrateAsync();

        var administrator = new Actor(BdrcConsole.Core.Data.Seeding.SyntheticEstate.AdministratorEmail, "8000000000000002");
        var visible = (await services.GetRequiredService<AccessService>().GetVisibleAccountsAsync(administrator)).Select(a => a.AccountId).ToList();
        var groups = services.GetRequiredService<ResourceGroupService>();
        var policies = services.GetRequiredService<ProtectionPolicyService>();
        var results = new List<(string, double, double, string, double)>();

        // app=analytics OR app=erp matches about a quarter of the estate (the "a group matching about a quarter of them").
        var matcher = new TagMatcher(MatchMode.Any, [new TagConditionInput("app", TagOperator.Equal, "analytics"), new TagConditionInput("app", TagOperator.Equal, "erp")]);
        var matched = await groups.DetectAsync(administrator, matcher);
        var groupId = await groups.CreateAsync(administrator, new ResourceGroupInput("Bench quarter", null, matcher));
        Console.WriteLine($"Policy bench: group app=analytics OR app=erp matches {matched.ResourceCount} resources in {matched.AccountCount} accounts.");
        var input = new PolicyInput("Bench quarter policy", null, [groupId], [
            new SubPolicyInput(SubPolicyKind.CloudBackupEcs, CronExpression: "0 2 * * *", RetentionDays: 7),
            new SubPolicyInput(SubPolicyKind.OssVersioning),
            new SubPolicyInput(SubPolicyKind.NasRecycleBin, RetentionDays: 30)]);

        results.Add(await MeasureAsync("Policy impact preview: app=analytics OR erp (≈ ¼ of the estate), 3 sub-policies, all accounts", 1000, 5,
            () => policies.PreviewAsync(administrator, input, visible)));

        // Applying: Create writes the applications and completes them (grants, scores and aggregates) before it returns.
        var apply = Stopwatch.StartNew();
        var policyId = await policies.CreateAsync(administrator, input);
        apply.Stop();
        var coverage = (await policies.ListAsync(administrator)).Single(p => p.Id == policyId).Coverage;
        Console.WriteLine($"Applied to {coverage.Applied} resources ({coverage.Succeeded} succeeded, {coverage.Failed} failed, {coverage.Pending} pending) across {coverage.Accounts} accounts.");
        results.Add(("Apply a policy with 3 sub-policies to that group, re-scoring included (1 run)", apply.Elapsed.TotalMilliseconds, double.NaN, "", 10_000));

        results.Add(await MeasureTickAsync(services, dbFactory));
        results.AddRange(await MeasureMessagesAsync(services, dbFactory, administrator));
        return results;
    }

    /// <summary>1,000 Cloud Backup sub-policies (100 policies of 10), each applied to 3 ECS instances, all due: one tick runs them.</summary>
    private static async Task<(string, double, double, string, double)> MeasureTickAsync(IServiceProvider services, IDbContextFactory<BdrcDbContext> dbFactory)
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var owner = "8000000000000002";
            var instances = await db.EcsInstances.AsNoTracking().OrderBy(r => r.Id).Take(3000).Select(r => new { r.Id, r.AccountId }).ToListAsync();
            for (var p = 0; p < 100; p++)
            {
                var subPolicies = Enumerable.Range(0, 10).Select(_ => new SubPolicy
                {
                    Kind = SubPolicyKind.CloudBackupEcs, CronExpression = "0 2 * * *", RetentionDays = 7, NextRunAt = now.AddMinutes(-1),
                }).ToList();
                db.ProtectionPolicies.Add(new ProtectionPolicy { OwnerAccountId = owner, Name = $"Bench tick {p}", CreatedAt = now, UpdatedAt = now, SubPolicies = subPolicies });
                await db.SaveChangesAsync();
                for (var i = 0; i < subPolicies.Count; i++)
                {
                    foreach (var instance in instances.Skip((p * 10 + i) * 3).Take(3))
                    {
                        db.PolicyApplications.Add(new PolicyApplication
                        {
                            SubPolicyId = subPolicies[i].Id, PolicyId = subPolicies[i].PolicyId, ResourceId = instance.Id, AccountId = instance.AccountId,
                            Status = ApplicationStatus.Succeeded, Grants = ProtectionGrant.CloudBackup, CreatedAt = now, UpdatedAt = now,
                        });
                    }
                }
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        var runner = services.GetRequiredService<PolicyExecutionRunner>();
        var tick = Stopwatch.StartNew();
        var summary = await runner.TickAsync();
        tick.Stop();
        Console.WriteLine($"Tick: {summary.ExecutionsCompleted} executions over {summary.Resources} resources.");
        return ("Scheduler tick: 1,000 due sub-policies × 3 instances, re-scoring included (1 run)", tick.Elapsed.TotalMilliseconds, double.NaN, "", 2000);
    }

    /// <summary>100,000 messages to the administrator, every seventh unread: the Messages page's first page and the badge's count.</summary>
    private static async Task<List<(string, double, double, string, double)>> MeasureMessagesAsync(
        IServiceProvider services, IDbContextFactory<BdrcDbContext> dbFactory, Actor administrator)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // Stored instants are EF's binary form (time in the high bits, offset in the low 11): one second is 2048 × 10,000.
            var createdAt = db.Model.FindEntityType(typeof(PolicyMessage))!.FindProperty(nameof(PolicyMessage.CreatedAt))!
                .GetTypeMapping().Converter!.ConvertToProvider(DateTimeOffset.UtcNow.AddDays(-30));
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO "PolicyMessages" ("RecipientAccountId", "Level", "Type", "PolicyId", "PolicyName", "AccountIds", "ResourceCount",
                    "ResourceIds", "Outcome", "CreatedAt", "Read")
                SELECT {0}, 'Info', 'ExecutionSucceeded', NULL, 'Bench', {0}, 3, 'i-1,i-2,i-3', '3 of 3 resources backed up.', {1} + i * 20480000, i % 7 <> 0
                FROM n
                """, administrator.AccountId, createdAt!);
        }
        var messages = services.GetRequiredService<PolicyMessageService>();
        return
        [
            await MeasureAsync("Messages first page: 100,000 messages", 50, 30, () => messages.ListAsync(administrator, new MessageQuery())),
            await MeasureAsync("Messages unread count: 100,000 messages", 50, 30, () => messages.CountUnreadAsync(administrator)),
        ];
    }

    private static async Task<(string, double, double, string, double)> MeasureAsync<T>(string name, double goalMs, int runs, Func<Task<T>> run)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await run();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (name, times[times.Count / 2], times[^1], $"max of {runs}", goalMs);
    }
}
