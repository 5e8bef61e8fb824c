using System.Globalization;
using BdrcConsole.Components.Pages.Overview;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.Overview;

/// <summary>Preview and Download Report on the Overview: the dialog starts from the page's filters and previews Core's numbers.</summary>
public class ProtectionReportDialogTests : BdrcBunitContext
{
    [Fact]
    public async Task Open_TwoAccountsAndAGroup_PreviewsTheOverviewsScoreAndLinksThePdfForTheSameFilters()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Services.GetRequiredService<AccountSelection>().Select([SecurityId, ProdWebId]);
        var important = (await Services.GetRequiredService<ResourceGroupService>().ListAsync(Actors.Security)).Single(g => g.Name == "Important").Id;
        var expected = await Services.GetRequiredService<OverviewService>().GetDashboardAsync(Actors.Security, new OverviewQuery([SecurityId, ProdWebId], important));
        var score = expected.Score!.Value.ToString("0.0", CultureInfo.InvariantCulture);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/overview?group={important}");
        var page = RenderWithDialogs<OverviewPage>();
        page.WaitForAssertion(() => Assert.Equal(score, page.Find("[data-testid=overview-score]").TextContent.Trim()));

        WaitForButton(page, "Preview and Download Report").Click();

        page.WaitForAssertion(() => Assert.Equal(score, page.Find("[data-testid=report-score]").TextContent.Trim()));
        Assert.Equal("acme-security, acme-prod-web", page.Find("[data-testid=report-accounts]").TextContent.Trim());
        Assert.Equal("Important", page.Find("[data-testid=report-group]").TextContent.Trim());
        var download = page.FindAll("a").Single(a => a.TextContent.Trim() == "Download Report");
        Assert.Equal($"/reports/protection.pdf?accounts={SecurityId},{ProdWebId}&group={important}", download.GetAttribute("href"));
        Assert.True(download.HasAttribute("download"), "The link must be a download, or Blazor's router would take it.");
    }
}
