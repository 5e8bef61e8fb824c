using System.Globalization;
using BdrcConsole.Components.Pages.ResourceCenter;
using BdrcConsole.Core.Data;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.ResourceCenter;

public class ResourceDetailPageTests : BdrcBunitContext
{
    [Fact]
    public async Task Render_RiskyResource_ShowsItsScoreStarsAndEveryCheckItemWithItsResult()
    {
        await SignInAsync(Actors.Sandbox);
        string id;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<BdrcDbContext>>().CreateDbContextAsync())
            id = await db.Resources.Where(r => r.AccountId == SandboxId && r.RiskCount > 0 && r.Score != null).OrderBy(r => r.Score).Select(r => r.Id).FirstAsync();
        var expected = await Services.GetRequiredService<ResourceQueryService>().GetDetailAsync(Actors.Sandbox, id);

        var page = Render<ResourceDetailPage>(p => p.Add(d => d.ResourceId, id));

        page.WaitForAssertion(() => Assert.Equal(expected.Checks.Score!.Value.ToString("0.0", CultureInfo.InvariantCulture), page.Find("[data-testid=resource-score]").TextContent.Trim()));
        Assert.Equal($"{expected.Checks.Stars} of 5 stars", page.Find("[data-testid=resource-stars]").GetAttribute("aria-label"));
        Assert.Equal($"{expected.Checks.Risks} risk{(expected.Checks.Risks == 1 ? "" : "s")}", page.Find("[data-testid=resource-risks]").TextContent.Trim());
        foreach (var result in expected.Checks.Items)
        {
            var row = page.Find($"[data-testid=check-{result.Item.RuleId}]");
            Assert.Contains(ResourceDetailView.StatusLabel(result.Status), row.TextContent);
            if (result.Status == global::BdrcConsole.Core.Domain.Scoring.CheckStatus.Failed)
                Assert.Contains(result.Item.Recommendation, row.TextContent);
        }
    }
}
