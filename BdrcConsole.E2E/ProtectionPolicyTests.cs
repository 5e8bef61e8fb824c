using System.Text.RegularExpressions;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>Its own app host: the journey makes acme-security the delegated administrator and creates policies.</summary>
public sealed class ProtectionPolicyFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class ProtectionPolicyCollection : ICollectionFixture<ProtectionPolicyFixture>
{
    public const string Name = "BdrcConsole app for protection policies";
}

/// <summary>
/// Configure cross-account protection policies (the documented console page): acme-security creates a policy on its
/// Important group, reads the impact preview, applies it, runs it and reads the message; the member account sees
/// none of it.
/// </summary>
[Collection(ProtectionPolicyCollection.Name)]
public sealed class ProtectionPolicyTests(ProtectionPolicyFixture fixture) : BrowserTest(fixture)
{
    private static readonly Actor Security = new("security@acme.test", SecurityId);

    [Fact]
    public Task DelegatedAdministrator_CreatesAppliesAndRunsPolicyOnImportantGroup_MemberSeesNoneOfIt() => RunAsync(async () =>
    {
        var services = Fixture.App.Services;
        var security = await SecurityManagesProductionFolderAsync();
        var shell = new ConsoleShell(security);
        var policies = new ProtectionPoliciesPage(security);

        // The selection the preview scores: acme-security and the two Production accounts.
        await shell.NavLink("Protection Policy Center").ClickAsync();
        await Expect(policies.Heading).ToBeVisibleAsync();
        await Expect(policies.EmptyState).ToContainTextAsync("No protection policies yet");
        var switcher = new AccountSwitcher(security);
        await switcher.OpenAsync();
        await switcher.ToggleAsync(AccountSwitcher.Label("acme-prod-web", ProdWebId), AccountSwitcher.Label("acme-prod-data", ProdDataId));
        await switcher.CloseAsync();
        await ShootAsync(security, "policies-empty");

        // Create Protection Policy: name, the Important group with its Detect Resources count, two sub-policies.
        await policies.CreateLink.ClickAsync();
        await Expect(policies.CurrentStep).ToHaveTextAsync("1. Basic information");
        await policies.Next.ClickAsync();
        await Expect(security.GetByText("The policy name is required.")).ToBeVisibleAsync();
        await policies.Name.FillAsync("Important nightly");
        await policies.GoToNextStepAsync("2. Resource groups");
        var important = (await services.GetRequiredService<ResourceGroupService>().ListAsync(Security)).Single(g => g.Name == "Important");
        var detected = await services.GetRequiredService<ResourceGroupService>().DetectAsync(Security, important.Matcher);
        await policies.Group("Important").CheckAsync();
        await Expect(security.GetByTestId($"group-detection-{important.Id}"))
            .ToHaveTextAsync($"Detect Resources: {detected.ResourceCount} resources across {detected.AccountCount} accounts");
        await policies.GoToNextStepAsync("3. Sub-policies");
        await Expect(policies.SubPolicy(1)).ToHaveAttributeAsync("aria-label", "Sub-policy 1: Cloud Backup for ECS");
        // Vault replication into the region most of the group's ECS instances live in: a documented failure for those.
        var ownRegion = detected.Resources.Where(r => r.Product == ProductType.Ecs).GroupBy(r => r.RegionId).OrderByDescending(g => g.Count()).First().Key;
        await policies.SubPolicy(1).GetByRole(AriaRole.Switch, new() { Name = "Backup vault cross-region replication" }).CheckAsync();
        await policies.SubPolicy(1).GetByRole(AriaRole.Combobox, new() { Name = "Target region" }).ClickAsync();
        await security.GetByRole(AriaRole.Option, new() { Name = $"{Regions.Find(ownRegion)!.Name} ({ownRegion})", Exact = true }).ClickAsync();
        await policies.AddSubPolicy.ClickAsync();
        await Expect(policies.SubPolicy(2)).ToHaveAttributeAsync("aria-label", "Sub-policy 2: ECS automatic snapshot policy");
        await ShootAsync(security, "policy-editor-snapshot");
        await policies.ChooseKindAsync(2, "OSS versioning");
        await ShootAsync(security, "policy-editor-sub-policies");
        await policies.GoToNextStepAsync("4. Impact preview");

        // The impact preview is Core's, for the selected accounts.
        var input = new PolicyInput("Important nightly", null, [important.Id],
            [new SubPolicyInput(SubPolicyKind.CloudBackupEcs, CronExpression: "0 2 * * *", RetentionDays: 30, VaultReplication: true, TargetRegionId: ownRegion), new SubPolicyInput(SubPolicyKind.OssVersioning)]);
        var preview = await services.GetRequiredService<ProtectionPolicyService>().PreviewAsync(Security, input, [SecurityId, ProdWebId, ProdDataId]);
        await Expect(policies.PreviewScore("now")).ToHaveTextAsync(OverviewPage.FormatScore(preview.Score.Now));
        await Expect(policies.PreviewScore("applied")).ToHaveTextAsync(OverviewPage.FormatScore(preview.Score.AfterApplying));
        await Expect(policies.PreviewScore("first-run")).ToHaveTextAsync(OverviewPage.FormatScore(preview.Score.AfterFirstRun));
        foreach (var sub in preview.SubPolicies)
        {
            await Expect(policies.PreviewSubPolicy(sub.Index)).ToContainTextAsync($"{sub.AlreadyProtected} already protected · {sub.CannotApply} cannot apply");
            foreach (var unapplicable in sub.Unapplicable)
                await Expect(policies.PreviewSubPolicy(sub.Index)).ToContainTextAsync($"({unapplicable.AccountName}): {unapplicable.Reason}");
        }
        await ShootAsync(security, "policy-editor-preview");

        // Create and apply: the policy's page follows the applications to their end, per resource.
        await policies.CreateAndApply.ClickAsync();
        await Expect(security).ToHaveURLAsync(new Regex(@"/protection-policies/\d+$"));
        var policyId = int.Parse(new Uri(security.Url).Segments[^1], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(policies.Coverage).Not.ToContainTextAsync("pending", new() { Timeout = 60_000 });
        var row = (await services.GetRequiredService<ProtectionPolicyService>().ListAsync(Security)).Single(p => p.Id == policyId);
        await Expect(policies.Coverage).ToHaveTextAsync(PolicyWords(row.Coverage));
        await policies.Tab("Applications").ClickAsync();
        await Expect(policies.Applications).ToBeVisibleAsync();
        var failed = await services.GetRequiredService<ProtectionPolicyService>()
            .ListApplicationsAsync(Security, new ApplicationQuery(policyId, ApplicationStatus.Failed));
        var succeeded = await services.GetRequiredService<ProtectionPolicyService>()
            .ListApplicationsAsync(Security, new ApplicationQuery(policyId, ApplicationStatus.Succeeded, PageSize: 1));
        await Expect(policies.ApplicationStatus(succeeded.Items[0].ResourceId).First).ToContainTextAsync("Succeeded");
        Assert.True(failed.TotalCount > 0, "Replicating into an instance's own region fails (README failure rules).");
        Assert.Equal(preview.SubPolicies.Sum(s => s.CannotApply), failed.TotalCount);
        await security.GetByRole(AriaRole.Combobox, new() { Name = "Status" }).ClickAsync();
        await security.GetByRole(AriaRole.Option, new() { Name = "Failed", Exact = true }).ClickAsync();
        var firstFailure = failed.Items[0];
        await Expect(policies.ApplicationStatus(firstFailure.ResourceId).First).ToContainTextAsync($"Failed{firstFailure.FailureReason}");
        await ShootAsync(security, "policy-applications");

        // A protected resource lists the policy among its protection sources, with a link back to it.
        var protectedResource = succeeded.Items[0];
        await shell.GotoAsync($"/resource-center/resources/{Uri.EscapeDataString(protectedResource.ResourceId)}");
        var sources = security.GetByTestId("protection-sources");
        await Expect(sources).ToContainTextAsync($"Policy Important nightly / sub-policy {(protectedResource.Kind == SubPolicyKind.OssVersioning ? "OSS versioning" : "Cloud Backup for ECS")}");
        await sources.GetByRole(AriaRole.Link, new() { Name = "Open policy" }).First.ClickAsync();
        await Expect(security).ToHaveURLAsync(new Regex($"/protection-policies/{policyId}$"));
        await policies.Tab("Execution history").ClickAsync();

        // Run now: the page follows the executions to their end; the bell counts the new message at once.
        var messages = services.GetRequiredService<PolicyMessageService>();
        var unreadBefore = await messages.CountUnreadAsync(Security);
        var bell = new MessagesBell(security);
        await Expect(bell.Button).ToHaveAttributeAsync("aria-label", Unread(unreadBefore));
        await policies.RunNow.ClickAsync();
        await Expect(policies.RunNowSummary).ToContainTextAsync("Run now finished", new() { Timeout = 60_000 });
        await Expect(policies.Executions.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Run now");
        var unreadAfter = await messages.CountUnreadAsync(Security);
        Assert.True(unreadAfter > unreadBefore, "Run now sends a message to the policy's owner.");
        await Expect(bell.Button).ToHaveAttributeAsync("aria-label", Unread(unreadAfter));
        await ShootAsync(security, "policy-executions");
        await policies.GotoAsync();
        await Expect(policies.PolicyLink("Important nightly")).ToBeVisibleAsync();
        await Expect(policies.Policies).ToContainTextAsync("Succeeded");
        await ShootAsync(security, "policies-list");
        await bell.Button.ClickAsync();
        await Expect(shell.MainHeading).ToHaveTextAsync("Messages");
        await Expect(security.GetByLabel("Messages", new() { Exact = true }).First.GetByRole(AriaRole.Link, new() { Name = "Important nightly" }).First).ToBeVisibleAsync();
        await ShootAsync(security, "messages");

        // The Overview of the selection shows the score the preview announced for after the first successful run.
        var overview = new OverviewPage(security);
        await shell.NavLink("Overview").ClickAsync();
        await Expect(overview.Score).ToHaveTextAsync(OverviewPage.FormatScore(preview.Score.AfterFirstRun));

        // Removing acme-prod-web's folder (Root/Production) from management takes its resources out of the policy.
        var crossAccount = new CrossAccountPage(security);
        await crossAccount.GotoAsync();
        var accountManagement = await crossAccount.OpenAccountManagementAsync();
        await accountManagement.DeselectAsync("Folder Root/Production");
        await accountManagement.SaveAsync(confirmRemoval: true);
        await new ConsoleShell(security).GotoAsync($"/protection-policies/{policyId}");
        await Expect(policies.Coverage).ToContainTextAsync("across 1 account");
        var left = (await services.GetRequiredService<ProtectionPolicyService>().ListAsync(Security)).Single(p => p.Id == policyId);
        await Expect(policies.Coverage).ToHaveTextAsync(PolicyWords(left.Coverage));
        var remaining = await services.GetRequiredService<ProtectionPolicyService>().ListApplicationsAsync(Security, new ApplicationQuery(policyId, PageSize: 100));
        Assert.All(remaining.Items, a => Assert.Equal(SecurityId, a.AccountId));
        await policies.Tab("Applications").ClickAsync();
        await Expect(policies.Applications.GetByText("acme-prod-web")).ToHaveCountAsync(0);

        // acme-prod-web sees none of it, and creates its own policy on its own group.
        var web = await SignInAsAsync("web@acme.test");
        var webPolicies = new ProtectionPoliciesPage(web);
        await webPolicies.GotoAsync();
        await Expect(webPolicies.EmptyState).ToContainTextAsync("Your account has no resource groups");
        await Expect(new MessagesBell(web).Button).ToHaveAttributeAsync("aria-label", "Messages, none unread");
        await new ConsoleShell(web).GotoAsync($"/protection-policies/{policyId}");
        await Expect(new ConsoleShell(web).MainHeading).ToHaveTextAsync("Not found");
        await Expect(web.GetByText("Important nightly")).ToHaveCountAsync(0);
        var groups = new ResourceGroupsPage(web);
        await groups.GotoAsync();
        var editor = await groups.OpenCreateAsync();
        await editor.Name.FillAsync("Web important");
        await editor.SetEqualConditionAsync(1, "important", "true");
        await editor.SaveAsync();
        await webPolicies.GotoAsync();
        await webPolicies.CreateLink.ClickAsync();
        await webPolicies.Name.FillAsync("Web versioning");
        await webPolicies.GoToNextStepAsync("2. Resource groups");
        await webPolicies.Group("Web important").CheckAsync();
        await webPolicies.GoToNextStepAsync("3. Sub-policies");
        await webPolicies.ChooseKindAsync(1, "OSS versioning");
        await webPolicies.GoToNextStepAsync("4. Impact preview");
        await Expect(webPolicies.PreviewSubPolicy(0)).ToContainTextAsync("OSS versioning");
        await webPolicies.CreateAndApply.ClickAsync();
        await Expect(web).ToHaveURLAsync(new Regex(@"/protection-policies/\d+$"));
        await webPolicies.GotoAsync();
        await Expect(webPolicies.PolicyLink("Web versioning")).ToBeVisibleAsync();
        await Expect(webPolicies.Policies.GetByRole(AriaRole.Link, new() { Name = "Important nightly" })).ToHaveCountAsync(0);
        await ShootAsync(web, "member-policies");
        Assert.DoesNotContain((await services.GetRequiredService<ProtectionPolicyService>().ListAsync(Security)), p => p.Name == "Web versioning");
    });

    private static string Unread(int count) => count == 0 ? "Messages, none unread" : $"Messages, {count} unread";

    private static string PolicyWords(PolicyCoverage c) =>
        $"{c.Applied} resource{(c.Applied == 1 ? "" : "s")} applied · {c.Succeeded} succeeded · {c.Failed} failed · across {c.Accounts} account{(c.Accounts == 1 ? "" : "s")}";

    private static Task ShootAsync(IPage page, string name) => Screens.SaveAtBothWidthsAsync(page, name);
}
