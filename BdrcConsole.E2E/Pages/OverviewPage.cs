using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>Overview: the data protection score dashboard, its resource-group filter and the scores by account.</summary>
public sealed class OverviewPage(IPage page)
{
    public const string Path = "/overview";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 });
    /// <summary>"Selected account(s): &lt;names&gt;".</summary>
    public ILocator SelectedAccounts => page.GetByTestId("overview-accounts");
    /// <summary>The aggregated data protection score, formatted as <see cref="FormatScore"/> does.</summary>
    public ILocator Score => page.GetByTestId("overview-score");
    /// <summary>The aggregated score's stars: an image named "N of 5 stars".</summary>
    public ILocator Stars => page.GetByTestId("overview-stars");
    /// <summary>"Mean score of N scored resources[ in resource group X]."</summary>
    public ILocator ScoreCaption => page.GetByText(new Regex(@"^\s*Mean score of \d+ scored resources?"));
    public ILocator ResourceGroupFilter => page.GetByRole(AriaRole.Combobox, new() { Name = "Resource group", Exact = true });
    /// <summary>The options of the open resource-group filter.</summary>
    public ILocator ResourceGroupOptions => page.GetByRole(AriaRole.Option);
    /// <summary>The per-account table, shown when more than one account is selected.</summary>
    public ILocator ScoresByAccount => page.GetByRole(AriaRole.Table, new() { Name = "Scores by account", Exact = true });
    /// <summary>The data rows of <see cref="ScoresByAccount"/> (those headed by an account name).</summary>
    public ILocator AccountRows => ScoresByAccount.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader) });
    /// <summary>"Show all N accounts": the table starts with the first 50 selected accounts.</summary>
    public ILocator ShowAllAccounts => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Show all \d+ accounts$") });
    public ILocator PanoramaLink => page.GetByRole(AriaRole.Link, new() { Name = "Data Disaster Recovery Panorama", Exact = true });

    public ILocator AccountRow(string accountName) =>
        ScoresByAccount.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = accountName, Exact = true }) });

    public async Task GotoAsync(string query = "") => await new ConsoleShell(page).GotoAsync(Path + query);

    /// <summary>Opens the resource-group filter; its options are <see cref="ResourceGroupOptions"/>.</summary>
    public async Task OpenResourceGroupFilterAsync()
    {
        await ResourceGroupFilter.ClickAsync();
        await Expect(ResourceGroupOptions.First).ToBeVisibleAsync();
    }

    /// <summary>Picks a resource group in the open filter; the group goes into the URL.</summary>
    public async Task ChooseResourceGroupAsync(string groupName)
    {
        await page.GetByRole(AriaRole.Option, new() { Name = groupName, Exact = true }).ClickAsync();
        await Expect(ResourceGroupOptions).ToHaveCountAsync(0);
    }

    /// <summary>A score as the dashboard shows it: one decimal, or "—" when nothing is scored.</summary>
    public static string FormatScore(double? score) => score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Stars as the dashboard shows them: filled then empty ("★★★★☆"), or "Not scored".</summary>
    public static string FormatStars(int? stars) =>
        stars is { } s ? new string('★', s) + new string('☆', 5 - s) : "Not scored";
}
