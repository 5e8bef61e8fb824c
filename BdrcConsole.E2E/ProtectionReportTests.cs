using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using DownloadReport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// Download a data protection report: the delegated administrator filters the Overview by two accounts and its
/// "Important" group, previews the report and downloads the PDF, which holds the score the Overview shows; a member
/// asking for another account's report is refused; the scripted walkthrough (samples/DownloadReport) does the same.
/// </summary>
[Collection(ReportCollection.Name)]
public sealed class ProtectionReportTests(ReportFixture fixture) : BrowserTest(fixture)
{
    private static readonly Actor Security = new("security@acme.test", DemoOrganisation.SecurityId);
    private static readonly string[] TwoAccounts = [DemoOrganisation.SecurityId, DemoOrganisation.ProdWebId];

    private async Task<OverviewDashboard> ExpectedAsync()
    {
        var important = (await Fixture.App.Services.GetRequiredService<ResourceGroupService>().ListAsync(Security)).Single(g => g.Name == "Important");
        var dashboard = await Fixture.App.Services.GetRequiredService<OverviewService>().GetDashboardAsync(Security, new OverviewQuery(TwoAccounts, important.Id));
        Assert.NotNull(dashboard.Score);
        return dashboard;
    }

    /// <summary>The first page's words: the aggregated score is one of them, printed big.</summary>
    private static void AssertScoreOnFirstPage(byte[] pdf, string score)
    {
        using var document = PdfDocument.Open(pdf);
        Assert.Contains(document.GetPage(1).GetWords(), w => w.Text == score && w.Letters[0].PointSize >= 20);
    }

    [Fact]
    public Task DelegatedAdministrator_TwoAccountsAndImportantGroup_PreviewsAndDownloadsThePdfWithTheOverviewsScore() => RunAsync(async () =>
    {
        await fixture.EnsureOrganisationAsync();
        var expected = await ExpectedAsync();
        var security = await SignInAsAsync("security@acme.test");
        var switcher = new AccountSwitcher(security);
        var overview = new OverviewPage(security);

        // (1) Two accounts in the switcher and the "Important" group on the Overview.
        await switcher.OpenAsync();
        await switcher.ToggleAsync(AccountSwitcher.Label("acme-prod-web", DemoOrganisation.ProdWebId));
        await switcher.CloseAsync();
        await Expect(overview.SelectedAccounts).ToHaveTextAsync("Selected accounts: acme-security, acme-prod-web");
        await overview.OpenResourceGroupFilterAsync();
        await overview.ChooseResourceGroupAsync("Important");
        await Expect(overview.Score).ToHaveTextAsync(OverviewPage.FormatScore(expected.Score));
        var shown = (await overview.Score.TextContentAsync())!.Trim();

        // (2) The preview holds the same filters and score; Download Report saves the PDF under a meaningful name.
        await security.GetByRole(AriaRole.Button, new() { Name = "Preview and Download Report", Exact = true }).ClickAsync();
        var dialog = security.GetByRole(AriaRole.Dialog, new() { Name = "Preview and Download Report" });
        var preview = dialog.GetByRole(AriaRole.Article, new() { Name = "Report preview" });
        await Expect(preview).ToBeVisibleAsync();
        await Expect(preview.GetByTestId("report-accounts")).ToHaveTextAsync("acme-security, acme-prod-web");
        await Expect(preview.GetByTestId("report-group")).ToHaveTextAsync("Important");
        await Expect(preview.GetByTestId("report-score")).ToHaveTextAsync(shown);
        var download = await security.RunAndWaitForDownloadAsync(() => dialog.GetByRole(AriaRole.Link, new() { Name = "Download Report", Exact = true }).ClickAsync());
        Assert.Matches(@"^bdrc-protection-report-acme-security\+1-important-\d{4}-\d{2}-\d{2}\.pdf$", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"e2e-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);

        // (3) The PDF holds the aggregated score the Overview showed.
        try
        {
            AssertScoreOnFirstPage(await File.ReadAllBytesAsync(path), shown);
        }
        finally
        {
            File.Delete(path);
        }
    });

    [Fact]
    public Task Member_AsksForAnotherAccountsReport_Gets403() => RunAsync(async () =>
    {
        await fixture.EnsureOrganisationAsync();
        var web = await SignInAsAsync("web@acme.test");

        // (4) The signed-in cookie of acme-prod-web, asking for acme-security's report.
        var answer = await web.Context.APIRequest.GetAsync($"/reports/protection.pdf?accounts={DemoOrganisation.SecurityId}");

        Assert.Equal(403, answer.Status);
        Assert.Contains("not visible to your account", await answer.TextAsync());
    });

    [Fact]
    public Task Walkthrough_AgainstTheTestHost_SavesTheReportWithTheOverviewsScore() => RunAsync(async () =>
    {
        await fixture.EnsureOrganisationAsync();
        var expected = await ExpectedAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"e2e-walkthrough-{Guid.NewGuid():N}");

        var path = await ReportWalkthrough.RunAsync(new ReportWalkthroughOptions(
            Fixture.App.BaseAddress, "security@acme.test", DemoPassword, ["acme-prod-web"], "Important", folder));

        try
        {
            Assert.Matches(@"bdrc-protection-report-acme-security\+1-important-\d{4}-\d{2}-\d{2}\.pdf$", path);
            AssertScoreOnFirstPage(await File.ReadAllBytesAsync(path), OverviewPage.FormatScore(expected.Score));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    });
}

/// <summary>The report journeys' own app: acme-security is the delegated administrator and manages Root/Production.</summary>
public sealed class ReportFixture : ConsoleFixture
{
    private readonly SemaphoreSlim setup = new(1, 1);
    private bool organised;

    public async Task EnsureOrganisationAsync()
    {
        await setup.WaitAsync();
        try
        {
            if (!organised)
                await DemoSetup.SecurityManagesProductionFolderAsync(App.Services);
            organised = true;
        }
        finally
        {
            setup.Release();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReportCollection : ICollectionFixture<ReportFixture>
{
    public const string Name = "BdrcConsole app for the data protection report";
}
