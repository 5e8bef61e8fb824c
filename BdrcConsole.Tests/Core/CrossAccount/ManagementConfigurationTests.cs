using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.CrossAccount;

/// <summary>ManagementConfiguration.WithoutImplied: what the Account Management page saves for a set of ticked boxes.</summary>
public class ManagementConfigurationTests
{
    [Fact]
    public async Task WithoutImplied_FolderWithSubFolderAndAccountsInsideAndOutside_KeepsTopFolderAndOutsideAccount()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        var configuration = await host.CrossAccount.GetConfigurationAsync(Actors.Security);

        var saved = configuration.WithoutImplied(
        [
            TargetSelection.ForFolder(PaymentsFolderId), TargetSelection.ForFolder(ProductionFolderId),
            TargetSelection.ForAccount(PaymentsId), TargetSelection.ForAccount(ProdWebId), TargetSelection.ForAccount(SandboxId),
        ]);

        Assert.Equal([TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForAccount(SandboxId)], saved);
    }

    [Fact]
    public async Task WithoutImplied_EntireDirectoryAmongOthers_KeepsOnlyTheDirectory()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        var configuration = await host.CrossAccount.GetConfigurationAsync(Actors.Security);

        var saved = configuration.WithoutImplied([TargetSelection.ForFolder(ProductionFolderId), TargetSelection.EntireDirectory, TargetSelection.ForAccount(Dev1Id)]);

        Assert.Equal([TargetSelection.EntireDirectory], saved);
    }

    [Fact]
    public async Task WithoutImplied_SiblingFolderNamedLikeAPrefix_IsKeptBesideTheOther()
    {
        await using var host = await CoreTestHost.StartAsync();
        var created = await host.Directory.CreateFolderAsync(Actors.Management, RootFolderId, "Production-EU");
        await host.MakeSecurityDelegatedAdministratorAsync();
        var configuration = await host.CrossAccount.GetConfigurationAsync(Actors.Security);

        var saved = configuration.WithoutImplied([TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForFolder(created.Id)]);

        Assert.Equal(2, saved.Count);
    }
}
