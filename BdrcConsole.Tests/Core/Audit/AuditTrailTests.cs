using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Audit;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.Audit;

public class AuditTrailTests
{
    [Fact]
    public async Task AuditedAction_Succeeded_IsRecordedWithUserAccountActionTargetAndOutcome()
    {
        await using var host = await CoreTestHost.StartAsync();
        host.Clock.UtcNow = new DateTimeOffset(2026, 12, 3, 8, 15, 0, TimeSpan.Zero);

        await host.Directory.CreateFolderAsync(Actors.Management, RootFolderId, "Staging");

        var page = await host.Audit.ListAsync(Actors.Management, new AuditQuery());
        var row = Assert.Single(page.Items);
        Assert.Equal(new AuditRow(host.Clock.UtcNow, "management@acme.test", "Create folder", "Staging", AuditOutcome.Succeeded, null), row);
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(ManagementId, (await db.AuditEntries.SingleAsync()).ActingAccountId);
    }

    [Fact]
    public async Task AuditedAction_RefusedForAccess_IsRecordedWithTheReasonTheUserSaw()
    {
        await using var host = await CoreTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<AccessDeniedException>(
            () => host.Directory.MoveAccountAsync(Actors.Dev1, Dev2Id, ProductionFolderId));

        var row = Assert.Single((await host.Audit.ListAsync(Actors.Dev1, new AuditQuery())).Items);
        Assert.Equal("dev1@acme.test", row.UserName);
        Assert.Equal("Move account", row.Action);
        Assert.Equal(Dev2Id, row.Target);
        Assert.Null(row.TargetName);
        Assert.Equal(AuditOutcome.Refused, row.Outcome);
        Assert.Equal(error.Message, row.Detail);
    }

    [Fact]
    public async Task AuditedAction_InvalidInput_IsRecordedAsInvalidApartFromRefusals()
    {
        await using var host = await CoreTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() => host.Directory.CreateFolderAsync(Actors.Management, RootFolderId, "   "));

