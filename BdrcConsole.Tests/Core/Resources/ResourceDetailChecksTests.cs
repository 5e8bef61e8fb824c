using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Resources;

/// <summary>The resource detail's score, check results and protection descriptions (<see cref="ResourceQueryService.GetDetailAsync"/>).</summary>
public class ResourceDetailChecksTests
{
    private static CheckStatus? StatusOf(ResourceDetail detail, CheckItem item) => detail.Checks.Items.Single(i => i.Item == item).Status;

    private static bool Configured(ResourceDetail detail, string name) => detail.Protection.Single(p => p.Name == name).Configured;

    [Fact]
    public async Task GetDetail_DiskCopyFlagWithoutSnapshotPolicy_SaysNoCrossRegionCopyAsTheCheckDoes()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.ClearResourcesAsync(SandboxId);
        // The copy flag on a disk without an automatic snapshot policy copies nothing.
        await host.AddResourcesAsync(Ecs(SandboxId, "i-copy-no-policy", [new DiskSpec(Policy: false, CrossRegionCopy: true)]));
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var detail = await host.Resources().GetDetailAsync(Actors.Sandbox, "i-copy-no-policy");

        var copy = detail.Protection.Single(p => p.Name == "Cross-region snapshot copy");
        Assert.Equal((false, "Not configured: no disk has an automatic snapshot policy"), (copy.Configured, copy.Detail));
        Assert.Equal("0 of 1 disk", detail.Protection.Single(p => p.Name == "Automatic snapshot policy on every disk").Detail);
        Assert.Equal(CheckStatus.Failed, StatusOf(detail, CheckItems.EcsCrossRegionCopy));
        Assert.Equal((0.0, 1, 4), (detail.Checks.Score, detail.Checks.Stars, detail.Checks.Risks));
        Assert.All(detail.Checks.Items, i => Assert.Equal(CheckStatus.Failed, i.Status));
        Assert.All(detail.Checks.Items, i => Assert.Equal(host.Clock.UtcNow, i.FirstDetectedAt));
    }

    [Theory]
    [InlineData(SandboxId)]
    [InlineData(ProdWebId)]
    [InlineData(Dev1Id)]
    public async Task GetDetail_EveryDemoResource_AgreesWithItsStoredResultsAndDescriptions(string accountId)
    {
        await using var host = await CoreTestHost.StartAsync();
        var actor = new Actor("owner@acme.test", accountId);
        await using var db = await host.CreateDbContextAsync();
        var resources = await db.Resources.AsNoTracking().Where(r => r.AccountId == accountId)
            .Select(r => new { r.Id, r.Score, r.RiskCount, r.CheckError }).ToListAsync();
        Assert.NotEmpty(resources);

        foreach (var resource in resources)
        {
            var detail = await host.Resources().GetDetailAsync(actor, resource.Id);
            var checks = detail.Checks;
            // The score and risks the Overview and Risk Detection read.
            Assert.Equal(resource.Score, checks.Score);
            Assert.Equal(resource.RiskCount, checks.Risks);
            Assert.Equal(CheckItems.For(detail.Resource.Product).Select(i => i.RuleId), checks.Items.Select(i => i.Item.RuleId));
            Assert.All(checks.Items, i => Assert.NotNull(i.Status));
            if (resource.CheckError is not null)
            {
                Assert.All(checks.Items, i => Assert.Equal(CheckStatus.CheckFailed, i.Status));
                continue;
            }
            // Each description that a check reads says what the check found.
            switch (detail.Resource.Product)
            {
                case ProductType.Ecs when StatusOf(detail, CheckItems.EcsSnapshot) != CheckStatus.CheckFailed:
                    if (Configured(detail, "Automatic snapshot policy on every disk") || Configured(detail, "Cloud Backup ECS instance backup"))
                        Assert.Equal(CheckStatus.Passed, StatusOf(detail, CheckItems.EcsSnapshot));
                    else
                        Assert.Equal(CheckStatus.Failed, StatusOf(detail, CheckItems.EcsSnapshot));
                    if (Configured(detail, "Cross-region snapshot copy"))
                        Assert.Equal(CheckStatus.Passed, StatusOf(detail, CheckItems.EcsCrossRegionCopy));
                    Assert.Equal(Configured(detail, "ECS file backup") || Configured(detail, "ECS database backup"),
                        StatusOf(detail, CheckItems.EcsFileOrDatabaseBackup) == CheckStatus.Passed);
                    break;
                case ProductType.Oss:
                    Assert.Equal(Configured(detail, "Versioning"), StatusOf(detail, CheckItems.OssVersioning) == CheckStatus.Passed);
                    Assert.Equal(Configured(detail, "Cross-region replication"), StatusOf(detail, CheckItems.OssCrossRegionReplication) == CheckStatus.Passed);
                    Assert.Equal(Configured(detail, "Cloud Backup OSS backup"), StatusOf(detail, CheckItems.OssBackup) == CheckStatus.Passed);
                    Assert.Equal(!Configured(detail, "Cloud Backup OSS backup"), StatusOf(detail, CheckItems.OssVaultReplication) == CheckStatus.NotApplicable);
                    Assert.Equal(Configured(detail, "Backup vault cross-region replication"), StatusOf(detail, CheckItems.OssVaultReplication) == CheckStatus.Passed);
                    break;
                case ProductType.Nas:
                    Assert.Equal(!Configured(detail, "Cloud Backup NAS backup"), StatusOf(detail, CheckItems.NasVaultReplication) == CheckStatus.NotApplicable);
                    Assert.Equal(Configured(detail, "Backup vault cross-region replication"), StatusOf(detail, CheckItems.NasVaultReplication) == CheckStatus.Passed);
                    break;
                case ProductType.Tablestore:
                    Assert.Equal(Configured(detail, "Backup vault cross-region replication"), StatusOf(detail, CheckItems.OtsVaultReplication) == CheckStatus.Passed);
                    Assert.Equal(Configured(detail, "Redundancy"), StatusOf(detail, CheckItems.OtsLrs) == CheckStatus.Passed);
                    break;
            }
        }
    }
}
