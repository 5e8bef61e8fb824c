using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Components.Shared;
using BdrcConsole.Core.Features.Resources;

namespace BdrcConsole.Components.Pages.ResourceCenter;

/// <summary>The Resource Center filters, as kept in the page URL so a link reproduces the view.</summary>
public sealed record ResourceFilters(
    string? Search = null,
    string? RegionId = null,
    string? TagKey = null,
    string? TagValue = null,
    ProtectionStatus? Protection = null,
    Redundancy? Redundancy = null,
    string? AccountId = null)
{
    public bool IsEmpty => this == new ResourceFilters();

    /// <summary>Reads the filters from the URL's values; values that name nothing known are ignored and listed by <paramref name="link"/>.</summary>
    public static ResourceFilters FromLink(LinkValues link, string? search, string? regionId, string? tagKey, string? tagValue, string? protection, string? redundancy, string? accountId = null)
    {
        var key = link.Text("tagKey", tagKey, "Tag key");
        return new(
            link.Text("q", search, "Search"),
            link.Known("region", regionId, id => Regions.Find(id) is not null, "region"),
            key,
            // A value without its key filters nothing a user could mean.
            key is null ? link.Known("tagValue", tagValue, _ => false, "tag value without a tag key") : link.Text("tagValue", tagValue, "Tag value"),
            link.Choice<ProtectionStatus>("protection", protection, "protection status"),
            link.Choice<Redundancy>("redundancy", redundancy, "redundancy"),
            link.AccountId("account", accountId));
    }

    /// <summary>
    /// The accounts the grid covers: the one account of the filter when it is among the selected accounts (a
    /// Panorama stage links to its own account's resources), else all the selected accounts.
    /// </summary>
    public IReadOnlyList<string> AccountsOf(IReadOnlyList<string> selected) => LinkValues.Narrow(AccountId, selected);

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
        ["account"] = AccountId,
    };
}
