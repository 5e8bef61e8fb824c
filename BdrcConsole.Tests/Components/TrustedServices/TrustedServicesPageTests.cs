using BdrcConsole.Components.Pages.TrustedServices;
using BdrcConsole.Tests.TestSupport;
using Bunit;

namespace BdrcConsole.Tests.Components.TrustedServices;

public class TrustedServicesPageTests : BdrcBunitContext
{
    [Fact]
    public async Task Render_ManagementAccount_ListsBdrcWithManageLink()
    {
        await SignInAsync(Actors.Management);

        var page = Render<TrustedServicesPage>();

        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(page.FindAll("tbody tr"));
            Assert.Contains("BDRC", row.TextContent);
            Assert.Contains("Backup and Disaster Recovery Center", row.TextContent);
            var manage = row.QuerySelector("a[aria-label='Manage BDRC']");
            Assert.NotNull(manage);
            Assert.Equal("Manage", manage.TextContent.Trim());
            Assert.Equal("/trusted-services/bdrc", manage.GetAttribute("href"));
        });
        Assert.DoesNotContain("No access", page.Markup);
    }

    [Fact]
    public async Task Render_MemberAccount_ShowsNoAccess()
    {
        await SignInAsync(Actors.Security);

        var page = Render<TrustedServicesPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("No access", page.Find("h1").TextContent.Trim());
            var alert = page.Find("[role=alert]").TextContent;
            Assert.Contains("Your account, acme-security, cannot open Trusted Services.", alert);
            Assert.Contains("Only the management account", alert);
        });
        Assert.Empty(page.FindAll("a[aria-label='Manage BDRC']"));
    }
}
