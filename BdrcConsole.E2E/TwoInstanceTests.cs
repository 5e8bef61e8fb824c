using System.Text.RegularExpressions;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.TrustedServices;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// Two console processes on one PostgreSQL database (the deployment of deploy/cluster.sh, without the proxy), with
/// a browser on each: what one instance changes, the other shows without a restart; a sign-in cookie and the
/// stored account selection of one are valid on the other. Acme-security is already BDRC's delegated administrator
/// with cross-account management enabled, managing acme-sandbox (set up through Core: the journeys that do it by
/// hand are elsewhere).
/// </summary>
public sealed class TwoInstanceFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public string ConnectionString { get; private set; } = "";
    public ConsoleProcess Instance1 { get; private set; } = null!;
    public ConsoleProcess Instance2 { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        ConnectionString = await PostgreSqlServer.CreateDemoDatabaseAsync();
        await using (var core = PostgreSqlServer.CoreOn(ConnectionString))
        {
            await core.GetRequiredService<TrustedServiceService>().AddDelegatedAdministratorAsync(
                new Actor("management@acme.test", DemoOrganisation.ManagementId), DemoOrganisation.SecurityId);
            var security = new Actor("security@acme.test", DemoOrganisation.SecurityId);
            var crossAccount = core.GetRequiredService<CrossAccountService>();
            await crossAccount.EnableAsync(security);
            await crossAccount.SaveTargetsAsync(security, [TargetSelection.ForAccount(DemoOrganisation.SandboxId)]);
        }
        var settings = new Dictionary<string, string>
        {
            ["Bdrc:Database"] = "PostgreSql",
            ["ConnectionStrings:Bdrc"] = ConnectionString,
            ["Bdrc:SeedDemoData"] = "true",
            // Due runs are looked for every second on each instance: both race for every due time.
            ["Bdrc:PolicySchedulerIntervalSeconds"] = "1",
        };
        // Started together, as an orchestrator would: start-up takes turns by the database's advisory lock.
        var starting = new[] { ConsoleProcess.StartAsync(settings), ConsoleProcess.StartAsync(settings) };
        var instances = await Task.WhenAll(starting);
        (Instance1, Instance2) = (instances[0], instances[1]);
        playwright = await Playwright.CreateAsync();
        Browser = await SystemChromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
        if (Instance1 is not null)
            await Instance1.DisposeAsync();
        if (Instance2 is not null)
            await Instance2.DisposeAsync();
        if (ConnectionString.Length > 0)
            await PostgreSqlServer.DropAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class TwoInstanceCollection : ICollectionFixture<TwoInstanceFixture>
{
    public const string Name = "Two console instances on PostgreSQL";
}

/// <summary>Its own pair of instances: its journey kills one of them.</summary>
[CollectionDefinition(Name)]
public sealed class TwoInstancePolicyCollection : ICollectionFixture<TwoInstanceFixture>
{
    public const string Name = "Two console instances on PostgreSQL, protection policies";
}

[Collection(TwoInstanceCollection.Name)]
public sealed class TwoInstanceTests(TwoInstanceFixture fixture) : IAsyncLifetime
{
    private readonly InstanceSessions sessions = new(fixture.Browser);

    [Fact]
    public async Task ManagementOnInstance1_Instance2ShowsTheManagedAccountsWithoutARestart()
    {
        // Both consoles open on acme-security's Cross-account Management page: nothing managed yet.
        var onInstance1 = await sessions.SignInAsync(fixture.Instance1, "security@acme.test");
        var onInstance2 = await sessions.SignInAsync(fixture.Instance2, "security@acme.test");
        var page2 = new CrossAccountPage(onInstance2);
        await page2.GotoAsync();
        await Expect(page2.Row("acme-prod-web")).ToHaveCountAsync(0);

        // Instance 1: manage folder Root/Production.
        var page1 = new CrossAccountPage(onInstance1);
        await page1.GotoAsync();
        var accountManagement = await page1.OpenAccountManagementAsync();
        await accountManagement.SelectAsync("Folder Root/Production");
        await accountManagement.SaveAsync();
        foreach (var member in new[] { "acme-prod-web", "acme-prod-data", "acme-payments" })
            await Expect(page1.Row(member)).ToContainTextAsync("Via folder Root/Production");

        // Instance 2, its page still open (no reload): the account switcher offers them at once, relayed by
        // PostgreSQL's NOTIFY; the list shows them on its next read.
        var switcher = new AccountSwitcher(onInstance2);
        await switcher.OpenAsync();
        await Expect(switcher.Account(AccountSwitcher.Label("acme-payments", DemoOrganisation.PaymentsId))).ToBeVisibleAsync();
        await switcher.CloseAsync();
        await page2.GotoAsync();
        foreach (var member in new[] { "acme-prod-web", "acme-prod-data", "acme-payments" })
            await Expect(page2.Row(member)).ToContainTextAsync("Via folder Root/Production");
        AssertNoServerErrors();
    }

    [Fact]
    public async Task SignInCookieFromInstance1_IsAcceptedByInstance2()
    {
        var onInstance1 = await sessions.SignInAsync(fixture.Instance1, "web@acme.test");
        var cookies = await onInstance1.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "BdrcConsole.Auth");

        // A new browser with only that cookie: instance 2 serves the console to the same user, no sign-in page.
        var context = await sessions.NewContextAsync(fixture.Instance2);
        await context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var page = await context.NewPageAsync();
        await new ConsoleShell(page).GotoAsync("/overview");
        await Expect(page).ToHaveURLAsync(new Regex("/overview$"));
        await Expect(new ConsoleShell(page).SignedInUser).ToContainTextAsync("web@acme.test");
        AssertNoServerErrors();
    }

    [Fact]
    public async Task AccountSelectionStoredByInstance1_IsRestoredByInstance2()
    {
        // Behind one address both instances share the tab's session storage; here the two origins differ, so the
        // test carries the stored (protected) selection over, as the browser would keep it.
        var onInstance1 = await sessions.SignInAsync(fixture.Instance1, "security@acme.test");
        var switcher = new AccountSwitcher(onInstance1);
        await switcher.OpenAsync();
        await switcher.ToggleAsync(AccountSwitcher.Label("acme-sandbox", DemoOrganisation.SandboxId));
        await switcher.CloseAsync();
        var overview1 = new OverviewPage(onInstance1);
        await Expect(overview1.SelectedAccounts).ToHaveTextAsync("Selected accounts: acme-security, acme-sandbox");
        var stored = await onInstance1.EvaluateAsync<string?>("() => sessionStorage.getItem('bdrc.account-selection')");
        Assert.False(string.IsNullOrEmpty(stored));

        var cookies = await onInstance1.Context.CookiesAsync();
        var context = await sessions.NewContextAsync(fixture.Instance2);
        await context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var onInstance2 = await context.NewPageAsync();
        await onInstance2.GotoAsync("/login");
        await onInstance2.EvaluateAsync("value => sessionStorage.setItem('bdrc.account-selection', value)", stored);
        await new ConsoleShell(onInstance2).GotoAsync("/overview");
        await Expect(new OverviewPage(onInstance2).SelectedAccounts).ToHaveTextAsync("Selected accounts: acme-security, acme-sandbox");
        AssertNoServerErrors();
    }

    /// <summary>What the instances logged at Error or above since this test began (the instances are shared by the class).</summary>
    private void AssertNoServerErrors() =>
        InstanceSessions.AssertNoServerErrors((fixture.Instance1, errorsBefore.Instance1), (fixture.Instance2, errorsBefore.Instance2));

    private (int Instance1, int Instance2) errorsBefore;

    public Task InitializeAsync()
    {
        errorsBefore = (fixture.Instance1.Errors.Count, fixture.Instance2.Errors.Count);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await sessions.DisposeAsync();
}