        var row = Assert.Single((await host.Audit.ListAsync(Actors.Management, new AuditQuery())).Items);
        Assert.Equal(AuditOutcome.Invalid, row.Outcome);
        Assert.Equal(error.Message, row.Detail);
        Assert.Empty((await host.Audit.ListAsync(Actors.Management, new AuditQuery(Outcome: AuditOutcome.Refused))).Items);
    }

    [Fact]
    public async Task List_TargetsAreAnAccountAndAFolder_NamesThemForTheManagementAccount()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.Directory.MoveAccountAsync(Actors.Management, Dev1Id, ProductionFolderId);
        await host.Directory.RenameFolderAsync(Actors.Management, DevelopmentFolderId, "Dev");

        var rows = (await host.Audit.ListAsync(Actors.Management, new AuditQuery())).Items;

        Assert.Equal([(DevelopmentFolderId, "folder Dev"), (Dev1Id, "acme-dev-1")], rows.Select(r => (r.Target, r.TargetDisplay)));
    }

    [Fact]
    public async Task AuditedAction_RefusedByRule_IsRecordedWithTheRuleMessage()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);

        await Assert.ThrowsAsync<RuleViolationException>(
            () => host.TrustedServices.RemoveDelegatedAdministratorAsync(Actors.Management, SecurityId));

        var refused = Assert.Single((await host.Audit.ListAsync(Actors.Management, new AuditQuery(Outcome: AuditOutcome.Refused))).Items);
        Assert.Equal("Remove BDRC delegated administrator", refused.Action);
        Assert.Equal(SecurityId, refused.Target);
        Assert.Contains("3 member accounts", refused.Detail);
    }

    [Fact]
    public async Task SaveTargets_Succeeded_IsRecordedWithHowManyAccountsEnteredAndLeft()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();

        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);

        var rows = (await host.Audit.ListAsync(Actors.Security, new AuditQuery())).Items;
        Assert.Equal(["Save account management", "Enable cross-account management"], rows.Select(r => r.Action));
        Assert.Equal($"folder {ProductionFolderId}", rows[0].Target);
        Assert.Equal("folder Production", rows[0].TargetName);
        Assert.Equal("added 3, removed 0", rows[0].Detail);
    }

    [Fact]
    public async Task List_SeveralAccountsActed_ReturnsOnlyTheActingAccountsEntries()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Directory.CreateFolderAsync(Actors.Dev1, RootFolderId, "Mine"));

        var management = await host.Audit.ListAsync(Actors.Management, new AuditQuery());
        var security = await host.Audit.ListAsync(Actors.Security, new AuditQuery());
        var dev1 = await host.Audit.ListAsync(Actors.Dev1, new AuditQuery());
        var prodWeb = await host.Audit.ListAsync(Actors.ProdWeb, new AuditQuery());

        Assert.Equal(["Add BDRC delegated administrator"], management.Items.Select(r => r.Action));
        Assert.Equal(["Enable cross-account management"], security.Items.Select(r => r.Action));
        Assert.Equal(["Create folder"], dev1.Items.Select(r => r.Action));
        Assert.Empty(prodWeb.Items);
        Assert.Equal(0, prodWeb.TotalCount);
    }

    [Fact]
    public async Task List_Paged_ReturnsNewestFirstOnePageAtATime()
    {
        await using var host = await CoreTestHost.StartAsync();
        foreach (var name in new[] { "F1", "F2", "F3", "F4", "F5" })
        {
            await host.Directory.CreateFolderAsync(Actors.Management, RootFolderId, name);
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await host.Audit.ListAsync(Actors.Management, new AuditQuery(Page: 0, PageSize: 2));
        var second = await host.Audit.ListAsync(Actors.Management, new AuditQuery(Page: 1, PageSize: 2));
        var last = await host.Audit.ListAsync(Actors.Management, new AuditQuery(Page: 2, PageSize: 2));

        Assert.Equal(5, first.TotalCount);
        Assert.Equal(["F5", "F4"], first.Items.Select(r => r.Target));
        Assert.Equal(["F3", "F2"], second.Items.Select(r => r.Target));
        Assert.Equal(["F1"], last.Items.Select(r => r.Target));
    }

    [Fact]
    public async Task List_FilteredByOutcomeAndSearch_ReturnsMatchingEntriesOnly()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.Directory.CreateFolderAsync(Actors.Management, RootFolderId, "Staging");
        await host.Directory.CreateMemberAsync(Actors.Management, "acme-staging", RootFolderId);
        await Assert.ThrowsAsync<RuleViolationException>(() => host.Directory.DeleteFolderAsync(Actors.Management, DevelopmentFolderId));

        var refused = await host.Audit.ListAsync(Actors.Management, new AuditQuery(Outcome: AuditOutcome.Refused));
        var searched = await host.Audit.ListAsync(Actors.Management, new AuditQuery(Search: "staging"));

        Assert.Equal(["Delete folder"], refused.Items.Select(r => r.Action));
        Assert.Equal(["Create member", "Create folder"], searched.Items.Select(r => r.Action));
    }

    [Theory]
    [InlineData(-1, 25)]
    [InlineData(0, 0)]
    [InlineData(0, AuditService.MaxPageSize + 1)]
    public async Task List_BadPaging_IsRefused(int page, int pageSize)
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<ValidationException>(() => host.Audit.ListAsync(Actors.Management, new AuditQuery(page, pageSize)));
    }

    [Fact]
    public async Task SaveTargets_RefusedAfterPartOfTheChangeWasSaved_LeavesNoPartialWrite()
    {
        var cleaner = new RecordingDataCleaner();
        await using var host = await CoreTestHost.StartAsync(o => o.ConfigureServices = s => s.AddSingleton<IManagedAccountDataCleaner>(cleaner));
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId), TargetSelection.ForAccount(SandboxId)]);
        var before = await host.CrossAccountFingerprintAsync();
        cleaner.RefuseForAccountId = ProdDataId;

        await Assert.ThrowsAsync<RuleViolationException>(
            () => host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForAccount(SandboxId)]));

        Assert.Equal(before, await host.CrossAccountFingerprintAsync());
        Assert.Equal(new[] { ProdWebId, ProdDataId, PaymentsId, SandboxId }.Order(), await host.ManagedBySecurityAsync());
        var latest = (await host.Audit.ListAsync(Actors.Security, new AuditQuery(PageSize: 1))).Items.Single();
        Assert.Equal(("Save account management", AuditOutcome.Refused), (latest.Action, latest.Outcome));
    }

    [Fact]
    public async Task MoveAccount_RefusedWhileClearingData_KeepsAccountWhereItWas()
    {
        var cleaner = new RecordingDataCleaner();
        await using var host = await CoreTestHost.StartAsync(o => o.ConfigureServices = s => s.AddSingleton<IManagedAccountDataCleaner>(cleaner));
        await host.MakeSecurityDelegatedAdministratorAsync();
        await host.CrossAccount.SaveTargetsAsync(Actors.Security, [TargetSelection.ForFolder(ProductionFolderId)]);
        var directoryBefore = await host.DirectoryFingerprintAsync();
        cleaner.RefuseForAccountId = ProdDataId;

        await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.MoveAccountAsync(Actors.Management, ProdDataId, DevelopmentFolderId));

        Assert.Equal(directoryBefore, await host.DirectoryFingerprintAsync());
        Assert.Contains(ProdDataId, await host.ManagedBySecurityAsync());
        var refused = Assert.Single((await host.Audit.ListAsync(Actors.Management, new AuditQuery(Outcome: AuditOutcome.Refused))).Items);
        Assert.Equal("Move account", refused.Action);
    }
}
