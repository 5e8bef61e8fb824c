using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.CrossAccount;

public class CrossAccountServiceTests
{
    private static readonly TargetSelection ProductionFolder = TargetSelection.ForFolder(ProductionFolderId);
    private static readonly TargetSelection SandboxAccount = TargetSelection.ForAccount(SandboxId);

    private static async Task<CoreTestHost> StartWithSecurityEnabledAsync(Action<CoreTestHostOptions>? configure = null)
    {
        var host = await CoreTestHost.StartAsync(configure);
        await host.MakeSecurityDelegatedAdministratorAsync();
        return host;
    }

    [Fact]
    public async Task CheckPrerequisites_BeforeAdministratorIsSet_ListsEachFailureWithItsFixStep()
    {
        await using var host = await CoreTestHost.StartAsync();

        var check = await host.CrossAccount.CheckPrerequisitesAsync(Actors.Security);

        Assert.False(check.AllPassed);
        Assert.True(check.Results[0].Passed);
        var failed = check.Failed.ToList();
        Assert.Equal(["A BDRC delegated administrator is set", "You are signed in with the BDRC delegated administrator account"],
            failed.Select(f => f.Name));
        Assert.Equal(CrossAccountService.SetAdministratorStep, failed[0].FixStep);
        Assert.Contains("Trusted Services", failed[0].FixStep);
        Assert.Contains("sign in with that account", failed[1].FixStep);
    }

