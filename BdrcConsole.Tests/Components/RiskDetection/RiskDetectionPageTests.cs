using BdrcConsole.Components.Pages.RiskDetection;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.RiskDetection;

public class RiskDetectionPageTests : BdrcBunitContext
{
    private RiskDetectionService Risks => Services.GetRequiredService<RiskDetectionService>();

    [Fact]
    public async Task Render_PanoramaLinkForOneSelectedAccount_ListsThatAccountsRisksOnly()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Services.GetRequiredService<AccountSelection>().Select([SecurityId, ProdWebId]);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/risk-detection?rule=oss-vault-replication&account={ProdWebId}");
        var expected = await Risks.CountRisksAsync(Actors.Security, new RiskQuery([ProdWebId]) { RuleId = "oss-vault-replication" });
        var both = await Risks.CountRisksAsync(Actors.Security, new RiskQuery([SecurityId, ProdWebId]) { RuleId = "oss-vault-replication" });
        Assert.NotEqual(both.Total, expected.Total);

        var page = RenderWithDialogs<RiskDetectionPage>();

        page.WaitForAssertion(() => Assert.Equal(expected.Total.ToString(), page.Find("[data-testid=risk-count-total]").TextContent.Trim()));
        Assert.StartsWith("Account: acme-prod-web", page.Find("[data-testid=risk-accounts]").TextContent.Trim());
    }
}
