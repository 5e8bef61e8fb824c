using BdrcConsole.Components.Pages.Overview;
using BdrcConsole.Components.Pages.RiskDetection;
using BdrcConsole.Components.Shared;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.RiskDetection;

/// <summary>The "Detect now" component that the Overview and Risk Detection share.</summary>
public class DetectNowTests : BdrcBunitContext
{
    private DetectionService Detection => Services.GetRequiredService<DetectionService>();
    private RiskDetectionService Risks => Services.GetRequiredService<RiskDetectionService>();

    private async Task<string> ExcludeFirstSandboxResourceAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<BdrcConsole.Core.Data.BdrcDbContext>>().CreateDbContextAsync();
        var id = await db.Resources.Where(r => r.AccountId == SandboxId && r.RiskCount > 0).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        await Detection.SetResourceExcludedAsync(Actors.Sandbox, id, excluded: true);
        return id;
    }

    private static string Summary<T>(IRenderedComponent<T> page) where T : IComponent =>
        page.Find("[data-testid=detection-summary]").TextContent.Trim();

    [Fact]
    public async Task DetectNow_RiskDetectionWithAnExcludedResource_CountsWhatTheTilesCountAndSaysWhatItLeavesOut()
    {
        await SignInAsync(Actors.Sandbox);
        await ExcludeFirstSandboxResourceAsync();
        var page = RenderWithDialogs<RiskDetectionPage>();
        page.WaitForAssertion(() => Assert.NotEqual("–", page.Find("[data-testid=risk-count-total]").TextContent.Trim()));

        await page.InvokeAsync(() => ButtonWithText(page, "Detect now").Click());

        page.WaitForAssertion(() => Assert.StartsWith("Detection finished", Summary(page)));
        var counts = await Risks.CountRisksAsync(Actors.Sandbox, new RiskQuery([SandboxId]));
        Assert.Equal(1, counts.Resources.ExcludedResources);
        Assert.Equal($"Detection finished in 1 account: {counts.Resources.Resources} resources · 1 excluded from checks, {counts.Total} risks.", Summary(page));
        Assert.Equal(counts.Total.ToString(), page.Find("[data-testid=risk-count-total]").TextContent.Trim());
    }

    [Fact]
    public async Task DetectNow_FiltersChangeAfterwards_TheMessageGoesWithTheNumbersItDescribed()
    {
        await SignInAsync(Actors.Sandbox);
        var list = Render<RiskList>(p => p.Add(l => l.AccountIds, [SandboxId]).Add(l => l.Filters, new RiskFilters()));
        await list.InvokeAsync(() => ButtonWithText(list, "Detect now").Click());
        list.WaitForAssertion(() => Assert.StartsWith("Detection finished", Summary(list)));

        list.Render(p => p.Add(l => l.Filters, new RiskFilters(Severity: RiskSeverity.High)));

        list.WaitForAssertion(() => Assert.Empty(list.FindAll("[data-testid=detection-summary]")));
    }

    [Fact]
    public async Task DetectNow_Overview_SaysTheSameAsRiskDetectionAndTheResourcesTile()
    {
        await SignInAsync(Actors.Sandbox);
        await ExcludeFirstSandboxResourceAsync();
        var page = RenderWithDialogs<OverviewPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=overview-resources]"));

        await page.InvokeAsync(() => ButtonWithText(page, "Detect now").Click());

        page.WaitForAssertion(() => Assert.StartsWith("Detection finished", Summary(page)));
        var counts = await Risks.CountRisksAsync(Actors.Sandbox, new RiskQuery([SandboxId]));
        Assert.Contains(ResourceTallyText.Describe(counts.Resources), Summary(page));
        Assert.Equal(ResourceTallyText.Describe(counts.Resources), page.Find("[data-testid=overview-tally]").TextContent.Trim());
        Assert.Equal(counts.Resources.Resources.ToString(), page.Find("[data-testid=overview-resources]").TextContent.Trim());
    }
    [Fact]
    public async Task DetectNow_ResourcesChanged_SaysTheWorkToDoThenNothingAfterDetecting()
    {
        await SignInAsync(Actors.Sandbox);
        var exclusions = await ExcludeFirstSandboxResourceAsync();
        await using (var db = await Services.GetRequiredService<IDbContextFactory<BdrcConsole.Core.Data.BdrcDbContext>>().CreateDbContextAsync())
            await db.Resources.Where(r => r.AccountId == SandboxId && r.Id != exclusions).Take(1).ExecuteUpdateAsync(s => s.SetProperty(r => r.ChangesSinceDetection, 1));
        var list = Render<RiskList>(p => p.Add(l => l.AccountIds, [SandboxId]).Add(l => l.Filters, new RiskFilters()));
        list.WaitForAssertion(() => Assert.Equal("2 resources changed since the last detection", list.Find("[data-testid=detection-work]").TextContent.Trim()));

        await list.InvokeAsync(() => ButtonWithText(list, "Detect now").Click());

        list.WaitForAssertion(() => Assert.StartsWith("Detection finished", Summary(list)));
        Assert.Equal("Nothing changed since the last detection", list.Find("[data-testid=detection-work]").TextContent.Trim());
    }

    [Fact]
    public async Task FullRedetection_IsASecondaryActionBesideDetectNow_AndDetectsEveryResource()
    {
        await SignInAsync(Actors.Sandbox);
        var list = Render<RiskList>(p => p.Add(l => l.AccountIds, [SandboxId]).Add(l => l.Filters, new RiskFilters()));

        await list.InvokeAsync(() => ButtonWithText(list, "Full re-detection").Click());

        list.WaitForAssertion(() => Assert.StartsWith("Detection finished in 1 account", Summary(list)));
        Assert.Equal("Nothing changed since the last detection", list.Find("[data-testid=detection-work]").TextContent.Trim());
    }
}
