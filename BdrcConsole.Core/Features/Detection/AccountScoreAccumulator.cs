using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// Builds the stored aggregates of whole accounts from the outcomes detection has just evaluated, so a
/// full detection does not read every resource and risk back to count them. It must agree with
/// <see cref="ScoreAggregates.Summarize"/> and <see cref="ScoreAggregates.CountRisks"/>, which compute
/// the same rows in SQL (tests compare the two after detections, exclusions and conversions).
/// </summary>
internal sealed class AccountScoreAccumulator
{
    private readonly Dictionary<(string AccountId, ProductType Product), AccountProductScore> scores = [];
    private readonly Dictionary<(string AccountId, string RuleId), AccountRiskCount> risks = [];

    public IEnumerable<AccountProductScore> Scores => scores.Values;
    public IEnumerable<AccountRiskCount> Risks => risks.Values;

    /// <summary>Whether two rows of the same account and product hold the same numbers (so the stored one can stay).</summary>
    public static bool Unchanged(AccountProductScore stored, AccountProductScore current) =>
        (stored.Resources, stored.ExcludedResources, stored.ScoredResources, stored.ScoreSum, stored.RiskyResources, stored.Risks, stored.CheckFailedResources,
            stored.ScoresUpTo60, stored.Scores61To69, stored.Scores70To79, stored.Scores80To94, stored.Scores95To100)
        == (current.Resources, current.ExcludedResources, current.ScoredResources, current.ScoreSum, current.RiskyResources, current.Risks, current.CheckFailedResources,
            current.ScoresUpTo60, current.Scores61To69, current.Scores70To79, current.Scores80To94, current.Scores95To100);

    public void Add(DetectedResource resource, IReadOnlyList<CheckOutcome> outcomes, double? score)
    {
        var facts = resource.Facts;
        if (!scores.TryGetValue((facts.AccountId, facts.Product), out var row))
            scores[(facts.AccountId, facts.Product)] = row = new AccountProductScore { AccountId = facts.AccountId, Product = facts.Product };
        if (resource.Excluded)
        {
            row.ExcludedResources++;
            return;
        }

        row.Resources++;
        var failed = 0;
        foreach (var outcome in outcomes)
        {
            if (outcome.Status != CheckStatus.Failed)
                continue;
            failed++;
            var key = (facts.AccountId, outcome.Item.RuleId);
            if (!risks.TryGetValue(key, out var count))
                risks[key] = count = new AccountRiskCount { AccountId = facts.AccountId, RuleId = outcome.Item.RuleId, Product = outcome.Item.Product, Severity = outcome.Item.Severity };
            count.Risks++;
        }
        row.Risks += failed;
        if (failed > 0)
            row.RiskyResources++;
        if (outcomes.Any(o => o.Status == CheckStatus.CheckFailed))
            row.CheckFailedResources++;
        if (score is not { } value)
            return;

        row.ScoredResources++;
        row.ScoreSum += value;
        row.CountInBand(value);
    }
}

/// <summary>A stable fingerprint of a resource's non-passed items, stored to skip re-reading unchanged check results.</summary>
internal static class OutcomeHash
{
    public static long Of(IReadOnlyList<CheckOutcome> outcomes)
    {
        // FNV-1a over "rule status reason" of each non-passed item: the same on every run and process.
        var hash = 14695981039346656037UL;
        void Mix(string? text)
        {
            foreach (var c in text ?? "")
                hash = (hash ^ c) * 1099511628211UL;
            hash = (hash ^ 0xFFFF) * 1099511628211UL;
        }
        foreach (var outcome in outcomes)
        {
            if (outcome.Status == CheckStatus.Passed)
                continue;
            Mix(outcome.Item.RuleId);
            // The status's number in decimal, as its invariant ToString() (every status is one digit), without a string per item.
            hash = (hash ^ (uint)('0' + (int)outcome.Status)) * 1099511628211UL;
            hash = (hash ^ 0xFFFF) * 1099511628211UL;
            Mix(outcome.Reason);
        }
        return unchecked((long)hash);
    }
}
