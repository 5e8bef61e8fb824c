using BdrcConsole.Components.Pages.Audit;
using BdrcConsole.Core.Domain;
using BdrcConsole.Core.Features.Directory;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.Audit;

public class AuditLogPageTests : BdrcBunitContext
{
    private ResourceDirectoryService Directory => Services.GetRequiredService<ResourceDirectoryService>();

    [Fact]
    public async Task Render_MovedAccountAndInvalidFolderName_ShowsTargetByNameAndInvalidApartFromRefused()
    {
        await Directory.MoveAccountAsync(Actors.Management, Dev1Id, ProductionFolderId);
        await Assert.ThrowsAsync<ValidationException>(() => Directory.CreateFolderAsync(Actors.Management, RootFolderId, "  "));
        await SignInAsync(Actors.Management);

        var page = RenderWithDialogs<AuditLogPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        var moved = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("Move account"));
        var target = moved.QuerySelector("td[data-label=Target] span")!;
        Assert.Equal("acme-dev-1", target.TextContent.Trim());
        Assert.Equal(Dev1Id, target.GetAttribute("title"));
        var invalid = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("Create folder"));
        Assert.Equal("Invalid input", invalid.QuerySelector("td[data-label=Outcome]")!.TextContent.Trim());
    }
}
