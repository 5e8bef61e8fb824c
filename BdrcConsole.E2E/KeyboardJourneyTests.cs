using System.Text.RegularExpressions;
using BdrcConsole.E2E.Infrastructure;
using BdrcConsole.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E;

/// <summary>Its own app host: the journey makes acme-security the delegated administrator and excludes a resource.</summary>
public sealed class KeyboardFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class KeyboardCollection : ICollectionFixture<KeyboardFixture>
{
    public const string Name = "BdrcConsole app for the keyboard journey";
}

/// <summary>Its own app host: the dialogs journey creates a resource group and applies a policy in acme-security.</summary>
public sealed class KeyboardDialogsFixture : ConsoleFixture;

[CollectionDefinition(Name)]
public sealed class KeyboardDialogsCollection : ICollectionFixture<KeyboardDialogsFixture>
{
    public const string Name = "BdrcConsole app for the keyboard dialogs journey";
}

/// <summary>
/// The console without a mouse (issue 13): every step after the setup uses <see cref="IPage.Keyboard"/> only.
/// The setup (the management account delegating BDRC, acme-security managing Root/Production) is another user's
/// session and uses the common clicks.
/// </summary>
[Collection(KeyboardCollection.Name)]
public sealed class KeyboardJourneyTests(KeyboardFixture fixture) : BrowserTest(fixture)
{
    private const string ProdWebId = "1536000000000201";
    private const string PaymentsId = "1536000000000203";
    private const string SecurityId = "1536000000000101";

