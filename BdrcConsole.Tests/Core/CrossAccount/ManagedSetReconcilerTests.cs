using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.CrossAccount;

/// <summary>Directory changes made by the management account re-derive what the delegated administrator manages.</summary>
public class ManagedSetReconcilerTests
{
    private readonly RecordingDataCleaner cleaner = new();

    private async Task<CoreTestHost> StartManagingAsync(params TargetSelection[] targets)
    {
        var host = await CoreTestHost.StartAsync(o => o.ConfigureServices = s => s.AddSingleton<IManagedAccountDataCleaner>(cleaner));
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, targets);
        return host;
    }

    [Fact]
    public async Task CreateMember_InCoveredFolder_IsManagedAutomaticallyWithServiceLinkedRole()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));
        host.Clock.Advance(TimeSpan.FromDays(1));

        var created = await host.Directory.CreateMemberAsync(Actors.Management, "acme-prod-api", ProductionFolderId);

        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security), r => r.AccountId == created.Id);
        Assert.Equal("Via folder Root/Production", row.ManagedViaDescription);
        Assert.Equal(host.Clock.UtcNow, row.ManagedSince);
        Assert.Equal(host.Clock.UtcNow, row.ServiceLinkedRoleCreatedAt);
        var change = Assert.Single(created.ManagementChanges);
        Assert.Equal(SecurityId, change.AdministratorAccountId);
        Assert.Equal([created.Id], change.Added);
    }

    [Fact]
    public async Task CreateMember_InSubFolderCreatedLaterUnderCoveredFolder_IsManagedAutomatically()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));
        var batch = await host.Directory.CreateFolderAsync(Actors.Management, PaymentsFolderId, "Batch");

        var created = await host.Directory.CreateMemberAsync(Actors.Management, "acme-payments-batch", batch.Id);

        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security), r => r.AccountId == created.Id);
        Assert.Equal("Root/Production/Payments/Batch", row.FolderPath);
        Assert.Equal("Via folder Root/Production", row.ManagedViaDescription);
    }

    [Fact]
    public async Task CreateMember_OutsideCoveredFolders_IsNotManaged()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));

        var created = await host.Directory.CreateMemberAsync(Actors.Management, "acme-dev-3", DevelopmentFolderId);

        Assert.DoesNotContain(created.Id, await host.ManagedBySecurityAsync());
        Assert.Empty(created.ManagementChanges);
    }

    [Fact]
    public async Task CreateMember_WhileEntireDirectoryIsManaged_IsManagedAutomatically()
    {
        await using var host = await StartManagingAsync(TargetSelection.EntireDirectory);

        var created = await host.Directory.CreateMemberAsync(Actors.Management, "acme-new", RootFolderId);

        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security), r => r.AccountId == created.Id);
        Assert.Equal(ManagedVia.ResourceDirectory, row.Via);
    }

    [Fact]
    public async Task InviteAccount_IntoCoveredFolder_IsManagedAutomatically()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));

        await host.Directory.InviteAccountAsync(Actors.Management, "1888000000000042", "partner-co", PaymentsFolderId);

        Assert.Contains("1888000000000042", await host.ManagedBySecurityAsync());
    }

    [Fact]
    public async Task MoveAccount_IntoCoveredFolder_IsManagedAutomatically()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));

        await host.Directory.MoveAccountAsync(Actors.Management, Dev1Id, ProductionFolderId);

        Assert.Contains(Dev1Id, await host.ManagedBySecurityAsync());
        Assert.Empty(cleaner.Cleared);
    }

    [Fact]
    public async Task MoveAccount_OutOfCoveredFolder_LeavesManagementAndItsDataIsCleared()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));

        var result = await host.Directory.MoveAccountAsync(Actors.Management, ProdDataId, DevelopmentFolderId);

        Assert.Equal(new[] { ProdWebId, PaymentsId }.Order(), await host.ManagedBySecurityAsync());
        Assert.Equal([(SecurityId, ProdDataId)], cleaner.Cleared);
        Assert.Equal([ProdDataId], Assert.Single(result.ManagementChanges).Removed);
    }

    [Fact]
    public async Task MoveAccount_WithinCoveredFolder_StaysManagedSinceTheStart()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));
        var managedSince = host.Clock.UtcNow;
        host.Clock.Advance(TimeSpan.FromHours(2));

        await host.Directory.MoveAccountAsync(Actors.Management, ProdWebId, PaymentsFolderId);

        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security), r => r.AccountId == ProdWebId);
        Assert.Equal(managedSince, row.ManagedSince);
        Assert.Empty(cleaner.Cleared);
    }

    [Fact]
    public async Task MoveAccount_DirectlyManagedAccountToAnyFolder_StaysManaged()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForAccount(SandboxId));

        await host.Directory.MoveAccountAsync(Actors.Management, SandboxId, DevelopmentFolderId);

        Assert.Equal([SandboxId], await host.ManagedBySecurityAsync());
        Assert.Empty(cleaner.Cleared);
    }

    [Fact]
    public async Task RemoveMember_ManagedAccount_LeavesManagementAndItsDataIsCleared()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForAccount(SandboxId));

        await host.Directory.RemoveMemberAsync(Actors.Management, PaymentsId);
        await host.Directory.RemoveMemberAsync(Actors.Management, SandboxId);

        Assert.Equal(new[] { ProdWebId, ProdDataId }.Order(), await host.ManagedBySecurityAsync());
        Assert.Equal([(SecurityId, PaymentsId), (SecurityId, SandboxId)], cleaner.Cleared);
        Assert.DoesNotContain(TargetSelection.ForAccount(SandboxId), (await host.CrossAccount.GetConfigurationAsync(Actors.Security)).Targets);
    }

    [Fact]
    public async Task DeleteFolder_CoveredEmptyFolder_DropsItsTarget()
    {
        await using var host = await CoreTestHost.StartAsync();
        var staging = await host.Directory.CreateFolderAsync(Actors.Management, RootFolderId, "Staging");
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(staging.Id), TargetSelection.ForAccount(SandboxId)]);

        await host.Directory.DeleteFolderAsync(Actors.Management, staging.Id);

        Assert.Equal([TargetSelection.ForAccount(SandboxId)], (await host.CrossAccount.GetConfigurationAsync(Actors.Security)).Targets);
    }

    [Fact]
    public async Task RemoveFromManagement_DirectlyManagedAccount_ClearsItsData()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForAccount(SandboxId), TargetSelection.ForAccount(Dev2Id));

        await host.CrossAccount.RemoveFromManagementAsync(Actors.Security, SandboxId);

        Assert.Equal([(SecurityId, SandboxId)], cleaner.Cleared);
    }

    [Fact]
    public async Task RemoveFromManagement_RefusedForFolderManagedAccount_ClearsNothing()
    {
        await using var host = await StartManagingAsync(TargetSelection.ForFolder(ProductionFolderId));

        await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.RemoveFromManagementAsync(Actors.Security, ProdWebId));

        Assert.Empty(cleaner.Cleared);
    }
}
