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
    int? ResourceGroupId = null)
{
    public bool IsEmpty => this == new RiskFilters();

    /// <summary>Reads the filters from the URL's values; values that name nothing known are ignored and listed by <paramref name="link"/>.</summary>
    public static RiskFilters FromLink(LinkValues link, string? severity, string? product, string? ruleId, string? search, string? groupId) => new(
        link.Choice<RiskSeverity>("severity", severity, "severity"),
        link.Choice<ProductType>("product", product, "product"),
        link.Known("rule", ruleId, id => CheckItems.Find(id) is not null, "check item"),
        link.Text("q", search, "Search"),
        link.Id("group", groupId, "resource group"));

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
    };
}