    [Fact]
    public Task DelegatedAdministrator_SignsInSwitchesAccountsOpensDetailsAndExcludesARisk_ByKeyboardOnly() => RunAsync(async () =>
    {
        await SecurityManagesProductionFolderAsync();

        var page = await NewAnonymousPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        var user = new KeyboardUser(page);
        var login = new LoginPage(page);
        var shell = new ConsoleShell(page);
        var switcher = new AccountSwitcher(page);

        // Sign in: Tab to each field, type, Enter submits the form.
        await login.GotoAsync();
        await user.TabToAsync(login.Email);
        await user.Keys.TypeAsync("security@acme.test");
        await user.TabToAsync(login.Password);
        await user.Keys.TypeAsync(DemoPassword);
        await user.Keys.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/overview$"));
        await shell.WaitUntilInteractiveAsync();
        var overview = new OverviewPage(page);
        await Expect(overview.Score).ToBeVisibleAsync();

        // The switcher: Enter opens it with the search focused, ArrowDown moves to the first match, Space checks it,
        // Escape closes it and puts focus back on its button. Two accounts: acme-prod-web and acme-payments, not the own.
        await SwitchAsync(user, switcher, "acme-prod-web", AccountSwitcher.Label("acme-prod-web", ProdWebId), check: true);
        await SwitchAsync(user, switcher, "acme-security", AccountSwitcher.Label("acme-security", SecurityId, own: true), check: false);
        await SwitchAsync(user, switcher, "acme-payments", AccountSwitcher.Label("acme-payments", PaymentsId), check: true);
        await Expect(switcher.Button).ToHaveTextAsync("acme-prod-web +1");

        // The Overview follows the selection; its scores-by-account table has the two accounts.
        await Expect(overview.SelectedAccounts).ToHaveTextAsync("Selected accounts: acme-prod-web, acme-payments");
        await Expect(overview.AccountRows).ToHaveCountAsync(2);

        // The Panorama from the Overview's link, then a stage's link: each by Tab and Enter.
        await user.ActivateAsync(overview.PanoramaLink);
        await Expect(shell.MainHeading).ToHaveTextAsync("Data Disaster Recovery Panorama");
        var stage = page.GetByTestId("panorama-ecs-stage-1");
        await user.ActivateAsync(stage);
        await Expect(page).ToHaveURLAsync(new Regex("/(risk-detection|resource-center/ecs)\\?"));
        await shell.WaitUntilInteractiveAsync();

        // Resource Center › ECS from the navigation (before the main content: Shift+Tab from the page's heading).
        await user.ActivateAsync(shell.NavLink("ECS"), backwards: true);
        var ecs = new ResourceCenterPage(page, "ECS");
        await Expect(ecs.Heading).ToBeVisibleAsync();
        await Expect(ecs.Rows.First).ToBeVisibleAsync();

        // Sorting by keyboard: the Name column's sort button, Enter twice puts the last name first.
        var names = await ecs.Grid.Locator("button[data-resource-id]").AllTextContentsAsync();
        var lastName = names.Select(n => n.Trim()).Order(StringComparer.Ordinal).Last();
        await user.ActivateAsync(ecs.ColumnHeader("Name").GetByRole(AriaRole.Button, new() { Name = "Sort", Exact = true }));
        await user.Keys.PressAsync("Enter");
        await Expect(ecs.Rows.First.Locator("button[data-resource-id]")).ToHaveTextAsync(lastName);

        // A resource's name is a button: Enter opens its details with focus inside, Tab stays inside, Escape closes
        // them and focus is back on the name.
        var name = ecs.DetailsButton(lastName);
        await user.ActivateAsync(name);
        var details = page.GetByRole(AriaRole.Dialog, new() { Name = "Resource details" });
        await Expect(details.GetByLabel("Resource properties")).ToBeVisibleAsync();
        await Expect(details.GetByRole(AriaRole.Button, new() { Name = "Close details" })).ToBeFocusedAsync();
        await Accessibility.AssertAccessibleAsync(page);
        await Screens.SaveAtBothWidthsAsync(page, "keyboard-resource-details");
        for (var i = 0; i < 12; i++)
        {
            await user.Keys.PressAsync("Tab");
            Assert.True(await KeyboardUser.HasFocusWithinAsync(details), $"Tab left the open details for {await user.FocusedAsync()}.");
        }
        await user.Keys.PressAsync("Escape");
        await Expect(details).ToHaveCountAsync(0);
        await Expect(name).ToBeFocusedAsync();

        // Risk Detection: a row's "Exclude … from check", confirmed in its message box by keyboard.
        await user.ActivateAsync(shell.NavLink("Risk Detection"), backwards: true);
        var risks = new RiskDetectionPage(page);
        await Expect(risks.Heading).ToBeVisibleAsync();
        await Expect(risks.Rows.First).ToBeVisibleAsync();
        await Expect(risks.ExcludedResources).ToContainTextAsync(" excluded from checks");
        var excludedBefore = int.Parse(Regex.Match(await risks.ExcludedResources.InnerTextAsync(), @"(\d+) excluded from checks").Groups[1].Value);
        var exclude = risks.Grid.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Exclude .+ from check$") }).First;
        var excludeName = await exclude.GetAttributeAsync("aria-label");
        var resourceName = Regex.Match(excludeName!, "^Exclude (.+) from check$").Groups[1].Value;
        await user.ActivateAsync(exclude);
        var confirmation = page.GetByRole(AriaRole.Dialog, new() { Name = "Exclude from check" });
        await Expect(confirmation).ToBeVisibleAsync();
        Assert.True(await KeyboardUser.HasFocusWithinAsync(confirmation), $"The confirmation opened without focus; focus is on {await user.FocusedAsync()}.");
        await Accessibility.AssertAccessibleAsync(page);
        await Screens.SaveAtBothWidthsAsync(page, "keyboard-exclude-confirmation");
        await user.ActivateAsync(confirmation.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }));
        await Expect(confirmation).ToHaveCountAsync(0);
        await Expect(risks.ExcludeButton(resourceName)).ToHaveCountAsync(0);
        await Expect(risks.ExcludedResources).ToContainTextAsync($" {excludedBefore + 1} excluded from checks");
    });

    /// <summary>Opens the switcher by keyboard, searches, checks or unchecks the first match, and closes it with Escape.</summary>
    private static async Task SwitchAsync(KeyboardUser user, AccountSwitcher switcher, string search, string label, bool check)
    {
        await user.ActivateAsync(switcher.Button);
        await Expect(switcher.Panel).ToBeVisibleAsync();
        await Expect(switcher.Search).ToBeFocusedAsync();
        await user.Keys.TypeAsync(search);
        await Expect(switcher.Checkboxes).ToHaveCountAsync(1);
        await user.Keys.PressAsync("ArrowDown");
        var account = switcher.Account(label);
        await Expect(account).ToBeFocusedAsync();
        await user.Keys.PressAsync("Space");
        if (check)
            await Expect(account).ToBeCheckedAsync();
        else
            await Expect(account).Not.ToBeCheckedAsync();
        await user.Keys.PressAsync("Escape");
        await Expect(switcher.Panel).ToBeHiddenAsync();
        await Expect(switcher.Button).ToBeFocusedAsync();
    }
}

