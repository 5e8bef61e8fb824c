using BdrcConsole.Components.Layout;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.State;
using Microsoft.Extensions.DependencyInjection;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BdrcConsole.Tests.Components.Layout;

public class MainLayoutTests : BdrcBunitContext
{
    private static readonly RenderFragment PageBody = builder => builder.AddMarkupContent(0, "<p id=\"page-body\">account data</p>");

    [Fact]
    public async Task Render_WhileTheSavedSelectionIsRestoring_ShowsNoPageAndIsNotInteractive()
    {
        await SignInAsync(Actors.Security);
        // The browser has not answered yet: the saved selection is still on its way over the circuit.
        var storedSelection = JSInterop.Setup<string>("sessionStorage.getItem", _ => true);

        var layout = Render<MainLayout>(parameters => parameters.Add(l => l.Body, PageBody));

        Assert.Equal("false", layout.Find("#console-root").GetAttribute("data-interactive"));
        Assert.Empty(layout.FindAll("#page-body"));
        Assert.Contains("Loading your account", layout.Markup);

        storedSelection.SetResult(null!);

        layout.WaitForAssertion(() => Assert.Equal("true", layout.Find("#console-root").GetAttribute("data-interactive")));
        Assert.Equal("account data", layout.Find("#page-body").TextContent);
    }

    [Fact]
    public async Task AccountLeavesManagementWhileOpen_SelectionDropsItWithANoticeAndKeepsTheRest()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        var selection = Services.GetRequiredService<AccountSelection>();
        selection.Select([DemoOrganisation.SecurityId, DemoOrganisation.SandboxId, DemoOrganisation.ProdWebId]);
        var layout = Render<MainLayout>(parameters => parameters.Add(l => l.Body, PageBody));
        layout.WaitForAssertion(() => Assert.Equal("true", layout.Find("#console-root").GetAttribute("data-interactive")));

        // Another administrator's session (or this one, in another tab) removes acme-sandbox from management.
        await CrossAccount.RemoveFromManagementAsync(Actors.Security, DemoOrganisation.SandboxId);

        layout.WaitForAssertion(() => Assert.Equal([DemoOrganisation.SecurityId, DemoOrganisation.ProdWebId], selection.SelectedAccountIds));
        layout.WaitForAssertion(() => Assert.Contains("acme-sandbox is no longer managed by your account", layout.Markup));
        Assert.Equal("account data", layout.Find("#page-body").TextContent);
    }
}
