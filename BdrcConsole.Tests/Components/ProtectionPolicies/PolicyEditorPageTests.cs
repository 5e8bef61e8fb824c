using System.Globalization;
using AngleSharp.Dom;
using BdrcConsole.Components.Pages.ProtectionPolicies;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.Components.ProtectionPolicies;

/// <summary>The Create Protection Policy editor: Core's field messages block Next; the preview step shows Core's preview.</summary>
public class PolicyEditorPageTests : BdrcBunitContext
{
    private async Task<int> ImportantGroupIdAsync() =>
        (await Services.GetRequiredService<ResourceGroupService>().ListAsync(Actors.Security)).Single(g => g.Name == "Important").Id;

    private static IElement InputLabelled(IRenderedComponent<ContainerFragment> page, string label)
    {
        var id = page.FindAll("label").First(l => l.TextContent.Trim().StartsWith(label, StringComparison.Ordinal)).GetAttribute("for");
        return page.Find($"#{id}");
    }

    private static string CurrentStep(IRenderedComponent<ContainerFragment> page) => page.Find("[aria-current=step]").TextContent.Trim();

    private static void Next(IRenderedComponent<ContainerFragment> page) => ButtonWithText(page, "Next").Click();

    [Fact]
    public async Task Next_MissingName_ShowsTheFieldErrorAndStaysOnBasicInformation()
    {
        await SignInAsync(Actors.Security);
        var page = RenderWithDialogs<PolicyEditorPage>();
        page.WaitForAssertion(() => Assert.Equal("1. Basic information", CurrentStep(page)));

        Next(page);

        page.WaitForAssertion(() => Assert.Contains("The policy name is required.", page.Markup));
        Assert.Equal("1. Basic information", CurrentStep(page));

        InputLabelled(page, "Policy name").Input("Nightly");
        page.WaitForAssertion(() => Assert.DoesNotContain("The policy name is required.", page.Markup));
        Next(page);
        page.WaitForAssertion(() => Assert.Equal("2. Resource groups", CurrentStep(page)));
    }

    [Fact]
    public async Task Next_CronMoreFrequentThanHourly_ShowsTheErrorUnderTheScheduleAndStaysOnSubPolicies()
    {
        var groupId = await ImportantGroupIdAsync();
        await SignInAsync(Actors.Security);
        var page = RenderWithDialogs<PolicyEditorPage>();
        page.WaitForAssertion(() => InputLabelled(page, "Policy name"));
        InputLabelled(page, "Policy name").Input("Nightly");
        Next(page);
        page.WaitForAssertion(() => Assert.Equal("2. Resource groups", CurrentStep(page)));

        Next(page);
        page.WaitForAssertion(() => Assert.Contains("Choose at least one resource group.", page.Markup));
        Assert.Equal("2. Resource groups", CurrentStep(page));
        page.Find($"[data-testid=group-choice-{groupId}] input").Change(true);
        page.WaitForAssertion(() => Assert.Matches(@"Detect Resources: \d+ resources? across 1 account", page.Find($"[data-testid=group-detection-{groupId}]").TextContent));
        Next(page);
        page.WaitForAssertion(() => Assert.Equal("3. Sub-policies", CurrentStep(page)));

        InputLabelled(page, "Backup schedule").Input("*/5 * * * *");
        Next(page);

        page.WaitForAssertion(() => Assert.Contains("runs more often than hourly", page.Find("[data-testid=sub-policy-0] .mud-input-helper-text.mud-input-error").TextContent));
        Assert.Equal("3. Sub-policies", CurrentStep(page));

        InputLabelled(page, "Backup schedule").Input("not a cron");
        page.WaitForAssertion(() => Assert.Contains("is not a valid five-field cron expression", page.Find("[data-testid=sub-policy-0]").TextContent));
        Next(page);
        Assert.Equal("3. Sub-policies", CurrentStep(page));
    }

    [Fact]
    public async Task PreviewStep_ValidPolicy_ShowsCoresPreviewNumbers()
    {
        var groupId = await ImportantGroupIdAsync();
        await SignInAsync(Actors.Security);
        var selected = Services.GetRequiredService<AccountSelection>().SelectedAccountIds.ToList();
        var expected = await Services.GetRequiredService<ProtectionPolicyService>().PreviewAsync(Actors.Security,
            new PolicyInput("Nightly", null, [groupId], [new SubPolicyInput(SubPolicyKind.CloudBackupEcs, CronExpression: "0 2 * * *", RetentionDays: 30)]), selected);

        var page = RenderWithDialogs<PolicyEditorPage>();
        page.WaitForAssertion(() => InputLabelled(page, "Policy name"));
        InputLabelled(page, "Policy name").Input("Nightly");
        Next(page);
        page.WaitForAssertion(() => page.Find($"[data-testid=group-choice-{groupId}] input"));
        page.Find($"[data-testid=group-choice-{groupId}] input").Change(true);
        Next(page);
        page.WaitForAssertion(() => Assert.Equal("3. Sub-policies", CurrentStep(page)));
        Next(page);

        page.WaitForAssertion(() => Assert.Equal("4. Impact preview", CurrentStep(page)));
        page.WaitForAssertion(() => page.Find("[data-testid=preview-score-now]"));
        Assert.Equal(Format(expected.Score.Now), page.Find("[data-testid=preview-score-now]").TextContent.Trim());
        Assert.Equal(Format(expected.Score.AfterApplying), page.Find("[data-testid=preview-score-applied]").TextContent.Trim());
        Assert.Equal(Format(expected.Score.AfterFirstRun), page.Find("[data-testid=preview-score-first-run]").TextContent.Trim());
        var sub = expected.SubPolicies.Single();
        Assert.True(sub.Resources > 0);
        Assert.Contains($"{sub.Resources} resource", page.Find("[data-testid=preview-sub-policy-0]").TextContent);
        Assert.Contains($"{sub.AlreadyProtected} already protected · {sub.CannotApply} cannot apply", page.Find("[data-testid=preview-sub-policy-0]").TextContent);
        Assert.NotNull(WaitForButton(page, "Create and apply"));
    }

    private static string Format(double? score) => score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";
}
