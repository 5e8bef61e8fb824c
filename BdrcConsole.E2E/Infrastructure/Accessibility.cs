using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// The axe-core scan every journey runs on the pages it visits: WCAG 2.0–2.2 A/AA rules; a serious or critical
/// violation fails the journey. axe is injected with Playwright's evaluate (a CDP call), which the console's
/// content security policy does not govern, unlike a script tag.
/// </summary>
public static class Accessibility
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>
    /// The known exceptions, each with its reason: a violation of <c>Rule</c> whose target selector contains
    /// <c>TargetContains</c> is not counted. Nothing is disabled globally.
    /// </summary>
    public static readonly (string Rule, string TargetContains, string Reason)[] KnownExceptions =
    [
    ];

    /// <summary>The serious and critical violations on the page as it is now, known exceptions left out.</summary>
    public static async Task<IReadOnlyList<(string Rule, string Impact, IReadOnlyList<string> Targets)>> ScanAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] },
            ResultTypes = [ResultType.Violations],
        });
        var found = new List<(string, string, IReadOnlyList<string>)>();
        foreach (var violation in result.Violations)
        {
            if (violation.Impact is not ("serious" or "critical"))
                continue;
            var targets = violation.Nodes
                .Select(node => node.Target.ToString())
                .Where(target => !KnownExceptions.Any(e => e.Rule == violation.Id && target.Contains(e.TargetContains, StringComparison.Ordinal)))
                .ToList();
            if (targets.Count > 0)
                found.Add((violation.Id, violation.Impact, targets));
        }
        return found;
    }

    /// <summary>Fails with the rule, impact and first five targets of each serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await ScanAsync(page);
        if (violations.Count == 0)
            return;
        var message = new StringBuilder($"axe found {violations.Count} serious or critical violation(s) on {page.Url}:");
        foreach (var (rule, impact, targets) in violations)
        {
            message.AppendLine().Append($"- {rule} ({impact}), {targets.Count} element(s): ");
            message.Append(string.Join(" | ", targets.Take(5)));
        }
        Assert.Fail(message.ToString());
    }
}
