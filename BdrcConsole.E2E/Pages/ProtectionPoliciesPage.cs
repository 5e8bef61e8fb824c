using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>The Protection Policy Center: the policy list, the Create/Edit steps and a policy's page.</summary>
public sealed class ProtectionPoliciesPage(IPage page)
{
    public const string Path = "/protection-policies";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Protection Policy Center", Level = 1 });
    public ILocator CreateLink => page.GetByRole(AriaRole.Link, new() { Name = "Create Protection Policy" }).First;
    public ILocator Policies => page.GetByLabel("Protection policies", new() { Exact = true }).First;
    public ILocator EmptyState => page.GetByTestId("policies-empty");
    public ILocator PolicyLink(string name) => Policies.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public async Task GotoAsync() => await new ConsoleShell(page).GotoAsync(Path);

    // The editor
    public ILocator CurrentStep => page.Locator("[aria-current=step]");
    public ILocator Name => page.GetByRole(AriaRole.Textbox, new() { Name = "Policy name" });
    public ILocator Next => page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });
    public ILocator Group(string name) => page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });
    public ILocator SubPolicy(int number) => page.GetByRole(AriaRole.Group, new() { NameRegex = new Regex($"^Sub-policy {number}:") });
    public ILocator AddSubPolicy => page.GetByRole(AriaRole.Button, new() { Name = "Add sub-policy" });
    public ILocator CreateAndApply => page.GetByRole(AriaRole.Button, new() { Name = "Create and apply" });
    public ILocator PreviewScore(string which) => page.GetByTestId($"preview-score-{which}");
    public ILocator PreviewSubPolicy(int index) => page.GetByTestId($"preview-sub-policy-{index}");

    /// <summary>Chooses the kind of a sub-policy in its "Sub-policy type" list.</summary>
    public async Task ChooseKindAsync(int number, string kind)
    {
        await SubPolicy(number).GetByRole(AriaRole.Combobox, new() { Name = "Sub-policy type" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = kind, Exact = true }).ClickAsync();
        await Expect(SubPolicy(number)).ToHaveAttributeAsync("aria-label", $"Sub-policy {number}: {kind}");
    }

    public async Task GoToNextStepAsync(string expectedStep)
    {
        await Next.ClickAsync();
        await Expect(CurrentStep).ToHaveTextAsync(expectedStep);
    }

    // A policy's page
    public ILocator Tab(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });
    public ILocator Coverage => page.GetByTestId("policy-coverage");
    public ILocator RunNow => page.GetByRole(AriaRole.Button, new() { Name = "Run now", Exact = true });
    public ILocator RunNowProgress => page.GetByTestId("run-now-progress");
    public ILocator RunNowSummary => page.GetByTestId("run-now-summary");
    public ILocator Applications => page.GetByLabel("Applications", new() { Exact = true }).First;
    public ILocator ApplicationStatus(string resourceId) => page.GetByTestId($"application-status-{resourceId}");
    public ILocator Executions => page.GetByLabel("Execution history", new() { Exact = true }).First;
}

/// <summary>The bell in the app bar.</summary>
public sealed class MessagesBell(IPage page)
{
    public ILocator Button => page.GetByTestId("messages-bell");
}