/// <summary>
/// Dialogs and the policy stepper without a mouse: a dialog takes focus on its first field and keeps it inside,
/// Escape closes it, and Create Resource Group and Create Protection Policy can be completed by keyboard.
/// </summary>
[Collection(KeyboardDialogsCollection.Name)]
public sealed class KeyboardDialogsTests(KeyboardDialogsFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Security_CreatesResourceGroupAndPolicy_ByKeyboardOnly() => RunAsync(async () =>
    {
        var page = await SignInAsAsync("security@acme.test");
        await page.SetViewportSizeAsync(1440, 900);
        var user = new KeyboardUser(page);
        var shell = new ConsoleShell(page);

        // Create Resource Group: the dialog opens with focus on its first field, Tab cycles inside it, Escape closes it.
        await user.ActivateAsync(shell.NavLink("Resource Group Management"));
        var groups = new ResourceGroupsPage(page);
        await Expect(groups.Heading).ToBeVisibleAsync();
        await user.ActivateAsync(groups.CreateButton);
        var editor = new ResourceGroupEditor(page);
        await Expect(editor.Name).ToBeFocusedAsync();
        for (var i = 0; i < 20; i++)
        {
            await user.Keys.PressAsync("Tab");
            Assert.True(await KeyboardUser.HasFocusWithinAsync(editor.Dialog), $"Tab left the dialog for {await user.FocusedAsync()}.");
        }
        await user.Keys.PressAsync("Escape");
        await Expect(editor.Dialog).ToHaveCountAsync(0);
        await Expect(groups.CreateButton).ToBeFocusedAsync();

        // Again, this time filled in: name, a tag condition, Detect Resources, OK.
        await user.Keys.PressAsync("Enter");
        await Expect(editor.Name).ToBeFocusedAsync();
        await user.Keys.TypeAsync("Keyboard group");
        await user.TabToAsync(editor.TagKey(1));
        await user.Keys.TypeAsync("important");
        await user.TabToAsync(editor.TagValue(1));
        await user.Keys.TypeAsync("true");
        await user.ActivateAsync(editor.DetectButton);
        await Expect(editor.DetectionResult).ToContainTextAsync("match");
        await Accessibility.AssertAccessibleAsync(page);
        await Screens.SaveAtBothWidthsAsync(page, "keyboard-create-resource-group");
        await user.ActivateAsync(editor.OkButton);
        await Expect(editor.Dialog).ToHaveCountAsync(0);
        await Expect(groups.Row("Keyboard group")).ToBeVisibleAsync();

        // Create Protection Policy through its four steps.
        await user.ActivateAsync(shell.NavLink("Protection Policy Center"), backwards: true);
        var policies = new ProtectionPoliciesPage(page);
        await Expect(policies.Heading).ToBeVisibleAsync();
        await user.ActivateAsync(policies.CreateLink);
        await Expect(policies.CurrentStep).ToHaveTextAsync("1. Basic information");
        await user.TabToAsync(policies.Name);
        await user.Keys.TypeAsync("Keyboard policy");
        await user.ActivateAsync(policies.Next);
        await Expect(policies.CurrentStep).ToHaveTextAsync("2. Resource groups");
        await user.TabToAsync(policies.Group("Keyboard group"));
        await Screens.SaveAtBothWidthsAsync(page, "keyboard-policy-group-focused");
        await user.Keys.PressAsync("Space");
        await Expect(policies.Group("Keyboard group")).ToBeCheckedAsync();
        await user.ActivateAsync(policies.Next);
        await Expect(policies.CurrentStep).ToHaveTextAsync("3. Sub-policies");
        // The sub-policy type list: opened with Enter, an option chosen with the arrows and Enter.
        var kind = policies.SubPolicy(1).GetByRole(AriaRole.Combobox, new() { Name = "Sub-policy type" });
        await user.ActivateAsync(kind);
        var option = page.GetByRole(AriaRole.Option, new() { Name = "OSS versioning", Exact = true });
        await Expect(option).ToBeVisibleAsync();
        for (var i = 0; i < 10 && !await IsActiveOptionAsync(option); i++)
            await user.Keys.PressAsync("ArrowDown");
        await user.Keys.PressAsync("Enter");
        await Expect(policies.SubPolicy(1)).ToHaveAttributeAsync("aria-label", "Sub-policy 1: OSS versioning");
        await Accessibility.AssertAccessibleAsync(page);
        await user.ActivateAsync(policies.Next);
        await Expect(policies.CurrentStep).ToHaveTextAsync("4. Impact preview");
        await Expect(policies.PreviewScore("now")).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);
        await user.ActivateAsync(policies.CreateAndApply);
        await Expect(page).ToHaveURLAsync(new Regex(@"/protection-policies/\d+$"));
        await Expect(policies.Coverage).Not.ToContainTextAsync("pending", new() { Timeout = 60_000 });
    });

    /// <summary>Whether a list option is the one the arrows have reached (MudBlazor marks it, and it has the focus or is aria-selected).</summary>
    private static Task<bool> IsActiveOptionAsync(ILocator option) =>
        option.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement) || e.classList.contains('mud-selected-item') || e.getAttribute('aria-selected') === 'true'");
}
