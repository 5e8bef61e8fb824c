using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// Follows check outcomes day by day through a back-filled history, so that a risk that is still
/// failing keeps the day it started failing as its first-detected time (docs/rules.md §7), not the
/// time of the detection that stored it.
/// </summary>
internal sealed class RiskHistory
{
    private readonly Dictionary<(string ResourceId, string RuleId), DateTimeOffset> failingSince = [];

    /// <summary>Records one day's outcomes of a resource (days in order, oldest first) and returns them.</summary>
    public IReadOnlyList<CheckOutcome> Record(string resourceId, IReadOnlyList<CheckOutcome> outcomes, DateTimeOffset day)
    {
        foreach (var outcome in outcomes)
        {
            var key = (resourceId, outcome.Item.RuleId);
            if (outcome.Status == CheckStatus.Failed)
                failingSince.TryAdd(key, day);
            else
                failingSince.Remove(key);
        }
        return outcomes;
    }

    /// <summary>Moves the first-detected time of the stored risks that failed without a break since a day of the history back to that day.</summary>
    public async Task ApplyAsync(BdrcDbContext db, CancellationToken ct)
    {
        if (failingSince.Count == 0)
            return;
        var risks = await db.CheckResults.Where(c => c.Status == CheckStatus.Failed).ToListAsync(ct);
        foreach (var risk in risks)
        {
            if (failingSince.TryGetValue((risk.ResourceId, risk.RuleId), out var since) && since < risk.FirstDetectedAt)
                risk.FirstDetectedAt = since;
        }
    }
}
