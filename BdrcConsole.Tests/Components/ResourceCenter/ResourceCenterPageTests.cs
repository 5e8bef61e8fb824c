using BdrcConsole.Components.Pages.ResourceCenter;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.State;
using BdrcConsole.Tests.TestSupport;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static BdrcConsole.Core.Data.Seeding.DemoOrganisation;

namespace BdrcConsole.Tests.Components.ResourceCenter;

public class ResourceCenterPageTests : BdrcBunitContext
{
    private AccountSelection Selection => Services.GetRequiredService<AccountSelection>();
    private ResourceQueryService Resources => Services.GetRequiredService<ResourceQueryService>();

    private IRenderedComponent<ContainerFragment> RenderPage(string productSlug) =>
        Render(builder =>
        {
            builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudBlazor.MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<ResourceCenterPage>(2);
            builder.AddAttribute(3, nameof(ResourceCenterPage.ProductSlug), productSlug);
            builder.CloseComponent();
        });

    /// <summary>The resource names in the grid's rows, top to bottom.</summary>
    private static List<string> RowNames<T>(IRenderedComponent<T> view) where T : IComponent =>
        view.FindAll("button[data-resource-id]").Select(a => a.TextContent.Trim()).ToList();

    private static List<string> HeaderTitles<T>(IRenderedComponent<T> view) where T : IComponent =>
        view.FindAll("thead th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0).ToList();

    private async Task<IReadOnlyList<ResourceRow>> ExpectedFirstPageAsync(Actor actor, ProductType product, IReadOnlyList<string> accountIds) =>
        (await Resources.QueryAsync(actor, new ResourceQuery(product, accountIds) { PageSize = 50 })).Items;

    [Fact]
    public async Task Render_AdministratorWithTwoAccountsSelected_ListsRowsOfBothWithAccountColumn()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([SecurityId, ProdWebId]);
        var expected = await ExpectedFirstPageAsync(Actors.Security, ProductType.Oss, [SecurityId, ProdWebId]);

        var page = RenderPage("oss");

        page.WaitForAssertion(() => Assert.Equal(expected.Select(r => r.Name), RowNames(page)));
        Assert.Contains("Account", HeaderTitles(page));
        var accountCells = page.FindAll("td[data-label=Account]").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(expected.Select(r => r.AccountName), accountCells);
        Assert.Contains("acme-security", accountCells);
        Assert.Contains("acme-prod-web", accountCells);
        var chips = page.Find("[aria-label='Resources per account']").TextContent;
        Assert.Contains("acme-security:", chips);
        Assert.Contains("acme-prod-web:", chips);
    }

    [Fact]
    public async Task Render_AdministratorWithTwoAccounts_OffersConversionOnlyForOwnEligibleBuckets()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([ProdWebId, SecurityId]);

        var page = RenderPage("oss");

