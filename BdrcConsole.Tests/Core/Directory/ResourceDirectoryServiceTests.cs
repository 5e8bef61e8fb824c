using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Directory;
using BdrcConsole.Tests.TestSupport;

namespace BdrcConsole.Tests.Core.Directory;

public class ResourceDirectoryServiceTests
{
    private static async Task<IReadOnlyList<string>> FolderPathsAsync(CoreTestHost host) =>
        (await host.Directory.GetTreeAsync(Actors.Management)).AllFolders().Select(f => f.Path).ToList();

    private static async Task<AccountNode?> FindAccountAsync(CoreTestHost host, string accountId) =>
        (await host.Directory.GetTreeAsync(Actors.Management)).FindAccount(accountId);

    [Fact]
    public async Task GetTree_DemoOrganisation_ShowsSeededFoldersAndAccounts()
    {
        await using var host = await CoreTestHost.StartAsync();

        var tree = await host.Directory.GetTreeAsync(Actors.Management);

        Assert.Equal(DemoOrganisation.ManagementId, tree.ManagementAccountId);
        Assert.Equal(
            ["Root", "Root/Development", "Root/Production", "Root/Production/Payments", "Root/Security"],
            tree.AllFolders().Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal("Root/Production/Payments", tree.FindAccount(DemoOrganisation.PaymentsId)?.FolderPath);
        Assert.Equal(8, tree.AllAccounts().Count());
    }

    [Fact]
    public async Task CreateFolder_UnderNestedFolder_AppearsWithFullPath()
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.PaymentsFolderId, "Cards");

