using System.Net;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.ResourceGroups;
using BdrcConsole.Core.Features.Reports;
using BdrcConsole.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace BdrcConsole.E2E;

/// <summary>
/// <c>GET /reports/protection.pdf</c> as a script uses it, with the sign-in cookie: a complete PDF with a file name for
/// what the user may see, 403 for an account it may not see, 400 for a foreign resource group or a malformed
/// parameter, and the sign-in page for anonymous requests.
/// </summary>
[Collection(HttpMatrixCollection.Name)]
public sealed class ReportEndpointTests(HttpMatrixFixture fixture)
{
    private const string Path = "/reports/protection.pdf";
    private static readonly Actor Security = new("security@acme.test", DemoOrganisation.SecurityId);

    private async Task<ConsoleHttpClient> SignedInAsync(string email)
    {
        await fixture.EnsureOrganisationAsync();
        var client = new ConsoleHttpClient(fixture.App.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync(email, BrowserTest.DemoPassword)).StatusCode);
        return client;
    }

    [Fact]
    public async Task Get_OwnAndManagedAccounts_ReturnsTheCompletePdfWithAFileName()
    {
        using var client = await SignedInAsync("security@acme.test");
        string[] accounts = [DemoOrganisation.SecurityId, DemoOrganisation.ProdWebId];

        var answer = await client.GetAsync($"{Path}?accounts={string.Join(',', accounts)}");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(ProtectionReportFile.ContentType, answer.Content.Headers.ContentType?.MediaType);
        var fileName = answer.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        Assert.Matches(@"^bdrc-protection-report-acme-security\+1-\d{4}-\d{2}-\d{2}\.pdf$", fileName);
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        Assert.Equal(answer.Content.Headers.ContentLength, bytes.Length);
        using var pdf = PdfDocument.Open(bytes);
        var dashboard = await fixture.App.Services.GetRequiredService<OverviewService>().GetDashboardAsync(Security, new OverviewQuery(accounts));
        var first = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains(ReportText.Score(dashboard.Score), first);
        Assert.Contains($"Page {pdf.NumberOfPages} of {pdf.NumberOfPages}", string.Join(" ", pdf.GetPage(pdf.NumberOfPages).GetWords().Select(w => w.Text)));
    }

    [Fact]
    public async Task Get_WithoutAccounts_ReportsTheSignedInAccount()
    {
        using var client = await SignedInAsync("dev1@acme.test");

        var answer = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.StartsWith("bdrc-protection-report-acme-dev-1-", answer.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Get_AccountTheUserMayNotSee_Returns403()
    {
        using var client = await SignedInAsync("web@acme.test");

        var answer = await client.GetAsync($"{Path}?accounts={DemoOrganisation.SecurityId}");

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Contains("not visible to your account", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_AnotherAccountsResourceGroup_Returns400WithAMessage()
    {
        using var client = await SignedInAsync("web@acme.test");
        var important = (await fixture.App.Services.GetRequiredService<ResourceGroupService>().ListAsync(Security)).Single(g => g.Name == "Important");

        var answer = await client.GetAsync($"{Path}?accounts={DemoOrganisation.ProdWebId}&group={important.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("not one of your account's resource groups", await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("?accounts=acme-security")]
    [InlineData("?accounts=0536000000000101")]
    [InlineData("?accounts=")]
    [InlineData("?accounts=1536000000000101&group=important")]
    [InlineData("?accounts=1536000000000101&group=1&group=2")]
    [InlineData("?account=1536000000000101")]
    public async Task Get_MalformedParameter_Returns400WithAMessage(string query)
    {
        using var client = await SignedInAsync("security@acme.test");

        var answer = await client.GetAsync(Path + query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("accounts=", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_Anonymous_RedirectsToSignIn()
    {
        using var client = new ConsoleHttpClient(fixture.App.BaseAddress);

        var answer = await client.GetAsync($"{Path}?accounts={DemoOrganisation.SecurityId}");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/login?", answer.Headers.Location!.IsAbsoluteUri ? answer.Headers.Location.PathAndQuery : answer.Headers.Location.OriginalString);
    }
}