        page.WaitForAssertion(() => Assert.Contains("acme-security-audit-logs", RowNames(page)));
        Assert.NotEmpty(page.FindAll("button[aria-label='Convert to ZRS: acme-security-audit-logs']"));
        Assert.Empty(page.FindAll("button[aria-label='Convert to ZRS: acme-prod-web-static-assets']"));
        var blocked = page.Find("[aria-label^='Conversion unavailable for acme-prod-web-static-assets']");
        Assert.Equal("Own account only", blocked.TextContent.Trim());
        Assert.Equal("Region without ZRS", page.Find("[aria-label^='Conversion unavailable for acme-security-legacy-qingdao']").TextContent.Trim());
    }

    [Fact]
    public async Task Render_SingleAccountSelected_HasNoAccountColumn()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        var expected = await ExpectedFirstPageAsync(Actors.Security, ProductType.Ecs, [SecurityId]);

        var page = RenderPage("ecs");

        page.WaitForAssertion(() => Assert.Equal(expected.Select(r => r.Name), RowNames(page)));
        Assert.DoesNotContain("Account", HeaderTitles(page));
        Assert.Empty(page.FindAll("td[data-label=Account]"));
        Assert.Empty(page.FindAll("[aria-label='Resources per account']"));
    }

    [Fact]
    public async Task SelectionChanges_SecondAccountAdded_GridReloadsWithBothAccountsAndAccountColumn()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        var page = RenderPage("nas");
        var ownOnly = await ExpectedFirstPageAsync(Actors.Security, ProductType.Nas, [SecurityId]);
        page.WaitForAssertion(() => Assert.Equal(ownOnly.Select(r => r.Name), RowNames(page)));
        var both = await ExpectedFirstPageAsync(Actors.Security, ProductType.Nas, [SecurityId, SandboxId]);

        Selection.Toggle(SandboxId);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(both.Select(r => r.Name), RowNames(page));
            Assert.Contains("Account", HeaderTitles(page));
        });
        Assert.Contains("acme-sandbox", page.FindAll("td[data-label=Account]").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task Render_Member_SeesOnlyOwnResources()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.ProdWeb);
        var own = await ExpectedFirstPageAsync(Actors.ProdWeb, ProductType.Oss, [ProdWebId]);
        // What the administrator sees of the other accounts' buckets: none of it may reach the member's page.
        var others = await ExpectedFirstPageAsync(Actors.Security, ProductType.Oss, [SecurityId, ProdDataId, PaymentsId, SandboxId]);

        var page = RenderPage("oss");

        page.WaitForAssertion(() => Assert.Equal(own.Select(r => r.Name), RowNames(page)));
        Assert.NotEmpty(others);
        Assert.Empty(RowNames(page).Intersect(others.Select(r => r.Name)));
        Assert.DoesNotContain("Account", HeaderTitles(page));
        Assert.Empty(page.FindAll("td[data-label=Account]"));
    }

    [Fact]
    public async Task Render_TagFilterInUrl_ListsOnlyMatchingRows()
    {
        await SignInAsync(Actors.Security);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/resource-center/ecs?tagKey=important&tagValue=true");
        var expected = (await Resources.QueryAsync(Actors.Security,
            new ResourceQuery(ProductType.Ecs, [SecurityId]) { TagKey = "important", TagValue = "true", PageSize = 50 })).Items;
        var all = await ExpectedFirstPageAsync(Actors.Security, ProductType.Ecs, [SecurityId]);

        var page = RenderPage("ecs");

        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count, "the filter should leave some instances out");
        page.WaitForAssertion(() => Assert.Equal(expected.Select(r => r.Name), RowNames(page)));
    }

    [Fact]
    public async Task Render_AccountInUrlAmongTheSelected_ListsOnlyThatAccount_AsThePanoramaLinksIt()
    {
        await ManageProductionFolderAndSandboxAsync();
        await SignInAsync(Actors.Security);
        Selection.Select([SecurityId, ProdWebId]);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/resource-center/oss?account={ProdWebId}");
        var expected = await ExpectedFirstPageAsync(Actors.Security, ProductType.Oss, [ProdWebId]);

        var page = RenderPage("oss");

        page.WaitForAssertion(() => Assert.Equal(expected.Select(r => r.Name), RowNames(page)));
        Assert.All(page.FindAll("td[data-label=Account]"), td => Assert.Equal("acme-prod-web", td.TextContent.Trim()));
    }

    [Fact]
    public async Task Render_UnknownValuesInUrl_AreIgnoredWithANoticeAndLeaveTheUrl()
    {
        await SignInAsync(Actors.Security);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"/resource-center/oss?region=mars-north-1&protection=Maybe&q=%00x&tagValue=prod&redundancy=Zrs");
        var expected = await Resources.QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [SecurityId]) { Redundancy = Redundancy.Zrs, PageSize = 50 });

        var page = RenderPage("oss");

        page.WaitForAssertion(() => Assert.Contains("\"mars-north-1\" is not a known region", page.Find("[data-testid=ignored-link-values]").TextContent));
        var notice = page.Find("[data-testid=ignored-link-values]").TextContent;
        Assert.Contains("\"Maybe\" is not a known protection status", notice);
        Assert.Contains("Search cannot contain control characters", notice);
        Assert.Contains("tag value without a tag key", notice);
        Assert.EndsWith("/resource-center/oss?redundancy=Zrs", navigation.Uri);
        // The one value that names something still filters the grid.
        page.WaitForAssertion(() => Assert.Equal(expected.Items.Select(r => r.Name), RowNames(page)));
    }

    [Fact]
    public async Task Convert_OwnEligibleBucketConfirmed_RowShowsConverting()
    {
        await SignInAsync(Actors.Security);
        var page = RenderPage("oss");
        page.WaitForAssertion(() => page.Find("button[aria-label='Convert to ZRS: acme-security-audit-logs']"));

        page.Find("button[aria-label='Convert to ZRS: acme-security-audit-logs']").Click();
        WaitForButton(page, "OK").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("button[aria-label='Convert to ZRS: acme-security-audit-logs']"));
            Assert.Equal("Converting…", page.Find("[aria-label^='Conversion unavailable for acme-security-audit-logs']").TextContent.Trim());
        });
        var row = (await Resources.QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [SecurityId]) { Search = "acme-security-audit-logs" })).Items.Single();
        Assert.True(row.Converting);
    }

    [Fact]
    public async Task Convert_Cancelled_LeavesBucketLrs()
    {
        await SignInAsync(Actors.Security);
        var page = RenderPage("oss");
        page.WaitForAssertion(() => page.Find("button[aria-label='Convert to ZRS: acme-security-siem-exports']"));

        page.Find("button[aria-label='Convert to ZRS: acme-security-siem-exports']").Click();
        WaitForButton(page, "Cancel").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Cancel"));
        var row = (await Resources.QueryAsync(Actors.Security, new ResourceQuery(ProductType.Oss, [SecurityId]) { Search = "acme-security-siem-exports" })).Items.Single();
        Assert.False(row.Converting);
        Assert.NotEmpty(page.FindAll("button[aria-label='Convert to ZRS: acme-security-siem-exports']"));
    }

    [Theory]
    [InlineData("ecs")]
    [InlineData("tablestore")]
    public async Task Dispose_CircuitClosedOnAnyTab_RaisesNoException(string productSlug)
    {
        await SignInAsync(Actors.Security);
        var page = RenderPage(productSlug);
        page.WaitForAssertion(() => Assert.NotEmpty(RowNames(page)));
        var navigation = Services.GetRequiredService<NavigationManager>();
        var before = navigation.Uri;

        // Closing or reloading the browser tab disposes the circuit's components in no guaranteed order: when the tab
        // panels go before their MudTabs, it reports each shift of the active index, down to -1.
        foreach (var panel in page.FindComponents<MudBlazor.MudTabPanel>())
            await page.InvokeAsync(() => ((IAsyncDisposable)panel.Instance).DisposeAsync().AsTask());

        if (Renderer.UnhandledException.IsCompleted)
            Assert.Fail((await Renderer.UnhandledException).ToString());
        Assert.Equal(before, navigation.Uri);
    }

    [Fact]
    public async Task Render_OssBucket_ShowsItsNameOnceBecauseTheIdIsTheName()
    {
        await SignInAsync(Actors.Security);

        var page = RenderPage("oss");

        page.WaitForAssertion(() => Assert.Contains("acme-security-audit-logs", RowNames(page)));
        var nameCell = page.Find("button[data-resource-id='acme-security-audit-logs']").ParentElement!;
        Assert.Equal("acme-security-audit-logs", nameCell.TextContent.Trim());
    }

    [Fact]
    public async Task ClickTab_OtherProduct_NavigatesToItsGrid()
    {
        await SignInAsync(Actors.Security);
        var page = RenderPage("ecs");
        page.WaitForAssertion(() => Assert.NotEmpty(RowNames(page)));

        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Tablestore").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/resource-center/tablestore", Services.GetRequiredService<NavigationManager>().Uri));
    }
}
