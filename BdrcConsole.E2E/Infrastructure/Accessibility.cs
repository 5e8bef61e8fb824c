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
    public static async Task<IReadOnlyList<(string Rule, string Impact, IReadOnlyList<string> Targets, IReadOnlyList<string> Details)>> ScanAsync(IPage page)
    {
        // A snackbar or dialog fading in is measured mid-fade (text at 1:1): let finite animations and transitions end.
        // Indeterminate progress indicators loop forever and are left running.
        await page.EvaluateAsync(
            "() => Promise.all(document.getAnimations()" +
            ".filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)" +
            ".map(a => a.finished.catch(() => null)))");
        // A snackbar fades by a style change from the server, which may start after the wait above: wait until each one
        // is fully shown (opaque, WebRegistration) or gone, so its colours are measured as a user reads them.
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.mud-snackbar')].every(e => { " +
            "for (let n = e; n; n = n.parentElement) if (parseFloat(getComputedStyle(n).opacity) < 1) return false; return true; })");
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] },
            // WCAG 2.5.3 (Label in Name): axe ships this rule as experimental, so tags alone leave it out.
            Rules = new Dictionary<string, RuleOptions> { ["label-content-name-mismatch"] = new() { Enabled = true } },
            ResultTypes = [ResultType.Violations],
        });
        var found = new List<(string, string, IReadOnlyList<string>, IReadOnlyList<string>)>();
        foreach (var violation in result.Violations)
        {
            if (violation.Impact is not ("serious" or "critical"))
                continue;
            var nodes = violation.Nodes
                .Where(node => !KnownExceptions.Any(e => e.Rule == violation.Id && node.Target.ToString().Contains(e.TargetContains, StringComparison.Ordinal)))
                .ToList();
            if (nodes.Count > 0)
                found.Add((violation.Id, violation.Impact, nodes.Select(n => n.Target.ToString()).ToList(),
                    nodes.Select(n => $"{n.Target}: {Shorten(n.Html)} — {Shorten(string.Join("; ", (n.Any ?? []).Concat(n.All ?? []).Concat(n.None ?? []).Select(c => c.Message)))}").ToList()));
        }
        return found;
    }

    private static string Shorten(string? text)
    {
        var flat = (text ?? "").ReplaceLineEndings(" ");
        return flat.Length <= 240 ? flat : flat[..240] + "…";
    }

    /// <summary>Fails with the rule, impact and first five targets of each serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await ScanAsync(page);
        if (violations.Count == 0)
            return;
        var message = new StringBuilder($"axe found {violations.Count} serious or critical violation(s) on {page.Url}:");
        foreach (var (rule, impact, targets, details) in violations)
        {
            message.AppendLine().Append($"- {rule} ({impact}), {targets.Count} element(s), the first {Math.Min(5, targets.Count)}:");
            foreach (var detail in details.Take(5))
                message.AppendLine().Append("    ").Append(detail);
        }
        Assert.Fail(message.ToString());
    }
}
