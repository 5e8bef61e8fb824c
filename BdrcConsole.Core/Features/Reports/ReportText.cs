using System.Globalization;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;

namespace BdrcConsole.Core.Features.Reports;

/// <summary>How the report words its values, the same in the HTML preview and the PDF (and as the Overview shows them).</summary>
public static class ReportText
{
    /// <summary>One decimal, or "—" when nothing is scored: the Overview's format.</summary>
    public static string Score(double? score) => score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>"★★★★☆", or "Not scored".</summary>
    public static string Stars(int? stars) => stars is { } s ? new string('★', s) + new string('☆', 5 - s) : "Not scored";

    public static string Percent(int part, int whole) => whole == 0 ? "—" : ((double)part / whole).ToString("0%", CultureInfo.InvariantCulture);

    public static string Product(ProductType product) => product switch
    {
        ProductType.Ecs => "ECS",
        ProductType.Oss => "OSS",
        ProductType.Nas => "NAS",
        _ => "Tablestore",
    };

    /// <summary>"30 resources · 2 excluded from checks", as every page words a tally.</summary>
    public static string Tally(ResourceTally tally) =>
        $"{Number(tally.Resources)} resource{(tally.Resources == 1 ? "" : "s")} · {Number(tally.ExcludedResources)} excluded from checks";

    public static string Status(CheckStatus? status) => status switch
    {
        CheckStatus.Passed => "Passed",
        CheckStatus.Failed => "Failed",
        CheckStatus.NotApplicable => "Not applicable",
        CheckStatus.CheckFailed => "Check failed",
        _ => "Not checked",
    };

    public static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
