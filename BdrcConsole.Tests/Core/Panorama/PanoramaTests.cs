using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Panorama;
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
    public async Task GetPanorama_HandBuiltResources_CountsEachStagePerProduct()
    {
        await using var host = await StartWithSandboxStagesAsync();

        var panorama = await host.Panorama().GetPanoramaAsync(Actors.Sandbox, SandboxId);

        Assert.Equal((SandboxId, "acme-sandbox"), (panorama.AccountId, panorama.AccountName));
        Assert.Equal(
        [
            // ECS: backed up = snapshots on every disk or Cloud Backup; the partial instance copies cross-region but is not backed up.
            new ProductPanorama(ProductType.Ecs, 4, 2, 3, 1, null, null),
            new ProductPanorama(ProductType.Oss, 3, 2, 2, 1, 2, 1),
            new ProductPanorama(ProductType.Nas, 3, 2, 1, 1, null, null),
            new ProductPanorama(ProductType.Tablestore, 2, 1, 0, 0, 1, 1),
        ], panorama.Products);
    }

    [Fact]
    public async Task GetPanorama_ProductExcluded_CountsNoneOfIt()
    {
        await using var host = await StartWithSandboxStagesAsync();
        await host.Detection().SetProductExcludedAsync(Actors.Sandbox, SandboxId, ProductType.Ecs, true);

        var panorama = await host.Panorama().GetPanoramaAsync(Actors.Sandbox, SandboxId);

        Assert.Equal(new ProductPanorama(ProductType.Ecs, 0, 0, 0, 0, null, null), panorama.Products[0]);
        Assert.Equal(3, panorama.Products[1].Resources);
    }

    [Fact]
    public async Task GetPanorama_AdministratorForManagedAccount_SeesItAndNotAnUnmanagedOne()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);

        var byAdministrator = await host.Panorama().GetPanoramaAsync(Actors.Security, ProdWebId);
        var byOwner = await host.Panorama().GetPanoramaAsync(Actors.ProdWeb, ProdWebId);

        Assert.Equal(byOwner.Products, byAdministrator.Products);
        Assert.True(byOwner.Products.Sum(p => p.Resources) > 0);
        await Assert.ThrowsAsync<NotFoundException>(() => host.Panorama().GetPanoramaAsync(Actors.Security, Dev1Id));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Panorama().GetPanoramaAsync(Actors.Dev1, SandboxId));
    }
}
