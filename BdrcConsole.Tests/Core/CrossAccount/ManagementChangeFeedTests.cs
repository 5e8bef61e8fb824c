using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Core.CrossAccount;

public class ManagementChangeFeedTests
{
    [Fact]
    public async Task RemoveFromManagement_Committed_PublishesTheAdministratorAndTheDepartedAccount()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var published = new List<ManagementChange>();
        host.Services.GetRequiredService<ManagementChangeFeed>().Committed += published.Add;

        await host.CrossAccount.RemoveFromManagementAsync(Actors.Security, SandboxId);

        var change = Assert.Single(published);
        Assert.Equal(SecurityId, change.AdministratorAccountId);
        Assert.Equal([SandboxId], change.Removed);
        Assert.Empty(change.Added);
    }

    [Fact]
    public async Task RefusedCommand_PublishesNothing()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var published = new List<ManagementChange>();
        host.Services.GetRequiredService<ManagementChangeFeed>().Committed += published.Add;

        // acme-prod-web is managed through its folder: removing it alone is refused.
        await Assert.ThrowsAsync<RuleViolationException>(() => host.CrossAccount.RemoveFromManagementAsync(Actors.Security, ProdWebId));

        Assert.Empty(published);
    }

    [Fact]
    public async Task HandlerOfAClosingConsoleThrows_TheCommandStillSucceedsAndOthersAreTold()
    {
        await using var host = await CoreTestHost.StartWithSecurityManagingProductionAndSandboxAsync();
        var feed = host.Services.GetRequiredService<ManagementChangeFeed>();
        var told = 0;
        feed.Committed += _ => throw new ObjectDisposedException("circuit");
        feed.Committed += _ => told++;

        await host.CrossAccount.RemoveFromManagementAsync(Actors.Security, SandboxId);

        Assert.Equal(1, told);
    }
}
