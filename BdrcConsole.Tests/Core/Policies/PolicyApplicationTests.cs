using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.ResourceGroups;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.PolicyTestData;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Policies;

/// <summary>
/// Effective protection (own configuration OR succeeded applications' grants) follows the policies, their groups'
/// matches and the managed set; the own configuration never changes; scores and stored aggregates stay fresh.
/// </summary>
public class PolicyApplicationTests
{
    private const string WebBucket = "pp-web-bucket";
    private const string WebInstance = "i-ppweb0000000000001";

    /// <summary>The tagged estate, detected, with acme-security's "Tagged" group and a policy granting every bucket and ECS protection.</summary>
    private static async Task<(CoreTestHost Host, int GroupId, int PolicyId)> StartWithAppliedPolicyAsync()
    {
        var host = await StartWithTaggedEstateAsync();
        await host.DetectionMaintenance().DetectAccountsAsync([SecurityId, ProdWebId, Dev1Id], null, CancellationToken.None);
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var policy = await host.Policies().CreateAsync(Actors.Security,
            Policy("Everything", [group], Versioning(), OssBackup(replicate: true), Snapshot(copy: true), RecycleBin(14)));
        return (host, group, policy);
    }

    [Fact]
    public async Task Create_EveryKind_GrantsEffectiveProtectionAndRescoresWithoutTouchingOwnConfiguration()
    {
        var host = await StartWithTaggedEstateAsync();
        await using var _ = host;
        await host.DetectionMaintenance().DetectAccountsAsync([SecurityId, ProdWebId], null, CancellationToken.None);
        var ownBefore = await host.OwnConfigurationAsync(SecurityId, ProdWebId);
        var scoreBefore = await host.StoredScoreAsync(WebInstance);
        var group = await host.CreateTaggedGroupAsync(Actors.Security);

        await host.Policies().CreateAsync(Actors.Security, Policy("Everything", [group], Versioning(), OssBackup(replicate: true), Snapshot(copy: true), RecycleBin(14)));

        Assert.Equal((ProtectionGrant.Versioning | ProtectionGrant.CloudBackup | ProtectionGrant.VaultReplication, (int?)null, ProtectionStatus.PartlyProtected),
            await host.GrantsAsync(WebBucket));
        Assert.Equal(ProtectionGrant.SnapshotPolicy | ProtectionGrant.SnapshotCrossRegionCopy, (await host.GrantsAsync(WebInstance)).Grants);
        // The own recycle bin keeps 3 days; the policy's 14 days protect.
        Assert.Equal((ProtectionGrant.RecycleBin, (int?)14), ((await host.GrantsAsync("pp-sec-nas")).Grants, (await host.GrantsAsync("pp-sec-nas")).RecycleBinDays));
        Assert.Equal(ProtectionGrant.None, (await host.GrantsAsync("pp-sec-extreme")).Grants);
        Assert.Equal(ownBefore, await host.OwnConfigurationAsync(SecurityId, ProdWebId));
        Assert.True(await host.StoredScoreAsync(WebInstance) > scoreBefore);
        Assert.DoesNotContain(await host.StoredResultsAsync(WebInstance), r => r.RuleId is "ecs-snapshot" or "ecs-cross-region-copy");
        await host.AssertScoresFreshAsync(SecurityId, ProdWebId);
        var detail = await host.Resources().GetDetailAsync(Actors.ProdWeb, WebBucket);
        Assert.Contains(detail.Protection, p => p.Name == "Cloud Backup OSS backup" && p.Configured && p.Detail == "Applied by a protection policy");
    }

    public enum Route { PolicyDeleted, SubPolicyDeleted, GroupEdited, TagChanged, AccountLeftManagement }

