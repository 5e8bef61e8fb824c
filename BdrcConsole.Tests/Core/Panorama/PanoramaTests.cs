using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.Panorama;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static BdrcConsole.Tests.TestSupport.ResourceTestData;
using static BdrcConsole.Tests.TestSupport.ScoringTestData;

namespace BdrcConsole.Tests.Core.Panorama;

/// <summary>The Data Disaster Recovery Panorama (<see cref="PanoramaService.GetPanoramaAsync"/>).</summary>
public class PanoramaTests
{
    /// <summary>acme-sandbox with resources at each protection stage; one excluded resource that must not count.</summary>
    private static async Task<CoreTestHost> StartWithSandboxStagesAsync()
    {
        var host = await CoreTestHost.StartAsync();
        await host.ClearResourcesAsync(SandboxId);
        var crrOnly = Bucket(SandboxId, "oss-crr-only", protection: 0);
        crrOnly.CrossRegionReplication = true;
        await host.AddResourcesAsync(
            Ecs(SandboxId, "ecs-snap-copy", [new DiskSpec(Policy: true, CrossRegionCopy: true), new DiskSpec(Policy: true)]),
            Ecs(SandboxId, "ecs-partial", [new DiskSpec(Policy: true, CrossRegionCopy: true), new DiskSpec(Policy: false)]),
            Ecs(SandboxId, "ecs-backup-vault", cloudBackup: true, vaultReplication: true),
            Ecs(SandboxId, "ecs-none"),
            Bucket(SandboxId, "oss-all", redundancy: Redundancy.Zrs, protection: 4),
            Bucket(SandboxId, "oss-backup", protection: 2),
            crrOnly,
            Nas(SandboxId, "nas-vault", cloudBackup: true, vaultReplication: true),
            Nas(SandboxId, "nas-backup", cloudBackup: true),
            Nas(SandboxId, "nas-none", recycleBinDays: 30),
            Tablestore(SandboxId, "ots-backup", cloudBackup: true, redundancy: Redundancy.Zrs),
            Tablestore(SandboxId, "ots-none", redundancy: Redundancy.Lrs),
            Bucket(SandboxId, "oss-excluded", protection: 4));
        await host.Detection().SetResourceExcludedAsync(Actors.Sandbox, "oss-excluded", true);
        return host;
    }

    [Fact]
    public async Task GetPanorama_HandBuiltResources_CountsEachStageFromItsCheckItem()
    {
        await using var host = await StartWithSandboxStagesAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);

        var panorama = await host.Panorama().GetPanoramaAsync(Actors.Sandbox, SandboxId);

