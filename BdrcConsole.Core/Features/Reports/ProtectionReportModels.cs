using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Features.Overview;
using BdrcConsole.Core.Features.Resources;
using BdrcConsole.Core.Features.RiskDetection;

namespace BdrcConsole.Core.Features.Reports;

/// <summary>The report's filters, as on the Overview: accounts, and optionally one of the actor's own resource groups.</summary>
public sealed record ProtectionReportRequest(IReadOnlyList<string> AccountIds, int? ResourceGroupId = null);

/// <summary>
/// The data protection report (DESIGN.md §8), one model for the HTML preview and the PDF. Every number comes from the
/// Core queries the pages use: <see cref="Dashboard"/> is the Overview's, <see cref="Risks"/> and <see cref="TopRisks"/>
/// Risk Detection's, <see cref="HighAvailability"/> the High Availability page's, for the same filters.
/// </summary>
/// <remarks>
/// Protection policy coverage (DESIGN.md §8) is the one section not in the model yet: it is added after
/// <see cref="HighAvailability"/> once the Protection Policy Center lands (see <c>ProtectionReportPdf.PolicyCoverageSection</c>).
/// </remarks>
public sealed record ProtectionReport(
    ReportCover Cover,
    OverviewDashboard Dashboard,
    RiskCounts Risks,
    IReadOnlyList<RiskRow> TopRisks,
    IReadOnlyList<RedundancySummary> HighAvailability,
    ReportExclusions Exclusions,
    ReportAppendix Appendix,
    /// <summary>
    /// The generating account's own protection policies that reach the selected accounts, their coverage counted over
    /// those accounts (the policy list counts every account; the group filter does not narrow it, as for high availability).
    /// </summary>
    IReadOnlyList<Policies.PolicyRow> PolicyCoverage)
{
    public const string Title = "Data Protection Report";
    /// <summary>How many risks the report lists, most severe first.</summary>
    public const int TopRiskCount = 20;
}

/// <summary>
/// Who generated the report, when and for what: the accounts (in selection order), the resource group, the time in the
/// server's time zone.
/// </summary>
public sealed record ReportCover(
    IReadOnlyList<ReportAccount> Accounts,
    ReportGroup? ResourceGroup,
    DateTimeOffset GeneratedAt,
    string TimeZone,
    string GeneratedBy,
    ReportAccount GeneratedFor)
{
    /// <summary>"2026-12-01 16:30:05 +00:00 (UTC)".</summary>
    public string GeneratedAtText => $"{GeneratedAt:yyyy-MM-dd HH:mm:ss zzz} ({TimeZone})";

    /// <summary>"acme-security, acme-prod-web" or, beyond five, "acme-security, … and 994 more accounts".</summary>
    public string AccountsText => Accounts.Count <= 5
        ? string.Join(", ", Accounts.Select(a => a.Name))
        : $"{string.Join(", ", Accounts.Take(5).Select(a => a.Name))} and {Accounts.Count - 5} more accounts";

    public string ResourceGroupText => ResourceGroup?.Name ?? "All resources";
}

public sealed record ReportAccount(string Id, string Name);

public sealed record ReportGroup(int Id, string Name);

/// <summary>
/// What is excluded from checks in scope: the resources excluded one by one (the first <see cref="ProtectionReportService.ExcludedResourcesListed"/>
/// by name, <see cref="TotalResources"/> in all) and the products excluded as a whole.
/// </summary>
public sealed record ReportExclusions(IReadOnlyList<ExcludedResourceRow> Resources, int TotalResources, IReadOnlyList<ExcludedProductRow> Products);

/// <summary>One resource of the appendix with every check item's result.</summary>
public sealed record ReportResourceRow(
    string ResourceId,
    string Name,
    ProductType Product,
    string AccountName,
    string RegionId,
    double? Score,
    int? Stars,
    bool Excluded,
    IReadOnlyList<CheckItemResult> Items);

/// <summary>
/// The resources in scope with their check results, by account (in selection order), product and name. Beyond
/// <see cref="Limit"/> (<c>Bdrc:ReportAppendixLimit</c>) rows are not listed but counted in <see cref="NotListed"/>.
/// </summary>
public sealed record ReportAppendix(IReadOnlyList<ReportResourceRow> Resources, int TotalResources, int Limit)
{
    public int NotListed => TotalResources - Resources.Count;
}

/// <summary>A generated PDF: its bytes and the file name to save it under.</summary>
public sealed record ProtectionReportFile(string FileName, byte[] Content)
{
    public const string ContentType = "application/pdf";
}
