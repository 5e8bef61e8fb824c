using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.TestSupport;

/// <summary>Protection policy fixtures: resources under a tag no demo resource carries, so a group matches exactly them.</summary>
public static class PolicyTestData
{
    public const string TagKey = "pp";

    public static ProtectionPolicyService Policies(this CoreTestHost host) => host.Services.GetRequiredService<ProtectionPolicyService>();
    public static ResourceTagService Tags(this CoreTestHost host) => host.Services.GetRequiredService<ResourceTagService>();
    internal static PolicyApplicationEngine Engine(this CoreTestHost host) => host.Services.GetRequiredService<PolicyApplicationEngine>();

    public static SubPolicyInput Versioning() => new(SubPolicyKind.OssVersioning);
    public static SubPolicyInput OssBackup(bool replicate = false, string target = "cn-shanghai") =>
        new(SubPolicyKind.CloudBackupOss, CronExpression: "0 2 * * *", RetentionDays: 30, VaultReplication: replicate, TargetRegionId: replicate ? target : null);
    public static SubPolicyInput EcsBackup() => new(SubPolicyKind.CloudBackupEcs, CronExpression: "0 3 * * *", RetentionDays: 7);
    public static SubPolicyInput NasBackup() => new(SubPolicyKind.CloudBackupNas, CronExpression: "0 3 * * *", RetentionDays: 7);
    public static SubPolicyInput Snapshot(bool copy = false, string target = "cn-shanghai") =>
        new(SubPolicyKind.EcsSnapshot, TimePoints: [2, 14], DaysOfWeek: [DayOfWeek.Monday, DayOfWeek.Thursday], RetentionDays: 7,
            CrossRegionCopy: copy, CopyRetentionDays: copy ? 7 : null, TargetRegionId: copy ? target : null);
    public static SubPolicyInput RecycleBin(int days = 30) => new(SubPolicyKind.NasRecycleBin, RetentionDays: days);

    /// <summary>
    /// acme-security administers folder Root/Production; tagged pp=yes: two security buckets (one Archive), a
    /// security ECS instance and NAS (one Extreme), a prod-web bucket and ECS instance, and dev-1's bucket (never managed).
    /// </summary>
    public static async Task<CoreTestHost> StartWithTaggedEstateAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        (string, string)[] tagged = [(TagKey, "yes")];
        await host.AddResourcesAsync(
            Bucket(SecurityId, "pp-sec-bucket", tags: tagged),
            Bucket(SecurityId, "pp-sec-archive", storageClass: OssStorageClass.Archive, tags: tagged),
            Ecs(SecurityId, "i-ppsec0000000000001", disks: [new(Policy: false), new(Policy: true)], tags: tagged),
            Nas(SecurityId, "pp-sec-nas", recycleBinDays: 3, tags: tagged),
            Nas(SecurityId, "pp-sec-extreme", type: NasFileSystemType.Extreme, tags: tagged),
            Bucket(ProdWebId, "pp-web-bucket", protection: 1, tags: tagged),
            Ecs(ProdWebId, "i-ppweb0000000000001", tags: tagged),
            Bucket(Dev1Id, "pp-dev-bucket", tags: tagged));
        return host;
    }

    public static Task<int> CreateTaggedGroupAsync(this CoreTestHost host, Actor actor, string name = "Tagged", string value = "yes") =>
        host.ResourceGroups().CreateAsync(actor, new ResourceGroupInput(name, null, new TagMatcher(MatchMode.All, [new(TagKey, TagOperator.Equal, value)])));

    public static PolicyInput Policy(string name, IReadOnlyList<int> groups, params SubPolicyInput[] subs) => new(name, null, groups, subs);

    public sealed record ApplicationState(string ResourceId, int SubPolicyId, ApplicationStatus Status, string? FailureReason, ProtectionGrant Grants, string? TaskId);

    public static async Task<IReadOnlyList<ApplicationState>> ApplicationsAsync(this CoreTestHost host, int? policyId = null)
    {
        await using var db = await host.CreateDbContextAsync();
        return (await db.PolicyApplications.AsNoTracking().Where(a => policyId == null || a.PolicyId == policyId).ToListAsync())
            .Select(a => new ApplicationState(a.ResourceId, a.SubPolicyId, a.Status, a.FailureReason, a.Grants, a.TaskId))
            .OrderBy(a => a.ResourceId, StringComparer.Ordinal).ThenBy(a => a.SubPolicyId).ToList();
    }

    public static async Task<(ProtectionGrant Grants, int? RecycleBinDays, ProtectionStatus Status)> GrantsAsync(this CoreTestHost host, string resourceId)
    {
        await using var db = await host.CreateDbContextAsync();
        var r = await db.Resources.AsNoTracking().SingleAsync(r => r.Id == resourceId);
        return (r.PolicyGrants, r.PolicyRecycleBinRetentionDays, r.ProtectionStatus);
    }
}

