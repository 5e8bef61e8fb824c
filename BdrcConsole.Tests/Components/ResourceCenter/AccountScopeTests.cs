using BdrcConsole.Components.Shared;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.ResourceCenter;

public class AccountScopeTests : BdrcBunitContext
{
    private AccountSelection Selection => Services.GetRequiredService<AccountSelection>();

    private IRenderedComponent<AccountScope> RenderScope(AccountViewMode mode) =>
        Render<AccountScope>(p => p
            .Add(s => s.Mode, mode)
            .Add(s => s.ChildContent, ids => $"<p id=\"shown\">{string.Join(",", ids)}</p>"));

    [Fact]
    public async Task Single_SeveralSelected_ShowsFirstSelectedWithNotice()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([ProdWebId, SecurityId, SandboxId]);

        var scope = RenderScope(AccountViewMode.Single);

        Assert.Equal(ProdWebId, scope.Find("#shown").TextContent);
        var notice = scope.Find("[data-testid=single-account-notice]").TextContent;
        Assert.Contains("This page shows one account at a time: the first selected account, acme-prod-web.", notice);
        Assert.Equal(AccountViewMode.Single, Selection.PageMode);
    }

    [Fact]
    public async Task Single_SelectionNarrowsToOne_NoticeDisappearsAndContentFollows()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([ProdWebId, SecurityId]);
        var scope = RenderScope(AccountViewMode.Single);

        Selection.Select([SandboxId]);

        scope.WaitForAssertion(() =>
        {
            Assert.Equal(SandboxId, scope.Find("#shown").TextContent);
            Assert.Empty(scope.FindAll("[data-testid=single-account-notice]"));
        });
    }

    [Fact]
    public async Task Multi_SeveralSelected_GivesAllInSelectionOrderWithoutNotice()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([SandboxId, SecurityId, ProdDataId]);

        var scope = RenderScope(AccountViewMode.Multi);

        Assert.Equal($"{SandboxId},{SecurityId},{ProdDataId}", scope.Find("#shown").TextContent);
        Assert.Empty(scope.FindAll("[data-testid=single-account-notice]"));
        Assert.Equal(AccountViewMode.Multi, Selection.PageMode);
    }

    [Fact]
    public async Task Dispose_PageGoesAway_ClearsThePageMode()
    {
        await SignInAsync(Actors.Security);
        RenderScope(AccountViewMode.Single);
        Assert.Equal(AccountViewMode.Single, Selection.PageMode);

        await DisposeComponentsAsync();

        Assert.Null(Selection.PageMode);
        Assert.Equal([SecurityId], Selection.SelectedAccountIds);
    }
}
