using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.CrossAccount;

/// <summary>CrossAccountService.GetManagerAsync: a member learns who manages its data protection, and how.</summary>
public class AccountManagerTests
{
    [Fact]
    public async Task GetManager_MemberInSubFolderOfManagedFolder_NamesAdministratorAndTheManagedFolder()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var manager = await host.CrossAccount.GetManagerAsync(Actors.Payments);

        Assert.Equal(new AccountManager(SecurityId, "acme-security", ManagedVia.Folder, "through folder Root/Production"), manager);
    }

    [Fact]
    public async Task GetManager_MemberManagedDirectly_SaysDirectly()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var manager = await host.CrossAccount.GetManagerAsync(Actors.Sandbox);

        Assert.Equal(new AccountManager(SecurityId, "acme-security", ManagedVia.Directly, "directly"), manager);
    }

    [Fact]
    public async Task GetManager_EntireDirectoryManaged_SaysThroughTheResourceDirectory()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.EntireDirectory]);

        var manager = await host.CrossAccount.GetManagerAsync(Actors.Dev1);

        Assert.Equal("through the entire resource directory", manager?.ViaDescription);
    }

    [Fact]
    public async Task GetManager_UnmanagedMemberAdministratorAndManagementAccount_AreManagedByNobody()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        Assert.Null(await host.CrossAccount.GetManagerAsync(Actors.Dev1));
        Assert.Null(await host.CrossAccount.GetManagerAsync(Actors.Security));
        Assert.Null(await host.CrossAccount.GetManagerAsync(Actors.Management));
    }

    [Fact]
    public async Task GetManager_AdministratorRemovedFromManagementOfTheFolder_IsManagedByNobodyAnyMore()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(SandboxId)]);

        Assert.Null(await host.CrossAccount.GetManagerAsync(Actors.ProdWeb));
    }
}