        Assert.Equal((SandboxId, "acme-sandbox"), (panorama.AccountId, panorama.AccountName));
        var ecs = panorama.Products[0];
        Assert.Equal(new ResourceTally(4, 0), ecs.Resources);
        Assert.Equal(
        [
            // Snapshots on every disk or Cloud Backup; the partial instance copies cross-region but is not backed up.
            new PanoramaStage("Snapshot / backup", CheckItems.EcsSnapshot.RuleId, 2, 4, 2, 0, 0),
            new PanoramaStage("Cross-region copy", CheckItems.EcsCrossRegionCopy.RuleId, 3, 4, 1, 0, 0),
            // No ECS check item: shown for information, never a failure.
            new PanoramaStage("Backup vault replication", null, 1, 4, 0, 0, 0),
        ], ecs.Stages);
        var oss = panorama.Products[1];
        // The excluded bucket is counted among the resources and as excluded, in no stage; LRS/ZRS count every bucket.
        Assert.Equal((new ResourceTally(4, 1), 3, 1), (oss.Resources, oss.Lrs, oss.Zrs));
        Assert.Equal(
        [
            new PanoramaStage("Snapshot / backup", CheckItems.OssBackup.RuleId, 2, 3, 1, 0, 0),
            new PanoramaStage("Cross-region copy", CheckItems.OssCrossRegionReplication.RuleId, 2, 3, 1, 0, 0),
            // Without a backup plan vault replication does not apply: shown apart, not counted as uncovered.
            new PanoramaStage("Backup vault replication", CheckItems.OssVaultReplication.RuleId, 1, 2, 1, 1, 0),
        ], oss.Stages);
        Assert.Equal(["Snapshot / backup", "Backup vault replication"], panorama.Products[2].Stages.Select(s => s.Title));
    }

    [Fact]
    public async Task GetPanorama_EveryStage_EqualsWhatItsLinkOpens()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.Detection().SetResourceExcludedAsync(Actors.ProdWeb,
            (await host.Resources().QueryAsync(Actors.ProdWeb, new ResourceQuery(ProductType.Oss, [ProdWebId]))).Items[0].Id, true);

        var panorama = await host.Panorama().GetPanoramaAsync(Actors.ProdWeb, ProdWebId);

        foreach (var product in panorama.Products)
        {
            // The first box opens the product's Resource Center list of the account.
            var listed = await host.Resources().QueryAsync(Actors.ProdWeb, new ResourceQuery(product.Product, [ProdWebId]));
            Assert.Equal(listed.TotalCount, product.Resources.Resources);
            foreach (var stage in product.Stages.Where(s => s.IsChecked))
            {
                // A checked stage opens its check item's risks in Risk Detection, for this account.
                var risks = await host.RiskDetection().CountRisksAsync(Actors.ProdWeb, new RiskQuery([ProdWebId]) { RuleId = stage.RuleId });
                Assert.Equal(risks.Total, stage.Failed);
                Assert.Equal(stage.Of - stage.Reached, stage.Failed);
                Assert.Equal(product.Resources.CheckedResources, stage.Of + stage.NotApplicable + stage.CheckFailed);
            }
            foreach (var (redundancy, count) in new[] { (Redundancy.Lrs, product.Lrs), (Redundancy.Zrs, product.Zrs) }.Where(r => r.Item2 is not null))
            {
                var byRedundancy = await host.Resources().QueryAsync(Actors.ProdWeb, new ResourceQuery(product.Product, [ProdWebId]) { Redundancy = redundancy });
                Assert.Equal(byRedundancy.TotalCount, count);
            }
        }
        Assert.Contains(panorama.Products.SelectMany(p => p.Stages), s => s.NotApplicable > 0);
        Assert.Contains(panorama.Products.SelectMany(p => p.Stages), s => s.Failed > 0);
    }

    [Fact]
    public async Task GetPanorama_ProductExcluded_CountsItsResourcesAsExcludedInNoStage()
    {
        await using var host = await StartWithSandboxStagesAsync();
        await host.Detection().DetectAsync(Actors.Sandbox, [SandboxId]);
        await host.Detection().SetProductExcludedAsync(Actors.Sandbox, SandboxId, ProductType.Ecs, true);

        var panorama = await host.Panorama().GetPanoramaAsync(Actors.Sandbox, SandboxId);

        Assert.Equal(new ResourceTally(4, 4), panorama.Products[0].Resources);
        Assert.All(panorama.Products[0].Stages, s => Assert.Equal((0, 0, 0), (s.Reached, s.Of, s.Failed)));
        Assert.Equal(new ResourceTally(4, 1), panorama.Products[1].Resources);
    }

    [Fact]
    public async Task GetPanorama_AdministratorForManagedAccount_SeesItAndNotAnUnmanagedOne()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);

        var byAdministrator = await host.Panorama().GetPanoramaAsync(Actors.Security, ProdWebId);
        var byOwner = await host.Panorama().GetPanoramaAsync(Actors.ProdWeb, ProdWebId);

        Assert.Equivalent(byOwner.Products, byAdministrator.Products, strict: true);
        Assert.True(byOwner.Products.Sum(p => p.Resources.Resources) > 0);
        await Assert.ThrowsAsync<NotFoundException>(() => host.Panorama().GetPanoramaAsync(Actors.Security, Dev1Id));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Panorama().GetPanoramaAsync(Actors.Dev1, SandboxId));
    }
}
