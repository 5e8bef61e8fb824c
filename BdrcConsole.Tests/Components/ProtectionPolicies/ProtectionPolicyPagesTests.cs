using AngleSharp.Dom;
using BdrcConsole.Components.Pages.ProtectionPolicies;
using BdrcConsole.Core.Domain.Policies;
using BdrcConsole.Core.Features.Policies;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.Components.ProtectionPolicies;

/// <summary>The Protection Policy Center list, a policy's page and the edit of a stale copy.</summary>
public class ProtectionPolicyPagesTests : BdrcBunitContext
{
    private ProtectionPolicyService Policies => Services.GetRequiredService<ProtectionPolicyService>();

    private async Task<int> CreatePolicyAsync(string name = "Nightly")
    {
        var important = (await Services.GetRequiredService<ResourceGroupService>().ListAsync(Actors.Security)).Single(g => g.Name == "Important");
        return await Policies.CreateAsync(Actors.Security, new PolicyInput(name, null, [important.Id],
            [new SubPolicyInput(SubPolicyKind.CloudBackupEcs, CronExpression: "0 2 * * *", RetentionDays: 30)]));
    }

    private IRenderedComponent<ContainerFragment> RenderPage<TPage>(int policyId) where TPage : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudBlazor.MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudBlazor.MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(3);
            builder.AddComponentParameter(4, "PolicyId", policyId);
            builder.CloseComponent();
        });

    private static IElement Button(IRenderedComponent<ContainerFragment> page, string ariaLabel) => page.Find($"[aria-label='{ariaLabel}']");

    [Fact]
    public async Task List_NoPolicies_ExplainsPoliciesAndOffersCreate()
    {
        await SignInAsync(Actors.Security);

        var page = RenderWithDialogs<ProtectionPolicyCenterPage>();

        page.WaitForAssertion(() => Assert.Contains("No protection policies yet", page.Find("[data-testid=policies-empty]").TextContent));
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "/protection-policies/create");
        // acme-security has resource groups: no pointer to Resource Group Management.
        Assert.DoesNotContain("Your account has no resource groups", page.Markup);
    }

    [Fact]
    public async Task List_PauseThenDelete_ShowsPausedAndAsksWithWhatDeletionTakesOut()
    {
        var id = await CreatePolicyAsync();
        await SignInAsync(Actors.Security);
        var page = RenderWithDialogs<ProtectionPolicyCenterPage>();
        page.WaitForAssertion(() => Assert.Contains("Nightly", page.Find("table").TextContent));
        var coverage = (await Policies.ListAsync(Actors.Security)).Single().Coverage;
        Assert.Contains(PolicyWords.Coverage(coverage), page.Find($"[data-testid=policy-coverage-{id}]").TextContent);

        Button(page, "Pause Nightly").Click();
        page.WaitForAssertion(() => Assert.Contains("Paused", page.Find("tbody tr").TextContent));
        Assert.True((await Policies.GetAsync(Actors.Security, id)).Policy.Paused);

        Button(page, "Delete Nightly").Click();
        var impact = await Policies.DescribeDeletionAsync(Actors.Security, id);
        page.WaitForAssertion(() => Assert.Contains(
            $"Its {PolicyWords.Plural(impact.Applications, "application")} on {PolicyWords.Plural(impact.Resources, "resource")}",
            page.Find(".mud-dialog").TextContent));
        page.Find(".mud-dialog").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.Contains("No protection policies yet", page.Find("[data-testid=policies-empty]").TextContent));
        Assert.Empty(await Policies.ListAsync(Actors.Security));
    }

    [Fact]
    public async Task PolicyPage_AnotherAccountsPolicy_ShowsNotFoundAndNoData()
    {
        var id = await CreatePolicyAsync("Security only");
        await SignInAsync(Actors.ProdWeb);

        var page = RenderPage<PolicyPage>(id);

        page.WaitForAssertion(() => Assert.Contains("Not found", page.Find("h1").TextContent));
        Assert.DoesNotContain("Security only", page.Markup);
    }

    [Fact]
    public async Task RunNow_ExecutionsEnd_ProgressFollowsThemAndTheHistoryShowsTheRun()
    {
        var id = await CreatePolicyAsync();
        await Services.GetRequiredService<PolicyApplicationEngine>().CompletePendingAsync();
        await SignInAsync(Actors.Security);
        var page = RenderPage<PolicyPage>(id);
        page.WaitForAssertion(() => Assert.Contains("Nightly", page.Find("h1").TextContent));

        ButtonWithText(page, "Run now").Click();

        page.WaitForAssertion(() => Assert.Contains("Running: 0 of 1 execution finished", page.Find("[data-testid=run-now-progress]").TextContent));
        Assert.True(ButtonWithText(page, "Run now").HasAttribute("disabled"));

        // The scheduler's work, done here: the runner completes the execution and the feed tells the page.
        await Services.GetRequiredService<PolicyExecutionRunner>().TickAsync();

        page.WaitForAssertion(() => Assert.Contains("Run now finished", page.Find("[data-testid=run-now-summary]").TextContent));
        var execution = (await Policies.ListExecutionsAsync(Actors.Security, id)).Items.Single();
        Assert.Contains($"Run now finished: {PolicyWords.Plural(execution.ResourcesSucceeded, "resource")} backed up", page.Find("[data-testid=run-now-summary]").TextContent);
        page.WaitForAssertion(() => Assert.Contains("Run now", page.FindAll("[aria-label='Execution history'] tbody tr").Single().TextContent));
        Assert.False(ButtonWithText(page, "Run now").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Edit_CopyChangedMeanwhile_SaveIsRefusedAndReloadShowsTheSavedCopy()
    {
        var id = await CreatePolicyAsync();
        await SignInAsync(Actors.Security);
        var page = RenderPage<PolicyEditorPage>(id);
        page.WaitForAssertion(() => Assert.Contains("Edit Protection Policy Nightly", page.Find("h1").TextContent));

        // Someone else saves the policy meanwhile.
        var saved = await Policies.GetAsync(Actors.Security, id);
        await Policies.UpdateAsync(Actors.Security, id, saved.Input with { Name = "Nightly (renamed)" });

        foreach (var step in new[] { "2. Resource groups", "3. Sub-policies", "4. Impact preview" })
        {
            ButtonWithText(page, "Next").Click();
            page.WaitForAssertion(() => Assert.Equal(step, page.Find("[aria-current=step]").TextContent.Trim()));
        }
        page.WaitForAssertion(() => Assert.False(ButtonWithText(page, "Save").HasAttribute("disabled")));
        ButtonWithText(page, "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("was modified by", page.Find("[data-testid=editor-refusal]").TextContent));
        page.Find("[data-testid=editor-refusal] button").Click();

        page.WaitForAssertion(() => Assert.Equal("1. Basic information", page.Find("[aria-current=step]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Equal("Nightly (renamed)", page.Find("input").GetAttribute("value")));
    }
}
