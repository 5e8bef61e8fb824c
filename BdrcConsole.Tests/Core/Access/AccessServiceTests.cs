using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Access;

public class AccessServiceTests
{
    [Fact]
    public async Task GetVisibleAccounts_DelegatedAdministrator_ListsItselfFirstThenManagedAccountsByName()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var visible = await host.Access.GetVisibleAccountsAsync(Actors.Security);

        Assert.Equal(["acme-security", "acme-payments", "acme-prod-data", "acme-prod-web", "acme-sandbox"], visible.Select(a => a.DisplayName));
        Assert.True(visible[0].IsOwnAccount);
        Assert.All(visible.Skip(1), a => Assert.False(a.IsOwnAccount));
    }

    [Fact]
    public async Task GetVisibleAccountDirectory_DelegatedAdministrator_ListsAccountsInDirectoryOrderAndFoldersWithTheirAccounts()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var directory = await host.Access.GetVisibleAccountDirectoryAsync(Actors.Security);

        Assert.Equal([SecurityId, SandboxId, ProdDataId, ProdWebId, PaymentsId], directory.Accounts.Select(a => a.AccountId));
        Assert.Equal("Root/Production/Payments", directory.Accounts.Single(a => a.AccountId == PaymentsId).FolderPath);
        Assert.Equal(
            [("Root", 0, 5), ("Production", 1, 3), ("Payments", 2, 1), ("Security", 1, 1)],
            directory.Folders.Select(f => (f.Name, f.Depth, f.AccountIds.Count)));
        Assert.Equal([ProdDataId, ProdWebId, PaymentsId], directory.Folders.Single(f => f.Id == ProductionFolderId).AccountIds);
    }

    [Fact]
    public async Task GetVisibleAccountDirectory_ManagedMember_SeesOnlyItselfAndNoFolders()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var directory = await host.Access.GetVisibleAccountDirectoryAsync(Actors.ProdWeb);

        Assert.Equal([ProdWebId], directory.Accounts.Select(a => a.AccountId));
        Assert.Empty(directory.Folders);
    }

    [Fact]
    public async Task GetVisibleAccounts_ManagedMemberAccount_SeesOnlyItself()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var visible = await host.Access.GetVisibleAccountsAsync(Actors.ProdWeb);

        Assert.Equal([new VisibleAccount(ProdWebId, "acme-prod-web", true)], visible);
    }

    [Fact]
    public async Task GetVisibleAccounts_ManagementAccount_SeesOnlyItself()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var visible = await host.Access.GetVisibleAccountsAsync(Actors.Management);

        Assert.Equal([ManagementId], visible.Select(a => a.AccountId));
    }

    [Fact]
    public async Task GetVisibleAccounts_AfterAccountLeavesManagement_NoLongerListsIt()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        await host.Directory.MoveAccountAsync(Actors.Management, ProdDataId, DevelopmentFolderId);

        Assert.DoesNotContain(ProdDataId, (await host.Access.GetVisibleAccountsAsync(Actors.Security)).Select(a => a.AccountId));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Access.EnsureVisibleAsync(Actors.Security, [ProdDataId]));
    }

    [Fact]
    public async Task EnsureVisible_MemberAskingForAnotherAccount_ThrowsNotFound()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Access.EnsureVisibleAsync(Actors.ProdWeb, [ProdWebId, ProdDataId]));
        await Assert.ThrowsAsync<NotFoundException>(() => host.Access.EnsureVisibleAsync(Actors.ProdWeb, [SecurityId]));
    }

    [Fact]
    public async Task EnsureVisible_MemberAskingForItself_Passes()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var refusal = await Record.ExceptionAsync(() => host.Access.EnsureVisibleAsync(Actors.Dev1, [Dev1Id, Dev1Id]));

        Assert.Null(refusal);
    }

    [Fact]
    public async Task EnsureVisible_AdministratorAskingForItselfAndManagedAccounts_Passes()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var refusal = await Record.ExceptionAsync(() => host.Access.EnsureVisibleAsync(Actors.Security, [SecurityId, ProdWebId, PaymentsId, SandboxId]));

        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(Dev1Id)]
    [InlineData(ManagementId)]
    [InlineData("1999000000000001")]
    public async Task EnsureVisible_AdministratorAskingForUnmanagedAccount_ThrowsNotFound(string accountId)
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Access.EnsureVisibleAsync(Actors.Security, [ProdWebId, accountId]));
    }

    [Fact]
    public async Task EnsureVisible_ManagementAccountAskingForMember_ThrowsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => host.Access.EnsureVisibleAsync(Actors.Management, [Dev1Id]));
    }

    [Fact]
    public async Task GetAccess_EachKindOfAccount_ReportsItsRole()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();

        var management = await host.Access.GetAccessAsync(Actors.Management);
        var administrator = await host.Access.GetAccessAsync(Actors.Security);
        var member = await host.Access.GetAccessAsync(Actors.ProdWeb);

        Assert.Equal(new AccountAccess(ManagementId, "Acme Management", true, false, false), management);
        Assert.Equal(new AccountAccess(SecurityId, "acme-security", false, true, true), administrator);
        Assert.Equal(new AccountAccess(ProdWebId, "acme-prod-web", false, false, false), member);
    }

    [Fact]
    public async Task GetAccess_UnknownAccount_IsAccessDenied()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Access.GetAccessAsync(new Actor("ghost@acme.test", "1999000000000001")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Access.GetVisibleAccountsAsync(new Actor("ghost@acme.test", "1999000000000001")));
    }
}
