using BdrcConsole.Components.Pages.RiskDetection;
using BdrcConsole.Core.Features.Detection;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.RiskDetection;

/// <summary>Risk Detection's "View excluded": what is excluded from checks, and including it again.</summary>
public class ExclusionsDialogTests : BdrcBunitContext
{
    private DetectionService Detection => Services.GetRequiredService<DetectionService>();

    [Fact]
    public async Task IncludeInChecks_ExcludedResource_LeavesTheListAndRisksCountItAgain()
    {
        await SignInAsync(Actors.Sandbox);
        string id, name;
        int resources;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<BdrcConsole.Core.Data.BdrcDbContext>>().CreateDbContextAsync())
        {
            var resource = await db.Resources.Where(r => r.AccountId == SandboxId).OrderBy(r => r.Id).FirstAsync();
            (id, name) = (resource.Id, resource.Name);
            resources = await db.Resources.CountAsync(r => r.AccountId == SandboxId);
        }
        await Detection.SetResourceExcludedAsync(Actors.Sandbox, id, excluded: true);
        var page = RenderWithDialogs<RiskDetectionPage>();
        page.WaitForAssertion(() => Assert.Equal($"{resources} resources · 1 excluded from checks", page.Find("[data-testid=risk-excluded-resources]").TextContent.Trim()));

        await page.InvokeAsync(() => WaitForButton(page, "View excluded").Click());

        page.WaitForAssertion(() =>
        {
            var table = page.FindAll("table").Single(t => t.QuerySelector("caption")?.TextContent.Trim() == "Resources excluded one by one (1)");
            Assert.Contains(name, table.TextContent);
        });
        await page.InvokeAsync(() => page.Find($"button[aria-label='Include {name} in checks']").Click());
        page.WaitForAssertion(() => Assert.Equal("Nothing is excluded from checks in the selected accounts.", page.Find("[data-testid=exclusions-empty]").TextContent.Trim()));
        await page.InvokeAsync(() => ButtonWithText(page, "Close").Click());
        page.WaitForAssertion(() => Assert.Equal($"{resources} resources · 0 excluded from checks", page.Find("[data-testid=risk-excluded-resources]").TextContent.Trim()));
        Assert.Equal(0, (await Services.GetRequiredService<RiskDetectionService>().ListExclusionsAsync(Actors.Sandbox, [SandboxId])).TotalResources);
    }
}