        var tree = await host.Directory.GetTreeAsync(Actors.Management);
        var folder = tree.FindFolder(result.Id);
        Assert.NotNull(folder);
        Assert.Equal("Root/Production/Payments/Cards", folder.Path);
        Assert.True(folder.IsEmpty);
    }

    [Fact]
    public async Task CreateFolder_NameWithSurroundingSpaces_IsTrimmed()
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, "  Staging  ");

        var tree = await host.Directory.GetTreeAsync(Actors.Management);
        Assert.Equal("Root/Staging", tree.FindFolder(result.Id)?.Path);
    }

    [Fact]
    public async Task CreateFolder_SameNameUnderAnotherParent_IsAllowed()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.DevelopmentFolderId, "Payments");

        Assert.Contains("Root/Development/Payments", await FolderPathsAsync(host));
        Assert.Contains("Root/Production/Payments", await FolderPathsAsync(host));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("production")]
    [InlineData(" PRODUCTION ")]
    public async Task CreateFolder_DuplicateSiblingName_IsRefusedAndNothingWritten(string name)
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, name));

        Assert.Contains("already exists", error.Message);
        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    public static TheoryData<string> BadFolderNames => new()
    {
        "",
        "   ",
        new string('x', Folder.MaxNameLength + 1),
        "Prod/EU",
        "Tab\tName",
    };

    [Theory]
    [MemberData(nameof(BadFolderNames))]
    public async Task CreateFolder_BadName_IsRefusedAndNothingWritten(string name)
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<ValidationException>(
            () => host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, name));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task CreateFolder_NameOfExactlyMaxLength_IsAccepted()
    {
        await using var host = await CoreTestHost.StartAsync();
        var name = new string('x', Folder.MaxNameLength);

        await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, name);

        Assert.Contains($"Root/{name}", await FolderPathsAsync(host));
    }

    [Fact]
    public async Task CreateFolder_UnknownParent_IsNotFound()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<NotFoundException>(
            () => host.Directory.CreateFolderAsync(Actors.Management, "fd-doesnotexist", "Orphans"));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task RenameFolder_ValidName_RenamesPathsBelowIt()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.Directory.RenameFolderAsync(Actors.Management, DemoOrganisation.ProductionFolderId, "Prod");

        var tree = await host.Directory.GetTreeAsync(Actors.Management);
        Assert.Equal("Root/Prod", tree.FindFolder(DemoOrganisation.ProductionFolderId)?.Path);
        Assert.Equal("Root/Prod/Payments", tree.FindAccount(DemoOrganisation.PaymentsId)?.FolderPath);
    }

    [Fact]
    public async Task RenameFolder_ChangingOnlyCase_IsAllowed()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.Directory.RenameFolderAsync(Actors.Management, DemoOrganisation.ProductionFolderId, "PRODUCTION");

        Assert.Contains("Root/PRODUCTION", await FolderPathsAsync(host));
    }

    [Fact]
    public async Task RenameFolder_ToSiblingName_IsRefusedAndNothingWritten()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.RenameFolderAsync(Actors.Management, DemoOrganisation.DevelopmentFolderId, "Production"));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Theory]
    [MemberData(nameof(BadFolderNames))]
    public async Task RenameFolder_BadName_IsRefusedAndNothingWritten(string name)
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<ValidationException>(
            () => host.Directory.RenameFolderAsync(Actors.Management, DemoOrganisation.DevelopmentFolderId, name));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task RenameFolder_Root_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.RenameFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, "Top"));

        Assert.Contains("root folder", error.Message);
        Assert.Contains("Root", await FolderPathsAsync(host));
    }

    [Fact]
    public async Task DeleteFolder_Root_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.DeleteFolderAsync(Actors.Management, DemoOrganisation.RootFolderId));

        Assert.Contains("root folder", error.Message);
        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task DeleteFolder_EmptyNestedFolders_RemovesThemInnermostFirst()
    {
        await using var host = await CoreTestHost.StartAsync();
        var outer = await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.DevelopmentFolderId, "Experiments");
        var inner = await host.Directory.CreateFolderAsync(Actors.Management, outer.Id, "Spikes");

        await host.Directory.DeleteFolderAsync(Actors.Management, inner.Id);
        await host.Directory.DeleteFolderAsync(Actors.Management, outer.Id);

        var paths = await FolderPathsAsync(host);
        Assert.DoesNotContain(paths, p => p.StartsWith("Root/Development/Experiments", StringComparison.Ordinal));
        Assert.Contains("Root/Development", paths);
    }

    [Fact]
    public async Task DeleteFolder_HoldingAccounts_IsRefusedAndFolderStays()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.DeleteFolderAsync(Actors.Management, DemoOrganisation.DevelopmentFolderId));

        Assert.Contains("not empty", error.Message);
        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task DeleteFolder_HoldingOnlySubFolder_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();
        var outer = await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, "Archive");
        await host.Directory.CreateFolderAsync(Actors.Management, outer.Id, "2025");

        await Assert.ThrowsAsync<RuleViolationException>(() => host.Directory.DeleteFolderAsync(Actors.Management, outer.Id));

        Assert.Contains("Root/Archive/2025", await FolderPathsAsync(host));
    }

    [Fact]
    public async Task CreateMember_InFolder_JoinsWithNewSixteenDigitId()
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Directory.CreateMemberAsync(Actors.Management, "acme-analytics", DemoOrganisation.DevelopmentFolderId);

        Assert.True(Account.IsValidId(result.Id), $"'{result.Id}' is not a 16-digit account id");
        var account = await FindAccountAsync(host, result.Id);
        Assert.NotNull(account);
        Assert.Equal("acme-analytics", account.DisplayName);
        Assert.Equal("Root/Development", account.FolderPath);
        Assert.Equal(AccountType.Member, account.Type);
        Assert.Equal(JoinMethod.Created, account.JoinMethod);
        Assert.Equal(host.Clock.UtcNow, account.JoinedAt);
    }

    [Fact]
    public async Task CreateMember_DisplayNameTakenInAnyCase_IsRefusedAndNothingWritten()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.CreateMemberAsync(Actors.Management, "ACME-DEV-1", DemoOrganisation.RootFolderId));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("team/a")]
    public async Task CreateMember_BadDisplayName_IsRefusedAndNothingWritten(string name)
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<ValidationException>(
            () => host.Directory.CreateMemberAsync(Actors.Management, name, DemoOrganisation.RootFolderId));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task InviteAccount_ValidNewId_JoinsAsInvited()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.Directory.InviteAccountAsync(Actors.Management, " 1888000000000042 ", "partner-co", DemoOrganisation.ProductionFolderId);

        var account = await FindAccountAsync(host, "1888000000000042");
        Assert.NotNull(account);
        Assert.Equal("partner-co", account.DisplayName);
        Assert.Equal("Root/Production", account.FolderPath);
        Assert.Equal(JoinMethod.Invited, account.JoinMethod);
    }

    [Theory]
    [InlineData("")]
    [InlineData("188800000000004")]
    [InlineData("18880000000000421")]
    [InlineData("0888000000000042")]
    [InlineData("18880000000000x2")]
    public async Task InviteAccount_MalformedId_IsRefusedAndNothingWritten(string accountId)
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(
            () => host.Directory.InviteAccountAsync(Actors.Management, accountId, "partner-co", DemoOrganisation.RootFolderId));

        Assert.Contains("16 digits", error.Message);
        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task InviteAccount_AlreadyInDirectory_IsRefusedAndAccountStaysPut()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.InviteAccountAsync(Actors.Management, DemoOrganisation.ProdWebId, null, DemoOrganisation.DevelopmentFolderId));

        Assert.Contains("already in the resource directory", error.Message);
        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task InviteAccount_RemovedAccount_RejoinsUnderItsOwnName()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.Directory.RemoveMemberAsync(Actors.Management, DemoOrganisation.Dev2Id);

        await host.Directory.InviteAccountAsync(Actors.Management, DemoOrganisation.Dev2Id, null, DemoOrganisation.ProductionFolderId);

        var account = await FindAccountAsync(host, DemoOrganisation.Dev2Id);
        Assert.NotNull(account);
        Assert.Equal("acme-dev-2", account.DisplayName);
        Assert.Equal("Root/Production", account.FolderPath);
        Assert.Equal(JoinMethod.Invited, account.JoinMethod);
    }

    [Fact]
    public async Task MoveAccount_ToAnotherFolder_ChangesItsFolder()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.Directory.MoveAccountAsync(Actors.Management, DemoOrganisation.SandboxId, DemoOrganisation.DevelopmentFolderId);

        Assert.Equal("Root/Development", (await FindAccountAsync(host, DemoOrganisation.SandboxId))?.FolderPath);
    }

    [Fact]
    public async Task MoveAccount_ToItsOwnFolder_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.MoveAccountAsync(Actors.Management, DemoOrganisation.SandboxId, DemoOrganisation.RootFolderId));
    }

    [Fact]
    public async Task MoveAccount_ManagementAccount_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.MoveAccountAsync(Actors.Management, DemoOrganisation.ManagementId, DemoOrganisation.SecurityFolderId));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task RemoveMember_MemberAccount_LeavesDirectoryButStillSignsIn()
    {
        await using var host = await CoreTestHost.StartAsync();

        await host.Directory.RemoveMemberAsync(Actors.Management, DemoOrganisation.Dev2Id);

        Assert.Null(await FindAccountAsync(host, DemoOrganisation.Dev2Id));
        var access = await host.Access.GetAccessAsync(Actors.Dev2);
        Assert.Equal("acme-dev-2", access.DisplayName);
    }

    [Fact]
    public async Task RemoveMember_ManagementAccount_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();
        var before = await host.DirectoryFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.RemoveMemberAsync(Actors.Management, DemoOrganisation.ManagementId));

        Assert.Contains("management account", error.Message);
        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task RemoveMember_DelegatedAdministrator_IsRefusedPointingToTrustedServices()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        var before = await host.DirectoryFingerprintAsync();

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => host.Directory.RemoveMemberAsync(Actors.Management, DemoOrganisation.SecurityId));

        Assert.Contains("Trusted Services", error.Message);
        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    public static TheoryData<string> DirectoryOperations => new()
    {
        "create folder", "rename folder", "delete folder", "create member", "invite account", "move account", "remove member",
    };

    private static Task RunAsync(CoreTestHost host, string operation, Actor actor, string emptyFolderId) => operation switch
    {
        "create folder" => host.Directory.CreateFolderAsync(actor, DemoOrganisation.RootFolderId, "Shadow IT"),
        "rename folder" => host.Directory.RenameFolderAsync(actor, DemoOrganisation.ProductionFolderId, "Mine"),
        "delete folder" => host.Directory.DeleteFolderAsync(actor, emptyFolderId),
        "create member" => host.Directory.CreateMemberAsync(actor, "rogue", DemoOrganisation.RootFolderId),
        "invite account" => host.Directory.InviteAccountAsync(actor, "1999000000000001", "rogue", DemoOrganisation.RootFolderId),
        "move account" => host.Directory.MoveAccountAsync(actor, DemoOrganisation.Dev1Id, DemoOrganisation.ProductionFolderId),
        "remove member" => host.Directory.RemoveMemberAsync(actor, DemoOrganisation.Dev1Id),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    [Theory]
    [MemberData(nameof(DirectoryOperations))]
    public async Task DirectoryOperation_ByMemberAccount_IsAccessDeniedAndNothingWritten(string operation)
    {
        await using var host = await CoreTestHost.StartAsync();
        var empty = await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, "Empty");
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => RunAsync(host, operation, Actors.Dev1, empty.Id));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Theory]
    [MemberData(nameof(DirectoryOperations))]
    public async Task DirectoryOperation_ByDelegatedAdministrator_IsAccessDeniedAndNothingWritten(string operation)
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync();
        var empty = await host.Directory.CreateFolderAsync(Actors.Management, DemoOrganisation.RootFolderId, "Empty");
        var before = await host.DirectoryFingerprintAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => RunAsync(host, operation, Actors.Security, empty.Id));

        Assert.Equal(before, await host.DirectoryFingerprintAsync());
    }

    [Fact]
    public async Task GetTree_ByMemberAccount_IsAccessDenied()
    {
        await using var host = await CoreTestHost.StartAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Directory.GetTreeAsync(Actors.Dev1));
    }

    [Fact]
    public async Task GetTree_ByDelegatedAdministrator_ShowsTheDirectory()
    {
        await using var host = await CoreTestHost.StartAsync();
        await host.MakeSecurityDelegatedAdministratorAsync(enableCrossAccount: false);

        var tree = await host.Directory.GetTreeAsync(Actors.Security);

        Assert.Equal(8, tree.AllAccounts().Count());
    }
}
