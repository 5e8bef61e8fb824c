using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BdrcConsole.E2E.Pages;

/// <summary>Resource Center › ECS, OSS, NAS or Tablestore: the filters, the resource grid and its actions.</summary>
public sealed class ResourceCenterPage(IPage page, string product)
{
    private readonly MessageBox messageBox = new(page);

    /// <summary>/resource-center/ecs, /resource-center/oss, ...</summary>
    public string Path => $"/resource-center/{product.ToLowerInvariant()}";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = $"Resource Center: {product}", Level = 1 });
    public ILocator Grid => page.GetByLabel($"{product} resources", new() { Exact = true });
    /// <summary>The chips "&lt;account&gt;: &lt;count&gt;" shown when several accounts are selected.</summary>
    public ILocator CountsPerAccount => page.GetByLabel("Resources per account", new() { Exact = true });
    public ILocator Search => page.GetByRole(AriaRole.Textbox, new() { Name = "Search name or ID" });
    /// <summary>A column header such as "Account" (only with several accounts selected); sortable headers add their buttons' names.</summary>
    public ILocator ColumnHeader(string name) =>
        Grid.GetByRole(AriaRole.Columnheader, new() { NameRegex = new Regex($"^{Regex.Escape(name)}( |$)") });

    /// <summary>The grid's data rows (those with a resource's details button).</summary>
    public ILocator Rows => Grid.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" details$") }) });

    /// <summary>The row of one resource, found by its name.</summary>
    public ILocator Row(string resourceName) =>
        Grid.GetByRole(AriaRole.Row).Filter(new() { Has = DetailsButton(resourceName) });

    /// <summary>The resource name: a link-styled button, named "&lt;name&gt; details", that opens the details panel.</summary>
    public ILocator DetailsButton(string resourceName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"{resourceName} details", Exact = true });

    /// <summary>Grid cells whose whole text is <paramref name="text"/>, such as the Account column's "acme-prod-web".</summary>
    public ILocator Cells(string text) => Grid.GetByRole(AriaRole.Cell, new() { Name = text, Exact = true });

    public ILocator ConvertButton(string bucketName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Convert to ZRS: {bucketName}", Exact = true });

    public ILocator DetailsDrawer => page.GetByLabel("Resource details", new() { Exact = true });

    public async Task CloseDetailsAsync()
    {
        await DetailsDrawer.GetByRole(AriaRole.Button, new() { Name = "Close details" }).ClickAsync();
        await Expect(DetailsDrawer.GetByLabel("Resource properties")).ToBeHiddenAsync();
    }

    public async Task GotoAsync(string query = "") => await new ConsoleShell(page).GotoAsync(Path + query);

    /// <summary>Types into "Search name or ID" and waits until the filter is in the URL.</summary>
    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Expect(page).ToHaveURLAsync(new Regex($"[?&]q={Regex.Escape(Uri.EscapeDataString(text))}(&|$)"));
    }

    /// <summary>Convert to zone-redundant storage › OK in the confirmation.</summary>
    public async Task ConvertToZrsAsync(string bucketName)
    {
        await ConvertButton(bucketName).ClickAsync();
        await messageBox.ConfirmAsync();
    }
}
