using BdrcConsole.Core.Domain.Scoring;
using BdrcConsole.Core.Features.Detection;

namespace BdrcConsole.Tests.Core.Detection;

/// <summary>
/// The fingerprint of a resource's non-passed items is stored with it and compared by every later detection: the same
/// items must give the same number in every version, or each upgrade would rewrite every resource's items.
/// </summary>
public class OutcomeHashTests
{
    /// <summary>The fingerprint as first written: FNV-1a over the rule, the status's invariant text and the reason of each non-passed item.</summary>
    private static long AsFirstWritten(IReadOnlyList<CheckOutcome> outcomes)
    {
        var hash = 14695981039346656037UL;
        void Mix(string? text)
        {
            foreach (var c in text ?? "")
                hash = (hash ^ c) * 1099511628211UL;
            hash = (hash ^ 0xFFFF) * 1099511628211UL;
        }
        foreach (var outcome in outcomes.Where(o => o.Status != CheckStatus.Passed))
        {
            Mix(outcome.Item.RuleId);
            Mix(((int)outcome.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Mix(outcome.Reason);
        }
        return unchecked((long)hash);
    }

    public static TheoryData<CheckStatus> Statuses() => new(Enum.GetValues<CheckStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Of_EveryStatusOfEveryItem_IsTheFingerprintAsFirstWritten(CheckStatus status)
    {
        foreach (var product in CheckItems.All.GroupBy(i => i.Product))
        {
            var outcomes = product.Select((item, i) => new CheckOutcome(item, i % 2 == 0 ? status : CheckStatus.Failed, i % 3 == 0 ? null : $"reason {i} ä")).ToList();

            Assert.Equal(AsFirstWritten(outcomes), OutcomeHash.Of(outcomes));
        }
        // A known value, so that a change to both computations above cannot pass unnoticed.
        Assert.Equal(unchecked((long)14695981039346656037UL), OutcomeHash.Of([new CheckOutcome(CheckItems.OssBackup, CheckStatus.Passed)]));
    }
}
