using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>Risk Detection: "Detect now", the risk counts, the filters and the risk grid.</summary>
public sealed class RiskDetectionPage(IPage page)
{
    public const string Path = "/risk-detection";

    private readonly MessageBox messageBox = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Risk Detection", Level = 1 });
    /// <summary>"Selected account(s): &lt;names&gt;".</summary>
    public ILocator SelectedAccounts => page.GetByTestId("risk-accounts");
    public ILocator DetectNowButton => page.GetByRole(AriaRole.Button, new() { Name = "Detect now", Exact = true });
    /// <summary>"Detection finished in N accounts: R resources · E excluded from checks, M risks.", shown once a detection completes.</summary>
    public ILocator DetectionSummary => page.GetByTestId("detection-summary");
    public ILocator Grid => page.GetByLabel("Risks", new() { Exact = true });
    /// <summary>The error alert on the page itself (snackbars are alerts too, but live outside the main content).</summary>
    public ILocator Refusal => page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Alert);

    /// <summary>The number of risks: "total", a severity ("high", "medium", "low") or a product ("ecs", "oss", "nas", "tablestore").</summary>
    public ILocator Count(string key) => page.GetByTestId($"risk-count-{key}");
    public ILocator ExcludedResources => page.GetByTestId("risk-excluded-resources");
    public ILocator CheckFailedResources => page.GetByTestId("risk-check-failed-resources");

    /// <summary>A filter drop-down: "Severity", "Product", "Check item" or "Resource group".</summary>
    public ILocator Filter(string label) => page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });

    /// <summary>The grid's data rows (those with a link to a resource).</summary>
    public ILocator Rows => Grid.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link) });

    /// <summary>Grid cells whose whole text is <paramref name="text"/>, such as the Account column's "acme-prod-web".</summary>
    public ILocator Cells(string text) => Grid.GetByRole(AriaRole.Cell, new() { Name = text, Exact = true });

    /// <summary>A sortable column header; clicking it sorts by that column, again reverses.</summary>
    public ILocator ColumnHeader(string name) =>
        Grid.GetByRole(AriaRole.Columnheader, new() { NameRegex = new Regex($"^{Regex.Escape(name)}( |$)") });

    public ILocator ExcludeButton(string resourceName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Exclude {resourceName} from check", Exact = true });

    /// <summary>Clicks the sort button of a column header (ascending first, then descending).</summary>
    public async Task SortByAsync(string column) =>
        await ColumnHeader(column).GetByRole(AriaRole.Button, new() { Name = "Sort", Exact = true }).ClickAsync();

    public async Task GotoAsync(string query = "") => await new ConsoleShell(page).GotoAsync(Path + query);

    /// <summary>Opens a filter drop-down and picks an option; the filter goes into the URL.</summary>
    public async Task ChooseAsync(string filter, string option)
    {
        await Filter(filter).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    /// <summary>Detect now, then waits for the summary of the finished detection.</summary>
    public async Task DetectNowAsync()
    {
        await DetectNowButton.ClickAsync();
        await Expect(DetectionSummary).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(DetectNowButton).ToBeEnabledAsync();
    }

    /// <summary>Exclude from check on a resource's row › OK.</summary>
    public async Task ExcludeAsync(string resourceName)
    {
        await ExcludeButton(resourceName).First.ClickAsync();
        await messageBox.ConfirmAsync();
    }

    /// <summary>The "Excluded from checks" dialog opened by "View excluded".</summary>
    public ILocator ExclusionsDialog => page.GetByRole(AriaRole.Dialog, new() { Name = "Excluded from checks" });

    /// <summary>Opens "View excluded" and includes one resource in checks again, then closes the dialog.</summary>
    public async Task IncludeInChecksAsync(string resourceName)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "View excluded", Exact = true }).ClickAsync();
        await ExclusionsDialog.GetByRole(AriaRole.Button, new() { Name = $"Include {resourceName} in checks", Exact = true }).ClickAsync();
        await Assertions.Expect(ExclusionsDialog.GetByRole(AriaRole.Button, new() { Name = $"Include {resourceName} in checks", Exact = true })).ToHaveCountAsync(0);
        await ExclusionsDialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Assertions.Expect(ExclusionsDialog).ToHaveCountAsync(0);
    }
}
