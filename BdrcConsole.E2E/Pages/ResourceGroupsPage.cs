using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>Resource Center › Resource Group Management and its Create Resource Group dialog.</summary>
public sealed class ResourceGroupsPage(IPage page)
{
    public const string Path = "/resource-center/resource-groups";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Resource Group Management", Level = 1 });
    public ILocator CreateButton => page.GetByRole(AriaRole.Button, new() { Name = "Create Resource Group" });
    public ILocator Groups => page.GetByLabel("Resource groups", new() { Exact = true });

    /// <summary>The row whose Name cell is exactly <paramref name="groupName"/>.</summary>
    public ILocator Row(string groupName) =>
        Groups.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = groupName, Exact = true }) });

    public async Task GotoAsync() => await new ConsoleShell(page).GotoAsync(Path);

    public async Task<ResourceGroupEditor> OpenCreateAsync()
    {
        await CreateButton.ClickAsync();
        var editor = new ResourceGroupEditor(page);
        await Expect(editor.Dialog).ToBeVisibleAsync();
        return editor;
    }
}

/// <summary>The Create/Edit Resource Group dialog: name, tag conditions, Detect Resources, OK.</summary>
public sealed class ResourceGroupEditor(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);
    public ILocator Name => Dialog.GetByRole(AriaRole.Textbox, new() { Name = "Resource group name" });
    public ILocator Description => Dialog.GetByRole(AriaRole.Textbox, new() { Name = "Description" });
    public ILocator TagKey(int number) => Dialog.GetByRole(AriaRole.Textbox, new() { Name = $"Tag key {number}", Exact = true });
    public ILocator TagValue(int number) => Dialog.GetByRole(AriaRole.Textbox, new() { Name = $"Tag value {number}", Exact = true });
    public ILocator DetectButton => Dialog.GetByRole(AriaRole.Button, new() { Name = "Detect Resources" });
    /// <summary>"&lt;N&gt; accounts and &lt;M&gt; resources match." with a chip per account.</summary>
    public ILocator DetectionResult => Dialog.GetByRole(AriaRole.Status).And(page.GetByTestId("detection-result"));
    public ILocator OkButton => Dialog.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true });

    /// <summary>Fills condition <paramref name="number"/> with operator Equal (the default).</summary>
    public async Task SetEqualConditionAsync(int number, string key, string value)
    {
        await TagKey(number).FillAsync(key);
        await TagValue(number).FillAsync(value);
    }

    public async Task SaveAsync()
    {
        await OkButton.ClickAsync();
        await Expect(Dialog).ToBeHiddenAsync();
    }
}
