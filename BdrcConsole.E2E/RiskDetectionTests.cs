using BdrcConsole.Core.Features.Detection;
using System.Text.RegularExpressions;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.RiskDetection;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>
/// Risk Detection across the delegated administrator's own and a managed account: the aggregated risks,
/// "Detect now", the counts against Core's, the severity filter and excluding a resource from checks.
/// Runs on its own app host (<see cref="RiskDetectionFixture"/>), so its detections and exclusions stay out of other journeys.
/// </summary>
[Collection(RiskDetectionCollection.Name)]
public sealed class RiskDetectionTests(RiskDetectionFixture fixture) : BrowserTest(fixture)
{
    private const string SecurityId = "1536000000000101";
    private const string ProdWebId = "1536000000000201";

    private static readonly Actor Security = new("security@acme.test", SecurityId);

    [Fact]
    public Task DelegatedAdministrator_DetectsRisksOfOwnAndManagedAccount_CountsMatchCoreAndFilterBySeverity() => RunAsync(async () =>
    {
        // acme-security is the delegated administrator and manages folder Root/Production.
        var security = await SecurityManagesProductionFolderAsync();

        // Risk Detection of the own account alone has no Account column; adding acme-prod-web in the switcher brings it.
        var risks = new RiskDetectionPage(security);
        var switcher = new AccountSwitcher(security);
        await new ConsoleShell(security).NavLink("Risk Detection").ClickAsync();
        await Expect(risks.Heading).ToBeVisibleAsync();
        await Expect(risks.SelectedAccounts).ToHaveTextAsync("Selected account: acme-security");
        await Expect(risks.Rows.First).ToBeVisibleAsync();
        await Expect(risks.ColumnHeader("Account")).ToHaveCountAsync(0);
        await switcher.OpenAsync();
        await switcher.ToggleAsync(AccountSwitcher.Label("acme-prod-web", ProdWebId));
        await switcher.CloseAsync();
        await Expect(switcher.Button).ToHaveTextAsync("acme-security +1");
        await Expect(risks.SelectedAccounts).ToHaveTextAsync("Selected accounts: acme-security, acme-prod-web");

        // Both accounts' risks are listed: sorted by Account, each comes first in one direction.
        await risks.SortByAsync("Account");
        await Expect(risks.Rows.First.GetByRole(AriaRole.Cell, new() { Name = "acme-prod-web", Exact = true })).ToBeVisibleAsync();
        await risks.SortByAsync("Account");
        await Expect(risks.Rows.First.GetByRole(AriaRole.Cell, new() { Name = "acme-security", Exact = true })).ToBeVisibleAsync();

        // Detect now checks both accounts again and reports what it found; the counts on screen are Core's.
        await risks.DetectNowAsync();
        var riskDetection = Fixture.App.Services.GetRequiredService<RiskDetectionService>();
        var expected = await riskDetection.CountRisksAsync(Security, new RiskQuery([SecurityId, ProdWebId]));
        Assert.True(expected.BySeverity[RiskSeverity.High] > 0, "The demo estate has High risks in these accounts.");
        await Expect(risks.DetectionSummary).ToHaveTextAsync(
            $"Detection finished in 2 accounts: {Tally(expected.Resources)}, {expected.Total} risks.");
        await ExpectCountsAsync(risks, expected);

        // Filtering by severity High leaves only High risks, and puts the filter into the URL.
        await risks.ChooseAsync("Severity", "High");
        await Expect(security).ToHaveURLAsync(new Regex("[?&]severity=High(&|$)"));
        await Expect(risks.Rows).ToHaveCountAsync(Math.Min(expected.BySeverity[RiskSeverity.High], 50));
        await Expect(risks.Rows.Filter(new() { HasNot = security.GetByText("High", new() { Exact = true }) })).ToHaveCountAsync(0);
        await ExpectCountsAsync(risks, expected);

        // Exclude from check: the resource's risks leave the list, and it is counted among the excluded resources.
        var resource = (await risks.Rows.First.GetByRole(AriaRole.Link).TextContentAsync())!.Trim();
        await risks.ExcludeAsync(resource);
        await Expect(risks.ExcludedResources).ToHaveTextAsync(Tally(expected.Resources with { ExcludedResources = expected.ExcludedResources + 1 }));
        // The detection message described the numbers before the exclusion: it is gone with them.
        await Expect(risks.DetectionSummary).ToHaveCountAsync(0);
        await Expect(risks.Grid.GetByRole(AriaRole.Link, new() { Name = resource, Exact = true })).ToHaveCountAsync(0);
        var afterExclusion = await riskDetection.CountRisksAsync(Security, new RiskQuery([SecurityId, ProdWebId]));
        Assert.True(afterExclusion.Total < expected.Total);
        await ExpectCountsAsync(risks, afterExclusion);

        // "View excluded" lists it; "Include in checks" brings its risks and the counts back to what they were.
        await risks.IncludeInChecksAsync(resource);
        await Expect(risks.Grid.GetByRole(AriaRole.Link, new() { Name = resource, Exact = true }).First).ToBeVisibleAsync();
        Assert.Equal(expected.Total, (await riskDetection.CountRisksAsync(Security, new RiskQuery([SecurityId, ProdWebId]))).Total);
        await ExpectCountsAsync(risks, expected);
    });

    private static async Task ExpectCountsAsync(RiskDetectionPage risks, RiskCounts expected)
    {
        await Expect(risks.Count("total")).ToHaveTextAsync($"{expected.Total}");
        foreach (var (severity, count) in expected.BySeverity)
            await Expect(risks.Count(severity.ToString().ToLowerInvariant())).ToHaveTextAsync($"{count}");
        foreach (var (product, count) in expected.ByProduct)
            await Expect(risks.Count(product.ToString().ToLowerInvariant())).ToHaveTextAsync($"{count}");
        await Expect(risks.ExcludedResources).ToHaveTextAsync(Tally(expected.Resources));
        await Expect(risks.CheckFailedResources).ToHaveTextAsync(Resources(expected.CheckFailedResources, "whose checks failed to run"));
    }

    /// <summary>"30 resources · 2 excluded from checks", as every page words a tally.</summary>
    private static string Tally(ResourceTally tally) => $"{tally.Resources} resources · {tally.ExcludedResources} excluded from checks";

    private static Regex Resources(int count, string what) =>
        new($@"^\s*{count} resources?\s+{Regex.Escape(what)}\s*$");
}
