using BdrcConsole.Components.Pages.Overview;
using BdrcConsole.Components.Pages.RiskDetection;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Tests.Components;

/// <summary>Hand-made links: every page reads its URL values the same way, ignores what names nothing and says so.</summary>
public class LinkValuesTests : BdrcBunitContext
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("-3")]
    public async Task Overview_GroupThatIsNoNumber_IsIgnoredWithANoticeAndLeavesTheUrl(string group)
    {
        await SignInAsync(Actors.Dev1);
        Navigation.NavigateTo($"/overview?group={Uri.EscapeDataString(group)}");

        var page = RenderWithDialogs<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("is not a resource group number", page.Find("[data-testid=ignored-link-values]").TextContent));
        Assert.DoesNotContain("group=", Navigation.Uri);
        Assert.DoesNotContain("Cannot parse", page.Markup);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=overview-score]")));
    }

    [Fact]
    public async Task RiskDetection_UnknownValuesAndAControlCharacter_AreIgnoredWithANoticeAndLeaveTheUrl()
    {
        await SignInAsync(Actors.Dev1);
        Navigation.NavigateTo("/risk-detection?severity=Bogus&product=Floppy&rule=oss-encryption&q=%00x&group=abc");

        var page = RenderWithDialogs<RiskDetectionPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=ignored-link-values]"));
        var notice = page.Find("[data-testid=ignored-link-values]").TextContent;
        Assert.Contains("\"Bogus\" is not a known severity", notice);
        Assert.Contains("\"Floppy\" is not a known product", notice);
        Assert.Contains("\"oss-encryption\" is not a known check item", notice);
        Assert.Contains("Search cannot contain control characters", notice);
        Assert.Contains("\"abc\" is not a resource group number", notice);
        Assert.DoesNotContain("?", Navigation.Uri);
    }

    [Fact]
    public async Task RiskDetection_SearchOverTheLimit_IsIgnoredAndTheUrlStaysShort()
    {
        await SignInAsync(Actors.Dev1);
        Navigation.NavigateTo($"/risk-detection?severity=High&q={new string('x', 10_000)}");

        var page = RenderWithDialogs<RiskDetectionPage>();

        page.WaitForAssertion(() => Assert.Contains("Search can be at most 128 characters", page.Find("[data-testid=ignored-link-values]").TextContent));
        Assert.EndsWith("/risk-detection?severity=High", Navigation.Uri);
    }
}
