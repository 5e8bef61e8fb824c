using BdrcConsole.Core.Domain.Resources;

namespace BdrcConsole.Components.Shared;

/// <summary>The four products of the Resource Center and their URL slugs.</summary>
public static class ResourceProducts
{
    public static IReadOnlyList<(ProductType Product, string Slug, string Title)> All { get; } =
    [
        (ProductType.Ecs, "ecs", "ECS"),
        (ProductType.Oss, "oss", "OSS"),
        (ProductType.Nas, "nas", "NAS"),
        (ProductType.Tablestore, "tablestore", "Tablestore"),
    ];

    public static (ProductType Product, string Slug, string Title)? FromSlug(string? slug) =>
        All.Cast<(ProductType, string, string)?>().FirstOrDefault(p => string.Equals(p!.Value.Item2, slug, StringComparison.OrdinalIgnoreCase));

    public static string TitleOf(ProductType product) => All.First(p => p.Product == product).Title;

    public static string SlugOf(ProductType product) => All.First(p => p.Product == product).Slug;
}
