using BdrcConsole.Core.Data;
using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Core.Domain.Scoring;

namespace BdrcConsole.Core.Features.Detection;

/// <summary>
/// What re-evaluating some resources changes in their accounts' stored aggregates: each resource's stored outcome
/// taken out and its new one put in, so that the rows are updated by their differences instead of re-read from every
/// resource of the account. Applied in the same transaction as the results; the rows then equal what
/// <see cref="ScoreAggregates.Summarize"/> and <see cref="ScoreAggregates.CountRisks"/> compute (tests compare them).
/// </summary>
internal sealed class AggregateDeltas
{
    private readonly Dictionary<(string AccountId, ProductType Product), AccountProductScore> scores = [];
    private readonly Dictionary<(string AccountId, string RuleId), (CheckItem Item, int Delta)> risks = [];

    /// <summary>Accounts and products whose rows a delta cannot describe (a resource never evaluated): refreshed from their resources instead.</summary>
    public HashSet<(string AccountId, ProductType Product)> ToRefresh { get; } = [];

    /// <summary>A resource's row changes from its stored outcome to the new one; excluded resources count only as excluded, which does not change.</summary>
    public void Resource(DetectedResource resource, double? score, int riskCount, bool checkFailed)
    {
        var facts = resource.Facts;
        if (!resource.Stored.Checked)
        {
            // Whether the stored rows count a resource never evaluated depends on when they were last refreshed.
            ToRefresh.Add((facts.AccountId, facts.Product));
            return;
        }
        if (resource.Excluded)
            return;
        if (!scores.TryGetValue((facts.AccountId, facts.Product), out var row))
            scores[(facts.AccountId, facts.Product)] = row = new AccountProductScore { AccountId = facts.AccountId, Product = facts.Product };
        var stored = resource.Stored;
        Count(row, stored.Score, stored.RiskCount, stored.HasCheckFailed, -1);
        Count(row, score, riskCount, checkFailed, +1);
    }

    /// <summary>One item of a resource starts (+1) or stops (-1) failing.</summary>
    public void Risk(DetectedResource resource, CheckItem item, int delta)
    {
        if (resource.Excluded || !resource.Stored.Checked)
            return;
        var key = (resource.Facts.AccountId, item.RuleId);
        risks[key] = (item, risks.GetValueOrDefault(key).Delta + delta);
    }

    private static void Count(AccountProductScore row, double? score, int riskCount, bool checkFailed, int by)
    {
        row.Risks += by * riskCount;
        row.RiskyResources += riskCount > 0 ? by : 0;
        row.CheckFailedResources += checkFailed ? by : 0;
        if (score is not { } value)
            return;
        row.ScoredResources += by;
        row.ScoreSum += by * value;
        row.CountInBand(value, by);
    }

    /// <summary>Adds the differences to the stored rows. A row that is missing cannot take a difference: its account and product are refreshed.</summary>
    public void Apply(BulkWriter writer)
    {
        foreach (var d in scores.Values)
        {
            if (d is { ScoredResources: 0, ScoreSum: 0, RiskyResources: 0, Risks: 0, CheckFailedResources: 0, ScoresUpTo60: 0, Scores61To69: 0, Scores70To79: 0,
                Scores80To94: 0, Scores95To100: 0 })
                continue;
            // Told its row count once it has run (queued with the other writes where the engine batches them).
            writer.Write("UPDATE \"AccountProductScores\" SET \"ScoredResources\" = \"ScoredResources\" + @scored, \"ScoreSum\" = \"ScoreSum\" + @sum, " +
                "\"RiskyResources\" = \"RiskyResources\" + @risky, \"Risks\" = \"Risks\" + @risks, \"CheckFailedResources\" = \"CheckFailedResources\" + @failed, " +
                "\"ScoresUpTo60\" = \"ScoresUpTo60\" + @b0, \"Scores61To69\" = \"Scores61To69\" + @b1, \"Scores70To79\" = \"Scores70To79\" + @b2, " +
                "\"Scores80To94\" = \"Scores80To94\" + @b3, \"Scores95To100\" = \"Scores95To100\" + @b4 WHERE \"AccountId\" = @account AND \"Product\" = @product",
                updated =>
                {
                    if (updated == 0)
                        ToRefresh.Add((d.AccountId, d.Product));
                },
                ("@scored", d.ScoredResources), ("@sum", d.ScoreSum), ("@risky", d.RiskyResources), ("@risks", d.Risks), ("@failed", d.CheckFailedResources),
                ("@b0", d.ScoresUpTo60), ("@b1", d.Scores61To69), ("@b2", d.Scores70To79), ("@b3", d.Scores80To94), ("@b4", d.Scores95To100),
                ("@account", d.AccountId), ("@product", writer.ProviderValue<AccountProductScore>(nameof(AccountProductScore.Product), d.Product)));
        }
        foreach (var ((accountId, ruleId), (item, delta)) in risks)
        {
            if (delta == 0)
                continue;
            writer.Write("INSERT INTO \"AccountRiskCounts\" (\"AccountId\", \"RuleId\", \"Product\", \"Severity\", \"Risks\") VALUES (@account, @rule, @product, @severity, @delta) " +
                "ON CONFLICT (\"AccountId\", \"RuleId\") DO UPDATE SET \"Risks\" = \"AccountRiskCounts\".\"Risks\" + excluded.\"Risks\"",
                ("@account", accountId), ("@rule", ruleId), ("@product", writer.ProviderValue<AccountRiskCount>(nameof(AccountRiskCount.Product), item.Product)),
                ("@severity", writer.ProviderValue<AccountRiskCount>(nameof(AccountRiskCount.Severity), item.Severity)), ("@delta", delta));
            // A fresh count has no row for an item without risks.
            if (delta < 0)
                writer.Write("DELETE FROM \"AccountRiskCounts\" WHERE \"AccountId\" = @account AND \"RuleId\" = @rule AND \"Risks\" <= 0", ("@account", accountId), ("@rule", ruleId));
        }
    }
}