    [Fact]
    public async Task CheckPrerequisites_MemberThatIsNotAdministrator_FailsOnlySignInNamingTheAdministrator()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);

        var check = await host.CrossAccount.CheckPrerequisitesAsync(Actors.Dev1);

        var failed = Assert.Single(check.Failed);
        Assert.Equal("You are signed in with the BDRC delegated administrator account", failed.Name);
        Assert.Contains($"acme-security ({SecurityId})", failed.FixStep);
    }

    [Fact]
    public async Task CheckPrerequisites_AccountRemovedFromDirectory_FailsDirectoryPrerequisite()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.Directory.RemoveMemberAsync(Actors.Management, Dev2Id);

        var check = await host.CrossAccount.CheckPrerequisitesAsync(Actors.Dev2);

        Assert.False(check.Results[0].Passed);
        Assert.Contains("Resource Directory", check.Results[0].FixStep);
    }

    [Fact]
    public async Task CheckPrerequisites_DelegatedAdministrator_AllPass()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);

        var check = await host.CrossAccount.CheckPrerequisitesAsync(Actors.Security);

        Assert.True(check.AllPassed);
        Assert.Empty(check.Failed);
        Assert.Equal(3, check.Results.Count);
    }

    [Fact]
    public async Task Enable_BeforeAdministratorIsSet_IsRefusedWithTheFixSteps()
    {
        await using var host = await CoreTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.EnableAsync(Actors.Security));

        Assert.Contains("prerequisite check failed", error.Message);
        Assert.Contains("Trusted Services", error.Message);
        Assert.False((await host.CrossAccount.GetStatusAsync(Actors.Security)).Enabled);
    }

    [Fact]
    public async Task Enable_ByMemberThatIsNotAdministrator_IsRefusedNamingTheAdministrator()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.EnableAsync(Actors.Dev1));

        Assert.Contains("acme-security", error.Message);
        Assert.False((await host.CrossAccount.GetStatusAsync(Actors.Dev1)).Enabled);
        Assert.False((await host.CrossAccount.GetStatusAsync(Actors.Security)).Enabled);
    }

    [Fact]
    public async Task Enable_ByDelegatedAdministrator_EnablesAtTheCurrentTime()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);
        host.Clock.Advance(TimeSpan.FromHours(3));

        await host.CrossAccount.EnableAsync(Actors.Security);

        var status = await host.CrossAccount.GetStatusAsync(Actors.Security);
        Assert.True(status.IsDelegatedAdministrator);
        Assert.True(status.Enabled);
        Assert.Equal(host.Clock.UtcNow, status.EnabledAt);
        Assert.Equal(0, status.ManagedAccountCount);
    }

    [Fact]
    public async Task Enable_WhenAlreadyEnabled_IsRefused()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        var enabledAt = (await host.CrossAccount.GetStatusAsync(Actors.Security)).EnabledAt;
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.EnableAsync(Actors.Security));

        Assert.Contains("already enabled", error.Message);
        Assert.Equal(enabledAt, (await host.CrossAccount.GetStatusAsync(Actors.Security)).EnabledAt);
    }

    [Fact]
    public async Task ListManagedAccounts_AdministratorBeforeEnabling_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.ListManagedAccountsAsync(Actors.Security));

        Assert.Contains("not enabled", error.Message);
    }

    [Fact]
    public async Task SaveTargets_ProductionFolderAndSandbox_ManagesFolderAccountsIncludingNestedOnesAndSandbox()
    {
        await using var host = await StartWithSecurityEnabledAsync();

        var summary = await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, SandboxAccount]);

        Assert.Equal(new[] { ProdWebId, ProdDataId, PaymentsId, SandboxId }.Order(), await host.ManagedBySecurityAsync());
        Assert.Equal(["acme-payments", "acme-prod-data", "acme-prod-web", "acme-sandbox"], summary.AddedAccountNames.Order(StringComparer.Ordinal));
        Assert.Empty(summary.RemovedAccountNames);
        Assert.Equal(4, (await host.CrossAccount.GetStatusAsync(Actors.Security)).ManagedAccountCount);
        Assert.Equal([ProductionFolder, SandboxAccount], (await host.CrossAccount.GetConfigurationAsync(Actors.Security)).Targets);
    }

    [Fact]
    public async Task ListManagedAccounts_FolderAndAccountTargets_ShowsViaFolderOrDirectly()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, SandboxAccount]);

        var rows = (await host.CrossAccount.ListManagedAccountsAsync(Actors.Security)).ToDictionary(r => r.AccountId);

        foreach (var id in new[] { ProdWebId, ProdDataId, PaymentsId })
        {
            Assert.Equal(ManagedVia.Folder, rows[id].Via);
            Assert.Equal("Via folder Root/Production", rows[id].ManagedViaDescription);
            Assert.False(rows[id].CanRemoveFromManagement);
        }
        Assert.Equal("Root/Production/Payments", rows[PaymentsId].FolderPath);
        Assert.Equal(ManagedVia.Directly, rows[SandboxId].Via);
        Assert.Equal("Managed directly", rows[SandboxId].ManagedViaDescription);
        Assert.True(rows[SandboxId].CanRemoveFromManagement);
    }

    [Fact]
    public async Task SaveTargets_AccountManagedForTheFirstTime_RecordsServiceLinkedRoleAtThatTime()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        host.Clock.UtcNow = new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);

        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security));
        Assert.Equal(host.Clock.UtcNow, row.ServiceLinkedRoleCreatedAt);
        Assert.Equal(host.Clock.UtcNow, row.ManagedSince);
        await using var db = await host.CreateDbContextAsync();
        var role = Assert.Single(db.ServiceLinkedRoles, r => r.AccountId == SandboxId);
        Assert.Equal("AliyunServiceRoleForBdrcRd", role.RoleName);
    }

    [Fact]
    public async Task SaveTargets_AccountManagedAgainLater_KeepsOriginalRoleCreationTime()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        var firstManaged = host.Clock.UtcNow;
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);
        await host.CrossAccount.RemoveFromManagementAsync(Actors.Security, SandboxId);
        host.Clock.Advance(TimeSpan.FromDays(2));

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);

        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security));
        Assert.Equal(firstManaged, row.ServiceLinkedRoleCreatedAt);
        Assert.Equal(host.Clock.UtcNow, row.ManagedSince);
    }

    [Fact]
    public async Task RemoveFromManagement_AccountManagedViaFolder_IsRefusedPointingToTheFolderTarget()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, SandboxAccount]);
        var before = await host.CrossAccountFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.CrossAccount.RemoveFromManagementAsync(Actors.Security, ProdWebId));

        Assert.Contains("folder Root/Production", error.Message);
        Assert.Contains("Account Management", error.Message);
        Assert.Equal(before, await host.CrossAccountFingerprintAsync());
        Assert.Contains(ProdWebId, await host.ManagedBySecurityAsync());
    }

    [Fact]
    public async Task RemoveFromManagement_DirectlyManagedAccount_RemovesItAndItsTarget()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, SandboxAccount]);

        await host.CrossAccount.RemoveFromManagementAsync(Actors.Security, SandboxId);

        Assert.Equal(new[] { ProdWebId, ProdDataId, PaymentsId }.Order(), await host.ManagedBySecurityAsync());
        Assert.Equal([ProductionFolder], (await host.CrossAccount.GetConfigurationAsync(Actors.Security)).Targets);
    }

    [Fact]
    public async Task RemoveFromManagement_AccountNotManaged_IsNotFound()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);

        await Assert.ThrowsAsync<NotFoundException>(() => host.CrossAccount.RemoveFromManagementAsync(Actors.Security, Dev1Id));

        Assert.Equal([SandboxId], await host.ManagedBySecurityAsync());
    }

    [Fact]
    public async Task SaveTargets_EntireDirectory_ManagesEveryMemberExceptAdministratorAndManagementAccount()
    {
        await using var host = await StartWithSecurityEnabledAsync();

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.EntireDirectory]);

        Assert.Equal(new[] { ProdWebId, ProdDataId, PaymentsId, Dev1Id, Dev2Id, SandboxId }.Order(), await host.ManagedBySecurityAsync());
        var rows = await host.CrossAccount.ListManagedAccountsAsync(Actors.Security);
        Assert.All(rows, r => Assert.Equal(ManagedVia.ResourceDirectory, r.Via));
        Assert.All(rows, r => Assert.False(r.CanRemoveFromManagement));
    }

    [Fact]
    public async Task RemoveFromManagement_AccountManagedViaEntireDirectory_IsRefused()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.EntireDirectory]);

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.CrossAccount.RemoveFromManagementAsync(Actors.Security, SandboxId));

        Assert.Contains("the entire resource directory", error.Message);
        Assert.Contains(SandboxId, await host.ManagedBySecurityAsync());
    }

    [Fact]
    public async Task ListManagedAccounts_AccountSelectedDirectlyInsideSelectedFolder_ShowsBothAndCannotBeRemoved()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, TargetSelection.ForAccount(ProdWebId)]);

        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security), r => r.AccountId == ProdWebId);

        Assert.Equal(ManagedVia.Directly, row.Via);
        Assert.Contains("also via folder Root/Production", row.ManagedViaDescription);
        Assert.False(row.CanRemoveFromManagement);
        await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.RemoveFromManagementAsync(Actors.Security, ProdWebId));
    }

    [Fact]
    public async Task SaveTargets_FolderTargetRemovedWhileAccountInsideStaysSelected_KeepsThatAccountOnly()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, TargetSelection.ForAccount(ProdWebId)]);

        var summary = await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(ProdWebId)]);

        Assert.Equal([ProdWebId], await host.ManagedBySecurityAsync());
        Assert.Equal(["acme-payments", "acme-prod-data"], summary.RemovedAccountNames.Order(StringComparer.Ordinal));
        Assert.Empty(summary.AddedAccountNames);
        var row = Assert.Single(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security));
        Assert.Equal("Managed directly", row.ManagedViaDescription);
        Assert.True(row.CanRemoveFromManagement);
    }

    [Fact]
    public async Task SaveTargets_FolderTargetRemoved_RemovesItsAccountsAndClearsTheirData()
    {
        var cleaner = new RecordingDataCleaner();
        await using var host = await StartWithSecurityEnabledAsync(
            o => o.ConfigureServices = s => s.AddSingleton<IManagedAccountDataCleaner>(cleaner));
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, SandboxAccount]);

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);

        Assert.Equal([SandboxId], await host.ManagedBySecurityAsync());
        Assert.Equal(new[] { ProdWebId, ProdDataId, PaymentsId }.Order(), cleaner.ClearedAccountIds(SecurityId).Order());
    }

    [Fact]
    public async Task SaveTargets_UnchangedSelection_KeepsManagedSinceAndClearsNothing()
    {
        var cleaner = new RecordingDataCleaner();
        await using var host = await StartWithSecurityEnabledAsync(
            o => o.ConfigureServices = s => s.AddSingleton<IManagedAccountDataCleaner>(cleaner));
        var managedAt = host.Clock.UtcNow;
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder]);
        host.Clock.Advance(TimeSpan.FromHours(1));

        var summary = await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder]);

        Assert.Empty(summary.AddedAccountNames);
        Assert.Empty(summary.RemovedAccountNames);
        Assert.Empty(cleaner.Cleared);
        Assert.All(await host.CrossAccount.ListManagedAccountsAsync(Actors.Security), r => Assert.Equal(managedAt, r.ManagedSince));
    }

    [Fact]
    public async Task PreviewTargets_SwappingTargets_ShowsChangesWithoutSavingThem()
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, SandboxAccount]);
        var before = await host.CrossAccountFingerprintAsync();

        var preview = await host.CrossAccount.PreviewTargetsAsync(Actors.Security, [TargetSelection.ForFolder(DevelopmentFolderId)]);

        Assert.Equal(["acme-dev-1", "acme-dev-2"], preview.AddedAccountNames);
        Assert.Equal(["acme-payments", "acme-prod-data", "acme-prod-web", "acme-sandbox"], preview.RemovedAccountNames);
        Assert.Equal(before, await host.CrossAccountFingerprintAsync());
    }

    public static TheoryData<string> InvalidSelections => new() { "unknown folder", "unknown account", "management account", "administrator itself" };

    private static TargetSelection InvalidSelection(string kind) => kind switch
    {
        "unknown folder" => TargetSelection.ForFolder("fd-doesnotexist"),
        "unknown account" => TargetSelection.ForAccount("1999000000000001"),
        "management account" => TargetSelection.ForAccount(ManagementId),
        "administrator itself" => TargetSelection.ForAccount(SecurityId),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    [Theory]
    [MemberData(nameof(InvalidSelections))]
    public async Task SaveTargets_WithInvalidSelection_IsRefusedAndChangesNothing(string invalid)
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);
        var before = await host.CrossAccountFingerprintAsync();

        await Assert.ThrowsAsync<ValidationException>(
            () => host.CrossAccount.SaveTargetsAsync(Actors.Security, [ProductionFolder, InvalidSelection(invalid)]));

        Assert.Equal(before, await host.CrossAccountFingerprintAsync());
        Assert.Equal([SandboxId], await host.ManagedBySecurityAsync());
        Assert.Equal([SandboxAccount], (await host.CrossAccount.GetConfigurationAsync(Actors.Security)).Targets);
    }

    [Fact]
    public async Task Enable_SecondDelegatedAdministratorWhenSettingAllowsTwo_Succeeds()
    {
        await using var host = await CoreTestHost.StartAsync(o => o.Configuration["Bdrc:MaxDelegatedAdministrators"] = "2");
        await host.MakeSecurityDelegatedAdministratorAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, Dev1Id);

        await host.CrossAccount.EnableAsync(Actors.Dev1);

        Assert.True((await host.CrossAccount.GetStatusAsync(Actors.Dev1)).Enabled);
    }

    [Fact]
    public async Task SaveTargets_EntireDirectoryWhileAnotherAdministratorManages_DoesNotTouchTheOthersSet()
    {
        await using var host = await CoreTestHost.StartAsync(o => o.Configuration["Bdrc:MaxDelegatedAdministrators"] = "2");
        await host.MakeSecurityDelegatedAdministratorAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.TrustedServices.AddDelegatedAdministratorAsync(Actors.Management, Dev1Id);
        await host.CrossAccount.EnableAsync(Actors.Dev1);
        await host.CrossAccount.SaveTargetsAsync(Actors.Dev1, [TargetSelection.ForAccount(Dev2Id)]);

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.EntireDirectory]);

        Assert.Equal([Dev2Id], (await host.CrossAccount.ListManagedAccountsAsync(Actors.Dev1)).Select(r => r.AccountId));
        Assert.DoesNotContain(SecurityId, await host.ManagedBySecurityAsync());
    }

    public static TheoryData<string> CrossAccountOperations => new() { "list", "configuration", "save targets", "remove from management" };

    private static Task RunAsync(CoreTestHost host, string operation, Actor actor) => operation switch
    {
        "list" => host.CrossAccount.ListManagedAccountsAsync(actor),
        "configuration" => host.CrossAccount.GetConfigurationAsync(actor),
        "save targets" => host.CrossAccount.SaveTargetsAsync(actor, [TargetSelection.EntireDirectory]),
        "remove from management" => host.CrossAccount.RemoveFromManagementAsync(actor, SandboxId),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    [Theory]
    [MemberData(nameof(CrossAccountOperations))]
    public async Task CrossAccountOperation_ByMemberThatIsNotAdministrator_IsAccessDenied(string operation)
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);
        var before = await host.CrossAccountFingerprintAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => RunAsync(host, operation, Actors.Dev1));

        Assert.Equal(before, await host.CrossAccountFingerprintAsync());
    }

    [Theory]
    [MemberData(nameof(CrossAccountOperations))]
    public async Task CrossAccountOperation_ByManagementAccount_IsAccessDenied(string operation)
    {
        await using var host = await StartWithSecurityEnabledAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [SandboxAccount]);
        var before = await host.CrossAccountFingerprintAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => RunAsync(host, operation, Actors.Management));

        Assert.Equal(before, await host.CrossAccountFingerprintAsync());
    }
}
