using BdrcConsole.Core;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Tests.Core.TrustedServices;

public class TrustedServiceServiceTests
{
    [Fact]
    public async Task List_ManagementAccount_ShowsBdrcWithoutAdministrator()
    {
        await using var host = await CoreTestHost.StartAsync();

        var services = await host.TrustedServices.ListAsync(Actors.Management);

        var bdrc = Assert.Single(services);
        Assert.Equal("Backup and Disaster Recovery Center", bdrc.DisplayName);
        Assert.Equal(0, bdrc.DelegatedAdministratorCount);
    }

    [Fact]
    public async Task List_MemberAccount_IsAccessDenied()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.TrustedServices.ListAsync(Actors.Dev1));
    }

    [Fact]
    public async Task AddDelegatedAdministrator_MemberByManagementAccount_ShowsItAsAdministrator()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);

        var details = await host.TrustedServices.GetBdrcAsync(Actors.Management);
        var administrator = Assert.Single(details.DelegatedAdministrators);
        Assert.Equal("acme-security", administrator.DisplayName);
        Assert.Equal(host.Clock.UtcNow, administrator.AddedAt);
        Assert.Equal(0, administrator.ManagedAccountCount);
        Assert.DoesNotContain(details.Candidates, c => c.AccountId == DemoOrganisation.SecurityId);
        Assert.DoesNotContain(details.Candidates, c => c.AccountId == DemoOrganisation.ManagementId);
        Assert.False(details.CanAdd);
    }

    [Fact]
    public async Task AddDelegatedAdministrator_ByMemberAccount_IsAccessDeniedAndNothingWritten()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(
            () => host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Security, DemoOrganisation.SecurityId));

        Assert.Empty((await host.TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators);
    }

    [Fact]
    public async Task AddDelegatedAdministrator_ManagementAccount_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.ManagementId));

        Assert.Contains("Only a member account", error.Message);
        Assert.Empty((await host.TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators);
    }

    [Fact]
    public async Task AddDelegatedAdministrator_AccountRemovedFromDirectory_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.Directory.RemoveMemberAsync(Actors.Management, DemoOrganisation.Dev2Id);

        await Assert.ThrowsAsync<NotFoundException>(
            () => host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.Dev2Id));

        Assert.Empty((await host.TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators);
    }

    [Fact]
    public async Task GetBdrc_SettingNotConfigured_AllowsOneDelegatedAdministrator()
    {
        await using var host = await CoreTestHost.StartAsync();

        var details = await host.TrustedServices.GetBdrcAsync(Actors.Management);

        Assert.Equal(1, host.Services.GetRequiredService<IOptions<BdrcOptions>>().Value.MaxDelegatedAdministrators);
        Assert.Equal(1, details.MaxDelegatedAdministrators);
        Assert.True(details.CanAdd);
    }

    [Fact]
    public async Task AddDelegatedAdministrator_SecondWhileOneIsSet_IsRefusedAndFirstStays()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.Dev1Id));

        Assert.Contains("at most 1 delegated administrator", error.Message);
        var administrator = Assert.Single((await host.TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators);
        Assert.Equal(DemoOrganisation.SecurityId, administrator.AccountId);
    }

    [Fact]
    public async Task AddDelegatedAdministrator_SameAccountTwice_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync(o => o.Configuration["Bdrc:MaxDelegatedAdministrators"] = "2");
        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId));

        Assert.Contains("already", error.Message);
        Assert.Single((await host.TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators);
    }

    [Fact]
    public async Task AddDelegatedAdministrator_SecondWhenSettingAllowsTwo_IsAccepted()
    {
        await using var host = await CoreTestHost.StartAsync(o => o.Configuration["Bdrc:MaxDelegatedAdministrators"] = "2");
        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);

        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.Dev1Id);

        var details = await host.TrustedServices.GetBdrcAsync(Actors.Management);
        Assert.Equal(2, details.DelegatedAdministrators.Count);
        Assert.False(details.CanAdd);
    }

    [Fact]
    public async Task RemoveDelegatedAdministrator_ByMemberAccount_IsAccessDenied()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(
            () => host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Security, DemoOrganisation.SecurityId));

        Assert.Single((await host.TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators);
    }

    [Fact]
    public async Task RemoveDelegatedAdministrator_AccountThatIsNotAdministrator_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();

        await Assert.ThrowsAsync<NotFoundException>(
            () => host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.Dev1Id));
    }

    [Fact]
    public async Task RemoveDelegatedAdministrator_WhileManagingAccounts_IsRefusedNamingTheCount()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security,
            [TargetSelection.ForFolder(DemoOrganisation.ProductionFolderId), TargetSelection.ForAccount(DemoOrganisation.SandboxId)]);
        var before = await host.CrossAccountFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId));

        Assert.Contains("4 member accounts", error.Message);
        Assert.Equal(before, await host.CrossAccountFingerprintAsync());
        var administrator = Assert.Single((await host.TrustedServices.GetBdrcAsync(Actors.Management)).DelegatedAdministrators);
        Assert.Equal(4, administrator.ManagedAccountCount);
    }

    [Fact]
    public async Task RemoveDelegatedAdministrator_ManagingOneAccount_SaysOneMemberAccount()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(DemoOrganisation.SandboxId)]);

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId));

        Assert.Contains("1 member account.", error.Message);
    }

    [Fact]
    public async Task RemoveDelegatedAdministrator_AfterItsAccountsWereRemoved_Succeeds()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security,
            [TargetSelection.ForFolder(DemoOrganisation.ProductionFolderId), TargetSelection.ForAccount(DemoOrganisation.SandboxId)]);
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, []);

        await host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);

        var details = await host.TrustedServices.GetBdrcAsync(Actors.Management);
        Assert.Empty(details.DelegatedAdministrators);
        Assert.True(details.CanAdd);
        Assert.Contains(details.Candidates, c => c.AccountId == DemoOrganisation.SecurityId);
        var status = await host.CrossAccount.GetStatusAsync(Actors.Security);
        Assert.False(status.IsDelegatedAdministrator);
        Assert.False(status.Enabled);
    }

    [Fact]
    public async Task RemoveDelegatedAdministrator_WithTargetsCoveringNothing_ClearsItsSettingsAndTargets()
    {
        await using var host = await CoreTestHost.StartAsync();
        var empty = await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, "Future");
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(empty.Id)]);

        await host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);
        await host.MakeSecurityDelegatedAdministratorAsync();
        var newMember = await host.Directory.CreateMemberAsync(Actors.Management, "acme-future", empty.Id);

        var configuration = await host.CrossAccount.GetConfigurationAsync(Actors.Security);
        Assert.Empty(configuration.Targets);
        Assert.DoesNotContain(newMember.Id, await host.ManagedBySecurityAsync());
    }

    [Fact]
    public async Task AddDelegatedAdministrator_AccountThatWasRemovedBefore_MustEnableCrossAccountAgain()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);

        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, DemoOrganisation.SecurityId);

        var status = await host.CrossAccount.GetStatusAsync(Actors.Security);
        Assert.True(status.IsDelegatedAdministrator);
        Assert.False(status.Enabled);
        await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.ListManagedAccountsAsync(Actors.Security));
    }
}