    [Theory]
    [InlineData(Route.PolicyDeleted)]
    [InlineData(Route.SubPolicyDeleted)]
    [InlineData(Route.GroupEdited)]
    [InlineData(Route.TagChanged)]
    [InlineData(Route.AccountLeftManagement)]
    public async Task TakingOut_EachRoute_RestoresExactlyTheOwnConfigurationAndFreshScores(Route route)
    {
        var (host, group, policyId) = await StartWithAppliedPolicyAsync();
        await using var _ = host;
        var ownBefore = await host.OwnConfigurationAsync(SecurityId, ProdWebId);
        Assert.NotEqual(ProtectionGrant.None, (await host.GrantsAsync(WebBucket)).Grants);

        switch (route)
        {
            case Route.PolicyDeleted:
                await host.Policies().DeleteAsync(Actors.Security, policyId);
                break;
            case Route.SubPolicyDeleted:
                var detail = await host.Policies().GetAsync(Actors.Security, policyId);
                // Keep only the NAS recycle bin: every bucket and ECS sub-policy goes.
                await host.Policies().UpdateAsync(Actors.Security, policyId, detail.Input with { SubPolicies = detail.Input.SubPolicies.Where(s => s.Kind == SubPolicyKind.NasRecycleBin).ToList() });
                break;
            case Route.GroupEdited:
                await host.ResourceGroups().UpdateAsync(Actors.Security, group, new ResourceGroupInput("Tagged", null,
                    new TagMatcher(MatchMode.All, [new(TagKey, TagOperator.Equal, "yes"), new("account", TagOperator.Equal, "security")])));
                break;
            case Route.TagChanged:
                await host.Tags().SetTagAsync(Actors.ProdWeb, WebBucket, TagKey, "no");
                await host.Tags().RemoveTagAsync(Actors.ProdWeb, WebInstance, TagKey);
                break;
            case Route.AccountLeftManagement:
                await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(SandboxId)]);
                break;
        }

        Assert.Equal(ProtectionGrant.None, (await host.GrantsAsync(WebBucket)).Grants);
        Assert.Equal(ProtectionGrant.None, (await host.GrantsAsync(WebInstance)).Grants);
        Assert.DoesNotContain(await host.ApplicationsAsync(), a => a.ResourceId is WebBucket or WebInstance);
        Assert.Equal(ownBefore, await host.OwnConfigurationAsync(SecurityId, ProdWebId));
        Assert.Equal(ProtectionStatus.PartlyProtected, (await host.GrantsAsync(WebBucket)).Status); // its own versioning only
        Assert.Contains(await host.StoredResultsAsync(WebBucket), r => r.RuleId == "oss-backup");
        await host.AssertScoresFreshAsync(SecurityId, ProdWebId);
        if (route == Route.AccountLeftManagement)
        {
            await using var db = await host.CreateDbContextAsync();
            var message = await db.PolicyMessages.AsNoTracking().SingleAsync(m => m.Type == MessageType.RemovedAccountLeftManagement);
            Assert.Equal((SecurityId, MessageLevel.Warning, ProdWebId), (message.RecipientAccountId, message.Level, message.AccountIds));
            // acme-security's own resources stay protected.
            Assert.NotEqual(ProtectionGrant.None, (await host.GrantsAsync("pp-sec-bucket")).Grants);
        }
    }

    [Fact]
    public async Task Reconcile_NewMatchingResourceAndNewlyManagedAccount_AppliedAutomaticallyAndOwnerTold()
    {
        var (host, _, policyId) = await StartWithAppliedPolicyAsync();
        await using var __ = host;
        // A bucket tagged later by its own account, and acme-dev-1 entering management.
        await host.AddResourcesAsync(Bucket(ProdWebId, "pp-web-later"));
        await host.Tags().SetTagAsync(Actors.ProdWeb, "pp-web-later", TagKey, "yes");
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForAccount(Dev1Id)]);
        await host.Engine().ReconcileAsync(SecurityId);

        Assert.Equal(ProtectionGrant.Versioning | ProtectionGrant.CloudBackup | ProtectionGrant.VaultReplication, (await host.GrantsAsync("pp-web-later")).Grants);
        Assert.Equal(ProtectionGrant.Versioning | ProtectionGrant.CloudBackup | ProtectionGrant.VaultReplication, (await host.GrantsAsync("pp-dev-bucket")).Grants);
        await using var db = await host.CreateDbContextAsync();
        var messages = await db.PolicyMessages.AsNoTracking().Where(m => m.Type == MessageType.AppliedToNewResources).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([("pp-web-later", ProdWebId), ("pp-dev-bucket", Dev1Id)], messages.Select(m => (m.ResourceIds, m.AccountIds)));
        Assert.All(messages, m => Assert.Equal((SecurityId, policyId, MessageLevel.Info), (m.RecipientAccountId, m.PolicyId!.Value, m.Level)));
        await host.AssertScoresFreshAsync(ProdWebId, Dev1Id);
    }

    [Fact]
    public async Task Reconcile_TwoInstancesAtOnce_NewlyManagedAccountAppliedAndAnnouncedOnce()
    {
        var (host, _, policyId) = await StartWithAppliedPolicyAsync();
        await using var __ = host;
        await using var second = host.StartSecondInstance();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForAccount(Dev1Id)]);

        // Both instances' workers reconcile at once, as their timers would.
        await Task.WhenAll(
            Task.Run(() => host.Engine().ReconcileAsync(SecurityId)),
            Task.Run(() => second.GetRequiredService<PolicyApplicationEngine>().ReconcileAsync(SecurityId)));

        Assert.Equal(ProtectionGrant.Versioning | ProtectionGrant.CloudBackup | ProtectionGrant.VaultReplication, (await host.GrantsAsync("pp-dev-bucket")).Grants);
        await using var db = await host.CreateDbContextAsync();
        var message = await db.PolicyMessages.AsNoTracking().SingleAsync(m => m.Type == MessageType.AppliedToNewResources);
        Assert.Equal(("pp-dev-bucket", Dev1Id, policyId), (message.ResourceIds, message.AccountIds, message.PolicyId!.Value));
        await host.AssertScoresFreshAsync(Dev1Id);
    }

    [Fact]
    public async Task Apply_Twice_WritesTheSameRows()
    {
        var (host, _, policyId) = await StartWithAppliedPolicyAsync();
        await using var __ = host;
        var first = await host.ApplicationsAsync();

        await host.Engine().ReconcileAsync(SecurityId);
        await host.Engine().ReconcileAsync();
        await using (var db = await host.CreateDbContextAsync())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await PolicyApplicationEngine.SyncAsync(db, SecurityId, policyId, host.Clock.GetUtcNow(), announceNewResources: true, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(first, await host.ApplicationsAsync());
        Assert.Equal(0, await host.Engine().CompletePendingAsync());
        await using var check = await host.CreateDbContextAsync();
        Assert.False(await check.PolicyMessages.AnyAsync(m => m.Type == MessageType.AppliedToNewResources));
    }

    [Fact]
    public async Task Completion_StoppedBetweenBatches_FinishesOnRestartWithoutDuplicates()
    {
        var host = await StartWithTaggedEstateAsync();
        await using var _ = host;
        await host.DetectionMaintenance().DetectAccountsAsync([SecurityId, ProdWebId], null, CancellationToken.None);
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        // The policy written and applied as Pending, as if the process stopped before completing anything.
        int policyId;
        await using (var db = await host.CreateDbContextAsync())
        {
            var policy = new ProtectionPolicy
            {
                OwnerAccountId = SecurityId, Name = "Crashed", Version = 1,
                Groups = [new PolicyGroupBinding { ResourceGroupId = group }],
                SubPolicies = [new SubPolicy { Kind = SubPolicyKind.OssVersioning }, new SubPolicy { Kind = SubPolicyKind.CloudBackupOss, CronExpression = "0 2 * * *", RetentionDays = 7 }],
            };
            db.ProtectionPolicies.Add(policy);
            await db.SaveChangesAsync();
            policyId = policy.Id;
            await using var transaction = await db.Database.BeginTransactionAsync();
            await PolicyApplicationEngine.SyncAsync(db, SecurityId, policyId, host.Clock.GetUtcNow(), announceNewResources: false, CancellationToken.None);
            await transaction.CommitAsync();
        }
        Assert.All(await host.ApplicationsAsync(), a => Assert.Equal(ApplicationStatus.Pending, a.Status));

        var (firstBatch, _) = await host.Engine().CompleteBatchAsync(2, CancellationToken.None);
        var midway = await host.ApplicationsAsync();
        var completed = await host.Engine().CompletePendingAsync();

        Assert.Equal(2, firstBatch);
        Assert.Equal(2, midway.Count(a => a.Status != ApplicationStatus.Pending));
        Assert.Equal(midway.Count - 2, completed);
        var final = await host.ApplicationsAsync();
        Assert.Equal(midway.Select(a => (a.ResourceId, a.SubPolicyId)), final.Select(a => (a.ResourceId, a.SubPolicyId)));
        Assert.Equal(6, final.Count);
        Assert.All(final, a => Assert.NotEqual(ApplicationStatus.Pending, a.Status));
        // What the first batch completed stays as it was.
        Assert.All(midway.Where(a => a.Status != ApplicationStatus.Pending), a => Assert.Contains(a, final));
        Assert.Equal(final.Count, final.Select(a => a.TaskId).Distinct().Count());
        await host.AssertScoresFreshAsync(SecurityId, ProdWebId);
    }

    [Theory]
    [InlineData("pp-sec-extreme", SubPolicyKind.NasRecycleBin, "Extreme NAS file systems have no recycle bin.")]
    [InlineData("pp-sec-archive", SubPolicyKind.CloudBackupOss, "Cloud Backup cannot back up Archive buckets.")]
    [InlineData("pp-web-bucket", SubPolicyKind.CloudBackupOss, "The cloud refused access to the resource: AccessDenied: the BDRC role cannot describe the bucket.")]
    [InlineData("i-ppweb0000000000001", SubPolicyKind.EcsSnapshot, "The target region cn-hangzhou is the resource's own region: a copy must go to another region.")]
    [InlineData("pp-sec-bucket", SubPolicyKind.CloudBackupOss, "The target region cn-hangzhou is the resource's own region: a copy must go to another region.")]
    public async Task Apply_FailureRule_FailsWithItsReasonAndTellsTheOwner(string resourceId, SubPolicyKind kind, string reason)
    {
        var host = await StartWithTaggedEstateAsync();
        await using var _ = host;
        await host.UpdateResourceAsync<OssBucket>(WebBucket, b => b.CheckError = "AccessDenied: the BDRC role cannot describe the bucket.");
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var sub = kind switch
        {
            SubPolicyKind.NasRecycleBin => RecycleBin(),
            SubPolicyKind.EcsSnapshot => Snapshot(copy: true, target: "cn-hangzhou"),
            _ => resourceId == "pp-sec-bucket" ? OssBackup(replicate: true, target: "cn-hangzhou") : OssBackup(),
        };

        var policyId = await host.Policies().CreateAsync(Actors.Security, Policy("Failing", [group], sub));

        var application = (await host.ApplicationsAsync(policyId)).Single(a => a.ResourceId == resourceId);
        Assert.Equal((ApplicationStatus.Failed, reason, ProtectionGrant.None), (application.Status, application.FailureReason, application.Grants));
        Assert.Equal(ProtectionGrant.None, (await host.GrantsAsync(resourceId)).Grants);
        await using var db = await host.CreateDbContextAsync();
        var message = await db.PolicyMessages.AsNoTracking().SingleAsync(m => m.Type == MessageType.ApplicationFailed);
        Assert.Equal((SecurityId, MessageLevel.Warning), (message.RecipientAccountId, message.Level));
        Assert.Contains(resourceId, message.ResourceIds.Split(','));
        Assert.Contains(reason, message.Outcome);
    }

    [Fact]
    public async Task EditedSettings_ReapplyUnderTheNewOnes()
    {
        var (host, _, policyId) = await StartWithAppliedPolicyAsync();
        await using var __ = host;
        var detail = await host.Policies().GetAsync(Actors.Security, policyId);
        var subs = detail.Input.SubPolicies.Select(s => s.Kind == SubPolicyKind.CloudBackupOss ? s with { VaultReplication = false, TargetRegionId = null } : s).ToList();

        await host.Policies().UpdateAsync(Actors.Security, policyId, detail.Input with { SubPolicies = subs });

        Assert.Equal(ProtectionGrant.Versioning | ProtectionGrant.CloudBackup, (await host.GrantsAsync(WebBucket)).Grants);
        await host.AssertScoresFreshAsync(SecurityId, ProdWebId);
    }
}