/// <summary>Assertions shared by the policy tests: own configuration untouched, scores and aggregates fresh.</summary>
public static class PolicyAssertions
{
    /// <summary>The resources' own protection configuration (what their accounts set up), as text.</summary>
    public static async Task<string> OwnConfigurationAsync(this CoreTestHost host, params string[] accountIds)
    {
        await using var db = await host.CreateDbContextAsync();
        var resources = await db.Resources.AsNoTracking().Where(r => accountIds.Contains(r.AccountId)).OrderBy(r => r.Id).ToListAsync();
        var disks = (await db.EcsDisks.AsNoTracking().ToListAsync()).ToLookup(d => d.InstanceId);
        return string.Join("\n", resources.Select(r =>
            $"{r.Id} {r.CloudBackupEnabled} {r.CloudBackupPlanName} {r.BackupVaultReplication} " + r switch
            {
                EcsInstance i => $"{i.FileBackupEnabled} {i.DatabaseBackupEnabled} " + string.Join(";", disks[i.Id].OrderBy(d => d.Id).Select(d => $"{d.Id}:{d.AutoSnapshotPolicyId}:{d.SnapshotCrossRegionCopy}")),
                OssBucket b => $"{b.VersioningEnabled} {b.CrossRegionReplication}",
                NasFileSystem n => $"{n.RecycleBinEnabled} {n.RecycleBinRetentionDays}",
                _ => "",
            }));
    }

    /// <summary>
    /// Every resource of the accounts has the score a fresh evaluation of its effective protection gives, and the
    /// accounts' stored aggregates equal what <see cref="BdrcConsole.Core.Features.Detection.ScoreAggregates"/> computes live.
    /// </summary>
    public static async Task AssertScoresFreshAsync(this CoreTestHost host, params string[] accountIds)
    {
        await using var db = await host.CreateDbContextAsync();
        var now = host.Clock.GetUtcNow();
        foreach (var resource in await BdrcConsole.Core.Features.Detection.ScoringFactsReader.ReadAsync(db, accountIds, now, CancellationToken.None))
        {
            var fresh = BdrcConsole.Core.Domain.Scoring.CheckEvaluator.Score(BdrcConsole.Core.Domain.Scoring.CheckEvaluator.Evaluate(resource.Facts, now));
            Assert.True(resource.Stored.Score == fresh || (resource.Stored.Score is { } s && fresh is { } f && Math.Abs(s - f) < 1e-9),
                $"{resource.Facts.ResourceId}: stored score {resource.Stored.Score}, fresh {fresh}");
        }
        foreach (var accountId in accountIds)
        {
            var stored = await db.AccountProductScores.AsNoTracking().Where(s => s.AccountId == accountId).OrderBy(s => s.Product).ToListAsync();
            var live = await BdrcConsole.Core.Features.Detection.ScoreAggregates.Summarize(db.Resources.Where(r => r.AccountId == accountId)).OrderBy(s => s.Product).ToListAsync();
            Assert.Equal(live.Select(Row), stored.Select(Row));
            foreach (var (l, s) in live.Zip(stored))
                Assert.Equal(l.ScoreSum, s.ScoreSum, 6);
        }
    }

    private static string Row(BdrcConsole.Core.Domain.Scoring.AccountProductScore s) =>
        $"{s.AccountId} {s.Product} {s.Resources} {s.ExcludedResources} {s.ScoredResources} {s.RiskyResources} {s.Risks} {s.CheckFailedResources} " +
        $"{s.ScoresUpTo60} {s.Scores61To69} {s.Scores70To79} {s.Scores80To94} {s.Scores95To100}";
}
