using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Components.Shared;
using BdrcConsole.Core.Features.RiskDetection;

namespace BdrcConsole.Components.Pages.RiskDetection;

/// <summary>The Risk Detection filters, as kept in the page URL so a link reproduces the view.</summary>
public sealed record RiskFilters(
    RiskSeverity? Severity = null,
    ProductType? Product = null,
    string? RuleId = null,
    string? Search = null,
    int? ResourceGroupId = null,
    string? AccountId = null)
{
    public bool IsEmpty => this == new RiskFilters();

    /// <summary>Reads the filters from the URL's values; values that name nothing known are ignored and listed by <paramref name="link"/>.</summary>
    public static RiskFilters FromLink(LinkValues link, string? severity, string? product, string? ruleId, string? search, string? groupId, string? accountId = null) => new(
        link.Choice<RiskSeverity>("severity", severity, "severity"),
        link.Choice<ProductType>("product", product, "product"),
        link.Known("rule", ruleId, id => CheckItems.Find(id) is not null, "check item"),
        link.Text("q", search, "Search"),
        link.Id("group", groupId, "resource group"),
        link.AccountId("account", accountId));

    /// <summary>
    /// The accounts the list covers: the one account of the filter when it is among the selected accounts (a
    /// Panorama stage links to its own account's risks), else all the selected accounts.
    /// </summary>
    public IReadOnlyList<string> AccountsOf(IReadOnlyList<string> selected) => LinkValues.Narrow(AccountId, selected);

    public RiskQuery ToQuery(IReadOnlyList<string> accountIds) => new(accountIds)
    {
        Severity = Severity,
        Product = Product,
        RuleId = RuleId,
        Search = Search,
        ResourceGroupId = ResourceGroupId,
    };

    /// <summary>The query-string parameters of these filters (null values are left out of the URL).</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        ["severity"] = Severity?.ToString(),
        ["product"] = Product?.ToString(),
        ["rule"] = RuleId,
        ["q"] = Search,
        ["group"] = ResourceGroupId,
        ["account"] = AccountId,
    };
}
