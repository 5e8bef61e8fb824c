using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Resources;

namespace BdrcConsole.Components.Pages.ResourceCenter;

/// <summary>The Resource Center filters, as kept in the page URL so a link reproduces the view.</summary>
public sealed record ResourceFilters(
    string? Search = null,
    string? RegionId = null,
    string? TagKey = null,
    string? TagValue = null,
    ProtectionStatus? Protection = null,
    Redundancy? Redundancy = null)
{
    public bool IsEmpty => this == new ResourceFilters();

    public ResourceQuery ToQuery(ProductType product, IReadOnlyList<string> accountIds) => new(product, accountIds)
    {
        Search = Search,
        RegionId = RegionId,
        TagKey = TagKey,
        TagValue = TagValue,
        Protection = Protection,
        Redundancy = Redundancy,
    };

    /// <summary>The query-string parameters of these filters (null values are left out of the URL).</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        ["q"] = Search,
        ["region"] = RegionId,
        ["tagKey"] = TagKey,
        ["tagValue"] = TagValue,
        ["protection"] = Protection?.ToString(),
        ["redundancy"] = Redundancy?.ToString(),
    };
}
