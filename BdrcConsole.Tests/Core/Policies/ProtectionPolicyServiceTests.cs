using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.PolicyTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Policies;

public class ProtectionPolicyServiceTests
{
    [Fact]
    public async Task Create_GroupMatchesOwnAndManagedResources_AppliesEachKindToItsProductAndGrants()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);

        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Buckets", [group], Versioning(), OssBackup()));

        var applications = await host.ApplicationsAsync(id);
        Assert.Equal(["pp-sec-archive", "pp-sec-archive", "pp-sec-bucket", "pp-sec-bucket", "pp-web-bucket", "pp-web-bucket"], applications.Select(a => a.ResourceId));
        var archiveBackup = applications.Single(a => a.ResourceId == "pp-sec-archive" && a.Status == ApplicationStatus.Failed);
        Assert.Equal("Cloud Backup cannot back up Archive buckets.", archiveBackup.FailureReason);
        Assert.All(applications.Where(a => a != archiveBackup), a => Assert.Equal(ApplicationStatus.Succeeded, a.Status));
        Assert.Equal(ProtectionGrant.Versioning | ProtectionGrant.CloudBackup, (await host.GrantsAsync("pp-web-bucket")).Grants);
        Assert.Equal(ProtectionGrant.Versioning, (await host.GrantsAsync("pp-sec-archive")).Grants);
        Assert.Equal(ProtectionGrant.None, (await host.GrantsAsync("pp-dev-bucket")).Grants);
        var rows = await host.Policies().ListAsync(Actors.Security);
        Assert.Equal(new PolicyCoverage(6, 0, 0, 5, 1, 2), rows.Single().Coverage);
    }

    [Fact]
    public async Task Update_StaleCopy_RefusedNamingWhoSavedWhenAndNothingChanges()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Buckets", [group], Versioning()));
        var mine = await host.Policies().GetAsync(Actors.Security, id);
        var colleague = new BdrcConsole.Core.Features.Access.Actor("colleague@acme.test", SecurityId);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.Policies().UpdateAsync(colleague, id, mine.Input with { Description = "Colleague's edit" });
        var saved = await host.Policies().GetAsync(Actors.Security, id);

        var error = await Assert.ThrowsAsync<RuleViolationException>(() =>
            host.Policies().UpdateAsync(Actors.Security, id, mine.Input with { Description = "My edit" }));

        Assert.Equal($"Policy \"Buckets\" was modified by colleague@acme.test at {host.Clock.UtcNow:u}; reload it and apply your changes again.", error.Message);
        var after = await host.Policies().GetAsync(Actors.Security, id);
        Assert.Equal(("Colleague's edit", saved.Input.Version), (after.Policy.Description, after.Input.Version));
        Assert.Equal(mine.Input.Version + 1, after.Input.Version);
    }

    [Fact]
    public async Task Update_SubPolicies_KeepsByExistingIdRemovesTheMissingAndAddsTheNew()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Mixed", [group], Versioning(), OssBackup(), RecycleBin()));
        var detail = await host.Policies().GetAsync(Actors.Security, id);
        var versioning = detail.Input.SubPolicies.Single(s => s.Kind == SubPolicyKind.OssVersioning);
        var keptApplications = (await host.ApplicationsAsync(id)).Where(a => a.SubPolicyId == versioning.ExistingId).ToList();

        await host.Policies().UpdateAsync(Actors.Security, id, detail.Input with
        {
            SubPolicies = [versioning, detail.Input.SubPolicies.Single(s => s.Kind == SubPolicyKind.NasRecycleBin) with { RetentionDays = 60 }, EcsBackup()],
        });

        var after = await host.Policies().GetAsync(Actors.Security, id);
        Assert.Equal([SubPolicyKind.OssVersioning, SubPolicyKind.NasRecycleBin, SubPolicyKind.CloudBackupEcs], after.Input.SubPolicies.Select(s => s.Kind));
        Assert.Equal(versioning.ExistingId, after.Input.SubPolicies[0].ExistingId);
        Assert.Equal(60, after.Input.SubPolicies[1].RetentionDays);
        var applications = await host.ApplicationsAsync(id);
        // The kept sub-policy's applications are the same rows (same task ids); the removed one's are gone.
        Assert.All(keptApplications, a => Assert.Contains(a, applications));
        Assert.DoesNotContain(applications, a => a.Grants.HasFlag(ProtectionGrant.CloudBackup) && a.ResourceId.StartsWith("pp-") && !a.ResourceId.Contains("nas"));
        Assert.Equal(ProtectionGrant.Versioning, (await host.GrantsAsync("pp-web-bucket")).Grants);
        Assert.Equal((ProtectionGrant.RecycleBin, (int?)60), ((await host.GrantsAsync("pp-sec-nas")).Grants, (await host.GrantsAsync("pp-sec-nas")).RecycleBinDays));
        Assert.Equal(ProtectionGrant.CloudBackup, (await host.GrantsAsync("i-ppweb0000000000001")).Grants);
        await using var db = await host.CreateDbContextAsync();
        var changed = await db.PolicyMessages.AsNoTracking().SingleAsync(m => m.Type == MessageType.PolicyChanged);
        Assert.Equal((SecurityId, MessageLevel.Info, id), (changed.RecipientAccountId, changed.Level, changed.PolicyId!.Value));
        Assert.Contains(await db.AuditEntries.AsNoTracking().ToListAsync(), e => e.Action == "Edit Protection Policy" && e.Target == "Mixed");
    }

    [Fact]
    public async Task Create_InvalidInput_RefusedWithEveryMessageAndRecordedAsInvalid()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        await host.Policies().CreateAsync(Actors.Security, Policy("Taken", [group], Versioning()));
        var othersGroup = await host.CreateTaggedGroupAsync(Actors.ProdWeb);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            host.Policies().CreateAsync(Actors.Security, Policy("taken", [group], RecycleBin(0))));
        // Another account's group is "not found", as groups are never shared.
        var foreign = await Assert.ThrowsAsync<NotFoundException>(() =>
            host.Policies().CreateAsync(Actors.Security, Policy("Other", [group, othersGroup], Versioning())));

        Assert.Equal("You already have a protection policy named taken.\nSub-policy 1: recycle bin retention must be from 1 to 180 days.", error.Message);
        Assert.Equal($"Resource group {othersGroup} does not exist in your account.", foreign.Message);
        Assert.Single(await host.Policies().ListAsync(Actors.Security));
        await using var db = await host.CreateDbContextAsync();
        var outcomes = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "Create Protection Policy").OrderBy(e => e.Id).Select(e => e.Outcome).ToListAsync();
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Invalid, AuditOutcome.Refused], outcomes);
    }

    [Fact]
    public async Task DeleteGroup_BoundToPolicy_RefusedNamingThePolicy()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        await host.Policies().CreateAsync(Actors.Security, Policy("Nightly buckets", [group], Versioning()));

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => host.ResourceGroups().DeleteAsync(Actors.Security, group));

        Assert.Equal("Resource group Tagged is bound to protection policy Nightly buckets; remove it from that policy first.", error.Message);
        Assert.Equal("Tagged", (await host.ResourceGroups().GetAsync(Actors.Security, group)).Name);
    }

    [Fact]
    public async Task DescribeDeletionThenDelete_SaysWhatGoesAndMessagesKeepThePolicyName()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Buckets", [group], Versioning(), OssBackup()));

        var impact = await host.Policies().DescribeDeletionAsync(Actors.Security, id);
        await host.Policies().DeleteAsync(Actors.Security, id);

        Assert.Equal(new DeletionImpact(6, 3, 2), impact);
        Assert.Empty(await host.Policies().ListAsync(Actors.Security));
        Assert.Empty(await host.ApplicationsAsync());
        await using var db = await host.CreateDbContextAsync();
        var failed = await db.PolicyMessages.AsNoTracking().SingleAsync(m => m.Type == MessageType.ApplicationFailed);
        Assert.Equal(("Buckets", (int?)null), (failed.PolicyName, failed.PolicyId));
        await host.ResourceGroups().DeleteAsync(Actors.Security, group);
    }

    [Fact]
    public async Task SetPaused_PausesAndResumes_KeepingApplications()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Buckets", [group], OssBackup()));
        var applications = await host.ApplicationsAsync(id);

        await host.Policies().SetPausedAsync(Actors.Security, id, true);
        var paused = (await host.Policies().ListAsync(Actors.Security)).Single();
        await host.Policies().SetPausedAsync(Actors.Security, id, false);

        Assert.True(paused.Paused);
        Assert.Null(paused.NextRunAt);
        Assert.False((await host.Policies().ListAsync(Actors.Security)).Single().Paused);
        Assert.Equal(applications, await host.ApplicationsAsync(id));
        await using var db = await host.CreateDbContextAsync();
        var actions = await db.AuditEntries.AsNoTracking().Where(e => e.Action.Contains("Protection Policy")).Select(e => e.Action).ToListAsync();
        Assert.Equal(["Create Protection Policy", "Pause Protection Policy", "Resume Protection Policy"], actions);
    }

    [Fact]
    public async Task ListApplications_FiltersAndPagesOverVisibleAccounts()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Mixed", [group], Versioning(), OssBackup(), EcsBackup()));

        var all = await host.Policies().ListApplicationsAsync(Actors.Security, new ApplicationQuery(id, PageSize: 3));
        var second = await host.Policies().ListApplicationsAsync(Actors.Security, new ApplicationQuery(id, Page: 1, PageSize: 3));
        var failed = await host.Policies().ListApplicationsAsync(Actors.Security, new ApplicationQuery(id, Status: ApplicationStatus.Failed));
        var webEcs = await host.Policies().ListApplicationsAsync(Actors.Security, new ApplicationQuery(id, AccountId: ProdWebId, Product: ProductType.Ecs));

        Assert.Equal(8, all.TotalCount);
        Assert.Equal(3, all.Items.Count);
        Assert.Empty(all.Items.Select(i => i.Id).Intersect(second.Items.Select(i => i.Id)));
        Assert.Equal("acme-prod-web", all.Items[0].AccountName);
        Assert.Equal([("pp-sec-archive", "Cloud Backup cannot back up Archive buckets.")], failed.Items.Select(i => (i.ResourceName, i.FailureReason!)));
        var row = Assert.Single(webEcs.Items);
        Assert.Equal(("i-ppweb0000000000001", SubPolicyKind.CloudBackupEcs, ApplicationStatus.Succeeded), (row.ResourceId, row.Kind, row.Status));
        Assert.StartsWith("t-", row.TaskId);
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().ListApplicationsAsync(Actors.Security, new ApplicationQuery(id, AccountId: Dev1Id)));
    }

    [Fact]
    public async Task MemberAndAdministratorPolicies_OnTheSameResource_NeitherSeesTheOthers()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var adminGroup = await host.CreateTaggedGroupAsync(Actors.Security);
        var memberGroup = await host.CreateTaggedGroupAsync(Actors.ProdWeb, "Mine");
        var adminPolicy = await host.Policies().CreateAsync(Actors.Security, Policy("Admin backup", [adminGroup], OssBackup()));
        var memberPolicy = await host.Policies().CreateAsync(Actors.ProdWeb, Policy("Admin backup", [memberGroup], Versioning()));

        Assert.Equal([memberPolicy], (await host.Policies().ListAsync(Actors.ProdWeb)).Select(p => p.Id));
        Assert.Equal([adminPolicy], (await host.Policies().ListAsync(Actors.Security)).Select(p => p.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().GetAsync(Actors.ProdWeb, adminPolicy));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().GetAsync(Actors.Security, memberPolicy));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().ListApplicationsAsync(Actors.ProdWeb, new ApplicationQuery(adminPolicy)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().DescribeDeletionAsync(Actors.Security, memberPolicy));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().UpdateAsync(Actors.ProdWeb, adminPolicy, Policy("x", [memberGroup], Versioning()) with { Version = 1 }));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().DeleteAsync(Actors.ProdWeb, adminPolicy));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().SetPausedAsync(Actors.ProdWeb, adminPolicy, true));
        // Both grants protect the bucket; each owner sees its own policy by name, the other's only by its owner.
        Assert.Equal(ProtectionGrant.Versioning | ProtectionGrant.CloudBackup, (await host.GrantsAsync("pp-web-bucket")).Grants);
        var memberView = await host.Policies().GetProtectionSourcesAsync(Actors.ProdWeb, "pp-web-bucket");
        var adminView = await host.Policies().GetProtectionSourcesAsync(Actors.Security, "pp-web-bucket");
        Assert.Equal([
            new ProtectionSource("A protection policy of acme-security", null, "acme-security"),
            new ProtectionSource("Own versioning", null, null),
            new ProtectionSource("Policy Admin backup / sub-policy OSS versioning (owner acme-prod-web)", memberPolicy, "acme-prod-web")],
            memberView.OrderBy(s => s.Description, StringComparer.Ordinal));
        Assert.Equal([
            new ProtectionSource("A protection policy of acme-prod-web", null, "acme-prod-web"),
            new ProtectionSource("Own versioning", null, null),
            new ProtectionSource("Policy Admin backup / sub-policy Cloud Backup for OSS (owner acme-security)", adminPolicy, "acme-security")],
            adminView.OrderBy(s => s.Description, StringComparer.Ordinal));
        Assert.DoesNotContain(memberView, s => s.PolicyId == adminPolicy);
        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().GetProtectionSourcesAsync(Actors.Dev1, "pp-web-bucket"));
        // Each owner's messages are its own.
        await using var db = await host.CreateDbContextAsync();
        Assert.All(await db.PolicyMessages.AsNoTracking().Where(m => m.PolicyId == memberPolicy).ToListAsync(), m => Assert.Equal(ProdWebId, m.RecipientAccountId));
    }

    [Fact]
    public async Task Preview_ThenCreate_NumbersEqualWhatApplyingProduces()
    {
        await using var host = await StartWithTaggedEstateAsync();
        await host.DetectionMaintenance().DetectAccountsAsync([SecurityId, ProdWebId], null, CancellationToken.None);
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        await host.UpdateResourceAsync<NasFileSystem>("pp-sec-nas", n => n.RecycleBinRetentionDays = 30);
        var input = Policy("Everything", [group], Versioning(), OssBackup(), Snapshot(copy: true, target: "cn-hangzhou"), RecycleBin(14));
        string[] selected = [SecurityId, ProdWebId];
        var overviewBefore = await host.Overview().GetDashboardAsync(Actors.Security, new(selected));

        var preview = await host.Policies().PreviewAsync(Actors.Security, input, selected);
        var id = await host.Policies().CreateAsync(Actors.Security, input);

        var applications = await host.ApplicationsAsync(id);
        var detail = await host.Policies().GetAsync(Actors.Security, id);
        for (var i = 0; i < preview.SubPolicies.Count; i++)
        {
            var impact = preview.SubPolicies[i];
            var ofSub = applications.Where(a => a.SubPolicyId == detail.Input.SubPolicies[i].ExistingId).ToList();
            Assert.Equal(ofSub.Count, impact.Resources);
            Assert.Equal(ofSub.Count(a => a.Status == ApplicationStatus.Failed), impact.CannotApply);
            Assert.Equal(ofSub.Where(a => a.Status == ApplicationStatus.Failed).Select(a => (a.ResourceId, a.FailureReason!)).Order(),
                impact.Unapplicable.Select(u => (u.ResourceId, u.Reason)).Order());
        }
        Assert.Equal(3, preview.SubPolicies[0].Resources);
        Assert.Equal(1, preview.SubPolicies[0].AlreadyProtected); // pp-web-bucket versions itself
        Assert.Equal(1, preview.SubPolicies[3].AlreadyProtected); // pp-sec-nas keeps 30 days itself
        Assert.Equal(2, preview.SubPolicies[2].CannotApply); // the copy targets the instances' own region
        Assert.Equal((2, applications.Select(a => a.ResourceId).Distinct().Count()), (preview.Accounts, preview.Resources));
        Assert.Equal(overviewBefore.Score!.Value, preview.Score.Now!.Value, 9);
        var overviewAfter = await host.Overview().GetDashboardAsync(Actors.Security, new(selected));
        Assert.Equal(overviewAfter.Score!.Value, preview.Score.AfterApplying!.Value, 9);
        Assert.True(preview.Score.AfterApplying > preview.Score.Now);
        Assert.True(preview.Score.AfterFirstRun >= preview.Score.AfterApplying);
    }

    [Fact]
    public async Task Preview_AccountNotVisible_NotFound()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);

        await Assert.ThrowsAsync<NotFoundException>(() => host.Policies().PreviewAsync(Actors.Security, Policy("x", [group], Versioning()), [Dev1Id]));
        await Assert.ThrowsAsync<ValidationException>(() => host.Policies().PreviewAsync(Actors.Security, Policy("x", [group]), [SecurityId]));
    }

    [Fact]
    public async Task Preview_ProtectionAnotherPolicyAlreadyGrants_CountsAsAlreadyProtected()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        await host.Policies().CreateAsync(Actors.Security, Policy("Versioning", [group], Versioning()));

        var preview = await host.Policies().PreviewAsync(Actors.Security, Policy("Again", [group], Versioning(), OssBackup()), [SecurityId]);

        Assert.Equal((3, 3, 0), (preview.SubPolicies[0].Resources, preview.SubPolicies[0].AlreadyProtected, preview.SubPolicies[0].CannotApply));
        Assert.Equal((3, 0, 1), (preview.SubPolicies[1].Resources, preview.SubPolicies[1].AlreadyProtected, preview.SubPolicies[1].CannotApply));
        Assert.Equal([new AccountImpact(SecurityId, "acme-security", 2, 0, 1), new AccountImpact(ProdWebId, "acme-prod-web", 1, 0, 0)],
            preview.SubPolicies[1].Accounts.OrderBy(a => a.AccountId == ProdWebId));
        // The score covers the selected account only.
        var overview = await host.Overview().GetDashboardAsync(Actors.Security, new([SecurityId]));
        Assert.Equal(overview.Score, preview.Score.Now);
    }

    [Fact]
    public async Task Update_ChangedSchedule_LeavesTheNextRunToBePlannedAgain()
    {
        await using var host = await StartWithTaggedEstateAsync();
        var group = await host.CreateTaggedGroupAsync(Actors.Security);
        var id = await host.Policies().CreateAsync(Actors.Security, Policy("Nightly", [group], OssBackup(), Versioning()));
        var planned = host.Clock.UtcNow.AddHours(5);
        await using (var db = await host.CreateDbContextAsync())
            await db.SubPolicies.Where(s => s.PolicyId == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, planned));
        var detail = await host.Policies().GetAsync(Actors.Security, id);

        await host.Policies().UpdateAsync(Actors.Security, id, detail.Input with { Description = "Same schedule" });
        var unchanged = (await host.Policies().GetAsync(Actors.Security, id)).Policy.NextRunAt;
        var edited = await host.Policies().GetAsync(Actors.Security, id);
        await host.Policies().UpdateAsync(Actors.Security, id, edited.Input with
        {
            SubPolicies = edited.Input.SubPolicies.Select(s => s.Kind == SubPolicyKind.CloudBackupOss ? s with { CronExpression = "0 4 * * *" } : s).ToList(),
        });

        Assert.Equal(planned, unchanged);
        var after = await host.Policies().GetAsync(Actors.Security, id);
        Assert.Equal([null, planned], after.Policy.SubPolicies.Select(s => s.NextRunAt));
        Assert.Equal("Cloud Backup for OSS · 0 4 * * * · keep 30 days", after.Policy.SubPolicies[0].Settings);
    }
}
